import TachikomaCore

/// Tools that exist from the start (built-ins, command tools): listing them starts nothing.
public struct FixedToolProvider: ToolProviding {
    private let list: [any Tool]
    private let problems: [ToolError]

    /// - Parameter problems: reported with the tools (e.g. a configured root that does not exist).
    public init(_ tools: [any Tool], problems: [ToolError] = []) {
        list = tools
        self.problems = problems
    }

    public func tools() async -> (tools: [any Tool], problems: [ToolError]) { (list, problems) }
    public func shutdown() async {}
}

/// Several sources as one: their tools in the order the sources were given, and their problems.
public struct CombinedToolProvider: ToolProviding {
    private let providers: [any ToolProviding]

    public init(_ providers: [any ToolProviding]) {
        self.providers = providers
    }

    public func tools() async -> (tools: [any Tool], problems: [ToolError]) {
        var tools: [any Tool] = []
        var problems: [ToolError] = []
        for provider in providers {
            let found = await provider.tools()
            tools += found.tools
            problems += found.problems
        }
        return (tools, problems)
    }

    public func shutdown() async {
        for provider in providers { await provider.shutdown() }
    }
}
