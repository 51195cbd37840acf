import TachikomaCore

/// The JSON shapes Ollama 0.12 uses to describe models, members in Go's struct order.
enum ModelDescriptions {
    static func details(_ model: ScriptedModel) -> OrderedJSON {
        .object([
            ("parent_model", .string("")),
            ("format", .string("gguf")),
            ("family", .string(model.family)),
            ("families", .array([.string(model.family)])),
            ("parameter_size", .string(model.parameterSize)),
            ("quantization_level", .string(model.quantization)),
        ])
    }

    /// `/api/tags`.
    static func tags(_ models: [ScriptedModel]) -> OrderedJSON {
        .object([
            ("models", .array(models.map { model in
                .object([
                    ("name", .string(model.name)),
                    ("model", .string(model.name)),
                    ("modified_at", .string(model.modifiedAt)),
                    ("size", .int(model.size)),
                    ("digest", .string(model.digest)),
                    ("details", details(model)),
                ])
            })),
        ])
    }

    /// `/api/ps`.
    static func running(_ running: [ScriptedRunningModel], models: [ScriptedModel]) -> OrderedJSON {
        .object([
            ("models", .array(running.map { entry in
                let model = models.first { ModelName.sameModel($0.name, entry.name) } ?? ScriptedModel(name: entry.name)
                return .object([
                    ("name", .string(model.name)),
                    ("model", .string(model.name)),
                    ("size", .int(entry.size)),
                    ("digest", .string(model.digest)),
                    ("details", details(model)),
                    ("expires_at", .string(entry.expiresAt)),
                    ("size_vram", .int(entry.sizeVRAM)),
                    ("context_length", .int(entry.contextLength)),
                ])
            })),
        ])
    }

    /// `/api/show`: members in the order of Ollama's `ShowResponse`, empty strings left out.
    static func show(_ model: ScriptedModel) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = []
        if !model.license.isEmpty { members.append(("license", .string(model.license))) }
        members.append(("modelfile", .string(modelfile(model))))
        let parameters = parametersText(model.parameters)
        if !parameters.isEmpty { members.append(("parameters", .string(parameters))) }
        if !model.template.isEmpty { members.append(("template", .string(model.template))) }
        if !model.system.isEmpty { members.append(("system", .string(model.system))) }
        members.append(("details", details(model)))
        members.append(("model_info", modelInfo(model)))
        if !model.capabilities.isEmpty {
            members.append(("capabilities", .array(model.capabilities.map { .string($0) })))
        }
        members.append(("modified_at", .string(model.modifiedAt)))
        return .object(members)
    }

    /// GGUF metadata, keys sorted as Go sorts map keys.
    static func modelInfo(_ model: ScriptedModel) -> OrderedJSON {
        let arch = model.architecture
        var info: [String: OrderedJSON] = [
            "general.architecture": .string(arch),
            "general.file_type": .int(15),
            "general.parameter_count": .int(parameterCount(model.parameterSize)),
            "general.quantization_version": .int(2),
            "\(arch).context_length": .int(model.contextLength),
            "\(arch).embedding_length": .int(model.embeddingLength ?? (model.parameterSize.hasPrefix("8") ? 4096 : 2560)),
            "\(arch).block_count": .int(model.parameterSize.hasPrefix("8") ? 32 : 36),
        ]
        info["\(arch).attention.head_count"] = .int(32)
        return .object(info.keys.sorted().map { ($0, info[$0] ?? .null) })
    }

    /// `8.0B` → 8_000_000_000, `999.89M` → 999_890_000.
    static func parameterCount(_ text: String) -> Int64 {
        let scale: Double
        switch text.last {
        case "B": scale = 1e9
        case "M": scale = 1e6
        case "K": scale = 1e3
        default: scale = 1
        }
        let number = Double(text.filter { $0.isNumber || $0 == "." }) ?? 0
        return Int64(number * scale)
    }

    /// One `name value` line per parameter (lists repeat the name), name padded to 30 as Ollama prints it.
    static func parametersText(_ parameters: [ScriptedParameter]) -> String {
        var lines: [String] = []
        for parameter in parameters {
            let values: [JSONValue]
            if case .array(let elements) = parameter.value { values = elements } else { values = [parameter.value] }
            for value in values {
                let padded = parameter.name.count >= 30
                    ? parameter.name : parameter.name + String(repeating: " ", count: 30 - parameter.name.count)
                lines.append(padded + " " + goValueSyntax(value))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Go's `%#v` for the values a Modelfile holds: strings quoted, numbers bare.
    static func goValueSyntax(_ value: JSONValue) -> String {
        switch value {
        case .string(let text):
            var escaped = ""
            for character in text {
                switch character {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                default: escaped.append(character)
                }
            }
            return "\"" + escaped + "\""
        case .number(let number):
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "<nil>"
        case .array, .object:
            var writer = GoJSONWriter()
            writer.write(.value(value))
            return writer.string
        }
    }

    static func modelfile(_ model: ScriptedModel) -> String {
        var text = "# Modelfile generated by \"ollama show\"\n"
        text += "# To build a new Modelfile based on this, replace FROM with:\n"
        text += "# FROM \(model.name)\n\n"
        text += "FROM /usr/share/ollama/.ollama/models/blobs/sha256-\(FakeDigest.hex(of: "model:" + model.name))\n"
        if !model.template.isEmpty { text += "TEMPLATE \"\"\"\(model.template)\"\"\"\n" }
        if !model.system.isEmpty { text += "SYSTEM \"\"\"\(model.system)\"\"\"\n" }
        for parameter in model.parameters {
            let values: [JSONValue]
            if case .array(let elements) = parameter.value { values = elements } else { values = [parameter.value] }
            for value in values {
                let text2: String
                if case .string(let raw) = value { text2 = raw } else { text2 = goValueSyntax(value) }
                text += "PARAMETER \(parameter.name) \(text2)\n"
            }
        }
        if !model.license.isEmpty { text += "LICENSE \"\"\"\(model.license)\"\"\"\n" }
        return text
    }
}
