import Foundation
import TachikomaCore

/// `read_file`: a text file inside the allowed roots (`ToolRoots`), up to a size limit.
public struct ReadFileTool: Tool {
    let roots: ToolRoots
    /// Bytes returned at most; a longer file is cut there, and the result says so.
    let maximumBytes: Int

    public init(roots: ToolRoots, maximumBytes: Int = 64 * 1024) {
        self.roots = roots
        self.maximumBytes = maximumBytes
    }

    public var definition: ToolDefinition {
        ToolDefinition(
            name: "read_file",
            description: """
                Reads a UTF-8 text file and returns its contents (at most \(maximumBytes / 1024) KiB; a longer \
                file is cut and the result says so). Only files inside the allowed folders (\
                \(roots.folders.joined(separator: ", "))) can be read; a relative path is taken from \
                \(roots.folders.first ?? "the first of them"). Binary files are refused.
                """,
            parameters: [
                "type": "object",
                "properties": ["path": ["type": "string", "description": "The file's path, absolute or relative"]],
                "required": ["path"],
                "additionalProperties": false,
            ])
    }

    public var source: ToolSource { .builtIn }
    public var defaultPolicy: ToolPolicy { .ask }

    /// The path as given and as it resolves. A path leading outside the roots is refused here, so
    /// nobody is asked to confirm a call that could not run.
    public func preview(_ arguments: JSONValue) throws(ToolError) -> String {
        let checked = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: definition.name)
        let path = checked.string("path") ?? ""
        return "read the file \(path)" + (try roots.resolveForPreview(path, tool: definition.name).map { " (\($0))" } ?? "")
    }

    public func run(_ arguments: JSONValue) async throws(ToolError) -> String {
        let name = definition.name
        let checked = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: name)
        let path = try roots.resolve(checked.string("path") ?? "", tool: name)
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if isFolder.boolValue { throw .failed(tool: name, message: "'\(path)' is a folder; list_directory lists it") }
        // Opening a named pipe waits for a writer, and a device may never end: regular files only.
        let type = (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) ?? nil
        guard type == .typeRegular else {
            throw .failed(tool: name, message: "'\(path)' is not a regular file (a pipe, socket or device); read_file reads files")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .failed(tool: name, message: "'\(path)' cannot be read (permission denied or not a regular file)")
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        let data: Data
        do {
            // One byte past the limit tells a file cut here from one that ends here.
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw .failed(tool: name, message: "'\(path)' cannot be read: \(error.localizedDescription)")
        }
        let cut = data.count > maximumBytes
        var bytes = [UInt8](data.prefix(maximumBytes))
        if bytes.contains(0) { throw .failed(tool: name, message: "'\(path)' is a binary file, not text") }
        if cut {
            // Cut at a character boundary: drop a UTF-8 sequence the limit split.
            var lead = bytes.count - 1
            while lead > 0, bytes.count - lead < 4, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            if lead >= 0 {
                let byte = bytes[lead]
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                if bytes.count - lead < length { bytes.removeSubrange(lead...) }
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .failed(tool: name, message: "'\(path)' is not UTF-8 text")
        }
        guard cut else { return text }
        let total = size.map { " of \($0)" } ?? ""
        return text + "\n[read_file: cut after \(bytes.count)\(total) bytes]"
    }
}
