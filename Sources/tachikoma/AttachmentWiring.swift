import Attachments
import ChatREPL
import Foundation
import TachikomaCore

/// The config's attachment keys as the chat and `run` take them.
enum AttachmentWiring {
    /// The limits, and the models marked as seeing: each configured server's own `vision_models`,
    /// the top-level list for the rest ("").
    static func settings(_ config: TachikomaConfig) -> AttachmentSettings {
        var vision: [String: [String]] = ["": config.visionModels]
        for (name, entry) in config.servers where !entry.visionModels.isEmpty { vision[name] = entry.visionModels }
        return AttachmentSettings(limits: config.attachmentLimits, visionModels: vision)
    }

    /// `run`'s prompt with `-i` and `-f` and the picture paths in it, as the chat composes a message;
    /// each picture found in the text is said on stderr as `Added image 'PATH'`.
    static func runMessage(
        _ text: String, images: [String], files: [String], model: String, server: String?, backend: any Backend,
        config: TachikomaConfig
    ) async throws -> Message {
        let settings = settings(config)
        let reader = AttachmentReader(limits: settings.limits)
        do {
            var pending: [Attachment] = []
            for image in images {
                let attachment = try reader.readFile(image)
                guard attachment.mediaFormat != nil else {
                    throw CommandFailure.usage("-i \(image): not a JPEG, PNG or WebP picture (or WAV sound); -f attaches a text file")
                }
                pending.append(attachment)
            }
            for file in files {
                if reader.isFolder(file) {
                    let folder = try reader.readFolder(file)
                    Console.standardError.write(folder.summary(folder: file) + "\n")
                    pending += folder.attachments
                } else {
                    pending.append(try reader.readFile(file))
                }
            }
            var reported: ModelCapabilities?
            if let describer = backend as? any ModelDescribing, let details = try? await describer.modelDetails(model) {
                reported = details.mediaInputs
            }
            let marked = settings.visionModels[server ?? ""] ?? settings.visionModels[""] ?? []
            let media = MessageComposer.ModelMedia(
                model: model, reported: reported, configuredVision: marked.contains { backend.modelNaming.same($0, model) })
            let composed = try MessageComposer(reader: reader).compose(text, pending: pending, media: media)
            for found in composed.found {
                Console.standardError.write("Added \(found.mediaFormat?.noun ?? "file") '\(found.name)'\n")
            }
            return composed.message
        } catch let error as AttachmentError {
            throw CommandFailure(message: error.description, exitCode: 1)
        }
    }
}
