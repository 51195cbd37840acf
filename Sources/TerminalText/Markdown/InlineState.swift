/// Where inline parsing of the current prose line stands: open emphasis and code spans, a run of
/// markers waiting for the character after it, a link being read.
struct InlineState: Sendable {
    struct Emphasis: Sendable {
        var mark: UInt8
        var count: Int
        /// Where its run starts in the line's text, to name it in a second pass.
        var offset: Int
    }

    struct MarkerRun: Sendable {
        var mark: UInt8
        var count: Int
        var offset: Int
        /// The byte before the run (a space at the line's start).
        var before: UInt8
    }

    /// `[text](url)` being read: the bytes so far; `url` once `](` has come.
    struct LinkCapture: Sendable {
        var text: [UInt8] = []
        var url: [UInt8]?
        var closedText = false
    }

    var emphasis: [Emphasis] = []
    /// Backticks of the open code span; 0 outside one.
    var codeTicks = 0
    var codeOffset = 0
    var run: MarkerRun?
    var escapePending = false
    var link: LinkCapture?
    var previous: UInt8 = 0x20
    /// Bytes of the line's text read so far.
    var offset = 0
    /// Openers that close nowhere on this line: written as text in the second pass.
    var literal: Set<Int> = []
    /// A style besides the line's own is on.
    var styled = false

    init(literal: Set<Int> = []) { self.literal = literal }
}
