/// One key binding given to libedit, in its notation (`^C`, raw escape sequences).
struct KeyBinding: Sendable, Equatable {
    var keys: String
    var command: String
    /// Also bind in vi's command map (libedit's "alternate" map).
    var alsoInViCommandMode = false

    /// Commands this package adds to libedit.
    static let complete = "tk-complete"
    static let paste = "tk-paste"
    static let interrupt = "tk-interrupt"
    /// Moving and deleting by whole characters (grapheme clusters), where libedit's own commands
    /// step by code point and could land inside `e` + U+0301 or a ZWJ emoji sequence.
    static let previousCharacter = "tk-prev-char"
    static let nextCharacter = "tk-next-char"
    static let deletePreviousCharacter = "tk-delete-prev-char"
    static let deleteNextCharacter = "tk-delete-next-char"
    /// Ctrl-D: end of input on an empty line, else delete the character under the cursor.
    static let deleteOrEndOfInput = "tk-delete-or-eof"
    /// Ctrl-J: a line break in the input, which Return then sends whole.
    static let insertLineBreak = "tk-insert-line-break"
    /// Ctrl-G: the input in an external editor.
    static let editInEditor = "tk-edit-in-editor"

    /// The bindings made on top of libedit's own emacs or vi maps.
    static func defaults(for mode: EditMode) -> [KeyBinding] {
        var bindings = [
            // The read hook turns Ctrl-C and a whole bracketed paste into these keys.
            KeyBinding(keys: "^C", command: interrupt, alsoInViCommandMode: true),
            KeyBinding(keys: "^^", command: paste, alsoInViCommandMode: true),
            KeyBinding(keys: "^L", command: "ed-clear-screen", alsoInViCommandMode: true),
            KeyBinding(keys: "^I", command: complete),
            KeyBinding(keys: "^R", command: "em-inc-search-prev"),
            KeyBinding(keys: "^?", command: deletePreviousCharacter),
            KeyBinding(keys: "^H", command: deletePreviousCharacter),
            // libedit's editing mode swaps the two at the terminal (INLCR and ICRNL): Return arrives
            // as ^J, which ends the line as before, and Ctrl-J as ^M. Keys typed while no prompt is
            // up, and the text `prefill` types, keep ^J ending a line.
            KeyBinding(keys: "^M", command: insertLineBreak),
            KeyBinding(keys: "^G", command: editInEditor, alsoInViCommandMode: true),
        ]
        guard mode == .emacs else {
            // Escape sequences stay out of vi's insert map: they would make ESC wait for more keys.
            return bindings
        }
        // readline's meanings, which libedit's emacs map lacks or binds differently.
        bindings += [
            KeyBinding(keys: "^W", command: "ed-delete-prev-word"),
            KeyBinding(keys: "^U", command: "vi-kill-line-prev"),
            KeyBinding(keys: "^B", command: previousCharacter),
            KeyBinding(keys: "^F", command: nextCharacter),
            KeyBinding(keys: "^D", command: deleteOrEndOfInput),
        ]
        let escape = "\u{1B}"
        let sequences: [(String, String)] = [
            ("[3~", deleteNextCharacter),
            ("[D", previousCharacter), ("OD", previousCharacter),
            ("[C", nextCharacter), ("OC", nextCharacter),
            ("[H", "ed-move-to-beg"), ("OH", "ed-move-to-beg"), ("[1~", "ed-move-to-beg"),
            ("[F", "ed-move-to-end"), ("OF", "ed-move-to-end"), ("[4~", "ed-move-to-end"),
            ("[1;5D", "ed-prev-word"), ("[1;5C", "em-next-word"),  // Ctrl-Left/Right
            ("[1;3D", "ed-prev-word"), ("[1;3C", "em-next-word"),  // Alt-Left/Right
        ]
        bindings += sequences.map { KeyBinding(keys: escape + $0.0, command: $0.1) }
        return bindings
    }
}
