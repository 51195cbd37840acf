import ArgumentParser
import TachikomaCore

/// `--think [LEVEL]` and `--hidethinking` on `chat` and `run`, as `ollama run` takes them.
struct ThinkingOptions: ParsableArguments {
    @Option(
        name: .customLong("think"),
        help: ArgumentHelp(
            "Ask the model to think first (--think alone: true), or not (false), or how hard (high, medium, low, max: for models that take a level; OpenAI-compatible servers get it as reasoning_effort). Default: the config file's think, else the model's own.",
            valueName: "true|false|high|medium|low|max"))
    var think: String?

    @Flag(name: .customLong("hidethinking"), help: "Neither show nor print the model's thinking, only its answer (the thinking is still saved).")
    var hideThinking = false

    func validate() throws {
        guard let think, ThinkSetting(word: think) == nil else { return }
        throw ValidationError("invalid value for --think: '\(think)' (must be true, false, high, medium, low or max)")
    }

    /// The setting `--think` asked for; nil when not given.
    var setting: ThinkSetting? {
        think.flatMap(ThinkSetting.init(word:))
    }

    /// The command line with a bare `--think` made `--think=true`, and `--think LEVEL` made
    /// `--think=LEVEL` when LEVEL is one of the words `--think` takes, so that the flag works alone
    /// (as in `ollama run`) and with a value; a prompt right after a bare `--think` stays a prompt.
    /// Nothing after `--` is touched.
    static func normalized(_ arguments: [String]) -> [String] {
        let valueWords = Set(["true", "false"] + ThinkSetting.levels)
        var result: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                result += arguments[(index - 1)...]
                break
            }
            guard argument == "--think" else {
                result.append(argument)
                continue
            }
            if index < arguments.endIndex, valueWords.contains(arguments[index]) {
                result.append("--think=" + arguments[index])
                index += 1
            } else {
                result.append("--think=true")
            }
        }
        return result
    }
}
