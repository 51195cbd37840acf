import Testing
import TachikomaCore
@testable import ToolKit

@Suite("Arguments are checked against the tool's JSON schema")
struct ToolArgumentCheckerTests {
    let schema: JSONValue = [
        "type": "object",
        "properties": [
            "path": ["type": "string", "minLength": 1],
            "count": ["type": "integer", "minimum": 1, "maximum": 10],
            "mode": ["type": "string", "enum": ["fast", "slow"]],
            "tags": ["type": "array", "items": ["type": "string"]],
            "deep": ["type": "object", "properties": ["flag": ["type": "boolean"]], "required": ["flag"]],
        ],
        "required": ["path"],
        "additionalProperties": false,
    ]

    func reason(_ arguments: JSONValue) -> String? {
        do {
            _ = try ToolArgumentChecker.check(arguments, against: schema, tool: "t")
            return nil
        } catch {
            guard case .invalidArguments(let tool, let reason) = error, tool == "t" else { return "unexpected \(error)" }
            return reason
        }
    }

    @Test func acceptsWhatFits() {
        #expect(reason(["path": "a", "count": 3, "mode": "fast", "tags": ["x"], "deep": ["flag": true]]) == nil)
        #expect(reason(["path": "a", "count": .null]) == nil)
    }

    @Test func namesTheFirstProblem() {
        #expect(reason([:]) == "'path' is required")
        #expect(reason(.null) == "'path' is required")
        #expect(reason(["path": 3]) == "'path' must be a string, not a number")
        #expect(reason(["path": "a", "count": 2.5]) == "'count' must be an integer, not a number")
        #expect(reason(["path": "a", "count": 11]) == "'count' must be at most 10")
        #expect(reason(["path": ""]) == "'path' must have at least 1 characters")
        #expect(reason(["path": "a", "mode": "medium"]) == "'mode' must be one of \"fast\", \"slow\", not \"medium\"")
        #expect(reason(["path": "a", "tags": ["x", 1]]) == "'tags[1]' must be a string, not a number")
        #expect(reason(["path": "a", "deep": [:]]) == "'deep.flag' is required")
        #expect(reason(["path": "a", "colour": "red"])?.hasPrefix("unknown argument 'colour'") == true)
        #expect(reason("just text") == "expected a JSON object, got a string")
        #expect(reason([1, 2]) == "expected a JSON object, got an array")
    }
}
