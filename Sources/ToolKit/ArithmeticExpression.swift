import Foundation

/// Evaluates an arithmetic expression: numbers, `+ - * / %`, `^` (also `**`, right-associative),
/// unary minus and plus, parentheses, the constants `pi` and `e`, and the functions below.
/// A recursive-descent parser over the text; nothing is handed to a shell or an interpreter.
///
/// Precedence, loosest first: `+ -`, then `* / %`, then unary sign, then `^`. So `-2^2` is -4 and
/// `2^-1` is 0.5, as in mathematics.
public enum ArithmeticExpression {
    /// Why an expression has no value; `description` is one line for the model.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case unexpected(String, at: Int)
        case unknownName(String)
        case wrongArgumentCount(function: String, expected: String, got: Int)
        case notFinite
        case tooLong(limit: Int)
        case tooDeep(limit: Int)

        public var description: String {
            switch self {
            case .unexpected(let what, let position): "unexpected \(what) at character \(position + 1)"
            case .unknownName(let name):
                "unknown name '\(name)' (functions: \(ArithmeticExpression.functionNames.joined(separator: ", ")); constants: pi, e)"
            case .wrongArgumentCount(let function, let expected, let got): "\(function) takes \(expected), got \(got)"
            case .notFinite: "the result is not a finite number (division by zero, or out of range)"
            case .tooLong(let limit): "the expression is longer than \(limit) characters"
            case .tooDeep(let limit): "the expression nests deeper than \(limit) levels"
            }
        }
    }

    static let maximumLength = 2_000
    static let maximumDepth = 100

    /// One-argument functions; `min`, `max` and `pow` take more.
    static let unaryFunctions: [String: @Sendable (Double) -> Double] = [
        "sqrt": { $0.squareRoot() }, "abs": { Swift.abs($0) }, "round": { $0.rounded() },
        "floor": { $0.rounded(.down) }, "ceil": { $0.rounded(.up) }, "exp": { Foundation.exp($0) },
        "ln": { Foundation.log($0) }, "log": { Foundation.log10($0) }, "log10": { Foundation.log10($0) },
        "log2": { Foundation.log2($0) }, "sin": { Foundation.sin($0) }, "cos": { Foundation.cos($0) },
        "tan": { Foundation.tan($0) }, "asin": { Foundation.asin($0) }, "acos": { Foundation.acos($0) },
        "atan": { Foundation.atan($0) },
    ]
    static let functionNames = (Array(unaryFunctions.keys) + ["min", "max", "pow"]).sorted()
    static let constants: [String: Double] = ["pi": Double.pi, "e": M_E]

    /// The value of `text`, or the first reason it has none.
    public static func evaluate(_ text: String) throws(Failure) -> Double {
        guard text.count <= maximumLength else { throw .tooLong(limit: maximumLength) }
        var parser = Parser(characters: Array(text))
        let value = try parser.expression(depth: 0)
        parser.skipSpaces()
        if parser.position < parser.characters.count {
            throw .unexpected("'\(parser.characters[parser.position])'", at: parser.position)
        }
        guard value.isFinite else { throw .notFinite }
        return value
    }

    /// A result as people write it: whole numbers without a fraction.
    public static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value.rounded() == value, Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private struct Parser {
        let characters: [Character]
        var position = 0

        mutating func skipSpaces() {
            while position < characters.count, characters[position].isWhitespace { position += 1 }
        }

        mutating func peek() -> Character? {
            skipSpaces()
            return position < characters.count ? characters[position] : nil
        }

        mutating func expression(depth: Int) throws(Failure) -> Double {
            guard depth < ArithmeticExpression.maximumDepth else { throw .tooDeep(limit: ArithmeticExpression.maximumDepth) }
            var value = try term(depth: depth)
            while let next = peek(), next == "+" || next == "-" {
                position += 1
                let right = try term(depth: depth)
                value = next == "+" ? value + right : value - right
            }
            return value
        }

        mutating func term(depth: Int) throws(Failure) -> Double {
            var value = try unary(depth: depth)
            while let next = peek(), next == "*" || next == "/" || next == "%" {
                // `**` is a power, read by `power`.
                if next == "*", position + 1 < characters.count, characters[position + 1] == "*" { break }
                position += 1
                let right = try unary(depth: depth)
                switch next {
                case "*": value *= right
                case "/": value /= right
                default: value = value.truncatingRemainder(dividingBy: right)
                }
            }
            return value
        }

        mutating func unary(depth: Int) throws(Failure) -> Double {
            guard depth < ArithmeticExpression.maximumDepth else { throw .tooDeep(limit: ArithmeticExpression.maximumDepth) }
            if let next = peek(), next == "-" || next == "+" {
                position += 1
                let value = try unary(depth: depth + 1)
                return next == "-" ? -value : value
            }
            return try power(depth: depth)
        }

        mutating func power(depth: Int) throws(Failure) -> Double {
            let base = try primary(depth: depth)
            guard let next = peek() else { return base }
            if next == "^" {
                position += 1
            } else if next == "*", position + 1 < characters.count, characters[position + 1] == "*" {
                position += 2
            } else {
                return base
            }
            // Right-associative, and the exponent may carry a sign: 2^-1, 2^3^2 = 2^9.
            let exponent = try unary(depth: depth + 1)
            return Foundation.pow(base, exponent)
        }

        mutating func primary(depth: Int) throws(Failure) -> Double {
            guard let next = peek() else { throw .unexpected("end of expression", at: position) }
            if next == "(" {
                position += 1
                let value = try expression(depth: depth + 1)
                guard peek() == ")" else { throw .unexpected(describeCurrent(), at: position) }
                position += 1
                return value
            }
            if next.isNumber || next == "." { return try number() }
            if next.isLetter { return try name(depth: depth) }
            throw .unexpected("'\(next)'", at: position)
        }

        func describeCurrent() -> String {
            position < characters.count ? "'\(characters[position])'" : "end of expression"
        }

        mutating func number() throws(Failure) -> Double {
            let start = position
            while position < characters.count, characters[position].isASCII,
                characters[position].isNumber || characters[position] == "."
            {
                position += 1
            }
            // An exponent: 1e3, 2.5E-4.
            if position < characters.count, characters[position] == "e" || characters[position] == "E" {
                var lookahead = position + 1
                if lookahead < characters.count, characters[lookahead] == "+" || characters[lookahead] == "-" { lookahead += 1 }
                if lookahead < characters.count, characters[lookahead].isASCII, characters[lookahead].isNumber {
                    position = lookahead
                    while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
                }
            }
            let text = String(characters[start..<position])
            guard let value = Double(text) else { throw .unexpected("number '\(text)'", at: start) }
            return value
        }

        mutating func name(depth: Int) throws(Failure) -> Double {
            let start = position
            while position < characters.count, characters[position].isLetter || characters[position].isNumber {
                position += 1
            }
            let name = String(characters[start..<position]).lowercased()
            guard peek() == "(" else {
                guard let constant = ArithmeticExpression.constants[name] else { throw .unknownName(name) }
                return constant
            }
            position += 1
            var arguments: [Double] = []
            if peek() != ")" {
                arguments.append(try expression(depth: depth + 1))
                while peek() == "," {
                    position += 1
                    arguments.append(try expression(depth: depth + 1))
                }
            }
            guard peek() == ")" else { throw .unexpected(describeCurrent(), at: position) }
            position += 1
            return try apply(name, arguments)
        }

        func apply(_ name: String, _ arguments: [Double]) throws(Failure) -> Double {
            if let function = ArithmeticExpression.unaryFunctions[name] {
                guard arguments.count == 1 else { throw .wrongArgumentCount(function: name, expected: "one argument", got: arguments.count) }
                return function(arguments[0])
            }
            switch name {
            case "min", "max":
                guard let first = arguments.first else {
                    throw .wrongArgumentCount(function: name, expected: "one or more arguments", got: 0)
                }
                return arguments.dropFirst().reduce(first) { name == "min" ? Swift.min($0, $1) : Swift.max($0, $1) }
            case "pow":
                guard arguments.count == 2 else { throw .wrongArgumentCount(function: name, expected: "two arguments", got: arguments.count) }
                return Foundation.pow(arguments[0], arguments[1])
            default:
                throw .unknownName(name)
            }
        }
    }
}
