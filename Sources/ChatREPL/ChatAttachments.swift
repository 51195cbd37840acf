import Attachments
import ChatEngine
import TachikomaCore
import TerminalText

/// How the chat takes attachments: the limits of one message and the models each server's config
/// marks as seeing (`vision_models`), for servers that do not say what a model can do.
public struct AttachmentSettings: Sendable, Hashable {
    public var limits: AttachmentLimits
    /// Model names by configured server name; the key "" holds the ones for a chat with one server.
    public var visionModels: [String: [String]]

    public init(limits: AttachmentLimits = .standard, visionModels: [String: [String]] = [:]) {
        self.limits = limits
        self.visionModels = visionModels
    }
}

/// What waits to go with the next message (`/attach`), and what the chat has learnt of what each
/// model can be sent. Used by one task at a time, as the session is.
final class ChatAttachments: @unchecked Sendable {
    /// Taken by the next message that is sent; kept when it is not sent.
    private(set) var pending: [Attachment] = []
    var settings = AttachmentSettings()
    /// The capabilities each server (by name, "" for none) reported for each model; nil inside
    /// when it did not say.
    private var reported: [String: ModelCapabilities?] = [:]

    func add(_ attachments: [Attachment]) {
        pending += attachments
    }

    func clear() {
        pending = []
    }

    func reader() -> AttachmentReader {
        AttachmentReader(limits: settings.limits)
    }

    /// What the current model can be sent: asked of the server once per model and server.
    func media(in context: CommandContext) async -> MessageComposer.ModelMedia {
        let model = context.settings.model
        let server = context.servers.recordedName ?? ""
        let key = server + "\u{1F}" + model
        if reported[key] == nil {
            var capabilities: ModelCapabilities?
            if let describer = context.modelDescriber, let details = try? await describer.modelDetails(model) {
                capabilities = details.mediaInputs
            }
            // An answer cut short by Ctrl-C is not an answer: the next message asks again.
            guard !Task.isCancelled else {
                return MessageComposer.ModelMedia(model: model, reported: capabilities, configuredVision: false)
            }
            reported[key] = .some(capabilities)
        }
        let marked = settings.visionModels[server] ?? settings.visionModels[""] ?? []
        return MessageComposer.ModelMedia(
            model: model, reported: reported[key] ?? nil, configuredVision: marked.contains { context.modelNaming.same($0, model) })
    }
}

extension CommandContext {
    /// The message `text` makes with what is attached: the pending attachments and the pictures its
    /// paths name. nil when something cannot go: the reason is one line, the typed text comes back
    /// on the prompt to change, and the pending attachments stay.
    func composeMessage(_ text: String) async -> Message? {
        let composer = MessageComposer(reader: attachments.reader())
        var media = MessageComposer.ModelMedia(model: settings.model, reported: [], configuredVision: false)
        if composer.needsModelMedia(text, pending: attachments.pending) {
            // Asking the server is stopped by Ctrl-C, and then nothing is sent.
            let context = self
            let (found, interrupted, _) = await work.run { _ in await context.attachments.media(in: context) }
            if interrupted {
                if prompt.isInteractive { prompt.prefill(text) }
                return nil
            }
            media = found
        }
        do {
            let composed = try composer.compose(text, pending: attachments.pending, media: media)
            for found in composed.found {
                screen.say("Added \(found.mediaFormat?.noun ?? "file") '\(TerminalSanitizer.clean(found.name))'")
            }
            attachments.clear()
            return composed.message
        } catch {
            screen.say(TerminalSanitizer.clean(error.description))
            if prompt.isInteractive { prompt.prefill(text) }
            return nil
        }
    }
}
