import Attachments
import OllamaTestSupport
import TachikomaCore
import Testing

/// `/attach URL` against a local server: text comes as a page, a failure or a scheme that is not
/// http(s) is one line naming the address.
@Suite struct WebPageReaderTests {
    @Test func aTextPageIsAttachedAndFailuresNameTheAddress() async throws {
        try await ScriptedOllamaServer.withRunning { server in
            let reader = WebPageReader(limits: .standard)
            let page = try await reader.fetch(server.baseURL + "/")
            #expect(page.kind == .text(.page) && page.text == "Ollama is running")
            #expect(page.label == "[page \(server.baseURL)/ · 1 line]")
            let missing = server.baseURL + "/no/such/page"
            await #expect(throws: AttachmentError.urlFailed(url: missing, reason: "the server answered 404 Not Found")) {
                try await reader.fetch(missing)
            }
            let small = WebPageReader(limits: AttachmentLimits(mediaBytes: 5, textBytes: 5))
            await #expect(throws: AttachmentError.self) { try await small.fetch(server.baseURL + "/") }
        }
        await #expect(throws: AttachmentError.notAWebAddress("ftp://example.com/a.txt")) {
            try await WebPageReader(limits: .standard).fetch("ftp://example.com/a.txt")
        }
        #expect(WebPageReader.looksLikeURL("https://x.y/z") && WebPageReader.looksLikeURL("ftp://x"))
        #expect(!WebPageReader.looksLikeURL("notes/a.txt") && !WebPageReader.looksLikeURL("!ls"))
    }
}
