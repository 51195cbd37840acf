/// ANSI styling, or none at all when colour is off.
struct TerminalStyle: Sendable {
    let enabled: Bool

    var dimOn: String { enabled ? "\u{1B}[90m" : "" }
    var reset: String { enabled ? "\u{1B}[0m" : "" }

    func dim(_ text: String) -> String { wrap(text, "90") }
    func bold(_ text: String) -> String { wrap(text, "1") }
    func error(_ text: String) -> String { wrap(text, "31") }
    func warning(_ text: String) -> String { wrap(text, "33") }
    func accent(_ text: String) -> String { wrap(text, "36") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
