import TachikomaCore

/// How the chat behaves: the model, what is sent with each request and how answers are shown.
///
/// The caller fills it from the command line and the environment; slash commands change it during
/// the session.
public struct ChatSettings: Sendable, Hashable, Codable {
    /// The model every request names; `/model NAME` changes it.
    public var model: String
    /// Sent first in every request when set.
    public var systemPrompt: String?
    /// Sampling and length options. Its `contextLength` is ignored: `contextLength` below wins.
    public var options: GenerationOptions
    /// Whether and how hard the model thinks; nil leaves the model's default.
    public var think: ThinkSetting?
    /// Neither show nor print the model's thinking (`--hidethinking`, `/set hidethinking`); it is
    /// still kept with the answer and saved.
    public var hidesThinking: Bool = false
    /// Print the server's timing and token statistics after each answer.
    public var verbose: Bool
    /// Wrap answers at the terminal width without breaking words.
    public var wordWrap: Bool
    /// Use colour and dim text; the caller decides from --no-color, NO_COLOR and whether stdout is a tty.
    public var color: Bool
    /// Render answers' Markdown (headings, emphasis, lists, tables, coloured code) where colour is on.
    public var markdown: Bool
    /// The shape answers must take; nil for free text.
    public var format: ResponseFormat?
    /// Whether tools are offered to the model.
    public var toolsEnabled: Bool
    /// The context window in tokens the user chose (e.g. `num_ctx`), sent to a backend whose
    /// requests set it (`RequestParameterTable.contextWindowParameter`); nil sends none, so the
    /// server's own holds and a loaded model is not reloaded.
    public var contextLength: Int?
    /// Whether entered lines go into the input history (`/set nohistory` turns it off for the session).
    public var recordsHistory: Bool
    /// What happens before a message that would not fit the context window.
    public var contextPolicy: ContextPolicy

    public init(
        model: String,
        systemPrompt: String? = nil,
        options: GenerationOptions = GenerationOptions(),
        think: ThinkSetting? = nil,
        verbose: Bool = false,
        wordWrap: Bool = true,
        color: Bool = true,
        markdown: Bool = true,
        format: ResponseFormat? = nil,
        toolsEnabled: Bool = false,
        contextLength: Int? = nil,
        recordsHistory: Bool = true,
        contextPolicy: ContextPolicy = .warn
    ) {
        self.model = model
        self.systemPrompt = systemPrompt
        self.options = options
        self.think = think
        self.verbose = verbose
        self.wordWrap = wordWrap
        self.color = color
        self.markdown = markdown
        self.format = format
        self.toolsEnabled = toolsEnabled
        self.contextLength = contextLength
        self.recordsHistory = recordsHistory
        self.contextPolicy = contextPolicy
    }

    /// The options as sent: the user's options with the context window the user chose, if any.
    public var requestOptions: GenerationOptions {
        var options = self.options
        options.contextLength = contextLength
        return options
    }
}
