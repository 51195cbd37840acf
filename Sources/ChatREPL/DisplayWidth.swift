/// How many terminal columns text takes: two for East Asian wide and emoji characters, none for
/// combining marks and zero-width joiners, one for the rest.
enum DisplayWidth {
    static func of(_ character: Character) -> Int {
        // Most of an answer is ASCII: skip the Unicode property lookups (a fifth of the chat's time
        // rendering a long answer went to them). Printable ASCII takes one column, controls none.
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii != 0x7F ? 1 : 0 }
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
        if isWide(first) { return 2 }
        if isZeroWidth(first) { return 0 }
        return 1
    }

    static func of(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// Characters after which a line may break with no space: ideographs, kana, hangul, fullwidth forms.
    static func isWide(_ character: Character) -> Bool {
        guard let first = character.unicodeScalars.first else { return false }
        return isWide(first)
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return true
        default: return false
        }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F,  // Hangul Jamo initials
            0x2E80...0x303E,  // CJK radicals, symbols and punctuation
            0x3041...0x33FF,  // kana, bopomofo, CJK compatibility
            0x3400...0x4DBF,  // CJK extension A
            0x4E00...0x9FFF,  // CJK unified ideographs
            0xA000...0xA4CF,  // Yi
            0xAC00...0xD7A3,  // Hangul syllables
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0xFE30...0xFE4F,  // CJK compatibility forms
            0xFF00...0xFF60,  // fullwidth forms
            0xFFE0...0xFFE6,
            0x1F300...0x1F64F,  // pictographs and emoticons
            0x1F900...0x1F9FF,
            0x20000...0x3FFFD:  // CJK extensions B and beyond
            return true
        default:
            return false
        }
    }
}
