import TachikomaCore
import TerminalText

/// Values set on one server that the current one does not take. They are kept, never dropped:
/// going back to a server that takes them sends them again.
extension ChatREPL {
    /// `name value` of each value set that `server` does not receive, in the order first seen.
    func unsentParameters(on server: RequestParameterTable) -> [(name: String, value: String)] {
        var named = Set<String>()
        var reported: [RequestParameter] = []
        var unsent: [(name: String, value: String)] = []
        for parameter in parametersSeen where !server.parameters.contains(where: { $0.carriesValue(of: parameter) }) {
            // One value under one name, though servers name it differently (num_predict, max_tokens).
            guard let value = RequestParameterValue.read(parameter, from: settings),
                !reported.contains(where: { $0.carriesValue(of: parameter) })
            else { continue }
            reported.append(parameter)
            named.insert(parameter.name)
            unsent.append((parameter.name, RequestParameterValue.text(value)))
        }
        // Options by name that no server seen declared (a resumed session's, say) are not sent either.
        for (name, value) in settings.options.extraOptions.sorted(by: { $0.key < $1.key })
        where !named.contains(name) && !server.parameters.contains(where: { $0.field == .extra && $0.name == name }) {
            named.insert(name)
            unsent.append((name, RequestParameterValue.text(value)))
        }
        return unsent
    }

    /// One line naming the values `server` will not receive; nil when it takes them all.
    func unsentParameterNote(on server: RequestParameterTable) -> String? {
        let unsent = unsentParameters(on: server)
        guard !unsent.isEmpty else { return nil }
        let list = unsent.map { "\($0.name) \($0.value)" }.joined(separator: ", ")
        return TerminalSanitizer.clean("Not sent to \(server.serverKind), kept for a server that takes them: \(list).")
    }

    /// Adds `server`'s parameters to those the chat can name.
    func rememberParameters(of server: RequestParameterTable) {
        for parameter in server.parameters where !parametersSeen.contains(where: { $0.carriesValue(of: parameter) && $0.name == parameter.name }) {
            parametersSeen.append(parameter)
        }
    }
}
