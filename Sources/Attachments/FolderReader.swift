import Foundation
import TachikomaCore

/// What `/attach FOLDER` took and what it left, and why.
public struct FolderAttachment: Sendable {
    public var attachments: [Attachment]
    /// Each reason a file was left, with how many.
    public var skipped: [(reason: String, count: Int)]

    /// One line: `Attached 3 files from src/ (4.1 KB); skipped 2 binary, 1 hidden.`
    public func summary(folder: String) -> String {
        let bytes = attachments.reduce(0) { $0 + $1.bytes.count }
        let files = attachments.count == 1 ? "1 file" : "\(attachments.count) files"
        var line = "Attached \(files) from \(folder) (\(HumanReadable.bytes(Int64(bytes))))"
        if !skipped.isEmpty { line += "; skipped " + skippedText }
        return line + "."
    }

    /// `2 binary, 1 hidden`, or `nothing else there`.
    public var skippedText: String {
        skipped.isEmpty ? "nothing else there" : skipped.map { "\($0.count) \($0.reason)" }.joined(separator: ", ")
    }
}

extension AttachmentReader {
    /// The most files one folder gives, and the deepest it is walked.
    public static let folderFileLimit = 200
    public static let folderDepthLimit = 12

    /// The text files under `typed`, recursively and in name order: hidden files and folders,
    /// what `.gitignore` files exclude, binaries, pictures, symbolic links to folders, and what would
    /// pass the text limit or `folderFileLimit` are skipped and counted. A folder with nothing to
    /// take is an error naming what was skipped.
    public func readFolder(_ typed: String) throws(AttachmentError) -> FolderAttachment {
        let root = resolve(typed)
        guard isFolder(typed) else { throw .notFound(path: typed) }
        var walk = FolderWalk(reader: self, root: root, prefix: typed.hasSuffix("/") ? typed : typed + "/")
        walk.visit("", depth: 0, rules: IgnoreRules())
        let result = FolderAttachment(
            attachments: walk.taken,
            skipped: FolderWalk.reasons.compactMap { reason in walk.skipped[reason].map { (reason, $0) } })
        guard !result.attachments.isEmpty else { throw .nothingUsable(folder: typed, skipped: result.skippedText) }
        return result
    }
}

/// One walk of a folder: what was taken so far and what was skipped.
private struct FolderWalk {
    static let reasons = ["hidden", "ignored by .gitignore", "binary", "pictures", "unreadable", "over the limit", "too deep"]

    let reader: AttachmentReader
    let root: String
    /// The folder as typed, with a slash: what each file's name starts with.
    let prefix: String
    var taken: [Attachment] = []
    var skipped: [String: Int] = [:]
    private var textBytes = 0

    init(reader: AttachmentReader, root: String, prefix: String) {
        self.reader = reader
        self.root = root
        self.prefix = prefix
    }

    mutating func visit(_ relative: String, depth: Int, rules: IgnoreRules) {
        let folder = relative.isEmpty ? root : root + "/" + relative
        var rules = rules
        if let ignore = FileManager.default.contents(atPath: folder + "/.gitignore") {
            rules.add(String(decoding: ignore, as: UTF8.self), base: relative)
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            skip("unreadable")
            return
        }
        for name in names.sorted() {
            let path = relative.isEmpty ? name : relative + "/" + name
            let full = root + "/" + path
            if name.hasPrefix(".") {
                // The .gitignore was read above; it is not something skipped.
                if name != ".gitignore" { skip("hidden") }
                continue
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: full)
            let type = attributes?[.type] as? FileAttributeType
            if type == .typeDirectory {
                if rules.ignores(path, isFolder: true) {
                    skip("ignored by .gitignore")
                } else if depth + 1 >= AttachmentReader.folderDepthLimit {
                    skip("too deep")
                } else {
                    visit(path, depth: depth + 1, rules: rules)
                }
                continue
            }
            // Links to folders are not followed (a link can loop); sockets and devices are not files.
            guard type == .typeRegular || type == .typeSymbolicLink else { continue }
            if type == .typeSymbolicLink, reader.isFolder(full) { continue }
            if rules.ignores(path, isFolder: false) {
                skip("ignored by .gitignore")
                continue
            }
            take(prefix + path, full: full)
        }
    }

    private mutating func take(_ name: String, full: String) {
        guard taken.count < AttachmentReader.folderFileLimit else { return skip("over the limit") }
        let remaining = reader.limits.textBytes - textBytes
        let bytes: [UInt8]
        do {
            bytes = try reader.read(full, limit: remaining, what: "attached text")
        } catch .tooLarge {
            return skip("over the limit")
        } catch {
            return skip("unreadable")
        }
        if MediaFormat.sniff(bytes) != nil { return skip("pictures") }
        guard AttachmentReader.isText(bytes) else { return skip("binary") }
        textBytes += bytes.count
        taken.append(Attachment(name: name, kind: .text(.file), bytes: bytes))
    }

    private mutating func skip(_ reason: String) {
        skipped[reason, default: 0] += 1
    }
}
