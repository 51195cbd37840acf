import PropertyBased
import Testing
@testable import ToolKit

/// The calculator on generated input: it answers or explains, never traps, and agrees with Swift's
/// own arithmetic on generated sums and products.
@Suite struct ArithmeticExpressionPropertyTests {
    static let fragments = [
        "1", "2.5", "0", "1e3", "e", "pi", "+", "-", "*", "/", "%", "^", "**", "(", ")", ",", " ", "sqrt(", "min(",
        "log(", "x", "$", "\"", "1e", ".", "..", "9999999999999999999", "ln(", "abs(",
    ]

    @Test func anyTextGivesAValueOrAReason() async {
        let text = Gen<String?>.element(of: Self.fragments).map { $0 ?? "" }.array(of: 0...40).map { $0.joined() }
        await propertyCheck(count: 3000, input: text) { expression in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            do throws(ArithmeticExpression.Failure) {
                let value = try ArithmeticExpression.evaluate(expression)
                #expect(value.isFinite)
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test func precedenceMatchesSwift() async {
        await propertyCheck(count: 1000, input: Gen.int(in: -1000...1000), Gen.int(in: -1000...1000), Gen.int(in: 1...50)) { a, b, c in
            await Task.yield()  // lets tests that wait on events run between cases (the pool has 2 threads)
            let value = try? ArithmeticExpression.evaluate("\(a) + \(b) * \(c) - (\(a) - \(b)) / \(c)")
            let expected = Double(a) + Double(b) * Double(c) - Double(a - b) / Double(c)
            #expect(value.map { abs($0 - expected) < 1e-9 } == true)
        }
    }
}
