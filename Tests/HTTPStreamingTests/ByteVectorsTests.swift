import PropertyBased
import Testing

@testable import HTTPStreaming

/// The vector search and compare answer exactly what a byte-by-byte reading does, at every offset,
/// length and buffer end (a vector load near the end must not read past it, nor miss the last bytes).
@Suite("Byte vectors")
struct ByteVectorsTests {
    /// Bytes drawn mostly from plain text, with the bytes the search stops at mixed in.
    struct Case: Sendable, CustomStringConvertible {
        var bytes: [UInt8]
        var start: Int
        var end: Int
        var description: String { "bytes \(bytes) from \(start) to \(end)" }
    }

    static let cases = Generator<Case, Shrink.None<Case>>(run: { rng in
        let alphabet: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x20, 0x7F, 0x80, 0xFF, 0x61, 0x7A, 0xE6, 0x09, 0x0A]
        let count = Int.random(in: 0...70, using: &rng)
        let plainShare = Int.random(in: 0...10, using: &rng)
        let bytes = (0..<count).map { _ in
            Int.random(in: 0..<10, using: &rng) < plainShare
                ? UInt8(ascii: "a") + UInt8.random(in: 0..<26, using: &rng) : alphabet.randomElement(using: &rng)!
        }
        let start = Int.random(in: 0...count, using: &rng)
        let end = Int.random(in: start...count, using: &rng)
        return Case(bytes: bytes, start: start, end: end)
    })

    static func byteByByte(_ bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        bytes[start..<end].firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }
    }

    @Test func theSearchFindsWhatAByteByByteReadingFinds() async {
        await propertyCheck(count: 3000, input: Self.cases) { sample in
            let expected = Self.byteByByte(sample.bytes, from: sample.start, to: sample.end)
            sample.bytes.withUnsafeBytes { bytes in
                #expect(ByteVectors.firstQuoteBackslashOrControl(in: bytes, from: sample.start, to: sample.end) == expected)
                #expect(
                    ByteVectors.portableFirstQuoteBackslashOrControl(in: bytes, from: sample.start, to: sample.end)
                        == expected)
            }
        }
    }

    @Test func aStopNearTheBufferEndIsFoundAndNothingPastItIsRead() {
        // The buffer is exactly its bytes: a stop in the last byte, or none at all, at every length.
        for count in 1...40 {
            for stop in [nil, 0, count / 2, count - 1] {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: count)
                if let stop { bytes[stop] = 0x22 }
                bytes.withUnsafeBytes { whole in
                    #expect(ByteVectors.firstQuoteBackslashOrControl(in: whole, from: 0, to: count) == stop)
                }
            }
        }
    }

    @Test func theCompareSeesEveryDifferentByte() async {
        await propertyCheck(count: 3000, input: Self.cases) { sample in
            let count = sample.end - sample.start
            var other = sample.bytes
            // Equal, then each byte of the range changed in turn.
            var changes: [Int?] = [nil]
            changes += (sample.start..<sample.end).map { $0 }
            for change in changes {
                if let change { other[change] &+= 1 }
                defer { if let change { other[change] &-= 1 } }
                sample.bytes.withUnsafeBytes { first in
                    other.withUnsafeBytes { second in
                        guard let a = first.baseAddress, let b = second.baseAddress else { return }
                        #expect(ByteVectors.equal(a + sample.start, b + sample.start, count: count) == (change == nil))
                        #expect(ByteVectors.portableEqual(a + sample.start, b + sample.start, count: count) == (change == nil))
                    }
                }
            }
        }
    }
}
