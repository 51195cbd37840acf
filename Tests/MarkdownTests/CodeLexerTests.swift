import Testing

@testable import SyntaxHighlighting

/// Each family's lexer: what it calls each token, that the runs give the text back exactly, and that
/// text fed in pieces is coloured as text fed whole.
@Suite struct CodeLexerTests {
    static func runs(_ language: CodeLanguage, _ lines: [String]) -> [HighlightedRun] {
        var highlighter = CodeHighlighter(language: language)
        var runs: [HighlightedRun] = []
        for line in lines {
            runs += highlighter.append(line[...])
            runs += highlighter.endLine()
        }
        return runs
    }

    /// The kind given to every byte of the first occurrence of `text`; nil when it is absent or
    /// its bytes were given different kinds.
    static func kind(of text: String, in runs: [HighlightedRun]) -> TokenKind? {
        let bytes = runs.flatMap { Array($0.text.utf8) }
        let kinds = runs.flatMap { run in Array(repeating: run.kind, count: run.text.utf8.count) }
        let wanted = Array(text.utf8)
        guard !wanted.isEmpty, wanted.count <= bytes.count else { return nil }
        for start in 0...(bytes.count - wanted.count) where Array(bytes[start..<start + wanted.count]) == wanted {
            let found = Set(kinds[start..<start + wanted.count])
            return found.count == 1 ? found.first : nil
        }
        return nil
    }

    @Test func swift() {
        let runs = Self.runs(.swift, ["let name: String = \"hi \\(x)\" // note", "func f() -> Int { return 42 }"])
        #expect(Self.kind(of: "let", in: runs) == .keyword)
        #expect(Self.kind(of: "String", in: runs) == .type)
        #expect(Self.kind(of: "\"hi \\(x)\"", in: runs) == .string)
        #expect(Self.kind(of: "// note", in: runs) == .comment)
        #expect(Self.kind(of: "42", in: runs) == .number)
        #expect(Self.kind(of: "name", in: runs) == .plain)
    }

    @Test func pythonTripleQuotedStringsGoOnOverLines() {
        let runs = Self.runs(.python, ["def f():", "    \"\"\"Doc with 'quotes'", "    more\"\"\"", "    return None  # done"])
        #expect(Self.kind(of: "def", in: runs) == .keyword)
        #expect(Self.kind(of: "\"\"\"Doc with 'quotes'", in: runs) == .string)
        #expect(Self.kind(of: "    more\"\"\"", in: runs) == .string)
        #expect(Self.kind(of: "None", in: runs) == .constant)
        #expect(Self.kind(of: "# done", in: runs) == .comment)
    }

    @Test func javascriptAndTypescript() {
        let runs = Self.runs(.javascript, ["const x: number = `a ${b}`; /* c */ if (x === null) return"])
        #expect(Self.kind(of: "const", in: runs) == .keyword)
        #expect(Self.kind(of: "number", in: runs) == .type)
        #expect(Self.kind(of: "`a ${b}`", in: runs) == .string)
        #expect(Self.kind(of: "/* c */", in: runs) == .comment)
        #expect(Self.kind(of: "null", in: runs) == .constant)
        #expect(CodeLanguage(fenceInfo: "ts") == .javascript)
        #expect(CodeLanguage(fenceInfo: "tsx {1,3}") == .javascript)
    }

    @Test func goRawStringsAndRunes() {
        let runs = Self.runs(.go, ["func main() {", "\ts := `raw \\n`", "\tvar r rune = 'x'", "}"])
        #expect(Self.kind(of: "func", in: runs) == .keyword)
        #expect(Self.kind(of: "`raw \\n`", in: runs) == .string)
        #expect(Self.kind(of: "rune", in: runs) == .type)
        #expect(Self.kind(of: "'x'", in: runs) == .string)
    }

    @Test func rustLifetimesAreNotStrings() {
        let runs = Self.runs(.rust, ["fn get<'a>(s: &'a str) -> Option<&'a str> { None } // end"])
        #expect(Self.kind(of: "fn", in: runs) == .keyword)
        #expect(Self.kind(of: "str", in: runs) == .type)
        #expect(Self.kind(of: "None", in: runs) == .constant)
        #expect(Self.kind(of: "// end", in: runs) == .comment)
    }

    @Test func cAndCpp() {
        let runs = Self.runs(.c, ["#include <stdio.h>", "int main(void) { printf(\"%d\\n\", 1); return 0; } /* x"])
        #expect(Self.kind(of: "#include", in: runs) == .keyword)
        #expect(Self.kind(of: "int", in: runs) == .type)
        #expect(Self.kind(of: "\"%d\\n\"", in: runs) == .string)
        #expect(Self.kind(of: "/* x", in: runs) == .comment)
        #expect(CodeLanguage(fenceInfo: "c++") == .c)
    }

    @Test func shellVariablesAndComments() {
        let runs = Self.runs(.shell, ["for f in *.txt; do echo \"$f\" ${HOME} $# # loop", "done"])
        #expect(Self.kind(of: "for", in: runs) == .keyword)
        #expect(Self.kind(of: "${HOME}", in: runs) == .variable)
        #expect(Self.kind(of: "$#", in: runs) == .variable)
        #expect(Self.kind(of: "# loop", in: runs) == .comment)
        #expect(Self.kind(of: "\"$f\"", in: runs) == .string)
    }

    @Test func jsonAndYaml() {
        let json = Self.runs(.json, ["{\"a\": [1, 2.5, true, null], \"b\": \"x\"}"])
        #expect(Self.kind(of: "\"a\"", in: json) == .string)
        #expect(Self.kind(of: "2.5", in: json) == .number)
        #expect(Self.kind(of: "true", in: json) == .constant)
        let yaml = Self.runs(.yaml, ["name: demo  # comment", "enabled: true", "list:", "  - 'item'"])
        #expect(Self.kind(of: "name", in: yaml) == .key)
        #expect(Self.kind(of: "true", in: yaml) == .constant)
        #expect(Self.kind(of: "# comment", in: yaml) == .comment)
        #expect(Self.kind(of: "'item'", in: yaml) == .string)
    }

    @Test func sqlKeywordsInAnyCase() {
        let runs = Self.runs(.sql, ["select id, 'x' FROM t WHERE n > 3 -- why"])
        #expect(Self.kind(of: "select", in: runs) == .keyword)
        #expect(Self.kind(of: "FROM", in: runs) == .keyword)
        #expect(Self.kind(of: "'x'", in: runs) == .string)
        #expect(Self.kind(of: "-- why", in: runs) == .comment)
    }

    @Test func html() {
        let runs = Self.runs(.html, ["<a href=\"/x\" class='y'>Tom &amp; Jerry</a> <!-- c", "still -->"])
        #expect(Self.kind(of: "a", in: runs) == .key)
        #expect(Self.kind(of: "href", in: runs) == .attribute)
        #expect(Self.kind(of: "\"/x\"", in: runs) == .string)
        #expect(Self.kind(of: "&amp;", in: runs) == .constant)
        #expect(Self.kind(of: "<!-- c", in: runs) == .comment)
        #expect(Self.kind(of: "still -->", in: runs) == .comment)
    }

    @Test func unknownLanguagesAreNotNamed() {
        #expect(CodeLanguage(fenceInfo: "brainfuck") == nil)
        #expect(CodeLanguage(fenceInfo: "") == nil)
    }

    static let samples: [(CodeLanguage, [String])] = [
        (.swift, ["struct A { let s = \"\"\"", "multi \\\"line", "\"\"\" } // é 漢 🙂"]),
        (.python, ["x = f'{a!r}' # c", "'''open", "close''' + \"\\\"\""]),
        (.javascript, ["/* a", "b */ let t = `x", "y` + '\\''"]),
        (.go, ["x := `raw", "more` // c"]),
        (.rust, ["let s = \"a", "b\"; // 'x"]),
        (.c, ["char *p = \"\\\\\"; /* open", "close */"]),
        (.shell, ["echo ${A:-b} $1 'no \\ escape' # c"]),
        (.json, ["{\"k\": -1e5}"]),
        (.yaml, ["a: [1, 'b', \"c\"] # d"]),
        (.sql, ["/* c */ SELECT 'it''s' -- x"]),
        (.html, ["<p class=\"a", "b\">x &lt; y</p><!-- c -"]),
    ]

    @Test(arguments: 1...7) func piecesColourAsTheWhole(pieceLength: Int) {
        for (language, lines) in Self.samples {
            let whole = Self.runs(language, lines)
            var highlighter = CodeHighlighter(language: language)
            var pieces: [HighlightedRun] = []
            for line in lines {
                var rest = Substring(line)
                while !rest.isEmpty {
                    pieces += highlighter.append(rest.prefix(pieceLength))
                    rest = rest.dropFirst(pieceLength)
                }
                pieces += highlighter.endLine()
            }
            #expect(Self.merged(pieces) == Self.merged(whole), "\(language) in pieces of \(pieceLength)")
            #expect(whole.map(\.text).joined() == lines.joined(), "\(language) gives its text back")
        }
    }

    /// Runs of one kind next to each other joined, as they show.
    static func merged(_ runs: [HighlightedRun]) -> [HighlightedRun] {
        var merged: [HighlightedRun] = []
        for run in runs where !run.text.isEmpty {
            if let last = merged.last, last.kind == run.kind {
                merged[merged.count - 1].text += run.text
            } else {
                merged.append(run)
            }
        }
        return merged
    }
}
