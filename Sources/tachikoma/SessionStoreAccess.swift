import Foundation
import SessionStore
import TachikomaCore

/// Opening the session store for the session commands, and their failures as one line each.
enum SessionStoreAccess {
    /// The store, made when missing: for `import`, which adds to it.
    static func openCreatingIfMissing() throws -> any SessionStoring {
        do {
            return try SQLiteSessionStore(environment: ProcessInfo.processInfo.environment)
        } catch {
            throw failure(error)
        }
    }

    /// The store for a command about what is saved (all but `import`). When no database exists yet
    /// nothing has been saved: an empty store stands in, so these commands never create files.
    static func openExisting() throws -> any SessionStoring {
        let path = StoreLocation.defaultPath(environment: ProcessInfo.processInfo.environment)
        if !FileManager.default.fileExists(atPath: path) { return InMemorySessionStore(location: path) }
        return try openCreatingIfMissing()
    }

    /// A store failure as the line a person reads: a bad name or export path is a usage problem
    /// (exit 2); the rest, a bad database included, exit 1. The line names the file and the problem.
    static func failure(_ error: SessionStoreError) -> CommandFailure {
        switch error {
        case .invalidName, .unsupportedExportFormat: CommandFailure.usage(error.description)
        default: CommandFailure(message: error.description, exitCode: 1)
        }
    }

    /// Runs a store call, turning its failure into the command's.
    static func attempt<T>(_ body: () throws(SessionStoreError) -> T) throws(CommandFailure) -> T {
        do {
            return try body()
        } catch {
            throw failure(error)
        }
    }

    /// The name a replay's parent session has; nil when it was deleted. (From the list: loading the
    /// parent would read all its messages for a name.)
    static func parentName(of transcript: SessionTranscript, in store: any SessionStoring) -> String? {
        guard let parent = transcript.session.parentID else { return nil }
        return (try? store.listSessions())?.first { $0.session.id == parent }?.session.name
    }
}
