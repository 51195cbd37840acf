import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A loopback port where nothing listens, held so that no other test's server can take it meanwhile:
/// a bound socket that never listens, so connecting to it is refused at once.
public final class ReservedPort {
    public let port: Int
    private var descriptor: Int32

    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            if descriptor >= 0 { close(descriptor) }
            throw POSIXError(.EADDRNOTAVAIL)
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// Frees the port. Never start a server on it afterwards (another process may have taken it
    /// meanwhile): `ScriptedOllamaServer.start(listeningOn:)` listens on the held socket instead.
    public func release() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    /// Starts listening on the held socket and hands it over (its new owner closes it); nil when it
    /// was released or handed over before.
    func listenAndHandOver(backlog: Int32) throws -> Int32? {
        guard descriptor >= 0 else { return nil }
        guard listen(descriptor, backlog) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EADDRINUSE) }
        defer { descriptor = -1 }
        return descriptor
    }

    deinit { release() }
}
