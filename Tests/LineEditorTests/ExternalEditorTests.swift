import Foundation
import Testing

@testable import LineEditor

/// Ctrl-G's editor, run on a script that stands in for one.
@Suite struct ExternalEditorTests {
    @Test func choosesOllamaEditorThenVisualThenEditorThenVi() throws {
        func chosen(_ environment: [String: String]) throws -> [String] {
            try ExternalEditor.chosen(from: environment).get().command
        }
        #expect(try chosen(["OLLAMA_EDITOR": "nano", "VISUAL": "vim", "EDITOR": "ed"]) == ["nano"])
        #expect(try chosen(["VISUAL": "code --wait", "EDITOR": "ed"]) == ["code", "--wait"])
        #expect(try chosen(["OLLAMA_EDITOR": "  ", "EDITOR": "'my editor' -n"]) == ["my editor", "-n"])
        #expect(try chosen([:]) == ["vi"])
        guard case .failure(let failure) = ExternalEditor.chosen(from: ["VISUAL": "vim 'oops"]) else {
            Issue.record("an unclosed quote was taken")
            return
        }
        #expect(failure.message == "$VISUAL cannot be read as a command (a ' quote is not closed); fix it to edit the input")
    }

    /// A directory holding an editor script that notes what it was given (the file's mode and
    /// text) and then runs `action` on the file ("$1").
    func withScript(_ action: String, _ body: (TemporaryDirectory, ExternalEditor) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = directory.path + "/fake editor.sh"
        try """
            #!/bin/sh
            stat -c %a "$2" > "$(dirname "$0")/mode"
            cp "$2" "$(dirname "$0")/seen"
            [ "$1" = "--flag" ] || exit 9
            \(action)
            """.write(toFile: script, atomically: true, encoding: .utf8)
        // Run by `sh`, not executed itself: a file just written may still be open in a child another
        // test is starting ("text file busy").
        var editor = try ExternalEditor.chosen(from: ["VISUAL": "sh '\(script)' --flag"]).get()
        editor.directory = directory.path
        try body(directory, editor)
    }

    @Test func theEditorGetsAPrivateFileAndItsSavedTextComesBack() throws {
        try withScript("printf 'new text\\nsecond line\\n\\n' > \"$2\"") { directory, editor in
            #expect(editor.edit("old text\nwith two lines") == .edited("new text\nsecond line"))
            #expect(try String(contentsOfFile: directory.path + "/seen", encoding: .utf8) == "old text\nwith two lines\n")
            #expect(try String(contentsOfFile: directory.path + "/mode", encoding: .utf8) == "600\n")
            let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("tachikoma-prompt-") }
            #expect(left.isEmpty, "the file was not removed: \(left)")
        }
    }

    @Test func anEmptyFileChangesNothing() throws {
        try withScript(": > \"$2\"") { _, editor in
            #expect(editor.edit("keep me") == .empty)
        }
        try withScript("printf '  \\n\\n' > \"$2\"") { _, editor in
            #expect(editor.edit("keep me") == .empty)
        }
    }

    @Test func aFailingEditorSaysSoInOneLine() throws {
        try withScript("exit 3") { directory, editor in
            guard case .failed(let message) = editor.edit("text") else {
                Issue.record("a failing editor was taken as an edit")
                return
            }
            #expect(message.hasSuffix("exited with status 3; the input is unchanged"))
            #expect(!message.contains("\n"))
        }
    }

    @Test func aMissingEditorSaysSoInOneLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var editor = try ExternalEditor.chosen(from: ["EDITOR": "no-such-editor-tachikoma --x"]).get()
        editor.directory = directory.path
        #expect(editor.edit("text") == .failed(
            "editor 'no-such-editor-tachikoma' not found; set OLLAMA_EDITOR, VISUAL or EDITOR to the editor's command (e.g. nano, \"code --wait\")"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}

@Suite struct EditorMessageTests {
    @Test func aMessageBreaksBetweenWordsAndShowsNoControlCharacters() {
        let text = LibEditSession.messageLines("editor 'a\u{1B}]0;x\u{07}' not found; set OLLAMA_EDITOR, VISUAL or EDITOR", width: 24)
        #expect(text == "editor 'a?]0;x?' not\r\nfound; set\r\nOLLAMA_EDITOR, VISUAL or\r\nEDITOR\r\n")
    }
}
