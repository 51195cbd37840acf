import Foundation
import TachikomaCore

/// A web page's HTML as readable text: scripts, styles and comments dropped, block elements and
/// `<br>` as line breaks, list items as `- `, the common entities and numeric references decoded,
/// runs of blank space closed up. Not a browser: enough to give a model the words of a page.
public enum HTMLText {
    private static let blockTags: Set<String> = [
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
        "ul", "ol", "table", "pre", "blockquote", "title", "hr", "dt", "dd",
    ]
    private static let droppedTags: Set<String> = ["script", "style", "noscript", "template", "svg"]
    private static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "mdash": "—", "ndash": "–",
        "hellip": "…", "copy": "©", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“",
    ]

    public static func text(of html: String) -> String {
        var out = ""
        var index = html.startIndex
        var title: String?
        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                if html[index...].hasPrefix("<!--") {
                    index = html[index...].range(of: "-->")?.upperBound ?? html.endIndex
                    continue
                }
                guard let close = html[index...].firstIndex(of: ">") else { break }
                let inside = html[html.index(after: index)..<close]
                let isClosing = inside.hasPrefix("/")
                let name = inside.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
                index = html.index(after: close)
                if !isClosing, name == "title", let end = html[index...].range(of: "</title", options: .caseInsensitive) {
                    title = decode(String(html[index..<end.lowerBound])).trimmingWhitespace()
                    index = end.lowerBound
                    continue
                }
                if !isClosing, droppedTags.contains(name) {
                    index = html[index...].range(of: "</" + name, options: .caseInsensitive)?.lowerBound ?? html.endIndex
                    continue
                }
                // A list item or a row starts a line; other blocks are set apart by a blank line.
                if blockTags.contains(name), !(isClosing && ["li", "tr", "dt", "dd", "br", "title"].contains(name)) { out += "\n" }
                if !isClosing, name == "li" { out += "- " }
                continue
            }
            out.append(character)
            index = html.index(after: index)
        }
        let lines = decode(out).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
        }
        var text = ""
        var blank = true
        for line in lines {
            if line.isEmpty {
                if !blank { text += "\n" }
                blank = true
            } else {
                text += line + "\n"
                blank = false
            }
        }
        let body = text.trimmingWhitespace()
        guard let title, !title.isEmpty, !body.hasPrefix(title) else { return body }
        return title + "\n\n" + body
    }

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") {
                let name = String(text[text.index(after: index)..<semicolon])
                if let known = entities[name] {
                    out += known
                    index = text.index(after: semicolon)
                    continue
                }
                if name.hasPrefix("#") {
                    let digits = name.dropFirst()
                    let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                    if let value, let scalar = Unicode.Scalar(value) {
                        out.unicodeScalars.append(scalar)
                        index = text.index(after: semicolon)
                        continue
                    }
                }
            }
            out.append(text[index])
            index = text.index(after: index)
        }
        return out
    }
}
