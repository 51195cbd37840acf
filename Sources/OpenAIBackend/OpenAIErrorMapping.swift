import Foundation
import HTTPStreaming
import NIOCore
import TachikomaCore

/// Turns an error status of an OpenAI-compatible server into a `BackendError` a person can act on.
struct OpenAIErrorMapping: Sendable {
    let url: String
    /// The key sent, if any: a server message that quotes it back has it redacted.
    let key: APIKey?
    /// Where the key came from, for 401 and 403.
    let keyEnvName: String?
    var hasKey: Bool { key != nil }

    /// `retryAfter` is the wait the server asked for on a 429, when it said.
    func status(_ status: Int, reason: String, body: ByteBuffer?, model: String?, retryAfter: Duration? = nil)
        -> BackendError
    {
        let detail = Self.errorDetail(body)
        let serverText = detail?.message ?? body.map { Self.text($0) }.flatMap { $0.isEmpty ? nil : $0 } ?? reason
        let message = key?.redacted(in: serverText) ?? serverText
        switch status {
        case 401, 403:
            return .api(status: status, message: keyAdvice(status: status) + ": " + message)
        case 404 where model != nil && Self.isAboutModel(detail, model: model ?? ""):
            return .modelNotServed(model: model ?? "", message: message)
        case 429:
            var text = "rate limited by the server (\(message))"
            if let retryAfter {
                text += "; it asks to wait \(Self.seconds(retryAfter)) s before trying again"
            } else {
                text += "; wait a little and try again"
            }
            return .api(status: 429, message: text)
        default:
            return .api(status: status, message: message)
        }
    }

    /// What to do about a refused key, naming the variable it comes from but never the key.
    private func keyAdvice(status: Int) -> String {
        let variable = keyEnvName.map { "the environment variable \($0)" }
            ?? "the environment variable the server's api_key_env names"
        if !hasKey {
            return "the server wants an API key and none was sent; set \(variable) to your key"
        }
        return status == 401
            ? "the server refused the API key from \(keyEnvName ?? "the configuration") (wrong or expired); check \(variable)"
            : "the API key from \(keyEnvName ?? "the configuration") may not use this model or endpoint (forbidden); check \(variable)"
    }

    /// Whether a 404 says the model is unknown (OpenAI's `model_not_found`, or a message naming it),
    /// rather than a wrong base URL.
    private static func isAboutModel(_ detail: ErrorBodyWire.Detail?, model: String) -> Bool {
        guard let detail else { return false }
        if detail.code == "model_not_found" { return true }
        return !model.isEmpty && detail.message.contains(model) && detail.message.lowercased().contains("model")
    }

    static func errorDetail(_ body: ByteBuffer?) -> ErrorBodyWire.Detail? {
        guard let body, body.readableBytes > 0 else { return nil }
        return try? JSONDecoder().decode(ErrorBodyWire.self, from: Data(body.readableBytesView)).detail
    }

    private static func text(_ body: ByteBuffer) -> String {
        HTTPErrorMapper.snippet(body).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A 2xx body that is not the JSON the endpoint promises.
    func parsing(_ what: String, body: ByteBuffer) -> BackendError {
        .parsing(message: "\(what) from \(url) is not the JSON an OpenAI-compatible server sends",
                 snippet: HTTPErrorMapper.snippet(body))
    }

    static func seconds(_ duration: Duration) -> String {
        let value = duration.secondsValue
        return value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// A `Retry-After` header: delay-seconds, or an HTTP date.
    static func retryAfter(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0, seconds.isFinite { return .milliseconds(Int64(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }
}
