import Testing

@testable import TachikomaCore

/// `max_attachment_bytes` and `vision_models`, at the top level and per server.
@Suite struct AttachmentConfigTests {
    @Test func theLimitsAreANumberForBothOrOnePerKind() throws {
        #expect(try TachikomaConfig.parse("{}", file: "c.json").attachmentLimits == .standard)
        let both = try TachikomaConfig.parse(#"{"max_attachment_bytes": 5000}"#, file: "c.json")
        #expect(both.attachmentLimits == AttachmentLimits(mediaBytes: 5000, textBytes: 5000))
        let one = try TachikomaConfig.parse(#"{"max_attachment_bytes": {"text": 2000}}"#, file: "c.json")
        #expect(one.attachmentLimits == AttachmentLimits(mediaBytes: 20_000_000, textBytes: 2000))
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(#"{"max_attachment_bytes": {"video": 1}}"#, file: "c.json") }
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(#"{"max_attachment_bytes": 0}"#, file: "c.json") }
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(#"{"max_attachment_bytes": "20MB"}"#, file: "c.json") }
    }

    @Test func visionModelsAreListedAtTheTopAndPerServer() throws {
        let text = #"""
            {"vision_models": ["llava:7b"],
             "servers": {"box": {"kind": "openai", "url": "http://127.0.0.1:8080/v1", "vision_models": ["qwen2.5-vl"]}}}
            """#
        let config = try TachikomaConfig.parse(text, file: "c.json", kinds: .forTests)
        #expect(config.visionModels == ["llava:7b"])
        #expect(config.servers["box"]?.visionModels == ["qwen2.5-vl"])
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(#"{"vision_models": "llava"}"#, file: "c.json") }
        #expect(throws: ConfigError.self) { try TachikomaConfig.parse(#"{"vision_models": [""]}"#, file: "c.json") }
    }
}
