/// The languages whose code blocks are coloured, named as a fenced block's info string names them.
public enum CodeLanguage: Sendable, Hashable, CaseIterable {
    case swift, python, javascript, go, rust, c, shell, json, yaml, sql, html

    /// The language a fence's info string (```` ```ts ````, ```` ```c++ {linenos} ````) names; nil for
    /// one not known here, whose code is shown plain.
    public init?(fenceInfo: some StringProtocol) {
        let word = fenceInfo.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" || $0 == "," }).first
        guard let word, let language = Self.names[word.lowercased()] else { return nil }
        self = language
    }

    private static let names: [String: CodeLanguage] = {
        var names: [String: CodeLanguage] = [:]
        let table: [(CodeLanguage, [String])] = [
            (.swift, ["swift"]),
            (.python, ["python", "py", "python3", "py3", "pyi"]),
            (.javascript, ["javascript", "js", "jsx", "mjs", "cjs", "typescript", "ts", "tsx", "node"]),
            (.go, ["go", "golang"]),
            (.rust, ["rust", "rs"]),
            (.c, ["c", "h", "cpp", "c++", "cc", "cxx", "hpp", "hh", "objc", "objective-c", "cuda", "java", "kotlin", "kt", "csharp", "cs", "c#"]),
            (.shell, ["sh", "bash", "shell", "zsh", "console", "shellsession", "ksh", "fish", "dockerfile", "makefile", "make"]),
            (.json, ["json", "jsonc", "json5", "jsonl", "ndjson"]),
            (.yaml, ["yaml", "yml", "toml", "ini"]),
            (.sql, ["sql", "sqlite", "postgresql", "postgres", "mysql", "plsql"]),
            (.html, ["html", "htm", "xml", "svg", "xhtml", "vue"]),
        ]
        for (language, words) in table { for word in words { names[word] = language } }
        return names
    }()
}
