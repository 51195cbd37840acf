import TachikomaCore

/// Where the chat's tools come from and the rules they run under, from the config and the command line.
public struct ToolSetup: Sendable {
    /// Every tool source (built-ins, command tools, MCP servers), asked when tools are first needed.
    public var provider: any ToolProviding
    /// Policies the config sets by tool name (`tool_policy`); a tool not named keeps its default.
    public var policies: [String: ToolPolicy]
    /// The most rounds of tool calls one message may lead to (`tool_rounds`).
    public var rounds: Int
    /// What a call whose policy is `ask` does when no person can answer (piped input, `run`).
    public var unattended: UnattendedConfirmation
    /// A tool result longer than this many characters is cut, and the model and the user are told.
    public var maximumResultCharacters: Int

    public static let defaultRounds = 8

    public init(
        provider: any ToolProviding, policies: [String: ToolPolicy] = [:], rounds: Int = ToolSetup.defaultRounds,
        unattended: UnattendedConfirmation = .refuse, maximumResultCharacters: Int = 32_000
    ) {
        self.provider = provider
        self.policies = policies
        self.rounds = rounds
        self.unattended = unattended
        self.maximumResultCharacters = maximumResultCharacters
    }

    /// No tools at all.
    public static var noTools: ToolSetup { ToolSetup(provider: NoTools()) }
}

/// What happens to a call needing confirmation when nobody is there to confirm it.
public enum UnattendedConfirmation: Sendable, Hashable {
    /// Not run; the model is told it was refused (the default).
    case refuse
    /// Run as if confirmed (`tachikoma run --yes`).
    case approve
}

/// A person's answer to "run this tool?".
public enum ToolConfirmation: Sendable, Hashable {
    case yes
    case no
    /// Yes, and do not ask again for this tool until the chat ends.
    case always
    /// Ctrl-C or end of input at the question: stop the whole round.
    case cancel

    /// Reads a typed answer: y/yes, a/always; anything else is no.
    public init(answer: String) {
        switch answer.trimmingWhitespace().lowercased() {
        case "y", "yes": self = .yes
        case "a", "always": self = .always
        default: self = .no
        }
    }
}

/// A source with no tools.
struct NoTools: ToolProviding {
    func tools() async -> (tools: [any Tool], problems: [ToolError]) { ([], []) }
    func shutdown() async {}
}
