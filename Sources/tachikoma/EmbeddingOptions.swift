import ArgumentParser
import ChatREPL
import TachikomaCore

/// `run`'s options for an embedding model (`--dimensions`, `--truncate`), and what `run` does with
/// one: the embedding of the text, printed as one compact JSON array line, as `ollama run` prints it.
struct EmbeddingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Embedding models: cut the vector to N numbers (the server normalises it again).", valueName: "n"))
    var dimensions: Int?

    @Flag(
        inversion: .prefixedNo,
        help: "Embedding models: cut a text longer than the model's context to fit, or refuse it (default: the server's, which cuts).")
    var truncate: Bool?

    func validate() throws {
        if let dimensions, dimensions <= 0 {
            throw ValidationError("--dimensions takes a whole number above 0, not \(dimensions)")
        }
    }

    /// The text to embed: the piped text (less the line break that ends it, as `echo` adds one)
    /// before the words given.
    static func text(arguments: [String], piped: String?) -> String {
        var piped = piped ?? ""
        if piped.hasSuffix("\n") { piped.removeLast() }
        let words = arguments.joined(separator: " ")
        return [piped, words].filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// A line saying these options go unused with a model that is not an embedding model; nil when
    /// none was given.
    func ignoredNote(model: String) -> String? {
        guard dimensions != nil || truncate != nil else { return nil }
        return "--dimensions and --truncate are for embedding models; \(model) is not one, so they are ignored."
    }

    /// Prints the embedding of `text` with `model`.
    /// - Throws: `CommandFailure` (exit 2) when there is no text; the backend's failure otherwise.
    func run(text: String, model: String, on backend: any Backend) async throws {
        guard !text.allSatisfy(\.isWhitespace) else {
            throw CommandFailure.usage("\(model) is an embedding model: it needs text, e.g. tachikoma run \(model) \"your text here\" (or pipe it on stdin)")
        }
        guard let embedder = backend as? any EmbeddingMaking else {
            throw CommandFailure(message: "this server cannot make embeddings", exitCode: 1)
        }
        if truncate != nil, !embedder.takesTruncate {
            Console.standardError.writeMessage("warning: OpenAI-compatible servers take no truncate setting; the text is sent without it.")
        }
        let vector: [Float]
        do {
            vector = try await embedder.embed(EmbeddingRequest(model: model, input: text, dimensions: dimensions, truncate: truncate))
        } catch {
            throw CommandFailure.backend(error)
        }
        Console.standardOutput.write(EmbeddingText.jsonArray(vector) + "\n")
        if let failure = Console.standardOutput.writeFailure { throw CommandFailure.output(failure) }
    }
}
