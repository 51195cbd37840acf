import ArgumentParser
import Foundation
import ChatREPL
import OllamaBackend
import TachikomaCore

/// `--host` and `--config`, on every command, and what follows from them.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The Ollama server, e.g. 127.0.0.1:11434 (default: OLLAMA_HOST, then the config file).", valueName: "host"))
    var host: String?

    @Option(help: ArgumentHelp("The config file (default: $XDG_CONFIG_HOME/tachikoma/config.json).", valueName: "path"))
    var config: String?

    /// The settings from the config file and the environment, with --host on top.
    func loadConfig(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TachikomaConfig {
        var loaded: TachikomaConfig
        do {
            loaded = try TachikomaConfig.load(explicitPath: config, environment: environment)
        } catch {
            throw CommandFailure.usage(error.description)
        }
        if !Self.isBlank(host) { loaded.host = host }
        return loaded
    }

    /// Where the server is, from the resolved settings, with `OLLAMA_API_KEY` from the environment.
    /// A warning about the host (a port that fell back to the default) goes to stderr here, once.
    func serverConfig(
        _ config: TachikomaConfig, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> OllamaServerConfig {
        let isBlank = Self.isBlank
        // Messages name where the host came from: --host, else OLLAMA_HOST, else the config file.
        let (explicitHost, source): (String?, String) =
            !isBlank(host) ? (config.host, "--host")
            : !isBlank(environment["OLLAMA_HOST"]) ? (nil, "OLLAMA_HOST") : (config.host, "the config file's host")
        let server: OllamaServerConfig
        do {
            server = try OllamaServerConfig.resolve(
                explicitHost: explicitHost, explicitHostSource: source, environment: environment,
                connectTimeout: .milliseconds(Int64(config.connectTimeout * 1000)),
                requestTimeout: .milliseconds(Int64(config.requestTimeout * 1000)))
        } catch {
            throw CommandFailure.usage(String(describing: error))
        }
        if let warning = server.hostWarning {
            Console.standardError.writeMessage("warning: \(TerminalSanitizer.clean(warning))")
        }
        return server
    }

    /// A client for the configured server.
    func makeClient() throws -> (OllamaClient, TachikomaConfig) {
        let config = try loadConfig()
        return (OllamaClient(config: try serverConfig(config)), config)
    }

    /// The backend for the configured server and model.
    func makeBackend(model: String? = nil) throws -> (OllamaBackend, TachikomaConfig) {
        // Read once: building the dictionary is a measurable part of `run`'s start-up.
        let environment = ProcessInfo.processInfo.environment
        let config = try loadConfig(environment: environment)
        let backend = OllamaBackend(
            config: OllamaBackendConfig(
                server: try serverConfig(config, environment: environment), model: model ?? config.model,
                numCtx: config.contextLength, keepAlive: config.keepAlive, toolsEnabled: config.tools))
        return (backend, config)
    }

    /// Nothing but spaces and tabs (what `CharacterSet.whitespaces` holds), checked without Foundation's
    /// `trimmingCharacters`, whose first use costs `run` a measurable share of its start-up.
    static func isBlank(_ value: String?) -> Bool {
        (value ?? "").unicodeScalars.allSatisfy { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }
}
