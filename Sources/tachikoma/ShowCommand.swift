import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore
import TerminalText

/// `tachikoma show MODEL`: what a model is, as `ollama show` prints it.
struct ShowCommand: AsyncParsableCommand, ConnectingCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a model's architecture, size, context length and capabilities.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The model, e.g. llama3.1:8b.")
    var model: String

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let describer = try connection.makeBackend(model: model).capability((any ModelDescribing).self, "describe its models")
        let details: ModelDetails
        do {
            details = try await describer.modelDetails(model)
        } catch {
            throw CommandFailure.backend(error)
        }
        // JSON escapes every control; the text is the server's and is sanitized.
        Console.standardOutput.write(json ? try Self.json(details) : TerminalSanitizer.clean(Self.text(details)))
    }

    static func json(_ details: ModelDetails) throws -> String {
        func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let object: JSONValue = [
            "name": .string(details.name), "architecture": string(details.architecture),
            "parameters": string(details.parameterSize),
            "context_length": details.contextLength.map { .number(Double($0)) } ?? .null,
            "embedding_length": details.embeddingLength.map { .number(Double($0)) } ?? .null,
            "quantization": string(details.quantization),
            "capabilities": .array((details.capabilities?.names ?? []).map(JSONValue.string)),
            "model_parameters": string(details.parameters), "system": string(details.system),
            "license": string(details.license),
        ]
        return try JSONOutput.render(object)
    }

    static func text(_ details: ModelDetails) -> String {
        var out = "  Model\n"
        let facts: [(String, String?)] = [
            ("architecture", details.architecture), ("parameters", details.parameterSize),
            ("context length", details.contextLength.map(String.init)),
            ("embedding length", details.embeddingLength.map(String.init)),
            ("quantization", details.quantization),
        ]
        out += section(facts.compactMap { key, value in value.map { [key, $0] } })
        if let capabilities = details.capabilities?.names, !capabilities.isEmpty {
            out += "\n  Capabilities\n" + section(capabilities.map { [$0] })
        }
        if let parameters = details.parameters, !parameters.isEmpty {
            let rows = parameters.split(separator: "\n").map { line -> [String] in
                let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
                return parts.map { String($0).trimmingCharacters(in: .whitespaces) }
            }
            out += "\n  Parameters\n" + section(rows)
        }
        if let system = details.system, !system.isEmpty {
            out += "\n  System\n" + indented(system, maxLines: 2)
        }
        if let license = details.license, !license.isEmpty {
            out += "\n  License\n" + indented(license, maxLines: 2)
        }
        return out + "\n"
    }

    private static func section(_ rows: [[String]]) -> String {
        HumanReadable.table(rows).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.isEmpty }.map { "    " + $0 + "\n" }.joined()
    }

    /// The first lines of a long text (a license runs to pages), with `...` when cut.
    private static func indented(_ text: String, maxLines: Int) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var out = lines.prefix(maxLines).map { "    \($0)\n" }.joined()
        if lines.count > maxLines { out += "    ...\n" }
        return out
    }
}
