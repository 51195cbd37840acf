import ArgumentParser
import Foundation
import ChatREPL
import OllamaBackend
import TachikomaCore
import TerminalText

/// `--host` and `--config`, on every command, and what follows from them.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The Ollama server, e.g. 127.0.0.1:11434 (default: OLLAMA_HOST, then the config file).", valueName: "host"))
    var host: String?

    @Option(help: ArgumentHelp("The config file (default: $XDG_CONFIG_HOME/tachikoma/config.json).", valueName: "path"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "A server named in the config file's \"servers\" (default: its \"default_server\", else the Ollama server of --host or OLLAMA_HOST, named ollama).",
            valueName: "name"))
    var server: String?

    /// The settings from the config file and the environment, with --host on top.
    func loadConfig(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TachikomaConfig {
        var loaded: TachikomaConfig
        do {
            loaded = try TachikomaConfig.load(explicitPath: config, environment: environment, kinds: .tachikoma)
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
        try Self.serverConfig(config, host: host, environment: environment)
    }

    /// `serverConfig` for a `--host` value.
    static func serverConfig(
        _ config: TachikomaConfig, host: String?, environment: [String: String]
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

    /// The servers of the config file and the implicit Ollama one, with the name of the one this
    /// command uses.
    func makeCatalog(
        environment: [String: String] = ProcessInfo.processInfo.environment, keepAlive: String? = nil
    ) throws -> (catalog: ServerCatalog, server: String, config: TachikomaConfig) {
        var loaded = try loadConfig(environment: environment)
        // `--keepalive` of `chat` and `run` over the config's `keep_alive`.
        if let keepAlive { loaded.keepAlive = keepAlive }
        let config = loaded
        let catalog = ServerCatalog(config: config, environment: environment) { [host] in
            try Self.serverConfig(config, host: host, environment: environment)
        }
        let hostGiven = !Self.isBlank(host)
        let chosen = try catalog.chooseServer(named: server, hostGiven: hostGiven)
        if hostGiven, chosen != ServerCatalog.implicitOllamaName || !catalog.hasImplicitOllama {
            throw CommandFailure.usage("--host names the default Ollama server; drop it to use server '\(chosen)'")
        }
        return (catalog, chosen, config)
    }

    /// A client for the chosen server, for what only Ollama answers (`ps`, `version`).
    func makeClient(for command: String) throws -> (OllamaClient, TachikomaConfig) {
        let (catalog, server, config) = try makeCatalog()
        let ollama: OllamaServerConfig?
        do {
            ollama = try catalog.ollamaServer(named: server)
        } catch {
            throw CommandFailure.backend(error)
        }
        guard let ollama else {
            throw CommandFailure(message: "tachikoma \(command) needs an Ollama server; '\(server)' is not one", exitCode: 1)
        }
        return (OllamaClient(config: ollama), config)
    }

    /// The backend for the chosen server and `model` (default: the config file's).
    func makeBackend(model: String? = nil, keepAlive: String? = nil) throws -> ChosenBackend {
        // Read once: building the dictionary is a measurable part of `run`'s start-up.
        let environment = ProcessInfo.processInfo.environment
        let (catalog, server, config) = try makeCatalog(environment: environment, keepAlive: keepAlive)
        let model = model ?? config.model
        do {
            let backend = try catalog.makeBackend(forServer: server, model: model)
            return ChosenBackend(backend: backend, server: server, model: model, catalog: catalog, config: config)
        } catch {
            throw CommandFailure.backend(error)
        }
    }

    /// Nothing but spaces and tabs (what `CharacterSet.whitespaces` holds), checked without Foundation's
    /// `trimmingCharacters`, whose first use costs `run` a measurable share of its start-up.
    static func isBlank(_ value: String?) -> Bool {
        (value ?? "").unicodeScalars.allSatisfy { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }
}

/// A command's backend, with where it came from.
struct ChosenBackend {
    let backend: any Backend
    /// The server's name, as `/server` and sessions show it.
    let server: String
    /// The model requests use unless they name another.
    let model: String
    let catalog: ServerCatalog
    let config: TachikomaConfig

    /// `backend` when it is a `Capability` (e.g. `ModelPulling`), else a one-line failure naming
    /// `server`: "server 'NAME' cannot \(what)".
    func capability<Capability>(_ type: Capability.Type, _ what: String) throws -> Capability {
        guard let capable = backend as? Capability else {
            throw CommandFailure(message: "server '\(server)' cannot \(what)", exitCode: 1)
        }
        return capable
    }
}
