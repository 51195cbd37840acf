/// ANSI styling, or none at all when colour is off.
public struct TerminalStyle: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public var dimOn: String { enabled ? "\u{1B}[90m" : "" }
    public var reset: String { enabled ? "\u{1B}[0m" : "" }

    public func dim(_ text: String) -> String { wrap(text, "90") }
    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func error(_ text: String) -> String { wrap(text, "31") }
    public func warning(_ text: String) -> String { wrap(text, "33") }
    public func accent(_ text: String) -> String { wrap(text, "36") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
