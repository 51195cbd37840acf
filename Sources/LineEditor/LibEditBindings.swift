import CLibEdit

/// What the chat adds to libedit, set up once per session: the hooks (prompt, read-a-character),
/// this package's commands (`KeyBinding`'s names) and their default keys, then the user's `~/.editrc`.
enum LibEditBindings {
    static func install(on session: LibEditSession, history: OpaquePointer, mode: EditMode) {
        tk_el_set_client_data(session.editLine, Unmanaged.passUnretained(session).toOpaque())
        // The editor must be chosen before binding: choosing it rebuilds the key maps.
        tk_el_set_editor(session.editLine, mode.rawValue)
        tk_el_set_signal_handling(session.editLine, 1)
        tk_el_set_history(session.editLine, history)
        tk_el_set_prompt(session.editLine, { editLine in
            LibEditSession.session(editLine)?.promptText
        }, CChar(TerminalLayout.invisibleMarker.value))
        tk_el_set_read_char(session.editLine, { editLine, character in
            guard let session = LibEditSession.session(editLine), let character else { return -1 }
            return session.readCharacter(into: character)
        })
        tk_el_add_fn(session.editLine, KeyBinding.complete, "Complete the word before the cursor", { editLine, _ in
            LibEditSession.session(editLine)?.complete() ?? UInt8(CC_ERROR)
        })
        tk_el_add_fn(session.editLine, KeyBinding.paste, "Insert a bracketed paste", { editLine, _ in
            LibEditSession.session(editLine)?.insertPaste() ?? UInt8(CC_ERROR)
        })
        tk_el_add_fn(session.editLine, KeyBinding.interrupt, "Discard the line (Ctrl-C)", { editLine, _ in
            LibEditSession.session(editLine)?.interrupt() ?? UInt8(CC_EOF)
        })
        tk_el_add_fn(session.editLine, KeyBinding.previousCharacter, "Move back one character", { editLine, _ in
            LibEditSession.session(editLine)?.moveOneCharacter(forward: false) ?? UInt8(CC_ERROR)
        })
        tk_el_add_fn(session.editLine, KeyBinding.nextCharacter, "Move forward one character", { editLine, _ in
            LibEditSession.session(editLine)?.moveOneCharacter(forward: true) ?? UInt8(CC_ERROR)
        })
        tk_el_add_fn(session.editLine, KeyBinding.deletePreviousCharacter, "Delete the character before the cursor", { editLine, _ in
            LibEditSession.session(editLine)?.deleteOneCharacter(forward: false) ?? UInt8(CC_ERROR)
        })
        tk_el_add_fn(session.editLine, KeyBinding.deleteNextCharacter, "Delete the character under the cursor", { editLine, _ in
            LibEditSession.session(editLine)?.deleteOneCharacter(forward: true) ?? UInt8(CC_ERROR)
        })
        tk_el_add_fn(session.editLine, KeyBinding.deleteOrEndOfInput, "End of input on an empty line, else delete", { editLine, _ in
            LibEditSession.session(editLine)?.deleteOrEndOfInput() ?? UInt8(CC_EOF)
        })
        tk_el_add_fn(session.editLine, KeyBinding.insertLineBreak, "Insert a line break (Ctrl-J)", { editLine, _ in
            LibEditSession.session(editLine)?.insertLineBreak() ?? UInt8(CC_ERROR)
        })
        tk_el_add_fn(session.editLine, KeyBinding.editInEditor, "Edit the input in $OLLAMA_EDITOR, $VISUAL, $EDITOR or vi (Ctrl-G)", { editLine, _ in
            LibEditSession.session(editLine)?.requestEditor() ?? UInt8(CC_ERROR)
        })
        for binding in KeyBinding.defaults(for: mode) {
            tk_el_bind(session.editLine, binding.keys, binding.command, 0)
            if binding.alsoInViCommandMode {
                tk_el_bind(session.editLine, binding.keys, binding.command, 1)
            }
        }
        // The user's ~/.editrc (or $EDITRC) has the last word.
        el_source(session.editLine, nil)
    }
}
