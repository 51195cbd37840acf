import TachikomaCore

/// `POST /api/embed` and, under `/v1`, `POST /v1/embeddings`: Ollama's checks and wording, its
/// answer's fields in its order, numbers written as Go writes float32s.
struct EmbedHandler {
    let request: RecordedRequest
    let response: ResponseChannel
    let script: ServerScript

    /// `{"model","embeddings":[[…]],"total_duration","load_duration","prompt_eval_count"}`; no
    /// input gives `{"model","embeddings":[]}`.
    func ollama() async throws {
        let body = try RequestBody(bytes: request.body, goType: "EmbedRequest")
        let requested = try body.string("model") ?? ""
        let inputs = try inputTexts(body, invalid: RequestRejection(status: 400, message: "invalid input type"))
        guard let model = script.model(named: requested) else {
            throw RequestRejection(status: 404, message: "model '\(requested)' not found")
        }
        var json = GoJSONWriter()
        json.writeRaw("{\"model\":")
        json.writeString(requested)
        guard !inputs.isEmpty else {
            json.writeRaw(",\"embeddings\":[]}")
            try await response.sendFull(status: 200, contentType: ContentType.json, body: json.bytes)
            return
        }
        let (vectors, tokens) = try embed(inputs, model: model, body: body)
        json.writeRaw(",\"embeddings\":[" + vectors.map(EmbeddingText.jsonArray).joined(separator: ",") + "]")
        let totalDuration = 14_021_625 + 1_250 * tokens
        json.writeRaw(",\"total_duration\":\(totalDuration),\"load_duration\":1021917,\"prompt_eval_count\":\(tokens)}")
        try await response.sendFull(status: 200, contentType: ContentType.json, body: json.bytes)
    }

    /// OpenAI's `{"object":"list","data":[{"object":"embedding","embedding":[…],"index":0}],"model",
    /// "usage":{"prompt_tokens","total_tokens"}}`, as Ollama's `/v1` writes it.
    func openAI() async throws {
        let body = try RequestBody(bytes: request.body, goType: "EmbedRequest")
        let requested = try body.string("model") ?? ""
        if let format = try body.string("encoding_format"), !format.isEmpty, !["float", "base64"].contains(format.lowercased()) {
            throw RequestRejection(
                status: 400, message: "Invalid value for 'encoding_format' = \(format). Supported values: ['float', 'base64'].")
        }
        let invalid = RequestRejection(status: 400, message: "invalid input")
        var inputs = try inputTexts(body, invalid: invalid)
        if body.members["input"] == .string("") { inputs = [""] }
        if body.members["input"] == nil || body.members["input"] == .null || inputs.isEmpty { throw invalid }
        guard let model = script.model(named: requested) else {
            throw RequestRejection(status: 404, message: "model \"\(requested)\" not found, try pulling it first")
        }
        let (vectors, tokens) = try embed(inputs, model: model, body: body)
        var json = GoJSONWriter()
        json.writeRaw("{\"object\":\"list\",\"data\":[")
        json.writeRaw(vectors.enumerated().map { index, vector in
            "{\"object\":\"embedding\",\"embedding\":\(EmbeddingText.jsonArray(vector)),\"index\":\(index)}"
        }.joined(separator: ","))
        json.writeRaw("],\"model\":")
        json.writeString(requested)
        json.writeRaw(",\"usage\":{\"prompt_tokens\":\(tokens),\"total_tokens\":\(tokens)}}")
        try await response.sendFull(status: 200, contentType: ContentType.json, body: json.bytes)
    }

    /// `input` as Ollama binds it: a string (empty: none) or an array of strings.
    private func inputTexts(_ body: RequestBody, invalid: RequestRejection) throws -> [String] {
        switch body.members["input"] {
        case nil, .null: return []
        case .string(let text): return text.isEmpty ? [] : [text]
        case .array(let items):
            return try items.map { item in
                guard case .string(let text) = item else { throw invalid }
                return text
            }
        default: throw invalid
        }
    }

    /// Each input's vector and the tokens read; an input over the context is cut, or refused when
    /// `truncate` is false.
    private func embed(_ inputs: [String], model: ScriptedModel, body: RequestBody) throws -> ([[Float]], Int) {
        let truncate = try body.bool("truncate") ?? true
        let dimensions = body.members["dimensions"]?.intValue ?? 0
        var tokens = 0
        let vectors = try inputs.map { text in
            if !truncate, ScriptedEmbedding.tokenCount(text) > model.contextLength {
                throw RequestRejection(status: 400, message: "the input length exceeds the context length")
            }
            let read = ScriptedEmbedding.truncated(text, toTokens: model.contextLength)
            tokens += ScriptedEmbedding.tokenCount(read)
            return ScriptedEmbedding.vector(model: model, text: read, dimensions: dimensions)
        }
        return (vectors, tokens)
    }
}
