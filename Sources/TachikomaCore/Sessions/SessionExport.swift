import Foundation

/// Writing a session to a file: Markdown for `.md`, the `SessionArchive` JSON for `.json`.
public enum SessionExport {
    public enum Format: Sendable, Hashable {
        case markdown
        case json

        /// The format a file name asks for, by its extension (any case).
        public init(path: String) throws(SessionStoreError) {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "md", "markdown": self = .markdown
            case "json": self = .json
            default: throw .unsupportedExportFormat(path: path)
            }
        }
    }

    /// The file's bytes for `transcript` in `format`.
    public static func data(
        _ transcript: SessionTranscript, format: Format, parentName: String? = nil
    ) throws(SessionStoreError) -> Data {
        switch format {
        case .markdown: Data(MarkdownTranscript.render(transcript).utf8)
        case .json: try SessionArchive(transcript, parentName: parentName).jsonData()
        }
    }

    /// Writes `transcript` to `path` (atomically: a failed write leaves no half file), in the format
    /// its extension names.
    public static func write(
        _ transcript: SessionTranscript, to path: String, parentName: String? = nil
    ) throws(SessionStoreError) {
        let format = try Format(path: path)
        let bytes = try data(transcript, format: format, parentName: parentName)
        do {
            try bytes.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .cannotWriteExport(path: path, reason: reason(error))
        }
    }

    /// Reads an export made by `write` (JSON only).
    public static func read(from path: String) throws(SessionStoreError) -> SessionArchive {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .notAnExport(path: path, reason: "it cannot be read (\(reason(error)))")
        }
        return try SessionArchive.decode(bytes, path: path)
    }

    private static func reason(_ error: any Error) -> String {
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain,
            let message = strerror(Int32(posix.code))
        {
            return String(cString: message)
        }
        return (error as NSError).localizedDescription
    }
}
