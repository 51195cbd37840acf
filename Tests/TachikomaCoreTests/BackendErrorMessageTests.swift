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

    /// Issue 20: a server that cannot download models is never offered a pull.
    @Test func aServerThatCannotPullIsNotOfferedAPull() {
        let text = BackendError.modelNotServed(model: "llama3.1:8b", message: "the server at http://127.0.0.1:8080/v1 does not list it").description
        #expect(text == "model 'llama3.1:8b' is not served here (the server at http://127.0.0.1:8080/v1 does not list it); `tachikoma list` shows the models this server has")
        #expect(!text.contains("pull"))
    }

    @Test func anErrorInsideAStreamHasNoHTTPStatus() {
        let text = BackendError.streamError(message: "model runner has unexpectedly stopped").description
        #expect(text == "the server stopped with an error: model runner has unexpectedly stopped")
        #expect(!text.contains("HTTP"))
    }
}
