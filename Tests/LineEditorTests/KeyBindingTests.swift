import Testing

@testable import LineEditor

@Suite("Key bindings")
struct KeyBindingTests {
    @Test("both modes get interrupt, paste, clear, completion and search")
    func common() {
        for mode in [EditMode.emacs, .vi] {
            let bindings = KeyBinding.defaults(for: mode)
            #expect(bindings.contains(KeyBinding(keys: "^C", command: KeyBinding.interrupt, alsoInViCommandMode: true)))
            #expect(bindings.contains(KeyBinding(keys: "^^", command: KeyBinding.paste, alsoInViCommandMode: true)))
            #expect(bindings.contains { $0.keys == "^I" && $0.command == KeyBinding.complete })
            #expect(bindings.contains { $0.keys == "^R" && $0.command == "em-inc-search-prev" })
            #expect(bindings.contains { $0.keys == "^L" && $0.command == "ed-clear-screen" })
        }
    }

    @Test("both modes get Ctrl-J (^M while editing) for a line break and Ctrl-G for the editor; ^J still ends the line")
    func lineBreakAndEditor() {
        for mode in [EditMode.emacs, .vi] {
            let bindings = KeyBinding.defaults(for: mode)
            #expect(bindings.contains(KeyBinding(keys: "^M", command: KeyBinding.insertLineBreak)))
            #expect(bindings.contains(KeyBinding(keys: "^G", command: KeyBinding.editInEditor, alsoInViCommandMode: true)))
            #expect(!bindings.contains { $0.keys == "^J" })
        }
    }

    @Test("vi binds no escape sequences, so ESC still leaves insert mode at once")
    func viHasNoSequences() {
        #expect(!KeyBinding.defaults(for: .vi).contains { $0.keys.hasPrefix("\u{1B}") })
        #expect(KeyBinding.defaults(for: .emacs).contains { $0.keys == "\u{1B}[3~" && $0.command == KeyBinding.deleteNextCharacter })
    }

    @Test("moving and deleting one character goes by grapheme cluster")
    func graphemeCommands() {
        let emacs = KeyBinding.defaults(for: .emacs)
        for (keys, command) in [
            ("\u{1B}[D", KeyBinding.previousCharacter), ("\u{1B}OD", KeyBinding.previousCharacter),
            ("\u{1B}[C", KeyBinding.nextCharacter), ("\u{1B}OC", KeyBinding.nextCharacter),
            ("^B", KeyBinding.previousCharacter), ("^F", KeyBinding.nextCharacter),
            ("^?", KeyBinding.deletePreviousCharacter), ("^H", KeyBinding.deletePreviousCharacter),
            ("^D", KeyBinding.deleteOrEndOfInput),
        ] {
            #expect(emacs.contains(KeyBinding(keys: keys, command: command)), "\(keys)")
        }
        let vi = KeyBinding.defaults(for: .vi)
        #expect(vi.contains(KeyBinding(keys: "^?", command: KeyBinding.deletePreviousCharacter)))
    }
}
