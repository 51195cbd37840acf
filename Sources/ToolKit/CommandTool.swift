import Foundation
import TachikomaCore

/// A program from `command_tools`, offered to the model as a tool. Arguments fill the argv template's
/// placeholders (one argument, one argv element or part of one) or go as JSON on standard input; no
/// shell ever sees them.
public struct CommandTool: Tool {
    public let config: CommandToolConfig
    /// The chat's environment, for `~` in the program and folder.
    private let processEnvironment: [String: String]

    public init(_ config: CommandToolConfig, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.config = config
        processEnvironment = environment
    }

    public var definition: ToolDefinition {
        ToolDefinition(name: config.name, description: config.description, parameters: config.parameters)
    }

    public var source: ToolSource { .command }
    /// It runs a program: always asked unless the config says `auto`.
    public var defaultPolicy: ToolPolicy { .ask }

    /// The exact argv (shell-quoted for reading), the JSON on standard input and the folder.
    public func preview(_ arguments: JSONValue) throws(ToolError) -> String {
        try invocation(arguments).preview
    }

    public func run(_ arguments: JSONValue) async throws(ToolError) -> String {
        let invocation = try invocation(arguments)
        let outcome: CommandOutcome
        do {
            outcome = try await CommandRunner.run(invocation, timeout: config.timeout, maxOutput: config.maxOutput)
        } catch let failure as CommandStartFailure {
            throw .failed(tool: config.name, message: failure.message)
        } catch {
            throw .cancelled(tool: config.name)
        }
        let output = String(decoding: outcome.output, as: UTF8.self)
        switch outcome.ending {
        case .exited(0):
            return output.isEmpty ? "(no output)" : output
        case .outputCut:
            return output + "\n[output cut at \(config.maxOutput) bytes (max_output); the command was stopped]"
        case .timedOut:
            throw .timedOut(tool: config.name, seconds: config.timeout)
        case .exited(let status):
            throw .failed(tool: config.name, message: "exited with status \(status)" + Self.errorSummary(outcome.errorTail))
        case .signaled(let signal):
            throw .failed(tool: config.name, message: "was killed by signal \(signal)" + Self.errorSummary(outcome.errorTail))
        }
    }

    private func invocation(_ arguments: JSONValue) throws(ToolError) -> CommandInvocation {
        try CommandInvocation(config: config, arguments: arguments, environment: processEnvironment)
    }

    /// The end of standard error on one line, so the failure stays one line for the person and tells the
    /// model what went wrong.
    package static func errorSummary(_ tail: [UInt8]) -> String {
        let lines = String(decoding: tail, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return "" }
        var summary = lines.suffix(3).joined(separator: " / ")
        if summary.count > 400 { summary = "…" + summary.suffix(400) }
        return ": " + summary
    }
}
