import TachikomaCore

/// One `PARAMETER` line of a scripted model, e.g. `stop "<|eot_id|>"` or `temperature 0.6`.
public struct ScriptedParameter: Sendable, Hashable {
    public var name: String
    public var value: JSONValue

    public init(_ name: String, _ value: JSONValue) {
        self.name = name
        self.value = value
    }
}

/// A model the scripted server has "installed": what `/api/tags`, `/api/show` and `/api/ps` describe.
public struct ScriptedModel: Sendable, Hashable {
    /// Display name as `/api/tags` lists it, e.g. `llama3.1:8b`.
    public var name: String
    /// Manifest digest: 64 hex characters, no `sha256:` prefix (as `/api/tags` shows it).
    public var digest: String
    public var size: Int64
    /// RFC 3339 timestamp with nanoseconds and zone offset, sent verbatim.
    public var modifiedAt: String
    public var family: String
    /// E.g. `8.0B`.
    public var parameterSize: String
    /// E.g. `Q4_K_M`.
    public var quantization: String
    /// `general.architecture` in `model_info`; the context length key is `<architecture>.context_length`.
    public var architecture: String
    public var contextLength: Int
    /// Ollama capability names: `completion`, `tools`, `thinking`, `vision`, `insert`, `embedding`.
    public var capabilities: [String]
    public var parameters: [ScriptedParameter]
    public var template: String
    public var system: String
    public var license: String
    /// `<architecture>.embedding_length`: the length of the model's vectors; nil makes one up from
    /// the parameter size.
    public var embeddingLength: Int?

    public init(
        name: String,
        digest: String? = nil,
        size: Int64 = 4_920_753_328,
        modifiedAt: String = "2025-05-04T17:37:44.706015396-07:00",
        family: String = "llama",
        parameterSize: String = "8.0B",
        quantization: String = "Q4_K_M",
        architecture: String? = nil,
        contextLength: Int = 131_072,
        capabilities: [String] = ["completion"],
        parameters: [ScriptedParameter] = [],
        template: String = "{{ .Prompt }}",
        system: String = "",
        license: String = "",
        embeddingLength: Int? = nil
    ) {
        self.name = name
        self.digest = digest ?? FakeDigest.hex(of: "manifest:" + name)
        self.size = size
        self.modifiedAt = modifiedAt
        self.family = family
        self.parameterSize = parameterSize
        self.quantization = quantization
        self.architecture = architecture ?? family
        self.contextLength = contextLength
        self.capabilities = capabilities
        self.parameters = parameters
        self.template = template
        self.system = system
        self.license = license
        self.embeddingLength = embeddingLength
    }

    /// Whether the model advertises the given capability (e.g. `"tools"`).
    public func supports(_ capability: String) -> Bool {
        capabilities.contains(capability)
    }
}

extension ScriptedModel {
    /// Llama 3.1 8B: completion and tools, no thinking.
    public static let llama31 = ScriptedModel(
        name: "llama3.1:8b",
        digest: "46e0c10c039e019119339687c3c1757cc81b9da49709a3b3924863ba87ca666e",
        size: 4_920_753_328,
        modifiedAt: "2025-09-12T10:21:07.318845624+02:00",
        family: "llama",
        parameterSize: "8.0B",
        quantization: "Q4_K_M",
        contextLength: 131_072,
        capabilities: ["completion", "tools"],
        parameters: [
            ScriptedParameter("stop", "<|start_header_id|>"),
            ScriptedParameter("stop", "<|end_header_id|>"),
            ScriptedParameter("stop", "<|eot_id|>"),
        ],
        template: """
            {{- if .System }}<|start_header_id|>system<|end_header_id|>

            {{ .System }}<|eot_id|>
            {{- end }}
            {{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>

            {{ .Content }}<|eot_id|>
            {{- end }}<|start_header_id|>assistant<|end_header_id|>

            """,
        license: "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024"
    )

    /// Qwen3 4B: completion, tools and thinking.
    public static let qwen3 = ScriptedModel(
        name: "qwen3:4b",
        digest: "e55aed6fe643f9368b2f48f8aaa56ec787b75765da69f794c0a0c23bfe7c64b2",
        size: 2_497_293_931,
        modifiedAt: "2025-09-10T08:02:51.140283518+02:00",
        family: "qwen3",
        parameterSize: "4.0B",
        quantization: "Q4_K_M",
        contextLength: 262_144,
        capabilities: ["completion", "tools", "thinking"],
        parameters: [
            ScriptedParameter("repeat_penalty", 1),
            ScriptedParameter("stop", "<|im_start|>"),
            ScriptedParameter("stop", "<|im_end|>"),
            ScriptedParameter("temperature", 0.6),
            ScriptedParameter("top_k", 20),
            ScriptedParameter("top_p", 0.95),
        ],
        template: """
            {{- range .Messages }}<|im_start|>{{ .Role }}
            {{ .Content }}<|im_end|>
            {{ end }}<|im_start|>assistant
            {{ if .Think }}<think>
            {{ end }}
            """,
        license: "Apache License\nVersion 2.0, January 2004"
    )

    /// Llama 3.2 3B: not installed by default, but available to `/api/pull`.
    public static let llama32 = ScriptedModel(
        name: "llama3.2:latest",
        digest: "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
        size: 2_019_393_189,
        modifiedAt: "2025-05-04T17:37:44.706015396-07:00",
        family: "llama",
        parameterSize: "3.2B",
        quantization: "Q4_K_M",
        contextLength: 131_072,
        capabilities: ["completion", "tools"],
        parameters: ScriptedModel.llama31.parameters,
        template: ScriptedModel.llama31.template,
        license: "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT"
    )

    /// Gemma 3 1B: completion only (no tools), available to `/api/pull`.
    public static let gemma3 = ScriptedModel(
        name: "gemma3:1b",
        digest: "8648f39daa8fbf5b18c7b4e6a8fb4990c692751d49917417b8842ca5758e7ffc",
        size: 815_319_791,
        modifiedAt: "2025-06-01T09:15:00.5-07:00",
        family: "gemma3",
        parameterSize: "999.89M",
        quantization: "Q4_K_M",
        contextLength: 32_768,
        capabilities: ["completion"],
        parameters: [ScriptedParameter("stop", "<end_of_turn>"), ScriptedParameter("temperature", 1)],
        template: "{{- range .Messages }}<start_of_turn>{{ .Role }}\n{{ .Content }}<end_of_turn>\n{{ end }}<start_of_turn>model\n",
        license: "Gemma Terms of Use"
    )

    /// all-MiniLM-L6-v2: an embedding model (384-float vectors, 512 tokens of context), no chat.
    public static let allMiniLM = ScriptedModel(
        name: "all-minilm:latest",
        digest: "1b226e2802dbb772b5fc32a58f103ca1804ef7501331012de126ab22f67475ef",
        size: 45_960_996,
        modifiedAt: "2025-08-14T15:40:12.552144771+02:00",
        family: "bert",
        parameterSize: "23M",
        quantization: "F16",
        contextLength: 512,
        capabilities: ["embedding"],
        template: "{{ .Prompt }}",
        license: "Apache License\nVersion 2.0, January 2004",
        embeddingLength: 384
    )
}
