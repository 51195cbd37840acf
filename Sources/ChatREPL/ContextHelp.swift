import TachikomaCore

/// `/help ctx` on a server that takes `RequestParameterTable`'s context window, or does not.
enum ContextHelp {
    static func text(for server: RequestParameterTable) -> String {
        let window: String
        if let parameter = server.contextWindowParameter {
            window = """
                /ctx shows the tokens the conversation takes (counted by the server up to the last
                answer, estimated since), the window (\(parameter.name)), the share used and the policy.
                /ctx N sets the window to N tokens, like /set \(parameter.name) N; /ctx off goes back to the
                server's own.
                """
        } else {
            window = """
                /ctx shows the tokens the conversation takes (counted by the server up to the last
                answer, estimated since), the window as the server reports it, the share used and the
                policy. On \(server.serverKind) no request sets the window: it is \(server.contextWindowHint).
                """
        }
        return window + "\n" + """
            /ctx policy warn|trim|summarize says what happens before a message that would not fit
            (the server would silently drop the oldest tokens): warn says so and asks; trim leaves
            the oldest turns out of what is sent; summarize has the model summarise the oldest
            half and sends that instead. The session keeps every message either way. The config
            file's "context_policy" sets it for every chat.
            """
    }
}
