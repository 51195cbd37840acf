/// Which key bindings the editor starts with.
public enum EditMode: String, Sendable {
    case emacs
    case vi
}

/// How a `LineEditor` behaves: its name for `~/.editrc`, history persistence and key bindings.
public struct LineEditorConfiguration: Sendable {
    /// The program name libedit uses to select `~/.editrc` lines (`tachikoma:bind ...`).
    public var programName: String
    /// Where history is kept between runs; `nil` keeps history in memory only.
    public var historyFile: String?
    /// The most entries kept in memory and in the file.
    public var historyLimit: Int
    /// Emacs or vi key bindings.
    public var editMode: EditMode

    public init(
        programName: String = "tachikoma",
        historyFile: String? = nil,
        historyLimit: Int = 1000,
        editMode: EditMode = .emacs
    ) {
        self.programName = programName
        self.historyFile = historyFile
        self.historyLimit = historyLimit
        self.editMode = editMode
    }

    /// `$XDG_STATE_HOME/tachikoma/history`, else `~/.local/state/tachikoma/history`;
    /// `nil` when neither variable gives an absolute directory.
    public static func defaultHistoryPath(environment: [String: String]) -> String? {
        // The XDG spec says relative values are invalid and must be ignored.
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return joined(state, "tachikoma/history")
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return joined(home, ".local/state/tachikoma/history")
        }
        return nil
    }

    private static func joined(_ directory: String, _ tail: String) -> String {
        directory.hasSuffix("/") ? directory + tail : directory + "/" + tail
    }
}
