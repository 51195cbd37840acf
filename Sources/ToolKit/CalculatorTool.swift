import TachikomaCore

/// `calculate`: the value of an arithmetic expression (`ArithmeticExpression`; never a shell or eval).
public struct CalculatorTool: Tool {
    public init() {}

    public var definition: ToolDefinition {
        ToolDefinition(
            name: "calculate",
            description: """
                Evaluates an arithmetic expression exactly as written and returns the number. Supports \
                + - * / % and ^ (power), parentheses, unary minus, the constants pi and e, and the functions \
                sqrt, abs, round, floor, ceil, exp, ln (natural log), log (base 10), log2, sin, cos, tan, \
                asin, acos, atan (radians), min, max and pow. Example: "2 * (3 + 4)^2 / sqrt(16)".
                """,
            parameters: [
                "type": "object",
                "properties": ["expression": ["type": "string", "description": "The expression to evaluate"]],
                "required": ["expression"],
                "additionalProperties": false,
            ])
    }

    public var source: ToolSource { .builtIn }
    public var defaultPolicy: ToolPolicy { .auto }

    public func preview(_ arguments: JSONValue) throws(ToolError) -> String {
        let checked = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: definition.name)
        return "calculate \(checked.string("expression") ?? "")"
    }

    public func run(_ arguments: JSONValue) async throws(ToolError) -> String {
        let checked = try ToolArgumentChecker.check(arguments, against: definition.parameters, tool: definition.name)
        let expression = checked.string("expression") ?? ""
        do throws(ArithmeticExpression.Failure) {
            return ArithmeticExpression.format(try ArithmeticExpression.evaluate(expression))
        } catch {
            throw .failed(tool: definition.name, message: error.description)
        }
    }
}
