import TachikomaCore

/// A JSON value whose object members keep the order they are written in, as Go's struct encoding does.
indirect enum OrderedJSON: Sendable {
    case object([(String, OrderedJSON)])
    case array([OrderedJSON])
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
    /// A core `JSONValue`; its object keys are sorted, as Go sorts map keys.
    case value(JSONValue)

    static func int(_ value: Int) -> OrderedJSON { .int(Int64(value)) }
}

/// Serialises JSON the way Go's `encoding/json` does: no spaces, `<`, `>` and `&` escaped as `\u003c`…,
/// U+2028 and U+2029 escaped, other control characters as `\u00XX` except `\n`, `\r`, `\t`.
struct GoJSONWriter {
    private(set) var bytes: [UInt8] = []

    init() {}

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func write(_ value: OrderedJSON) {
        switch value {
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(member.0)
                bytes.append(UInt8(ascii: ":"))
                write(member.1)
            }
            bytes.append(UInt8(ascii: "}"))
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .string(let text):
            writeString(text)
        case .int(let number):
            bytes.append(contentsOf: String(number).utf8)
        case .double(let number):
            writeDouble(number)
        case .bool(let flag):
            bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null:
            bytes.append(contentsOf: "null".utf8)
        case .value(let json):
            write(Self.ordered(json))
        }
    }

    mutating func writeRaw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func writeString(_ text: String) {
        Self.appendEscaped(text, to: &bytes)
    }

    private mutating func writeDouble(_ number: Double) {
        if number.isNaN || number.isInfinite {
            bytes.append(contentsOf: "null".utf8)
        } else if number.rounded() == number, abs(number) < 1e21 {
            bytes.append(contentsOf: String(Int64(exactly: number) ?? 0).utf8)
        } else {
            bytes.append(contentsOf: "\(number)".utf8)
        }
    }

    static func ordered(_ json: JSONValue) -> OrderedJSON {
        switch json {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array(let elements): return .array(elements.map(ordered))
        case .object(let members):
            return .object(members.keys.sorted().map { ($0, ordered(members[$0] ?? .null)) })
        }
    }

    /// Appends `text` as a quoted, Go-escaped JSON string.
    static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                bytes.append(contentsOf: Array((utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8))
                index += 2
            default:
                bytes.append(byte)
            }
            index += 1
        }
        utf8.removeAll()
        bytes.append(UInt8(ascii: "\""))
    }
}
