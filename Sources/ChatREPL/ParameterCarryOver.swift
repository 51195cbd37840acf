import ChatEngine
import TachikomaCore
import TerminalText

/// Values set on one server that the current one does not take. They are kept, never dropped:
/// going back to a server that takes them sends them again.
///
/// Used by one task at a time, as the session is.
final class ParameterCarryOver: @unchecked Sendable {
    private let session: ChatSession
    /// The parameters of every server this chat has been on, so a value set on one is named when
    /// another does not take it.
    private(set) var seen: [RequestParameter]

    init(session: ChatSession) {
        self.session = session
        self.seen = session.backend.requestParameters.parameters
    }

    /// `name value` of each value set that `server` does not receive, in the order first seen.
    func unsentParameters(on server: RequestParameterTable) -> [(name: String, value: String)] {
        let settings = session.settings
        var named = Set<String>()
        var reported: [RequestParameter] = []
        var unsent: [(name: String, value: String)] = []
        for parameter in seen where !server.parameters.contains(where: { $0.carriesValue(of: parameter) }) {
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
        for parameter in server.parameters where !seen.contains(where: { $0.carriesValue(of: parameter) && $0.name == parameter.name }) {
            seen.append(parameter)
        }
    }
}
