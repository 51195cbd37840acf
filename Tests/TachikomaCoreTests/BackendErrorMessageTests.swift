import TachikomaCore
import Testing

/// Issue 10 point 6: each failure reads once, in words a person can act on.
@Suite struct BackendErrorMessageTests {
    @Test(arguments: [
        "model 'nosuch' not found",
        "model \"nosuch\" not found, try pulling it first",
        "Model 'NOSUCH' Not Found",
        "",
    ])
    func aMissingModelIsNamedOnce(serverMessage: String) {
        let text = BackendError.modelNotFound(model: "nosuch", message: serverMessage).description
        #expect(text == "model 'nosuch' not found; download it with `tachikoma pull nosuch`")
    }

    @Test func aServerMessageThatSaysSomethingElseIsKept() {
        let text = BackendError.modelNotFound(model: "m", message: "registry unreachable").description
        #expect(text == "model 'm' not found (registry unreachable); download it with `tachikoma pull m`")
    }

    @Test func anErrorInsideAStreamHasNoHTTPStatus() {
        let text = BackendError.streamError(message: "model runner has unexpectedly stopped").description
        #expect(text == "the server stopped with an error: model runner has unexpectedly stopped")
        #expect(!text.contains("HTTP"))
    }
}
