import Foundation
import TachikomaCore

/// `current_time`: the date and time now, in the local time zone or a named one.
public struct CurrentTimeTool: Tool {
    /// The clock, replaceable in tests.
    let now: @Sendable () -> Date
    let localZone: TimeZone

    public init(localZone: TimeZone = .current, now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
        self.localZone = localZone
    }

    public var definition: ToolDefinition {
        ToolDefinition(
            name: "current_time",
            description: """
                The current date and time, with the weekday and the time zone (ISO 8601 with the UTC offset). \
                Give time_zone (an IANA name such as Europe/Paris or America/New_York) for another zone; \
                without it, the user's local time zone.
                """,
            parameters: [
                "type": "object",
                "properties": [
                    "time_zone": ["type": "string", "description": "IANA time zone name, e.g. Asia/Tokyo or UTC"]
                ],
                "additionalProperties": false,
            ])
    }

    public var source: ToolSource { .builtIn }
    /// Reads nothing of the user's: runs without asking.
    public var defaultPolicy: ToolPolicy { .auto }

    public func preview(_ arguments: JSONValue) throws(ToolError) -> String {
        let checked = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: definition.name)
        return "the current time" + (checked.string("time_zone").map { " in \($0)" } ?? "")
    }

    public func run(_ arguments: JSONValue) async throws(ToolError) -> String {
        let checked = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: definition.name)
        var zone = localZone
        if let name = checked.string("time_zone") {
            guard let named = TimeZone(identifier: name) else {
                throw .invalidArguments(tool: definition.name, reason: "unknown time zone '\(name)'; use an IANA name such as Europe/Berlin")
            }
            zone = named
        }
        return Self.describe(now(), in: zone)
    }

    /// `2026-11-27T03:04:05+01:00 (Friday, Europe/Paris, CET)`.
    static func describe(_ date: Date, in zone: TimeZone) -> String {
        let iso = ISO8601DateFormatter()
        iso.timeZone = zone
        iso.formatOptions = [.withInternetDateTime]
        let weekday = DateFormatter()
        weekday.locale = Locale(identifier: "en_US_POSIX")
        weekday.timeZone = zone
        weekday.dateFormat = "EEEE"
        let abbreviation = zone.abbreviation(for: date).flatMap { $0 == zone.identifier ? nil : ", \($0)" } ?? ""
        return "\(iso.string(from: date)) (\(weekday.string(from: date)), \(zone.identifier)\(abbreviation))"
    }
}
