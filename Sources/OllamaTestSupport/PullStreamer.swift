/// `/api/pull`: the progress lines of a download from the scripted registry, or its failure.
struct PullStreamer {
    let state: SharedServerState
    let request: RecordedRequest
    let response: ResponseChannel
    let script: ServerScript

    private struct Layer {
        var digest: String
        var size: Int64
    }

    func run() async throws -> Bool {
        let body = try RequestBody(bytes: request.body, goType: "PullRequest")
        let model = try body.string("model").flatMap { $0.isEmpty ? nil : $0 } ?? body.string("name") ?? ""
        guard ModelName.isValid(model) else { throw RequestRejection(status: 400, message: "invalid model name") }
        let stream = try body.bool("stream") ?? true
        let pull = script.pull
        let source = pull.available.first { ModelName.sameModel($0.name, model) }

        var lines: [OrderedJSON] = [status("pulling manifest")]
        var failure: String?
        if let source {
            for layer in layers(of: source) {
                let steps = max(1, pull.updatesPerLayer)
                for step in 0...steps {
                    let completed = layer.size * Int64(step) / Int64(steps)
                    var members: [(String, OrderedJSON)] = [
                        ("status", .string("pulling " + String(layer.digest.dropFirst(7).prefix(12)))),
                        ("digest", .string(layer.digest)),
                        ("total", .int(layer.size)),
                    ]
                    if completed > 0 { members.append(("completed", .int(completed))) }
                    lines.append(.object(members))
                }
            }
            if let scripted = pull.failure {
                failure = scripted
            } else {
                lines += [status("verifying sha256 digest"), status("writing manifest"), status("success")]
            }
        } else {
            failure = "pull model manifest: file does not exist"
        }

        if !stream {
            for _ in lines where pull.stepDelay > .zero { try await Task.sleep(for: pull.stepDelay) }
            if let failure {
                try await response.sendFull(status: 500, contentType: "application/json", body: errorBytes(failure, newline: false))
                return true
            }
            install(source)
            var writer = GoJSONWriter()
            writer.write(status("success"))
            try await response.sendFull(status: 200, contentType: "application/json", body: writer.bytes)
            return true
        }

        do {
            try await response.startStream()
            for line in lines {
                if pull.stepDelay > .zero { try await Task.sleep(for: pull.stepDelay) }
                var writer = GoJSONWriter()
                writer.write(line)
                try await response.send(writer.bytes + [UInt8(ascii: "\n")])
            }
            if failure == nil { install(source) }
            try await response.finish(failure.map { errorBytes($0, newline: true) } ?? [])
            return true
        } catch is CancellationError {
            return false
        } catch {
            state.withLock { $0.clientDisconnects += 1 }
            return false
        }
    }

    private func status(_ text: String) -> OrderedJSON {
        .object([("status", .string(text))])
    }

    private func errorBytes(_ message: String, newline: Bool) -> [UInt8] {
        var writer = GoJSONWriter()
        writer.write(.object([("error", .string(message))]))
        return writer.bytes + (newline ? [UInt8(ascii: "\n")] : [])
    }

    /// The model blob, then the small template, license and parameter blobs, as Ollama manifests list them.
    private func layers(of model: ScriptedModel) -> [Layer] {
        let small: [(String, Int64)] = [
            ("template", Int64(model.template.utf8.count)),
            ("license", Int64(model.license.utf8.count)),
            ("params", Int64(ModelDescriptions.parametersText(model.parameters).utf8.count)),
        ]
        let smallTotal = small.reduce(Int64(0)) { $0 + $1.1 }
        var layers = [Layer(digest: "sha256:" + FakeDigest.hex(of: "model:" + model.name), size: max(1, model.size - smallTotal))]
        for (kind, size) in small where size > 0 {
            layers.append(Layer(digest: "sha256:" + FakeDigest.hex(of: kind + ":" + model.name), size: size))
        }
        return layers
    }

    /// A successful pull installs the model (as the most recent one, at the top of `/api/tags`).
    private func install(_ model: ScriptedModel?) {
        guard var model else { return }
        model.modifiedAt = GoTimestamp.localTime(after: .zero)
        state.withLock { shared in
            shared.script.models.removeAll { ModelName.sameModel($0.name, model.name) }
            shared.script.models.insert(model, at: 0)
        }
    }
}
