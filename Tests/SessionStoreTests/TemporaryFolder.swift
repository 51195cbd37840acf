import Foundation
import SessionStore
import TachikomaCore

/// A fresh folder for one test, removed on every path out of `body`.
func withTemporaryFolder<T>(_ body: (String) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("tachikoma-store-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer {
        // Give back write permission first, in case a test took it away.
        chmod(folder, 0o700)
        chmod(folder + "/tachikoma", 0o700)
        try? FileManager.default.removeItem(atPath: folder)
    }
    return try body(folder)
}

func withTemporaryFolder<T>(_ body: (String) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("tachikoma-store-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    return try await body(folder)
}

/// Where a test's database goes: a `tachikoma` folder the store must make itself.
func databasePath(in folder: String) -> String {
    folder + "/tachikoma/tachikoma.sqlite"
}

/// Which implementation a contract test runs against.
enum StoreKind: String, CaseIterable, Sendable {
    case sqlite
    case memory
}

/// Runs `body` against a fresh store of `kind`, in a temporary folder for SQLite.
func withStore<T>(_ kind: StoreKind, _ body: (any SessionStoring) throws -> T) throws -> T {
    switch kind {
    case .memory:
        return try body(InMemorySessionStore())
    case .sqlite:
        return try withTemporaryFolder { folder in
            try body(try SQLiteSessionStore(path: databasePath(in: folder)))
        }
    }
}

/// A fixed instant, whole milliseconds, so stored dates compare equal.
func instant(_ offset: Int64) -> Date {
    Date(millisecondsSince1970: 1_764_190_000_000 + offset * 1000)
}

func fileBytes(_ path: String) -> Data? {
    FileManager.default.contents(atPath: path)
}

func mode(_ path: String) -> mode_t? {
    var status = stat()
    return stat(path, &status) == 0 ? status.st_mode & 0o777 : nil
}
