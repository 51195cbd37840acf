import Foundation
import HTTPStreaming
import TachikomaCore

/// The lines of `POST /api/pull`: one `PullProgress` a line, finished by `{"status":"success"}`.
struct PullLineHandler: StreamLineHandler {
    let url: String
    private var events: [PullProgress] = []
    private var lastStatus: String?
    private(set) var isComplete = false
    private let decoder = JSONDecoder()

    init(url: String) {
        self.url = url
    }

    mutating func consume(line: UnsafeRawBufferPointer) throws {
        guard !isComplete else { return }
        let decoded: PullLine
        do {
            decoded = try decoder.decode(PullLine.self, from: Data(line))
        } catch {
            throw BackendError.parsing(
                message: "a line of the download progress is not the JSON Ollama sends",
                snippet: ChatStreamAssembler.snippet(line))
        }
        if let message = decoded.error {
            throw BackendError.streamError(message: message)
        }
        let status = decoded.status ?? ""
        lastStatus = status
        events.append(
            PullProgress(status: status, digest: decoded.digest, totalBytes: decoded.total, completedBytes: decoded.completed))
        if status == "success" { isComplete = true }
    }

    mutating func takeEvents(into output: inout [PullProgress]) {
        output.append(contentsOf: events)
        events.removeAll(keepingCapacity: true)
    }

    func bodyEnded() throws {
        guard isComplete else { throw stopped }
    }

    func brokenBodyError(_ error: any Error) -> any Error { stopped }

    private var stopped: BackendError {
        let step = lastStatus.map { " (last step: \($0))" } ?? ""
        return BackendError.network(url: url, message: "the download stopped before the server reported success\(step)")
    }
}
