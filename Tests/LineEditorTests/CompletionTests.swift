import Testing

@testable import LineEditor

@Suite("Completion")
struct CompletionTests {
    @Test("the longest common prefix is computed on whole characters")
    func commonPrefix() {
        #expect(CompletionPlanner.longestCommonPrefix(["/model", "/models", "/mode"]) == "/mode")
        #expect(CompletionPlanner.longestCommonPrefix(["abc", "xyz"]) == "")
        #expect(CompletionPlanner.longestCommonPrefix(["same"]) == "same")
        #expect(CompletionPlanner.longestCommonPrefix([]) == "")
        // é precomposed and e + combining accent are the same character.
        #expect(CompletionPlanner.longestCommonPrefix(["café", "cafe\u{301}s"]) == "café")
        #expect(CompletionPlanner.longestCommonPrefix(["日本語", "日本酒"]) == "日本")
        #expect(CompletionPlanner.longestCommonPrefix(["🙂a", "🙃b"]) == "")
    }

    @Test("one candidate replaces the word and adds a space, unless it is a directory")
    func single() {
        #expect(CompletionPlanner.plan(word: "/he", candidates: ["/help"], isRepeatedTab: false) == .replaceWord(with: "/help "))
        #expect(CompletionPlanner.plan(word: "/he", candidates: ["/help", "/help"], isRepeatedTab: false) == .replaceWord(with: "/help "))
        #expect(CompletionPlanner.plan(word: "Doc", candidates: ["Documents/"], isRepeatedTab: false) == .replaceWord(with: "Documents/"))
    }

    @Test("several candidates extend to their common prefix, then list on a repeated Tab")
    func several() {
        let candidates = ["/model", "/models", "/multiline"]
        #expect(CompletionPlanner.plan(word: "/mo", candidates: candidates.dropLast(), isRepeatedTab: false) == .replaceWord(with: "/model"))
        #expect(CompletionPlanner.plan(word: "/m", candidates: candidates, isRepeatedTab: false) == .none)
        #expect(CompletionPlanner.plan(word: "/m", candidates: candidates, isRepeatedTab: true) == .list(candidates))
        #expect(CompletionPlanner.plan(word: "x", candidates: [], isRepeatedTab: true) == .none)
        // Candidates that differ from the word only in case still take over.
        #expect(CompletionPlanner.plan(word: "ab", candidates: ["ABc", "ABd"], isRepeatedTab: false) == .replaceWord(with: "AB"))
    }

    @Test("candidates are laid out column by column within the width")
    func columns() {
        let rows = CompletionPlanner.columns(["a", "bb", "ccc", "dd", "e"], width: 12)
        // cell = 3 + 2 = 5 → 2 per row → 3 rows, read downwards.
        #expect(rows == ["a    dd", "bb   e", "ccc"])
        #expect(CompletionPlanner.columns(["long-candidate"], width: 5) == ["long-candidate"])
        #expect(CompletionPlanner.columns([], width: 80).isEmpty)
    }

    @Test("the context splits the line at the cursor and finds the word")
    func context() {
        let atEnd = CompletionContext(line: "/model lla")
        #expect(atEnd.cursor == 10)
        #expect(atEnd.textBeforeCursor == "/model lla")
        #expect(atEnd.word == "lla")

        let inside = CompletionContext(line: "/set 日本 rest", cursor: 7)
        #expect(inside.textBeforeCursor == "/set 日本")
        #expect(inside.word == "日本")
        #expect(inside.line == "/set 日本 rest")

        #expect(CompletionContext(line: "/he").word == "/he")
        #expect(CompletionContext(line: "a\tb").word == "b")
        #expect(CompletionContext(line: "trailing ").word == "")
        #expect(CompletionContext(line: "abc", cursor: 99).cursor == 3)
        #expect(CompletionContext(line: "abc", cursor: -1).cursor == 0)
    }
}

@Suite("Configuration")
struct ConfigurationTests {
    @Test("the history path follows XDG_STATE_HOME, then HOME")
    func defaultHistoryPath() {
        #expect(LineEditorConfiguration.defaultHistoryPath(environment: ["XDG_STATE_HOME": "/state", "HOME": "/home/u"]) == "/state/tachikoma/history")
        #expect(LineEditorConfiguration.defaultHistoryPath(environment: ["XDG_STATE_HOME": "/state/"]) == "/state/tachikoma/history")
        #expect(LineEditorConfiguration.defaultHistoryPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/state/tachikoma/history")
        // Relative or empty XDG values are invalid and ignored.
        #expect(LineEditorConfiguration.defaultHistoryPath(environment: ["XDG_STATE_HOME": "rel", "HOME": "/home/u"]) == "/home/u/.local/state/tachikoma/history")
        #expect(LineEditorConfiguration.defaultHistoryPath(environment: ["XDG_STATE_HOME": "", "HOME": "/h"]) == "/h/.local/state/tachikoma/history")
        #expect(LineEditorConfiguration.defaultHistoryPath(environment: [:]) == nil)
        #expect(LineEditorConfiguration.defaultHistoryPath(environment: ["HOME": ""]) == nil)
    }

    @Test("defaults")
    func defaults() {
        let configuration = LineEditorConfiguration()
        #expect(configuration.programName == "tachikoma")
        #expect(configuration.historyFile == nil)
        #expect(configuration.historyLimit == 1000)
        #expect(configuration.editMode == .emacs)
        #expect(EditMode(rawValue: "vi") == .vi)
    }

    @Test("without a terminal the editor reads plain input and writes no history")
    func nonInteractive() throws {
        // `swift test` runs with stdin not a terminal under CI; skip when run by hand in one.
        let editor = try LineEditor(configuration: LineEditorConfiguration(historyFile: "/nonexistent/dir/history"))
        guard !editor.isInteractive else { return }
        editor.addToHistory("nothing written")
        #expect(editor.historyError == nil)
    }
}
