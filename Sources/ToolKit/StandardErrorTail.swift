import Subprocess

/// The last bytes a child wrote to its standard error, read until the pipe closes: what a failure
/// message quotes. At most `limit` bytes are kept, so a chatty child cannot fill memory.
func standardErrorTail(_ errors: SubprocessOutputSequence, limit: Int) async -> [UInt8] {
    var tail: [UInt8] = []
    do {
        for try await buffer in errors {
            buffer.withUnsafeBytes { bytes in tail.append(contentsOf: bytes) }
            if tail.count > limit { tail.removeFirst(tail.count - limit) }
        }
    } catch {
        // The pipe closed under us (the child was stopped): what was read stands.
    }
    return tail
}
