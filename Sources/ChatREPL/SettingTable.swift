import TachikomaCore

/// Everything `/set` understands on the current server: the chat's own settings around the
/// parameters its backend declares (`Backend.requestParameters`).
struct SettingTable: Sendable {
    /// What the backend declared.
    let server: RequestParameterTable
    /// Sampling first, then the server's parameters, then the chat's other settings, then the
    /// server's parameters listed only once set.
    let all: [SettingParameter]
    /// The server's parameters `/set` lists only once set.
    private let listedOnlyWhenSet: Set<String>

    init(_ server: RequestParameterTable) {
        self.server = server
        let listed = server.parameters.filter(\.listedWhenUnset).map(SettingParameter.init)
        let unlisted = server.parameters.filter { !$0.listedWhenUnset }
        all = SettingParameter.sampling + listed + SettingParameter.general + unlisted.map(SettingParameter.init)
        listedOnlyWhenSet = Set(unlisted.map(\.name))
    }

    /// The parameter called `name` or one of its aliases, ignoring case.
    func named(_ name: String) -> SettingParameter? {
        let name = name.lowercased()
        return all.first { $0.name == name || $0.aliases.contains(name) }
    }

    var names: [String] { all.map(\.name) }

    /// Whether `/set` lists `name` while it is unset.
    func isListedWhenUnset(_ name: String) -> Bool { !listedOnlyWhenSet.contains(name) }

    /// `name  value` rows, the values lined up two spaces after the longest name: of those shown, and
    /// at least of the parameters always listed, so the column stays put as options are set.
    func table(_ rows: [(name: String, value: String)]) -> [String] {
        let alwaysListed = names.filter(isListedWhenUnset)
        let width = max(rows.map(\.name.count).max() ?? 0, alwaysListed.map(\.count).max() ?? 0)
        return rows.map { $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.value }
    }
}

extension RequestParameterTable {
    /// The kind of server at the start of a sentence: "Ollama", "The OpenAI-compatible server".
    var capitalizedServerKind: String { serverKind.prefix(1).uppercased() + serverKind.dropFirst() }

    /// The one line `/set num_ctx N` and `/ctx N` answer on a server whose context window no
    /// request sets.
    var fixedContextWindowLine: String {
        "\(capitalizedServerKind) takes no context window with a request: it is \(contextWindowHint)."
    }
}
