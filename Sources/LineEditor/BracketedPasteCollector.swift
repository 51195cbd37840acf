/// Collects the bytes of a bracketed paste: everything after `ESC[200~` up to `ESC[201~`.
///
/// Terminals send line breaks in a paste as CR; the text is handed out with LF line breaks.
struct BracketedPasteCollector: Sendable {
    static let startMarker: [UInt8] = Array("\u{1B}[200~".utf8)
    static let endMarker: [UInt8] = Array("\u{1B}[201~".utf8)
    /// Terminal mode switches written around reading.
    static let enableSequence = "\u{1B}[?2004h"
    static let disableSequence = "\u{1B}[?2004l"

    private var bytes: [UInt8] = []
    /// Whether the end marker has arrived.
    private(set) var isComplete = false

    /// Adds one byte; returns `true` once the end marker is complete.
    @discardableResult
    mutating func append(_ byte: UInt8) -> Bool {
        guard !isComplete else { return true }
        bytes.append(byte)
        let marker = Self.endMarker
        if byte == marker[marker.count - 1], bytes.count >= marker.count,
            bytes[(bytes.count - marker.count)...].elementsEqual(marker)
        {
            bytes.removeLast(marker.count)
            isComplete = true
        }
        return isComplete
    }

    /// The pasted text so far, markers removed, invalid UTF-8 replaced, line breaks as LF.
    var text: String {
        Self.normalizingLineBreaks(String(decoding: bytes, as: UTF8.self))
    }

    /// Turns CR and CRLF line breaks into LF.
    static func normalizingLineBreaks(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                result.unicodeScalars.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
