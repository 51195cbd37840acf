import PropertyBased
import TachikomaCore
import Testing

/// Vectors printed as `ollama run` prints them: Go's JSON for float32s.
@Suite struct EmbeddingTextTests {
    @Test(arguments: [
        (Float(0), "0"), (Float(-0.0), "-0"), (Float(1), "1"), (Float(-2), "-2"), (Float(0.5), "0.5"),
        (Float(0.010071029), "0.010071029"), (Float(-0.0017594862), "-0.0017594862"),
        (Float(1e-6), "0.000001"), (Float(1.5e-7), "1.5e-7"), (Float(-3e-10), "-3e-10"), (Float(123456.78), "123456.78"),
        (Float(1e20), "100000000000000000000"), (Float(1e21), "1e+21"), (Float(3.4028235e38), "3.4028235e+38"),
        (Float(0.1), "0.1"), (Float(16777216), "16777216"),
    ])
    func numbersAreWrittenAsGoWritesFloat32(value: Float, expected: String) {
        #expect(EmbeddingText.number(value) == expected)
    }

    @Test func aVectorIsOneCompactArray() {
        #expect(EmbeddingText.jsonArray([0.25, -1, 2e-8]) == "[0.25,-1,2e-8]")
        #expect(EmbeddingText.jsonArray([]) == "[]")
        #expect(EmbeddingText.jsonArray([.nan, .infinity]) == "[null,null]")
    }

    @Test func everyFiniteFloatReadsBackExactlyAndInGosShape() async {
        let floats = Generator<Float, Shrink.None<Float>>(run: { rng in
            Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng))
        })
        await propertyCheck(count: 5000, input: floats) { value in
            guard value.isFinite else { return }
            let text = EmbeddingText.number(value)
            #expect(Float(text) == value, "\(value) written as \(text)")
            let magnitude = abs(value)
            let exponentForm = magnitude != 0 && (magnitude < Float(1e-6) || magnitude >= Float(1e21))
            #expect(text.contains("e") == exponentForm, "\(value) written as \(text)")
            // Go trims `e-07` to `e-7` and writes no trailing zeros or points.
            #expect(!text.contains("e-0") && !text.hasSuffix(".") && !text.contains(".e"), "\(text)")
            if text.contains("."), !text.contains("e") { #expect(!text.hasSuffix("0"), "\(text)") }
        }
    }
}
