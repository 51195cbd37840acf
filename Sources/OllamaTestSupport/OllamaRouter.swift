import TachikomaCore

/// Answers one request: picks the endpoint, checks the body as Ollama does, and writes the response.
/// Paths under `/v1/` are the OpenAI-compatible API (`OpenAIChatHandler`), as Ollama also serves it.
struct OllamaRouter {
    let state: SharedServerState
    let request: RecordedRequest
    let response: ResponseChannel

    /// Returns false when the connection must not be used again (it was dropped on purpose or by the client).
    func route() async throws -> Bool {
        let script = state.withLock { $0.script }
        let method = request.method == "HEAD" ? "GET" : request.method

        if script.unansweredPaths.contains(request.path) {
            await response.waitUntilClosed()
            state.withLock { $0.clientDisconnects += 1 }
            return false
        }

        if request.path.hasPrefix("/v1/") || (request.path == "/props" && script.openAI.servesProps) {
            return try await OpenAIChatHandler(state: state, request: request, response: response, script: script)
                .run(method: method)
        }

        if request.path.hasPrefix("/api/"), let failure = script.httpFailure {
            try await response.sendFull(status: failure.status, contentType: ContentType.json, body: Array(failure.body.utf8))
            return true
        }

        do {
            switch (method, request.path) {
            case ("GET", "/"):
                try await response.sendFull(status: 200, contentType: ContentType.text, body: Array("Ollama is running".utf8))
            case ("GET", "/api/version"):
                try await response.sendJSON(status: 200, .object([("version", .string(script.version))]))
            case ("GET", "/api/tags"):
                try await response.sendJSON(status: 200, ModelDescriptions.tags(script.models))
            case ("GET", "/api/ps"):
                try await response.sendJSON(status: 200, ModelDescriptions.running(script.running, models: script.models))
            case ("POST", "/api/show"):
                try await show(script)
            case ("DELETE", "/api/delete"):
                try await delete()
            case ("POST", "/api/pull"):
                return try await PullStreamer(state: state, request: request, response: response, script: script).run()
            case ("POST", "/api/chat"):
                return try await GenerationHandler(
                    state: state, request: request, response: response, script: script, endpoint: .chat
                ).run()
            case ("POST", "/api/embed"):
                try await EmbedHandler(request: request, response: response, script: script).ollama()
            case ("POST", "/api/generate"):
                return try await GenerationHandler(
                    state: state, request: request, response: response, script: script, endpoint: .generate
                ).run()
            default:
                // gin's answer for unknown routes and methods.
                try await response.sendFull(status: 404, contentType: "text/plain", body: Array("404 page not found".utf8))
            }
        } catch let rejection as RequestRejection {
            try await response.sendError(status: rejection.status, rejection.message)
        }
        return true
    }

    private func show(_ script: ServerScript) async throws {
        let body = try RequestBody(bytes: request.body, goType: "ShowRequest")
        let name = try body.string("model").flatMap { $0.isEmpty ? nil : $0 } ?? body.string("name") ?? ""
        guard !name.isEmpty else { throw RequestRejection(status: 400, message: "model is required") }
        guard let model = script.model(named: name) else {
            throw RequestRejection(status: 404, message: "model '\(name)' not found")
        }
        try await response.sendJSON(status: 200, ModelDescriptions.show(model))
    }

    private func delete() async throws {
        let body = try RequestBody(bytes: request.body, goType: "DeleteRequest")
        let name = try body.string("model").flatMap { $0.isEmpty ? nil : $0 } ?? body.string("name") ?? ""
        guard ModelName.isValid(name) else { throw RequestRejection(status: 400, message: "name \"\(name)\" is invalid") }
        let removed = state.withLock { shared -> Bool in
            guard let index = shared.script.models.firstIndex(where: { ModelName.sameModel($0.name, name) }) else {
                return false
            }
            shared.script.models.remove(at: index)
            shared.script.running.removeAll { ModelName.sameModel($0.name, name) }
            return true
        }
        guard removed else { throw RequestRejection(status: 404, message: "model '\(name)' not found") }
        try await response.sendFull(status: 200, contentType: nil, body: [])
    }
}
