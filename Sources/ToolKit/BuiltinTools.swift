import TachikomaCore

/// The tools that come with Tachikoma, none of which runs a shell.
public enum BuiltinTools {
    /// `current_time`, `calculate`, `read_file`, `list_directory` (confined to `roots`) and
    /// `fetch_url` (off unless the config's `tool_policy` turns it on), in the order `/tools` lists them.
    public static func all(roots: ToolRoots) -> [any Tool] {
        [CurrentTimeTool(), CalculatorTool(), ReadFileTool(roots: roots), ListDirectoryTool(roots: roots), FetchURLTool()]
    }

    /// The built-ins as a tool source; roots from the config that do not exist are reported as problems.
    public static func provider(roots: ToolRoots) -> FixedToolProvider {
        FixedToolProvider(all(roots: roots), problems: roots.missing.map { folder in
            ToolError.failed(tool: "read_file", message: "tool_roots: '\(folder)' is not a folder; it is left out")
        })
    }
}
