import TachikomaCore

/// Turns a typed message and what is waiting to go with it into the user message: picture paths in
/// the text are found and read (for a model that can see), everything is checked against the
/// limits of one message and what the model can take, and the text files go in as blocks.
public struct MessageComposer: Sendable {
    public var reader: AttachmentReader

    public init(reader: AttachmentReader) {
        self.reader = reader
    }

    /// What the model can be sent, as far as the chat knows.
    public struct ModelMedia: Sendable, Hashable {
        public var model: String
        /// What the server says the model can do; nil when it does not say.
        public var reported: ModelCapabilities?
        /// Marked as seeing in the config (`vision_models`).
        public var configuredVision: Bool

        public init(model: String, reported: ModelCapabilities?, configuredVision: Bool) {
            self.model = model
            self.reported = reported
            self.configuredVision = configuredVision
        }

        /// The capabilities whose paths are looked for in the text: only ones the server reports or
        /// the config marks, so a path is plain text for any other model.
        public var detected: ModelCapabilities {
            var capabilities = (reported ?? []).intersection([.vision, .audio])
            if configuredVision { capabilities.insert(.vision) }
            return capabilities
        }

        /// Whether an attachment of `format` named explicitly may go: refused only when the server
        /// says what the model can do and leaves it out (otherwise the server's answer decides).
        public func mayTake(_ format: MediaFormat) -> Bool {
            configuredVision && format.capability == .vision || (reported?.contains(format.capability) ?? true)
        }
    }

    /// The message and the attachments found in its text (for `Added image 'PATH'`).
    public struct Composed: Sendable {
        public var message: Message
        public var found: [Attachment]
    }

    /// Whether what the model can take matters for this message: something pending is a picture or
    /// a sound, or the text names a file with such an ending. Otherwise the server is not asked.
    public func needsModelMedia(_ text: String, pending: [Attachment]) -> Bool {
        if pending.contains(where: { $0.mediaFormat != nil }) { return true }
        let scanner = AttachmentPathScanner(extensions: Set(MediaFormat.allCases.flatMap(\.extensions)))
        return !scanner.find(in: text) { reader.isFile($0) }.isEmpty
    }

    /// `pending` (already read, from `/attach`, `-i` or `-f`) go first, then the pictures whose
    /// paths are in `text`, which are taken out of it.
    public func compose(_ text: String, pending: [Attachment], media: ModelMedia) throws(AttachmentError) -> Composed {
        for attachment in pending {
            if let format = attachment.mediaFormat, !media.mayTake(format) {
                throw .modelLacks(model: media.model, capability: format.capability.names.first ?? "vision", name: attachment.name)
            }
        }
        let scanner = AttachmentPathScanner(extensions: MediaFormat.extensions(for: media.detected))
        let paths = scanner.find(in: text) { reader.isFile($0) }
        var found: [Attachment] = []
        for path in paths {
            guard let claimed = MediaFormat(claimedBy: path.path) else { continue }
            found.append(try reader.readMedia(path.path, claimed: claimed))
        }
        let all = pending + found
        if let problem = reader.limits.check(all) { throw problem }
        let remaining = found.isEmpty ? text : AttachmentPathScanner.removing(paths, from: text)
        return Composed(message: .user(remaining, attachments: all), found: found)
    }
}
