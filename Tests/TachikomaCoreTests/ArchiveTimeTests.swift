import Foundation
import PropertyBased
import TachikomaCore
import Testing

/// Times in the JSON export are the stored milliseconds exactly, so export and import repeat
/// without drift.
@Suite struct ArchiveTimeTests {
    static func archive(at milliseconds: Int64) -> SessionArchive {
        let date = Date(millisecondsSince1970: milliseconds)
        return SessionArchive(
            name: "t", createdAt: date, lastUsedAt: date,
            events: [.message(SessionArchive.MessageRecord(message: .user("hi"), createdAt: date, completedAt: date))])
    }

    @Test func aMillisecondIsWrittenAsStored() throws {
        let json = String(decoding: try Self.archive(at: 1_795_000_267_123).jsonData(), as: UTF8.self)
        #expect(json.contains("\"createdAt\" : \"2026-11-18T11:11:07.123Z\""))
        #expect(!json.contains(".122Z"))
    }

    @Test func exportingWhatWasImportedGivesTheSameBytes() async {
        await propertyCheck(input: Gen.int(in: 0...4_000_000_000_000)) { milliseconds in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            let first = try? Self.archive(at: Int64(milliseconds)).jsonData()
            let again = try? first.map { try SessionArchive.decode($0, path: "x").jsonData() }
            #expect(first != nil && first == again)
        }
    }
}
