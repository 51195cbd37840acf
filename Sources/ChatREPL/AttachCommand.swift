import Attachments
import Foundation
import TachikomaCore
import TerminalText

/// `/attach PATH|FOLDER|!COMMAND|URL`, `/attach` (what is pending) and `/attach clear`: what goes
/// with the next message only.
enum AttachCommand {
    static let slashCommand = SlashCommand(
        name: "attach", arguments: .optional("PATH|FOLDER|!COMMAND|URL|clear"),
        summary: "Attach a file, a folder, a command's output or a web page to the next message",
        help: """
            /attach PATH        a text file (as a fenced block headed by its name) or a picture
            /attach FOLDER      the text files in it, recursively (hidden, binary and .gitignore'd skipped)
            /attach !COMMAND    runs COMMAND with sh -c here and attaches its output and exit status
            /attach URL         fetches an http(s) page as readable text
            /attach             lists what is attached, with sizes
            /attach clear       drops it
            Attachments go with the next message only, and stay with it in the session. For a model
            that can see, a picture's path typed in a message is attached too. See docs/attachments.md.
            """,
        complete: { previous, prefix, _ in previous.isEmpty ? PathCompletion.candidates(for: prefix) : [] },
        action: { context, command in await run(command, in: context) })

    static func run(_ command: ParsedCommand, in context: CommandContext) async -> CommandOutcome {
        let screen = context.screen
        let argument = command.argumentText
        let pending = context.attachments
        if argument.isEmpty {
            guard !pending.pending.isEmpty else {
                screen.say("Nothing is attached. /attach PATH, FOLDER, !COMMAND or URL attaches to the next message.")
                return .continue
            }
            for attachment in pending.pending {
                screen.say("  " + TerminalSanitizer.clean(attachment.label))
            }
            let total = pending.pending.reduce(0) { $0 + $1.bytes.count }
            screen.say("\(pending.pending.count) pending, \(HumanReadable.bytes(Int64(total))); they go with the next message.")
            return .continue
        }
        if argument.lowercased() == "clear" {
            let count = pending.pending.count
            pending.clear()
            screen.say(count == 0 ? "Nothing was attached." : "Dropped \(count) attachment\(count == 1 ? "" : "s").")
            return .continue
        }
        let reader = pending.reader()
        do {
            let taken: [Attachment]
            var note: String?
            if argument.hasPrefix("!") {
                let line = String(argument.dropFirst()).trimmingWhitespace()
                guard !line.isEmpty else {
                    screen.say("/attach !COMMAND runs COMMAND; none was given.")
                    return .continue
                }
                taken = [try await CommandOutputReader(limit: reader.limits.textBytes, workingDirectory: reader.workingDirectory).run(line)]
            } else if WebPageReader.looksLikeURL(argument) {
                taken = [try await WebPageReader(limits: reader.limits).fetch(argument)]
            } else {
                let path = unquoted(argument)
                if reader.isFolder(path) {
                    let folder = try reader.readFolder(path)
                    taken = folder.attachments
                    note = folder.summary(folder: path)
                } else {
                    taken = [try reader.readFile(path)]
                }
            }
            if let problem = reader.limits.check(pending.pending + taken) { throw problem }
            if let format = taken.compactMap(\.mediaFormat).first {
                let media = await pending.media(in: context)
                if !media.mayTake(format) {
                    throw AttachmentError.modelLacks(
                        model: media.model, capability: format.capability.names.first ?? "vision", name: taken[0].name)
                }
            }
            pending.add(taken)
            if let note {
                screen.say(TerminalSanitizer.clean(note))
            } else if let attachment = taken.first {
                screen.say("Attached " + TerminalSanitizer.clean(attachment.label) + ". It goes with your next message.")
            }
        } catch let error as AttachmentError {
            screen.say(TerminalSanitizer.clean(error.description))
        } catch {
            screen.say(TerminalSanitizer.clean("Cannot attach \(argument): \(error)."))
        }
        return .continue
    }

    /// A path in quotes, or with backslash-escaped spaces, as a shell would take it.
    static func unquoted(_ text: String) -> String {
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            return String(text.dropFirst().dropLast())
        }
        var out = ""
        var escaped = false
        for character in text {
            if escaped || character != "\\" {
                out.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return out
    }
}

/// File names for Tab after `/attach `: the entries of the folder the typed prefix names, folders
/// with a `/` so Tab can go on into them; hidden ones only when the prefix asks for them.
enum PathCompletion {
    static func candidates(for prefix: String, home: String? = ProcessInfo.processInfo.environment["HOME"]) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let folderPart = slash.map { String(prefix[...$0]) } ?? ""
        let namePart = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        var folder = folderPart.isEmpty ? "." : folderPart
        if folder.hasPrefix("~/"), let home { folder = home + folder.dropFirst() }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasPrefix(namePart) && (namePart.hasPrefix(".") || !$0.hasPrefix(".")) && !$0.contains(" ") }
            .map { name in
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder)
                return folderPart + name + (isFolder.boolValue ? "/" : "")
            }
            .filter(TerminalSanitizer.isClean)
    }
}
