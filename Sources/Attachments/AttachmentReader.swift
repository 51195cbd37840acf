import Foundation
import TachikomaCore

/// Reads what a person names into attachments: a file (a picture by its first bytes, else text), a
/// folder's text files, within the limits of one message. Paths are as typed: `~/` is the home
/// folder, a relative path is taken from `workingDirectory`.
public struct AttachmentReader: Sendable {
    public var limits: AttachmentLimits
    public var workingDirectory: String
    public var home: String?

    public init(limits: AttachmentLimits = .standard, workingDirectory: String? = nil, home: String? = nil) {
        self.limits = limits
        self.workingDirectory = workingDirectory ?? FileManager.default.currentDirectoryPath
        self.home = home ?? ProcessInfo.processInfo.environment["HOME"]
    }

    /// How many leading bytes decide whether a file is text.
    static let textProbeLength = 8_192

    /// The absolute path `typed` names.
    public func resolve(_ typed: String) -> String {
        var path = typed
        if path == "~" || path.hasPrefix("~/"), let home, !home.isEmpty { path = home + path.dropFirst() }
        if !path.hasPrefix("/") { path = (workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/") + path }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Whether `typed` names a regular file (what makes a path in a message a path).
    public func isFile(_ typed: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: resolve(typed), isDirectory: &isFolder) && !isFolder.boolValue
    }

    /// Whether `typed` names a folder.
    public func isFolder(_ typed: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: resolve(typed), isDirectory: &isFolder) && isFolder.boolValue
    }

    /// The picture or sound at `typed`, whose name claims `claimed`: its first bytes must agree.
    public func readMedia(_ typed: String, claimed: MediaFormat) throws(AttachmentError) -> Attachment {
        let bytes = try read(typed, limit: limits.mediaBytes, what: "pictures and sounds")
        guard let format = MediaFormat.sniff(bytes), format.capability == claimed.capability else {
            throw .notWhatItsNameSays(path: typed, claimed: claimed)
        }
        return Attachment(name: typed, kind: .media(format), bytes: bytes)
    }

    /// The file at `typed`: a picture or sound when its name or its first bytes say so, else text.
    public func readFile(_ typed: String) throws(AttachmentError) -> Attachment {
        if let claimed = MediaFormat(claimedBy: typed) { return try readMedia(typed, claimed: claimed) }
        // The first bytes say which limit applies before the whole file is read.
        if let format = MediaFormat.sniff(head(of: typed)) {
            let bytes = try read(typed, limit: limits.mediaBytes, what: "pictures and sounds")
            return Attachment(name: typed, kind: .media(format), bytes: bytes)
        }
        let bytes = try read(typed, limit: limits.textBytes, what: "attached text")
        guard Self.isText(bytes) else { throw .binary(path: typed) }
        return Attachment(name: typed, kind: .text(.file), bytes: bytes)
    }

    /// The file's first bytes, enough to sniff; none when it cannot be read (`read` then says why).
    func head(of typed: String) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: resolve(typed)) else { return [] }
        defer { try? handle.close() }
        return Array((try? handle.read(upToCount: MediaFormat.sniffLength)) ?? Data())
    }

    /// Text: valid UTF-8 with no NUL byte in it.
    public static func isText(_ bytes: [UInt8]) -> Bool {
        !bytes.prefix(textProbeLength).contains(0) && String(validating: bytes, as: UTF8.self) != nil
    }

    /// The file's bytes; too large, missing or unreadable files are errors that name it.
    func read(_ typed: String, limit: Int, what: String) throws(AttachmentError) -> [UInt8] {
        let path = resolve(typed)
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw FileManager.default.fileExists(atPath: path) ? .unreadable(path: typed, reason: "its details cannot be read") : .notFound(path: typed)
        }
        if (attributes[.type] as? FileAttributeType) == .typeDirectory {
            throw .unreadable(path: typed, reason: "it is a folder")
        }
        if let size = (attributes[.size] as? NSNumber)?.intValue, size > limit {
            throw .tooLarge(name: typed, bytes: size, limit: limit, what: what)
        }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: typed, reason: "permission denied")
        }
        guard data.count <= limit else { throw .tooLarge(name: typed, bytes: data.count, limit: limit, what: what) }
        return Array(data)
    }
}
