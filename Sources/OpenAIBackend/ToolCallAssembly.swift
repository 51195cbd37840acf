import TachikomaCore

/// Puts together the tool calls of one answer from the fragments a stream carries.
///
/// A call's `id` and `function.name` usually come in its first fragment and its arguments, a JSON
/// text, in pieces over many later chunks; `index` says which call a fragment belongs to, so the
/// calls of one answer may even interleave. A fragment without an `index` (some servers send whole
/// calls that way) continues the last call unless it brings a new `id`, which starts another.
///
/// At the end each call's arguments are parsed: an empty text means no arguments (`{}`); a JSON
/// object is taken as it is. Anything else (malformed or cut-off JSON, or a JSON value that is not
/// an object) is passed on as a JSON *string* holding the raw text, not thrown: the answer's text
/// and the other calls stay usable, and a tool layer that expects an object can tell the model its
/// arguments were malformed, which lets the model try again.
struct ToolCallAssembly: Sendable, Equatable {
    private struct Call: Sendable, Equatable {
        var index: Int
        var id: String?
        var name = ""
        var arguments = ""
    }

    private var calls: [Call] = []

    var isEmpty: Bool { calls.isEmpty }

    mutating func add(_ fragment: ToolCallDeltaWire) {
        let position: Int
        if let index = fragment.index {
            if let found = calls.firstIndex(where: { $0.index == index }) {
                position = found
            } else {
                calls.append(Call(index: index))
                position = calls.count - 1
            }
        } else if let last = calls.indices.last, fragment.id == nil || fragment.id == calls[last].id {
            position = last
        } else {
            calls.append(Call(index: (calls.map(\.index).max() ?? -1) + 1))
            position = calls.count - 1
        }
        if let id = fragment.id, !id.isEmpty { calls[position].id = id }
        if let name = fragment.function?.name, !name.isEmpty {
            // Some servers repeat the whole name in every fragment: that must not make it longer.
            if calls[position].name != name { calls[position].name += name }
        }
        if let arguments = fragment.function?.arguments { calls[position].arguments += arguments }
    }

    /// The calls in index order; a call the server gave no id gets `call_<index>`.
    func toolCalls() -> [ToolCall] {
        calls.sorted { $0.index < $1.index }.map { call in
            ToolCall(id: call.id ?? "call_\(call.index)", name: call.name, arguments: Self.parseArguments(call.arguments))
        }
    }

    /// See the type's description.
    static func parseArguments(_ text: String) -> JSONValue {
        guard text.contains(where: { !$0.isWhitespace }) else { return .object([:]) }
        guard let value = try? JSONTextParser.parse(text), case .object = value else { return .string(text) }
        return value
    }
}
