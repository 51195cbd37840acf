import Foundation

/// Where `tachikoma-mcp` is: beside the running program (it ships beside `tachikoma`), unless
/// `TACHIKOMA_MCP_HELPER` names it.
enum MCPHelperLocation {
    static let environmentVariable = "TACHIKOMA_MCP_HELPER"
    static let programName = "tachikoma-mcp"

    static func path(environment: [String: String]) -> String {
        if let named = environment[environmentVariable], !named.isEmpty { return named }
        // The real path, so a `tachikoma` reached through a symbolic link still finds its helper.
        let running = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return running.deletingLastPathComponent().appendingPathComponent(programName).path
    }

    /// One line saying the helper is missing and what to do.
    static func missingMessage(_ path: String, environment: [String: String]) -> String {
        if let named = environment[environmentVariable], !named.isEmpty {
            return "\(environmentVariable) names \(named), which is not an executable program; point it at tachikoma-mcp or unset it"
        }
        return "the MCP helper \(path) was not found; it ships beside tachikoma: build both with `make release`"
    }
}
