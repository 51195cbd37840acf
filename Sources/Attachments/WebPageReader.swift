import AsyncHTTPClient
import Foundation
import NIOCore
import TachikomaCore

/// Fetches an http(s) URL for `/attach URL`: a page as readable text (`HTMLText`), other text as it
/// is, a picture by its first bytes. Limits: the message's limits on bytes, a 20 s deadline,
/// redirects as AsyncHTTPClient follows them; other content types are refused.
public struct WebPageReader: Sendable {
    public var limits: AttachmentLimits
    public var timeout: Duration

    public init(limits: AttachmentLimits, timeout: Duration = .seconds(20)) {
        self.limits = limits
        self.timeout = timeout
    }

    /// Whether `text` looks like an address this reader takes (or a mistaken one to refuse).
    public static func looksLikeURL(_ text: String) -> Bool {
        text.range(of: "^[A-Za-z][A-Za-z0-9+.-]*://", options: .regularExpression) != nil
    }

    public func fetch(_ address: String) async throws(AttachmentError) -> Attachment {
        guard let url = URL(string: address), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host?.isEmpty == false
        else { throw .notAWebAddress(address) }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "User-Agent", value: "tachikoma")
        let limit = max(limits.mediaBytes, limits.textBytes)
        let seconds = timeout.components.seconds
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(seconds))
            guard (200..<300).contains(response.status.code) else {
                throw AttachmentError.urlFailed(url: address, reason: "the server answered \(response.status.code) \(response.status.reasonPhrase)")
            }
            let type = (response.headers.first(name: "content-type") ?? "").lowercased()
            var body: [UInt8] = []
            for try await chunk in response.body {
                body += chunk.readableBytesView
                if body.count > limit { throw AttachmentError.tooLarge(name: address, bytes: body.count, limit: limit, what: "attachments") }
            }
            if let format = MediaFormat.sniff(body) {
                guard body.count <= limits.mediaBytes else {
                    throw AttachmentError.tooLarge(name: address, bytes: body.count, limit: limits.mediaBytes, what: "pictures and sounds")
                }
                return Attachment(name: address, kind: .media(format), bytes: body)
            }
            guard Self.isText(type), AttachmentReader.isText(body) else {
                throw AttachmentError.urlFailed(url: address, reason: "it is \(type.isEmpty ? "not text" : type), not text or a picture")
            }
            var text = String(decoding: body, as: UTF8.self)
            if type.contains("html") || (type.isEmpty && text.range(of: "<html", options: .caseInsensitive) != nil) {
                text = HTMLText.text(of: text)
            }
            let bytes = Array(text.utf8)
            guard bytes.count <= limits.textBytes else {
                throw AttachmentError.tooLarge(name: address, bytes: bytes.count, limit: limits.textBytes, what: "attached text")
            }
            return Attachment(name: address, kind: .text(.page), bytes: bytes)
        } catch let error as AttachmentError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw .urlFailed(url: address, reason: "no answer within \(seconds) s")
        } catch {
            if Task.isCancelled { throw .urlFailed(url: address, reason: "stopped") }
            throw .urlFailed(url: address, reason: "\(error)")
        }
    }

    static func isText(_ type: String) -> Bool {
        type.isEmpty || type.hasPrefix("text/") || ["json", "xml", "javascript", "yaml", "csv"].contains { type.contains($0) }
    }
}
