/// What the chat does before sending a message that would not fit the context window.
public enum ContextPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Say so and ask whether to send it anyway (the server would drop the oldest tokens).
    case warn
    /// Leave the oldest turns out of what is sent (the session keeps them) until it fits.
    case trim
    /// Ask the model to summarise the oldest half and send the summary in its place.
    case summarize
}
