import Testing
@testable import TachikomaCore

@Suite struct ToolSourceConfigTests {
    /// The example of docs/tools-and-mcp.md, verbatim in shape: it must stay valid.
    static let example = #"""
        {
          "command_tools": [
            {
              "name": "grep_notes",
              "description": "Search my notes for a pattern; prints matching lines with file and line number.",
              "parameters": {
                "type": "object",
                "properties": {
                  "pattern": {"type": "string", "description": "an extended regular expression"},
                  "max": {"type": "integer", "description": "stop after this many matches"}
                },
                "required": ["pattern"]
              },
              "argv": ["grep", "-rnE", "--max-count={max}", "--", "{pattern}", "."],
              "cwd": "~/notes",
              "timeout": 10,
              "max_output": 32768
            },
            {
              "name": "jq_query",
              "description": "Run a jq filter over the JSON document given.",
              "parameters": {"type": "object", "properties": {"filter": {"type": "string"}, "document": {"type": "object"}},
                             "required": ["filter", "document"]},
              "argv": ["sh", "-c", "jq \"$1\" <<< \"$(jq -c .document)\"", "jq_query", "{filter}"],
              "stdin": "json",
              "env": {"LC_ALL": "C"}
            }
          ],
          "mcp_servers": {
            "filesystem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]},
            "time": {"command": "uvx", "args": ["mcp-server-time"], "env": {"TZ": "UTC"}, "timeout": 60}
          }
        }
        """#

    @Test func theExampleParses() throws {
        let config = try TachikomaConfig.parse(Self.example, file: "c.json")
        #expect(config.commandTools.map(\.name) == ["grep_notes", "jq_query"])
        let grep = config.commandTools[0]
        #expect(grep.argv.count == 6)
        #expect(grep.argv[2].pieces == [.literal("--max-count="), .parameter("max")])
        #expect(grep.argv[4].wholeParameter == "pattern")
        #expect(grep.input == .none && grep.timeout == 10 && grep.maxOutput == 32768 && grep.workingDirectory == "~/notes")
        let jq = config.commandTools[1]
        #expect(jq.input == .json && jq.environment == ["LC_ALL": "C"])
        #expect(jq.timeout == ToolSourceLimits.defaultTimeout && jq.maxOutput == ToolSourceLimits.defaultMaxOutput)
        #expect(jq.argv[2].parameterNames.isEmpty, "\"$1\" and $(…) are literal text, not placeholders")
        #expect(config.mcpServers.map(\.name) == ["filesystem", "time"])
        #expect(config.mcpServers[0].command == "npx" && config.mcpServers[0].arguments.count == 3)
        #expect(config.mcpServers[1].environment == ["TZ": "UTC"] && config.mcpServers[1].timeout == 60)
    }

    @Test func claudeDesktopStyleServerEntriesAreAccepted() throws {
        let text = #"{"mcp_servers": {"git": {"type": "stdio", "command": "uvx", "args": ["mcp-server-git"], "env": {}}}}"#
        let config = try TachikomaConfig.parse(text, file: "c.json")
        #expect(config.mcpServers == [MCPServerConfig(name: "git", command: "uvx", arguments: ["mcp-server-git"])])
    }

    @Test func bracesEscapeAndNonNamesStayLiteral() {
        #expect(ArgvTemplateElement(parsing: "{{x}}").pieces == [.literal("{x}")])
        #expect(ArgvTemplateElement(parsing: "{a: .b}").pieces == [.literal("{a: .b}")])
        #expect(ArgvTemplateElement(parsing: "").pieces == [.literal("")])
        #expect(ArgvTemplateElement(parsing: "a{x}b{y}").pieces == [.literal("a"), .parameter("x"), .literal("b"), .parameter("y")])
    }

    /// Each mistake gives one line naming the key and what to write instead.
    @Test(arguments: [
        (#"{"command_tools": {}}"#, #""command_tools" must be a list"#),
        (#"{"command_tools": [{"description": "d", "argv": ["ls"]}]}"#, #""command_tools[0].name" must be a non-empty string"#),
        (#"{"command_tools": [{"name": "a b", "description": "d", "argv": ["ls"]}]}"#, "is not a tool name"),
        (#"{"command_tools": [{"name": "a", "description": "d", "argv": []}]}"#, #""command_tools[0].argv" must be a non-empty list"#),
        (#"{"command_tools": [{"name": "a", "description": "d", "argv": ["ls", "{path}"]}]}"#, "uses {path}, which is not in parameters.properties"),
        (#"{"command_tools": [{"name": "a", "description": "d", "argv": ["{p}"], "parameters": {"properties": {"p": {}}}}]}"#, "must name the program itself"),
        (#"{"command_tools": [{"name": "a", "description": "d", "argv": ["ls"], "stdin": "text"}]}"#, #""command_tools[0].stdin" must be one of "json""#),
        (#"{"command_tools": [{"name": "a", "description": "d", "argv": ["ls"], "timeout": 0}]}"#, "out of range; it must be a number from 0.1 to 3600 (seconds)"),
        (#"{"command_tools": [{"name": "a", "description": "d", "argv": ["ls"], "max_output": 1.5}]}"#, "a whole number from 1 to 16777216 (bytes)"),
        (#"{"command_tools": [{"name": "a", "description": "d", "argv": ["ls"], "env": {"A": 1}}]}"#, #""command_tools[0].env.A" must be a string"#),
        (#"{"command_tools": [{"name": "a", "description": "d", "argv": ["ls"], "parameters": {"type": "string"}}]}"#, "must be \"object\""),
        (#"{"command_tools": [{"name": "a", "description": "d", "argv": ["ls"], "shell": true}]}"#, #"unknown key "command_tools[0].shell""#),
        (#"{"command_tools": [{"name": "a", "description": "d", "argv": ["ls"]}, {"name": "a", "description": "e", "argv": ["ls"]}]}"#, "is used by an earlier command tool"),
        (#"{"mcp_servers": []}"#, #""mcp_servers" must be an object"#),
        (#"{"mcp_servers": {"x": {"args": []}}}"#, #""mcp_servers.x.command" must be a non-empty string"#),
        (#"{"mcp_servers": {"x": {"command": "a", "args": "b"}}}"#, #""mcp_servers.x.args" must be a list of strings"#),
        (#"{"mcp_servers": {"x": {"command": "a", "url": "http://h"}}}"#, #"unknown key "mcp_servers.x.url""#),
        (#"{"mcp_servers": {"x": {"command": "a", "type": "sse"}}}"#, "only \"stdio\" servers"),
    ])
    func mistakesAreOneLineNamingTheKey(text: String, expected: String) {
        do {
            _ = try TachikomaConfig.parse(text, file: "c.json")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(!error.description.contains("\n"))
            #expect(error.description.hasPrefix("c.json: "))
        }
    }
}
