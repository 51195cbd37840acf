/// A command line shown in the docs, split into words as a POSIX shell would split it, for the
/// simple lines the docs show: single and double quotes, backslash escapes, and the line ending at a
/// comment (`#` starting a word) or at the first unquoted `|`, `;`, `&`, `<` or `>` (what follows is
/// another program or a redirection). Variables, `$(…)` and globs are left as written.
struct ShellWords: Equatable {
    var words: [String]

    init(_ line: String) {
        enum Quote { case none, single, double }
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote = Quote.none
        var escaped = false
        scan: for character in line {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch quote {
            case .single:
                if character == "'" { quote = .none } else { current.append(character) }
            case .double:
                if character == "\"" { quote = .none } else if character == "\\" { escaped = true } else { current.append(character) }
            case .none:
                switch character {
                case "'": quote = .single; inWord = true
                case "\"": quote = .double; inWord = true
                case "\\": escaped = true; inWord = true
                case " ", "\t":
                    if inWord { words.append(current) }
                    current = ""
                    inWord = false
                case "#" where !inWord: break scan
                case "|", ";", "&", "<", ">": break scan
                default: current.append(character); inWord = true
                }
            }
        }
        if inWord { words.append(current) }
        self.words = words
    }
}
