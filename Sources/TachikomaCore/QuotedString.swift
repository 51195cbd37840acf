/// Text in double quotes, with `"`, `\`, newlines and tabs escaped: it reads on one line, and it is a
/// valid JSON string (a stop sequence in a transcript, an argv element in a config suggestion).
public enum QuotedString {
    public static func of(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
