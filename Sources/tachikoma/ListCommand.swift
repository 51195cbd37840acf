import ArgumentParser
import ChatREPL
import Foundation
import TachikomaCore
import TerminalText

/// `tachikoma list`: the server's models, as `ollama list` shows them.
struct ListCommand: AsyncParsableCommand, ConnectingCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the models on the server.", aliases: ["ls"])

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let lister = try connection.makeBackend().capability((any ModelListing).self, "list its models")
        let models: [ModelSummary]
        do {
            models = try await lister.listModels()
        } catch {
            throw CommandFailure.backend(error)
        }
        if json {
            let rows: [JSONValue] = models.map { model in
                [
                    "name": .string(model.name), "digest": .string(model.digest),
                    // 0 is a size the server did not give (OpenAI's model list has none).
                    "size": model.sizeBytes > 0 ? .number(Double(model.sizeBytes)) : .null,
                    "modified_at": JSONOutput.timestamp(model.modifiedAt),
                    "family": model.family.map(JSONValue.string) ?? .null,
                    "parameter_size": model.parameterSize.map(JSONValue.string) ?? .null,
                    "quantization_level": model.quantization.map(JSONValue.string) ?? .null,
                ]
            }
            Console.standardOutput.write(try JSONOutput.render(JSONValue.array(rows)))
            return
        }
        let now = Date()
        var rows = [["NAME", "ID", "SIZE", "MODIFIED"]]
        for model in models {
            rows.append([
                model.name, model.shortID, model.sizeBytes > 0 ? HumanReadable.bytes(model.sizeBytes) : "-",
                model.modifiedAt.map { HumanReadable.relativeTime($0, now: now) } ?? "",
            ])
        }
        // Names are the server's text.
        Console.standardOutput.write(TerminalSanitizer.clean(HumanReadable.table(rows)))
    }
}
