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

    /// What the file system said about a failed read or write, as `strerror` words: "No such file
    /// or directory", "Permission denied", "No space left on device".
    public static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let posix = error.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain,
            let message = strerror(Int32(posix.code))
        {
            return String(cString: message)
        }
        // Foundation on Linux often reports only its own code, whose text is vaguer.
        if error.domain == NSCocoaErrorDomain {
            let number: Int32? =
                switch error.code {
                case NSFileNoSuchFileError, NSFileReadNoSuchFileError: ENOENT
                case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: EACCES
                case NSFileWriteOutOfSpaceError: ENOSPC
                case NSFileWriteVolumeReadOnlyError: EROFS
                default: nil
                }
            if let number, let message = strerror(number) { return String(cString: message) }
        }
        return error.localizedDescription
    }
}
