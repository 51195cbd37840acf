import Foundation
import TachikomaCore

/// `list_directory`: the entries of a folder inside the allowed roots, one a line.
public struct ListDirectoryTool: Tool {
    let roots: ToolRoots
    /// Entries listed at most; the result says how many more there are.
    let maximumEntries: Int

    public init(roots: ToolRoots, maximumEntries: Int = 500) {
        self.roots = roots
        self.maximumEntries = maximumEntries
    }

    public var definition: ToolDefinition {
        ToolDefinition(
            name: "list_directory",
            description: """
                Lists a folder's entries, one a line, sorted by name: folders end with '/', files show their \
                size in bytes, symbolic links show '-> target'. Only folders inside the allowed folders (\
                \(roots.folders.joined(separator: ", "))) can be listed; without a path, the first of them.
                """,
            parameters: [
                "type": "object",
                "properties": ["path": ["type": "string", "description": "The folder's path, absolute or relative"]],
                "additionalProperties": false,
            ])
    }

    public var source: ToolSource { .builtIn }
    public var defaultPolicy: ToolPolicy { .ask }

    /// The path as given and as it resolves. A path leading outside the roots is refused here, so
    /// nobody is asked to confirm a call that could not run.
    public func preview(_ arguments: JSONValue) throws(ToolError) -> String {
        let checked = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: definition.name)
        let path = checked.string("path") ?? "."
        return "list the folder \(path)" + (try roots.resolveForPreview(path, tool: definition.name).map { " (\($0))" } ?? "")
    }

    public func run(_ arguments: JSONValue) async throws(ToolError) -> String {
        let name = definition.name
        let checked = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: name)
        let path = try roots.resolve(checked.string("path") ?? ".", tool: name)
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .failed(tool: name, message: "'\(path)' is not a folder; read_file reads a file")
        }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw .failed(tool: name, message: "'\(path)' cannot be listed (permission denied)")
        }
        var lines = ["\(path): \(names.count) entries"]
        for entry in names.prefix(maximumEntries) {
            let full = path + "/" + entry
            let attributes = try? manager.attributesOfItem(atPath: full)
            switch attributes?[.type] as? FileAttributeType {
            case .typeDirectory?: lines.append(entry + "/")
            case .typeSymbolicLink?:
                lines.append(entry + " -> " + ((try? manager.destinationOfSymbolicLink(atPath: full)) ?? "?"))
            default:
                let size = (attributes?[.size] as? Int).map { "  \($0) bytes" } ?? ""
                lines.append(entry + size)
            }
        }
        if names.count > maximumEntries { lines.append("[… \(names.count - maximumEntries) more not listed]") }
        return lines.joined(separator: "\n")
    }
}
