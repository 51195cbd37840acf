import Foundation
import Synchronization

/// How the lines (NDJSON) or events (Server-Sent Events) of this process's chat and generate streams
/// were decoded, for benchmarks: by a template match (Ollama's usual chat line; an event like the
/// one before but for its text, `OneStringTemplate`), by a backend's general delta scanner, or by
/// `JSONDecoder` (final lines, errors, tool calls, anything unusual).
///
/// Each stream counts in plain integers and adds them here once per network read, so the counting
/// costs the per-line path one increment. `tachikoma run` prints the summary when
/// `TACHIKOMA_STREAM_STATS=1` is set.
public enum StreamLineStatistics {
    /// Line counts by decoding path.
    public struct Counts: Sendable, Equatable {
        public var template = 0
        public var scanner = 0
        public var decoder = 0

        public init() {}

        public var total: Int { template + scanner + decoder }
        /// Lines that did not need `JSONDecoder`.
        public var light: Int { template + scanner }
    }

    private static let template = Atomic<Int>(0)
    private static let scanner = Atomic<Int>(0)
    private static let decoder = Atomic<Int>(0)

    /// The counts of every stream of this process so far.
    public static var counts: Counts {
        var counts = Counts()
        counts.template = template.load(ordering: .relaxed)
        counts.scanner = scanner.load(ordering: .relaxed)
        counts.decoder = decoder.load(ordering: .relaxed)
        return counts
    }

    public static func add(_ counts: Counts) {
        if counts.template != 0 { template.add(counts.template, ordering: .relaxed) }
        if counts.scanner != 0 { scanner.add(counts.scanner, ordering: .relaxed) }
        if counts.decoder != 0 { decoder.add(counts.decoder, ordering: .relaxed) }
    }

    /// One line: `stream lines: 200001, light path 199999 (99.999%: template 100000, scanner 99999), JSONDecoder 2`.
    public static var summary: String {
        let counts = self.counts
        let share = counts.total == 0 ? 0 : Double(counts.light) * 100 / Double(counts.total)
        return "stream lines: \(counts.total), light path \(counts.light) (\(String(format: "%.3f", share))%: "
            + "template \(counts.template), scanner \(counts.scanner)), JSONDecoder \(counts.decoder)"
    }
}
