import Foundation

/// Where `swift build` put the executables these tests drive.
enum BuiltProducts {
    static var directory: URL {
        // The test runner lives beside the products: .build/<triple>/debug/TachikomaPackageTests.xctest
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return runner.deletingLastPathComponent()
    }

    static var tachikoma: String { directory.appendingPathComponent("tachikoma").path }
    static var fakeOllama: String { directory.appendingPathComponent("fake-ollama").path }
}
