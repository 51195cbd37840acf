extension ChatREPL {
    /// Puts an entered line into the input history unless `/set nohistory` is on; a problem with the
    /// history file is reported once, as a warning, never on every line.
    func recordInHistory(_ line: String) {
        if settings.recordsHistory { input.addToHistory(line) }
        reportHistoryProblem()
    }

    func reportHistoryProblem() {
        if let problem = input.takeHistoryWarning() { warn(problem) }
    }
}
