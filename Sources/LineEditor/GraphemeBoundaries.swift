/// Where the characters a person sees (Swift `Character`s, extended grapheme clusters) begin and
/// end in libedit's line, which holds code points: `e` + U+0301 is two code points and one
/// character, a ZWJ family (👨‍👩‍👧) five code points and one character.
///
/// Offsets are code-point offsets into the line, as libedit counts its cursor.
enum GraphemeBoundaries {
    /// The code-point offsets at which characters start, and the end of the line.
    static func offsets(in line: [Unicode.Scalar]) -> [Int] {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: line)
        var offsets = [0]
        var total = 0
        for character in String(text) {
            total += character.unicodeScalars.count
            offsets.append(total)
        }
        return offsets
    }

    /// The start of the character before `cursor`; nil at the start of the line.
    static func previous(in line: [Unicode.Scalar], from cursor: Int) -> Int? {
        offsets(in: line).last { $0 < cursor }
    }

    /// The end of the character at `cursor` (where the next one starts); nil at the end of the line.
    static func next(in line: [Unicode.Scalar], from cursor: Int) -> Int? {
        offsets(in: line).first { $0 > cursor }
    }
}
