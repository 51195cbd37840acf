import Testing
import TachikomaCore
@testable import ToolKit

@Suite("calculate: a real expression parser")
struct ArithmeticExpressionTests {
    @Test(arguments: [
        ("1 + 2 * 3", 7.0), ("(1 + 2) * 3", 9), ("2 ^ 3 ^ 2", 512), ("-2 ^ 2", -4), ("2 ^ -1", 0.5),
        ("2 ** 10", 1024), ("10 / 4", 2.5), ("10 % 4", 2), ("--3", 3), ("-(2 + 3)", -5), ("sqrt(16) + abs(-2)", 6),
        ("round(2.5)", 3), ("floor(-1.5)", -2), ("ceil(1.2)", 2), ("log(1000)", 3), ("ln(e)", 1), ("log2(8)", 3),
        ("max(1, 7, 3) - min(4, 2)", 5), ("pow(2, 8)", 256), ("1.5e3 + 2E-1", 1500.2), ("cos(0) + sin(0)", 1),
        ("2 * pi / pi", 2), ("  3  ", 3),
    ])
    func evaluates(expression: String, expected: Double) throws {
        let value = try ArithmeticExpression.evaluate(expression)
        #expect(abs(value - expected) < 1e-9, "\(expression) gave \(value)")
    }

    @Test(arguments: [
        ("1 +", "end of expression"), ("2 * (3 + 4", "end of expression"), ("system(\"ls\")", "'\"'"),
        ("foo(1)", "unknown name 'foo'"), ("1 / 0", "not a finite number"), ("sqrt(1, 2)", "sqrt takes one argument"),
        ("3 $ 4", "'$'"), ("x", "unknown name 'x'"), ("min()", "one or more arguments"),
    ])
    func refuses(expression: String, reason: String) {
        #expect {
            try ArithmeticExpression.evaluate(expression)
        } throws: { error in
            String(describing: error).contains(reason)
        }
    }

    @Test func refusesDeepNestingWithoutCrashing() {
        let deep = String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)
        #expect(throws: ArithmeticExpression.Failure.tooDeep(limit: ArithmeticExpression.maximumDepth)) {
            try ArithmeticExpression.evaluate(deep)
        }
        let unaries = String(repeating: "-", count: 1000) + "1"
        #expect(throws: ArithmeticExpression.Failure.self) { try ArithmeticExpression.evaluate(unaries) }
    }

    @Test func formatsWholeNumbersWithoutAFraction() {
        #expect(ArithmeticExpression.format(42) == "42")
        #expect(ArithmeticExpression.format(-0.5) == "-0.5")
        #expect(ArithmeticExpression.format(1e20) == "1e+20")
    }

    @Test func theToolAnswersAndExplains() async throws {
        let tool = CalculatorTool()
        #expect(try await tool.run(["expression": "6 * 7"]) == "42")
        await #expect(throws: ToolError.failed(tool: "calculate", message: ArithmeticExpression.Failure.notFinite.description)) {
            try await tool.run(["expression": "1/0"])
        }
        await #expect(throws: ToolError.invalidArguments(tool: "calculate", reason: "'expression' is required")) {
            try await tool.run([:])
        }
        #expect(try tool.preview(["expression": "1+1"]) == "calculate 1+1")
    }
}
