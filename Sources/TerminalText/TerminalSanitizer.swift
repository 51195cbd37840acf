/// Makes text from a model or a server safe to write to a terminal: what comes out is printable
/// text, `\n` and `\t`, and nothing the terminal would act on.
///
/// Feed it each delta of a stream and write what it returns; a sequence split across deltas is
/// followed through the state kept between feeds, so the pieces give exactly what the whole would.
/// For a whole string, `TerminalSanitizer.clean(_:)`.
///
/// What is removed, never shown:
/// - whole escape sequences: CSI (`ESC [` … final byte), OSC (`ESC ]` … BEL or ST), DCS, SOS, PM
///   and APC (`ESC P`, `ESC X`, `ESC ^`, `ESC _` … ST), and the other `ESC` sequences (`ESC 7`,
///   `ESC c`, `ESC ( B`…); the C1 introducers U+009B, U+009D, U+0090, U+0098, U+009E and U+009F
///   start the same sequences as their `ESC` forms;
/// - every other C0 control (U+0000–U+001F but `\n` and `\t`), DEL and the C1 controls
///   U+0080–U+009F;
/// - a `\r` not followed by `\n`, which would move the cursor back over what is shown; `\r\n` becomes
///   `\n`, also when the `\r` ends one delta and the `\n` begins the next.
///
/// Limits:
/// - A sequence that never ends is followed for at most `sequenceLimit` bytes; after that the
///   sanitizer gives up on it and shows what follows as text (the terminal never saw its
///   introducer, so that text is inert). An unended OSC therefore hides at most that much text.
/// - Nothing is held back: a feed returns everything shown so far. A `\r` at the end of a delta is
///   not shown until the next delta tells whether `\n` follows (then it becomes that `\n`).
/// - Only terminal controls are removed. Unicode format characters (bidirectional overrides,
///   zero-width joiners) and characters a terminal draws at an odd width pass through.
/// - It reads Swift strings, always valid UTF-8, so a lone byte 0x9B (8-bit CSI) cannot occur; the
///   C1 controls arrive as their two-byte UTF-8 encoding (0xC2 0x80–0x9F), and that is what it reads.
///
/// Cost: a delta with no byte below 0x20 but `\n` and `\t`, no DEL and no C1 control comes back as
/// it is, after one pass over its bytes.
public struct TerminalSanitizer: Sendable {
    /// How many bytes of one unended sequence are dropped before the sanitizer gives up on it.
    public static let sequenceLimit = 4096

    private enum State: Sendable {
        /// Text.
        case ground
        /// A `\r` was seen last; a `\n` next makes it a line break, anything else drops it.
        case carriageReturn
        /// After `ESC`.
        case escape
        /// After `ESC` and intermediate bytes (0x20–0x2F), until a final byte.
        case escapeIntermediate
        /// A CSI sequence, until its final byte (0x40–0x7E).
        case controlSequence
        /// An OSC, DCS, SOS, PM or APC string, until ST (or BEL, for OSC).
        case controlString(bellEnds: Bool)
        /// `ESC` inside a control string: `\` makes it ST, anything else starts a new sequence.
        case controlStringEscape(bellEnds: Bool)
    }

    private var state = State.ground
    /// Bytes dropped since the current sequence began.
    private var sequenceLength = 0

    public init() {}

    /// A whole string, made safe to show.
    public static func clean(_ text: String) -> String {
        var sanitizer = TerminalSanitizer()
        return sanitizer.feed(text)
    }

    /// Whether `text` would come back unchanged from a new sanitizer.
    public static func isClean(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(isPlain)
    }

    /// Takes the next delta and returns the text to show now.
    public mutating func feed(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            if case .ground = state, Self.isPlain(bytes) { return nil }
            return sanitize(bytes)
        } ?? text
    }

    /// Ends the stream: a pending `\r` and an unended sequence are dropped, and the next feed starts
    /// afresh.
    public mutating func finish() {
        state = .ground
        sequenceLength = 0
    }

    /// No byte that needs the slow path: C0 but `\n` and `\t`, DEL, or a C1 control (0xC2 0x80–0x9F).
    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 {
                if byte != 0x0A && byte != 0x09 { return false }
            } else if byte == 0x7F {
                return false
            } else if byte == 0xC2, index + 1 < count, bytes[index + 1] < 0xA0 {
                return false
            }
            index += 1
        }
        return true
    }

    private mutating func sanitize(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            // A C1 control is two bytes in UTF-8; `c1` is its code (0x80–0x9F), or nil.
            let c1: UInt8? = byte == 0xC2 && index + 1 < count && bytes[index + 1] < 0xA0 ? bytes[index + 1] : nil
            let width = c1 == nil ? 1 : 2
            switch state {
            case .ground:
                if let c1 {
                    enterSequence(forC1: c1)
                } else if byte >= 0x20 && byte != 0x7F || byte == 0x0A || byte == 0x09 {
                    // Copy the run of plain bytes at once.
                    var end = index + 1
                    while end < count {
                        let next = bytes[end]
                        if next < 0x20 && next != 0x0A && next != 0x09 || next == 0x7F
                            || next == 0xC2 && end + 1 < count && bytes[end + 1] < 0xA0
                        { break }
                        end += 1
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                    continue
                } else if byte == 0x0D {
                    state = .carriageReturn
                } else if byte == 0x1B {
                    begin(.escape)
                }  // any other C0 control, and DEL, is dropped
            case .carriageReturn:
                state = .ground
                if byte == 0x0A {
                    out.append(0x0A)
                } else {
                    continue  // the `\r` is dropped; this byte is read as text
                }
            case .escape:
                if byte == 0x1B {
                    begin(.escape)  // the first ESC is dropped; a new sequence begins
                } else if c1 != nil || byte < 0x20 || byte >= 0x7F {
                    state = .ground
                    continue  // not a sequence after all: read the byte as text
                } else {
                    sequenceLength += 1
                    switch byte {
                    case UInt8(ascii: "["): state = .controlSequence
                    case UInt8(ascii: "]"): state = .controlString(bellEnds: true)
                    case UInt8(ascii: "P"), UInt8(ascii: "X"), UInt8(ascii: "^"), UInt8(ascii: "_"):
                        state = .controlString(bellEnds: false)
                    case 0x20...0x2F: state = .escapeIntermediate
                    default: state = .ground  // a single-character sequence: ESC 7, ESC c, ESC M…
                    }
                }
            case .escapeIntermediate, .controlSequence:
                let isIntermediate = if case .escapeIntermediate = state { true } else { false }
                if byte == 0x1B {
                    begin(.escape)
                } else if c1 != nil || byte < 0x20 || byte >= 0x7F {
                    state = .ground
                    continue  // a control or non-ASCII byte cannot be part of it: read it as text
                } else if sequenceLength >= Self.sequenceLimit {
                    state = .ground
                    continue
                } else {
                    sequenceLength += 1
                    let continues = isIntermediate ? byte <= 0x2F : byte <= 0x3F
                    if !continues { state = .ground }  // its final byte
                }
            case .controlString(let bellEnds):
                if c1 == 0x9C || byte == 0x07 && bellEnds || byte == 0x18 || byte == 0x1A {
                    state = .ground  // ST, BEL for OSC, or CAN and SUB, which cancel it
                } else if byte == 0x1B {
                    state = .controlStringEscape(bellEnds: bellEnds)
                } else if sequenceLength >= Self.sequenceLimit && byte & 0xC0 != 0x80 {
                    state = .ground  // given up on, at a character boundary
                    continue
                } else {
                    sequenceLength += width
                }
            case .controlStringEscape:
                if byte == UInt8(ascii: "\\") {
                    state = .ground
                } else {
                    begin(.escape)  // the string ends; this byte follows a fresh ESC
                    continue
                }
            }
            index += width
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func begin(_ newState: State) {
        state = newState
        sequenceLength = 1
    }

    /// The sequence a C1 control starts, as its `ESC` form would; other C1 controls are only dropped.
    private mutating func enterSequence(forC1 code: UInt8) {
        switch code {
        case 0x9B: begin(.controlSequence)
        case 0x9D: begin(.controlString(bellEnds: true))
        case 0x90, 0x98, 0x9E, 0x9F: begin(.controlString(bellEnds: false))
        default: break
        }
    }
}
