import TachikomaCore
import Testing

@testable import OpenAIBackend

/// What `/set` offers on an OpenAI-compatible server is what the request carries.
@Suite struct RequestParameterMappingTests {
    func wire(_ options: GenerationOptions) throws -> ChatCompletionRequestWire {
        let config = try OpenAIBackendConfig(baseURL: "http://127.0.0.1:8080/v1", model: "m")
        return ChatCompletionRequestWire(CompletionRequest(messages: [.user("hi")], options: options), config: config, stream: true)
    }

    @Test func eachDeclaredParameterReachesTheRequest() throws {
        let sent = try wire(GenerationOptions(topK: 40, minP: 0.05, maxTokens: 100))
        #expect(sent.topK == 40)
        #expect(sent.minP == 0.05)
        #expect(sent.maxTokens == 100)
        for parameter in OpenAIRequestParameters.table.parameters {
            #expect([.topK, .minP, .maxTokens].contains(parameter.field), "\(parameter.name) is declared but not sent")
        }
    }

    /// A limit set on Ollama as -1 (unlimited) or -2 (fill the context) has no number in this API:
    /// it is left out, which means the same.
    @Test(arguments: [-1, -2, 0])
    func aLimitWithoutANumberHereIsLeftOut(tokens: Int) throws {
        #expect(try wire(GenerationOptions(maxTokens: tokens)).maxTokens == nil)
    }
}
