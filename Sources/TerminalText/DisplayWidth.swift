import TachikomaCore

/// How many terminal columns text takes, as `TextColumns` decides it (two for East Asian wide and
/// emoji characters, none for combining marks and zero-width joiners, one for the rest).
public enum DisplayWidth {
    @inline(__always)
    public static func of(_ character: Character) -> Int {
        TextColumns.width(of: character)
    }

    public static func of(_ text: some StringProtocol) -> Int {
        TextColumns.width(of: text)
    }

    /// Characters after which a line may break with no space: ideographs, kana, hangul, fullwidth forms.
    public static func isWide(_ character: Character) -> Bool {
        TextColumns.isWide(character)
    }
}
