import ArgumentParser
import ChatREPL
import Foundation
import OllamaBackend
import TachikomaCore
import TerminalText

/// `tachikoma ps`: the models loaded in memory now, as `ollama ps` shows them.
struct PsCommand: AsyncParsableCommand, ConnectingCommand {
    static let configuration = CommandConfiguration(
        commandName: "ps", abstract: "List the models loaded in memory.")

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let (client, _) = try connection.makeClient(for: "ps")
        let models: [RunningModel]
        do {
            models = try await client.runningModels()
        } catch {
            throw CommandFailure.backend(error)
        }
        if json {
            let rows: [JSONValue] = models.map { model in
                [
                    "name": .string(model.name), "digest": .string(model.digest),
                    "size": .number(Double(model.sizeBytes)), "size_vram": .number(Double(model.sizeVRAM)),
                    "expires_at": JSONOutput.timestamp(model.expiresAt),
                    "context_length": model.contextLength.map { .number(Double($0)) } ?? .null,
                ]
            }
            Console.standardOutput.write(try JSONOutput.render(JSONValue.array(rows)))
            return
        }
        let now = Date()
        var rows = [["NAME", "ID", "SIZE", "PROCESSOR", "CONTEXT", "UNTIL"]]
        for model in models {
            rows.append([
                model.name, String(model.digest.replacingOccurrences(of: "sha256:", with: "").prefix(12)),
                HumanReadable.bytes(model.sizeBytes), Self.processor(model),
                model.contextLength.map(String.init) ?? "",
                model.expiresAt.map { HumanReadable.relativeTime($0, now: now) } ?? "",
            ])
        }
        // Names are the server's text.
        Console.standardOutput.write(TerminalSanitizer.clean(HumanReadable.table(rows, gap: 4)))
    }

    /// "100% GPU", "100% CPU" or "48%/52% CPU/GPU", as Ollama splits it.
    static func processor(_ model: RunningModel) -> String {
        guard model.sizeBytes > 0 else { return "" }
        if model.sizeVRAM == 0 { return "100% CPU" }
        if model.sizeVRAM >= model.sizeBytes { return "100% GPU" }
        let gpu = Int((Double(model.sizeVRAM) / Double(model.sizeBytes) * 100).rounded())
        return "\(100 - gpu)%/\(gpu)% CPU/GPU"
    }
}
