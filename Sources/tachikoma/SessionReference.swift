import ChatEngine
import ChatREPL
import SessionStore
import TachikomaCore

/// A saved session as the command line names it: by name, or the most recent.
enum SessionReference: Sendable, Hashable {
    case named(String)
    case latest

    /// The session's transcript; a missing one is a one-line failure.
    func load(from store: any SessionStoring) throws -> SessionTranscript {
        switch self {
        case .named(let name):
            return try SessionStoreAccess.attempt { () throws(SessionStoreError) in try store.loadSession(named: name) }
        case .latest:
            let latest = try SessionStoreAccess.attempt { () throws(SessionStoreError) in try store.latestSession() }
            guard let latest else { throw CommandFailure(message: "there is no saved session to resume yet", exitCode: 1) }
            return latest
        }
    }

    /// Why a session cannot be resumed when the store is off or cannot be opened.
    func unavailableMessage(_ saving: SessionSaving) -> String {
        switch saving {
        case .unavailable(let error): "cannot resume: \(error.description)"
        default: "cannot resume with saving turned off (--no-save or \"save_sessions\": false)"
        }
    }
}

extension SessionSaving {
    /// The SQLite store at its usual place; `.unavailable` when it cannot be opened.
    static func open(environment: [String: String]) -> SessionSaving {
        do {
            return .store(try SQLiteSessionStore(environment: environment))
        } catch {
            return .unavailable(error)
        }
    }
}
