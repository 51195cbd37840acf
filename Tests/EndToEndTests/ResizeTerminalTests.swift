import Foundation
import OllamaTestSupport
import Testing
import TachikomaCore

/// Resizing the window while a typed line spans several rows: the terminal reflows what it shows,
/// and the prompt and line must then be drawn once, with no stale rows left from before.
@Suite struct ResizeTerminalTests {
    /// A line longer than the window, without spaces, so every row it wraps to is easy to predict.
    static let longLine = String(repeating: "0123456789", count: 13)
    static let home = "\u{1B}[H"

    /// `text` as the terminal shows it `width` columns wide.
    static func rows(_ text: String, width: Int) -> [String] {
        var rows: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            rows.append(String(rest.prefix(width)))
            rest = rest.dropFirst(width)
        }
        return rows
    }

    /// The screen from the prompt down is the prompt and `line` wrapped at `width`, once.
    static func showsInputOnce(_ lines: [String], line: String, width: Int) -> Bool {
        guard let promptRow = lines.firstIndex(where: { $0.hasPrefix(">>> ") }) else { return false }
        return Array(lines[promptRow...]) == rows(">>> " + line, width: width)
    }

    /// No key follows the resize: the line editor hears SIGWINCH itself (through the signal router)
    /// and draws the prompt and line again at the new width.
    @Test func aResizeAloneRedrawsTheLine() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try PseudoTerminal(
                executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL], columns: 60)
            try await chat.waitForPrompt()
            chat.send(Self.longLine)
            try await chat.waitForScreen("the line on three rows") { Self.showsInputOnce($0, line: Self.longLine, width: 60) }
            let mark = chat.mark
            chat.resize(columns: 40)
            // The redraw clears from where the prompt now starts to the end of the screen.
            try await chat.waitForRawOutput("\u{1B}[J", since: mark)
            try await chat.waitForScreen("the prompt and line once at 40 columns") {
                Self.showsInputOnce($0, line: Self.longLine, width: 40)
            }
            chat.control("c")
            try await chat.waitFor("/bye", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    /// Back from Ctrl-Z (SIGCONT, which the line editor also takes back from libedit): the terminal
    /// is raw again, bracketed paste on again and the line drawn again, and editing goes on.
    @Test func aContinueSignalRestoresTheLine() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try PseudoTerminal(executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL])
            try await chat.waitForPrompt()
            chat.send("half typed")
            try await chat.waitFor("half typed")
            let mark = chat.mark
            chat.signal(SIGCONT)
            try await chat.waitForRawOutput("\u{1B}[?2004h", since: mark)
            chat.send(" and done\r")
            try await chat.waitFor("You said: half typed and done", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
        }
    }

    @Test func narrowingAndWideningDuringALongLineLeavesNoStaleRows() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let chat = try PseudoTerminal(
                executable: BuiltProducts.tachikoma, arguments: ["--host", server.baseURL], columns: 60)
            try await chat.waitForPrompt()
            chat.send(Self.longLine)
            try await chat.waitForScreen("the line on three rows") { Self.showsInputOnce($0, line: Self.longLine, width: 60) }

            // After each resize a key is typed at the start of the line: inserting there makes
            // libedit draw the whole line again (typing at the end would only add a character).
            var typed = Self.longLine
            for (width, key) in [(40, "a"), (100, "b"), (25, "c"), (70, "d")] {
                chat.resize(columns: UInt16(width))
                typed = key + typed
                chat.send(Self.home + key)
                // The keys may reach the program before or after it hears of the resize; either way
                // the screen must settle with the prompt and line shown once (a stale row never goes).
                try await chat.waitForScreen("the prompt and line once at \(width) columns") {
                    Self.showsInputOnce($0, line: typed, width: width)
                }
            }

            let mark = chat.mark
            chat.send("\r")
            try await chat.waitFor("You said:", since: mark)
            #expect(try await chat.quitWithCtrlD() == 0)
            let body = server.recordedRequests().last { $0.path == "/api/chat" }?.json?.objectValue
            guard case .array(let messages)? = body?["messages"] else {
                Issue.record("no chat request")
                return
            }
            #expect(messages.last?.objectValue?["content"]?.stringValue == typed)
        }
    }
}
