import TachikomaCore

/// The case of a `BackendError` without its payload, for tests that check which kind was thrown.
enum BackendErrorKind: Equatable {
    case configuration, serviceUnavailable, network, timeout, api, streamError, modelNotFound, modelNotServed, parsing, streamEndedEarly
    case cancelled, unsupported

    init(_ error: BackendError) {
        switch error {
        case .configuration: self = .configuration
        case .serviceUnavailable: self = .serviceUnavailable
        case .network: self = .network
        case .timeout: self = .timeout
        case .api: self = .api
        case .streamError: self = .streamError
        case .modelNotFound: self = .modelNotFound
        case .modelNotServed: self = .modelNotServed
        case .parsing: self = .parsing
        case .streamEndedEarly: self = .streamEndedEarly
        case .cancelled: self = .cancelled
        case .unsupported: self = .unsupported
        }
    }

    /// The kind of any error: nil when it is not a `BackendError`.
    static func of(_ error: (any Error)?) -> BackendErrorKind? {
        (error as? BackendError).map(BackendErrorKind.init)
    }
}
