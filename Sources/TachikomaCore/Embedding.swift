/// A request for the embedding of one text (`POST /api/embed`, `POST /v1/embeddings`).
public struct EmbeddingRequest: Sendable, Hashable {
    public var model: String
    public var input: String
    /// The vector's length, cut and normalised by the server; nil (or not above 0) leaves the model's own.
    public var dimensions: Int?
    /// Whether an input longer than the model's context is cut to fit (true) or refused (false);
    /// nil leaves the server's default (Ollama cuts).
    public var truncate: Bool?

    public init(model: String, input: String, dimensions: Int? = nil, truncate: Bool? = nil) {
        self.model = model
        self.input = input
        self.dimensions = dimensions
        self.truncate = truncate
    }
}

/// A backend that can turn text into an embedding vector: what `run` uses for a model whose only
/// capability is `embedding`.
public protocol EmbeddingMaking: Backend {
    /// The vector of `request.input`, as the server's 32-bit floats.
    /// - Throws: `BackendError` as the chat's requests do; `BackendError.invalidResponse` when the
    ///   server sends no vector.
    func embed(_ request: EmbeddingRequest) async throws -> [Float]

    /// Whether the server reads `EmbeddingRequest.truncate` (OpenAI's API has no such field).
    var takesTruncate: Bool { get }
}

extension EmbeddingMaking {
    public var takesTruncate: Bool { true }
}

/// A vector as one compact JSON array, each number written as Go's `encoding/json` writes a
/// float32 (what `ollama run` prints for an embedding model): shortest round-trip digits, plain
/// decimals between 1e-6 and 1e21, else exponent form (`1.5e-7`, `2e+21`).
public enum EmbeddingText {
    public static func jsonArray(_ vector: [Float]) -> String {
        "[" + vector.map(number).joined(separator: ",") + "]"
    }

    /// One float32 as Go's JSON encoder writes it; NaN and infinities (which Go refuses) as `null`.
    public static func number(_ value: Float) -> String {
        guard value.isFinite else { return "null" }
        let magnitude = abs(value)
        let negative = value.sign == .minus
        var (digits, pointPosition) = decimalDigits(of: magnitude)
        guard !digits.isEmpty else { return negative ? "-0" : "0" }
        let exponentForm = magnitude < Float(1e-6) || magnitude >= Float(1e21)
        var text = negative ? "-" : ""
        if exponentForm {
            let exponent = pointPosition - 1
            text += String(digits.removeFirst())
            if !digits.isEmpty { text += "." + digits }
            // Go writes at least two exponent digits, then trims `e-07` to `e-7` (not `e+07`).
            let exponentDigits = String(abs(exponent))
            if exponent < 0 {
                text += "e-" + exponentDigits
            } else {
                text += "e+" + (exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits)
            }
        } else if pointPosition <= 0 {
            text += "0." + String(repeating: "0", count: -pointPosition) + digits
        } else if pointPosition >= digits.count {
            text += digits + String(repeating: "0", count: pointPosition - digits.count)
        } else {
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            text += digits[..<split] + "." + digits[split...]
        }
        return text
    }

    /// The shortest digits that read back as `value` (Swift's description finds them) with no
    /// leading or trailing zeros, and where the decimal point goes: value = 0.DIGITS × 10^position.
    private static func decimalDigits(of value: Float) -> (String, Int) {
        let text = value.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = String(mantissa[0])
        let fraction = mantissa.count == 2 ? String(mantissa[1]) : ""
        var digits = Substring(whole + fraction)
        var position = whole.count + exponent
        while digits.first == "0" {
            digits = digits.dropFirst()
            position -= 1
        }
        while digits.last == "0" { digits = digits.dropLast() }
        return (String(digits), position)
    }
}
