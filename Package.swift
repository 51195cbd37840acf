// swift-tools-version:6.0
import PackageDescription

let propertyBased = Target.Dependency.product(name: "PropertyBased", package: "swift-property-based")

/// How the two shipped programs are linked in release (BENCHMARKS.md, "Footprint"): with the
/// toolchain's lld instead of gold, relative relocations packed (RELR: 3 MB of `.rela.dyn` the loader
/// read at every start become 24 KB; needs glibc 2.36, Debian 12) and identical functions folded
/// where no code can tell (`--icf=safe`). Together: 3.3 MiB less peak RSS for `run`, 2.7 MiB less
/// for `--version`, 3 MiB less binary, the same start-up CPU. And the functions a start runs laid
/// out together, in the order of `linker/startup-order.txt` (written by `make startup-order`; names
/// it lists that no longer exist are skipped): the kernel maps code 64 KiB around each page touched,
/// so scattered, that code kept 13 MiB resident; together, 4 MiB (`make bench-footprint`). Segments
/// start at the same offset within 64 KiB in the file as in memory (`max-page-size`): the page cache
/// holds an installed binary in 64 KiB folios, and a fault maps the whole folio, so a folio that
/// straddled two of the kernel's 64 KiB windows cost 1.4 MiB more for `run`.
let releaseLink = [
    "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--icf=safe",
    "-Xlinker", "-z", "-Xlinker", "max-page-size=65536",
    "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/linker/startup-order.txt",
    "-Xlinker", "--no-warn-symbol-ordering",
]

let package = Package(
    name: "Tachikoma",
    // Linux is the only platform built and tested (the terminal code speaks to the Linux pty driver
    // and Glibc), so no Apple platform is declared.
    products: [
        .executable(name: "tachikoma", targets: ["tachikoma"]),
        .executable(name: "tachikoma-mcp", targets: ["tachikoma-mcp"]),
        .executable(name: "fake-ollama", targets: ["fake-ollama"]),
        .library(name: "TachikomaCore", targets: ["TachikomaCore"]),
        .library(name: "OllamaBackend", targets: ["OllamaBackend"]),
        .library(name: "OpenAIBackend", targets: ["OpenAIBackend"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Already used by async-http-client; named here to tell a TLS failure apart (HTTPErrorMapper).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Tests only: property and fuzz tests.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Command tools and MCP server processes: argv without a shell, process groups, teardown on cancel.
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        // MCP clients (JSON-RPC, initialize, tools/list, tools/call) over our own stdio transport.
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
        // Already used by the two above; named to spell `FilePath` and the SDK transport's `Logger`.
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
    ],
    targets: [
        // Backend-neutral types: messages, requests, stream events, errors, the Backend protocol, config.
        .target(name: "TachikomaCore"),

        // What every HTTP backend shares: NDJSON and SSE framing on bytes as they arrive, the
        // streamed response source, transport and TLS error mapping, the owned HTTP client, API keys.
        .target(
            name: "HTTPStreaming",
            dependencies: [
                "TachikomaCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        // Ollama over HTTP: wire types, the client and `OllamaBackend: Backend`.
        .target(
            name: "OllamaBackend",
            dependencies: [
                "TachikomaCore", "HTTPStreaming",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        // OpenAI's chat completions over HTTP (llama.cpp's llama-server, vLLM, LM Studio, hosted
        // APIs): wire types, SSE deltas, tool-call fragment assembly and `OpenAIBackend: Backend`.
        .target(
            name: "OpenAIBackend",
            dependencies: [
                "TachikomaCore", "HTTPStreaming",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        // Saved conversations in SQLite (GRDB): schema, migrations, full-text search, typed errors.
        .target(name: "SessionStore", dependencies: ["TachikomaCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // Measures the store: load 10,000 messages, save one, search 100,000 (`make bench-store`);
        // `store-bench crash-writer PATH` is the process SessionStoreTests kills with SIGKILL.
        .executableTarget(name: "store-bench", dependencies: ["SessionStore", "TachikomaCore"]),

        // Tools the model may call: built-ins, command tools, and MCP servers' tools through the
        // `tachikoma-mcp` helper, behind Core's `Tool` protocol. AsyncHTTPClient for the fetch_url
        // built-in; swift-subprocess for command tools and the helper's process. No MCP SDK here: it
        // brings FoundationNetworking and libcurl, which would slow every start of `tachikoma`.
        .target(
            name: "ToolKit",
            dependencies: [
                "TachikomaCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // The MCP client (the only user of the MCP SDK): servers' processes over our own stdio transport,
        // initialize, tools/list, tools/call, and the helper protocol's serving side.
        .target(
            name: "MCPHost",
            dependencies: [
                "TachikomaCore", "ToolKit", "SignalRouting",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The helper `tachikoma` starts when `mcp_servers` is configured: wiring only.
        .executableTarget(
            name: "tachikoma-mcp", dependencies: ["MCPHost"],
            linkerSettings: [.unsafeFlags(releaseLink, .when(configuration: .release))]),

        // libedit, wrapped: a module map and non-variadic shims.
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),

        // The process's one signal router (one handler, one self-pipe) that the line editor, the chat's
        // turns, `run`, `pull` and the MCP helper subscribe to. Imports nothing of ours, so the line
        // editor can use it without knowing about chat.
        .target(name: "SignalRouting"),

        // A small Swift line editor over libedit: prompt, history, completion, multi-line input.
        .target(name: "LineEditor", dependencies: ["CLibEdit", "SignalRouting"]),

        // Text for a terminal, shared by the chat and `run`: the sanitizer, one width model, word
        // wrapping, help and message wrapping, and the renderer of an answer as it streams.
        .target(name: "TerminalText", dependencies: ["TachikomaCore", "SyntaxHighlighting"]),

        // Colours code blocks' lines as they stream in: a small lexer per family of languages.
        .target(name: "SyntaxHighlighting"),

        // What a message can carry besides its text: picture paths found in it, files, folders (with
        // .gitignore), a command's output and web pages, read within the limits of one message.
        .target(
            name: "Attachments",
            dependencies: [
                "TachikomaCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),

        // The chat engine under the chat, `run`, replay and compare: ChatSession owns the conversation
        // (a tree), the recorder (the one funnel to the store), the backend and the tool runner; a turn
        // is one sequence of events, through one tool loop.
        .target(name: "ChatEngine", dependencies: ["TachikomaCore"]),

        // The interactive chat: reads, dispatches slash commands, renders.
        .target(name: "ChatREPL", dependencies: ["TachikomaCore", "Attachments", "ChatEngine", "TerminalText", "LineEditor", "SignalRouting"]),

        // This build's version, baked in by `make` from the git tag (scripts/version.sh).
        .target(name: "CBuildVersion"),

        // The command line: argument parsing and wiring only.
        .executableTarget(
            name: "tachikoma",
            dependencies: [
                "CBuildVersion", "TachikomaCore", "Attachments", "HTTPStreaming", "OllamaBackend", "OpenAIBackend", "LineEditor", "TerminalText", "ChatEngine",
                "ChatREPL", "SessionStore", "ToolKit", "SignalRouting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The toolchain's static-stdlib link exports every symbol of the program's own code
            // (34,000 dynamic symbols): the loader then resolves and pages in tables nothing here
            // looks up, and the runtime's one `dladdr` at start walks them all. Not exported, a
            // start costs about 1.5 ms less CPU (docs/performance-log.md, "Start-up"). The rest: `releaseLink`.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"] + releaseLink, .when(configuration: .release))]
        ),

        // The scripted Ollama server used by tests, benchmarks and people trying the client; it also
        // answers OpenAI's chat completions API under /v1 (Server-Sent Events), as Ollama does.
        .target(
            name: "OllamaTestSupport",
            dependencies: [
                "TachikomaCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // https:// for the TLS tests (a self-signed certificate made by the test).
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "fake-ollama",
            dependencies: [
                "OllamaTestSupport", "TachikomaCore", "SignalRouting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // A stdio MCP server for ToolKit's tests: echo, add, slow, fail; flags make it hang or crash.
        .executableTarget(name: "mcp-test-server"),

        .testTarget(name: "TachikomaCoreTests", dependencies: ["TachikomaCore", propertyBased]),
        .testTarget(name: "AttachmentsTests", dependencies: ["Attachments", "TachikomaCore", "OllamaTestSupport", propertyBased]),
        .testTarget(name: "HTTPStreamingTests", dependencies: ["HTTPStreaming", "TachikomaCore", propertyBased]),
        .testTarget(
            name: "OllamaBackendTests",
            dependencies: [
                "OllamaBackend", "HTTPStreaming", "OllamaTestSupport", propertyBased,
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),
        .testTarget(
            name: "OpenAIBackendTests",
            dependencies: [
                "OpenAIBackend", "HTTPStreaming", "OllamaTestSupport", "TachikomaCore", propertyBased,
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor", propertyBased]),
        // The Markdown renderer and the code lexers: unit, property and fuzz tests.
        .testTarget(name: "MarkdownTests", dependencies: ["TerminalText", "SyntaxHighlighting", propertyBased]),
        .testTarget(name: "SignalRoutingTests", dependencies: ["SignalRouting"]),
        // Command tools and MCP servers against real processes. Naming `tachikoma-mcp` and
        // `mcp-test-server` makes `swift build --build-tests` build them; the tests run them from beside
        // the test runner.
        .testTarget(
            name: "ToolKitTests",
            dependencies: ["ToolKit", "TachikomaCore", "OllamaTestSupport", "tachikoma-mcp", "mcp-test-server", propertyBased]),
        // The MCP client in-process, without the helper between.
        .testTarget(name: "MCPHostTests", dependencies: ["MCPHost", "ToolKit", "TachikomaCore", "mcp-test-server"]),
        .testTarget(
            name: "ChatREPLTests",
            dependencies: [
                "ChatREPL", "ChatEngine", "TerminalText", "TachikomaCore", "OllamaBackend", "OpenAIBackend", "OllamaTestSupport",
                propertyBased,
            ]),
        // SessionStore and GRDB: the session commands' tests seed a database as the chat leaves it,
        // write foreign and newer ones, and hold its lock as another process would.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "OllamaTestSupport", "TachikomaCore", "SessionStore", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // The docs against the program: every `tachikoma …` line in README.md and docs/ is parsed by the
        // command line's own parser (the executable target, imported for testing); links are checked.
        .testTarget(name: "DocsTests", dependencies: ["tachikoma", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // The scripted server itself (wire shapes, pacing, failures), apart from the product's tests.
        .testTarget(
            name: "OllamaTestSupportTests",
            dependencies: [
                "OllamaTestSupport", "TachikomaCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SessionStoreTests",
            dependencies: ["SessionStore", "TachikomaCore", .product(name: "GRDB", package: "GRDB.swift")],
            // A database and an export made by a release, read by path (`#filePath`), not bundled.
            exclude: ["Fixtures"]
        ),
    ]
)
