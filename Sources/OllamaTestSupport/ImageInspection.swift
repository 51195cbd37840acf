import Foundation
import TachikomaCore

/// What the scripted server makes of the pictures in a request, as a vision model's runner would:
/// base64 must decode, the bytes must be a JPEG, PNG or WebP, and a model without `vision` takes
/// none. A vision model's answer then names what it was shown (`I see 2 images: PNG 16×16, JPEG
/// 8×8.`), so a test and a person can tell which pictures reached it, in order.
enum ImageInspection {
    /// One picture's format and size, e.g. `PNG 16×16`.
    static func describe(_ bytes: [UInt8]) -> String? {
        guard let format = MediaFormat.sniff(bytes), format != .wav else { return nil }
        let name = format.rawValue.uppercased()
        guard let (width, height) = size(of: bytes, format: format) else { return name }
        return "\(name) \(width)×\(height)"
    }

    /// The pictures in `base64` (all of a request's, in order), checked; what a vision model says it
    /// sees (nil for a model without vision). `refusedWithoutVision`: Ollama's way, a model without
    /// `vision` refuses pictures; an OpenAI-compatible server does not say what its models can do,
    /// so there they are checked and passed over.
    static func inspect(_ base64: [String], model: ScriptedModel, refusedWithoutVision: Bool = true) throws -> String? {
        guard !base64.isEmpty else { return nil }
        if !model.supports("vision"), refusedWithoutVision {
            throw RequestRejection(status: 400, message: "\(ModelName.qualified(model.name)) does not support images")
        }
        var seen: [String] = []
        for text in base64 {
            guard let data = Data(base64Encoded: text) else {
                throw RequestRejection(status: 400, message: "illegal base64 data in images")
            }
            guard let description = describe(Array(data)) else {
                throw RequestRejection(status: 500, message: "failed to process inputs: image: unknown format")
            }
            seen.append(description)
        }
        guard model.supports("vision") else { return nil }
        return "I see \(seen.count) image\(seen.count == 1 ? "" : "s"): \(seen.joined(separator: ", "))."
    }

    /// The strings of a JSON array (an Ollama message's `images`); none for anything else.
    static func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap(\.stringValue)
    }

    /// The base64 of every picture in an OpenAI request's content parts (data URLs), in order.
    static func dataURLImages(_ messages: [JSONValue]) throws -> [String] {
        var found: [String] = []
        for message in messages {
            guard case .array(let parts)? = message.objectValue?["content"] else { continue }
            for part in parts where part.objectValue?["type"]?.stringValue == "image_url" {
                let url = part.objectValue?["image_url"]?.objectValue?["url"]?.stringValue ?? ""
                guard url.hasPrefix("data:image/"), let comma = url.range(of: ";base64,") else {
                    throw RequestRejection(status: 400, message: "Invalid image_url: only data:image/...;base64 URLs are supported")
                }
                found.append(String(url[comma.upperBound...]))
            }
        }
        return found
    }

    private static func size(of bytes: [UInt8], format: MediaFormat) -> (Int, Int)? {
        func bigEndian(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= bytes.count else { return nil }
            return bytes[at..<(at + count)].reduce(0) { $0 << 8 | Int($1) }
        }
        switch format {
        case .png:
            guard let width = bigEndian(16, 4), let height = bigEndian(20, 4) else { return nil }
            return (width, height)
        case .jpeg:
            // The first start-of-frame marker holds the size.
            var index = 2
            while index + 9 < bytes.count, bytes[index] == 0xFF {
                let marker = bytes[index + 1]
                guard let length = bigEndian(index + 2, 2) else { return nil }
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    guard let height = bigEndian(index + 5, 2), let width = bigEndian(index + 7, 2) else { return nil }
                    return (width, height)
                }
                index += 2 + length
            }
            return nil
        case .webp, .wav:
            return nil
        }
    }
}

extension RecordedRequest {
    /// The pictures each message of a chat request carries, in order: Ollama's `images`, or the
    /// base64 of OpenAI's `image_url` data-URL parts.
    public var messageImages: [[String]] {
        guard case .array(let messages)? = json?.objectValue?["messages"] else { return [] }
        return messages.map { message in
            if message.objectValue?["images"] != nil { return ImageInspection.strings(message.objectValue?["images"]) }
            return (try? ImageInspection.dataURLImages([message])) ?? []
        }
    }
}
