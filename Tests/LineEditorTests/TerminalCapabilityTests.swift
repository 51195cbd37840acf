import Testing
#if canImport(Glibc)
import Glibc
#endif

@testable import LineEditor

@Suite("Which terminals get escape codes")
struct TerminalCapabilityTests {
    @Test func dumbEmptyAndUnsetTermGetNone() {
        #expect(!TerminalCapability.termAcceptsEscapeCodes("dumb"))
        #expect(!TerminalCapability.termAcceptsEscapeCodes(""))
        #expect(!TerminalCapability.termAcceptsEscapeCodes(nil))
        #expect(TerminalCapability.termAcceptsEscapeCodes("xterm-256color"))
        #expect(TerminalCapability.termAcceptsEscapeCodes("screen"))
    }

    @Test func aPipeIsNoTerminalWhateverTermSays() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { close($0) } }
        #expect(!TerminalCapability.acceptsEscapeCodes(descriptor: ends[1], term: "xterm-256color"))
    }
}
