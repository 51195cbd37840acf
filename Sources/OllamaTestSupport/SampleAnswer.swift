/// A model-like answer for benchmarks: markdown with a code block, quotes, backslashes, tabs, HTML
/// characters (which Go escapes as `\u003c`, `\u003e`, `\u0026`), accents, CJK and emoji, cut into
/// tokens the way a model's tokenizer roughly cuts it.
///
/// The repeated-token stream (`--repeat-token`) is the best case for a client's decoder: one plain
/// ASCII token on every line. This is what a real answer looks like on the wire.
public enum SampleAnswer {
    /// The answer's text.
    public static let text = #"""
        Here is a small **Python** function that escapes HTML, plus a few notes on *why* each step matters.

        ## The code

        ```python
        import html

        def render(items: list[str]) -> str:
        	"""Return an <ul> list; "&" and <tags> are escaped."""
        	rows = [f"<li>{html.escape(item)}</li>" for item in items]
        	return "<ul>\n" + "\n".join(rows) + "\n</ul>"

        print(render(["a < b", "Tom & Jerry", 'say "hi"', r"C:\Users\me"]))
        ```

        ## How it works

        1. `html.escape` turns `<`, `>` and `&` into `&lt;`, `&gt;` and `&amp;`; with `quote=True` (the default) it also escapes `"` and `'`.
        2. The raw string `r"C:\Users\me"` keeps its backslashes: `\U` would otherwise start a Unicode escape.
        3. Tabs (`\t`) and newlines (`\n`) pass through unchanged.

        | input | output |
        |-------|--------|
        | `a < b` | `a &lt; b` |
        | `Tom & Jerry` | `Tom &amp; Jerry` |

        > **Note:** if the list comes from a user, *always* escape it — even a café's menu (« plat du jour », crème brûlée, 5 €) can hold a `<script>`.

        The same idea in other languages: 日本語ではエスケープが必要です。中文也一样：“转义”很重要。 Ça marche ! 🚀 Done ✅ — happy coding 🐍✨

        """#

    /// The answer as tokens: words keep their leading space, long words are split, newlines, digits and
    /// punctuation stand alone (a run of one mark, like ```` ``` ```` or `**`, stays whole), and every CJK
    /// character and emoji is a token. Joined, they give `text` back.
    public static let tokens: [String] = tokenize(text)

    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var currentKind: Kind?

        enum Kind: Equatable { case word, digits, spaces, newlines, mark(Character), single }

        func kind(of character: Character) -> Kind {
            if character == "\n" { return .newlines }
            if character == " " { return .spaces }
            if character.isNumber, character.isASCII { return .digits }
            if character.isLetter {
                let isWide = character.unicodeScalars.contains { $0.value >= 0x2E80 }
                return isWide ? .single : .word
            }
            if character.unicodeScalars.contains(where: { $0.value >= 0x2000 }) { return .single }
            return .mark(character)
        }

        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
            currentKind = nil
        }

        for character in text {
            let next = kind(of: character)
            switch (currentKind, next) {
            case (.spaces?, .word) where current == " ":
                // A word takes the single space before it, as tokenizers do.
                current.append(character)
                currentKind = .word
                continue
            case (.word?, .word) where current.count < 8,
                (.digits?, .digits) where current.count < 3,
                (.spaces?, .spaces), (.newlines?, .newlines):
                current.append(character)
                continue
            case (.mark(let previous)?, .mark(let mark)) where previous == mark:
                current.append(character)
                continue
            default:
                flush()
                current.append(character)
                currentKind = next
            }
        }
        flush()
        return tokens
    }
}
