import Foundation
import PropertyBased
import Testing

@testable import LineEditor

@Suite struct ShellWordsTests {
    @Test(arguments: [
        ("vi", ["vi"]), ("  code   --wait ", ["code", "--wait"]), ("emacs -nw", ["emacs", "-nw"]),
        ("'/opt/My Editor/bin/ed' -x", ["/opt/My Editor/bin/ed", "-x"]), ("\"a b\"c d", ["a bc", "d"]),
        ("a\\ b", ["a b"]), ("''", [""]), ("\"\\$HOME \\\" \\x\"", ["$HOME \" \\x"]), ("$EDITOR ~", ["$EDITOR", "~"]),
        ("", []), ("x\ty", ["x", "y"]),
    ])
    func splitsAsAShellSplitsWords(text: String, words: [String]) throws {
        #expect(try ShellWords.split(text) == words)
    }

    @Test func anOpenQuoteIsAnError() {
        #expect(throws: ShellWords.SplitError.unterminatedQuote("'")) { try ShellWords.split("vi 'a") }
        #expect(throws: ShellWords.SplitError.unterminatedQuote("\"")) { try ShellWords.split("vi \"a") }
    }

    /// Any words, each quoted as `sh` quotes with single quotes, split back to themselves.
    @Test func quotedWordsSplitBackToThemselves() async {
        let alphabet = Array("ab \t'\"\\$`~*é日\n-")
        let lists = Generator<[String], Shrink.None<[String]>>(run: { rng in
            (0..<Int.random(in: 0...4, using: &rng)).map { _ in
                String((0..<Int.random(in: 0...6, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
            }
        })
        await propertyCheck(count: 2000, input: lists) { words in
            let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            #expect((try? ShellWords.split(quoted)) == words, "\(quoted)")
        }
    }
}
