import Foundation
import HTTPStreaming
import NIOCore
import TachikomaCore

/// Ollama's error bodies (`{"error":"message"}`) and its wording, over the shared transport mapping.
extension HTTPErrorMapper {
    init(config: OllamaServerConfig) {
        self.init(url: config.baseURL, connectTimeout: config.connectTimeout, requestTimeout: config.requestTimeout)
    }

    /// A non-2xx answer: 404 means the model is missing, any other status keeps its number and the
    /// server's own message.
    /// A 404 without Ollama's JSON error body (e.g. "404 page not found" for a wrong base path) is
    /// not about the model, so it stays an `.api` error.
    func status(_ status: Int, reason: String, body: ByteBuffer?, model: String?) -> BackendError {
        if let error = Self.errorField(body) {
            if status == 404, let model { return .modelNotFound(model: model, message: error) }
            return .api(status: status, message: error)
        }
        let text = body.map { Self.snippet($0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        return .api(status: status, message: text.isEmpty ? reason : text)
    }

    /// The `error` of an Ollama error body.
    static func errorField(_ body: ByteBuffer?) -> String? {
        guard let body, body.readableBytes > 0 else { return nil }
        return try? JSONDecoder().decode(ErrorResponse.self, from: Data(body.readableBytesView)).error
    }

    /// A 2xx body that is not the JSON the endpoint promises.
    func parsing(_ what: String, body: ByteBuffer) -> BackendError {
        .parsing(message: "\(what) from \(url) is not the JSON Ollama sends", snippet: Self.snippet(body))
    }

}
