/// The lexical rules of each language `CodeLanguage` names.
extension LexicalRules {
    static func of(_ language: CodeLanguage) -> LexicalRules {
        switch language {
        case .swift: return swift
        case .python: return python
        case .javascript: return javascript
        case .go: return go
        case .rust: return rust
        case .c: return cFamily
        case .shell: return shell
        case .json: return json
        case .yaml: return yaml
        case .sql: return sql
        // HTML has a lexer of its own (`MarkupLexer`); these rules are never used for it.
        case .html: return LexicalRules()
        }
    }

    private static let slashComments: [[UInt8]] = [Array("//".utf8)]
    private static let cBlock = (open: Array("/*".utf8), close: Array("*/".utf8))

    static let swift = LexicalRules(
        lineComments: slashComments, blockComment: cBlock,
        quotes: [quote("\"\"\"", multiline: true), quote("\"")],
        keywords: words(
            "actor any as associatedtype async await break case catch class continue convenience default defer deinit didSet do dynamic else enum extension fallthrough fileprivate final for func get guard if import in indirect init inout internal is lazy let mutating nonisolated nonmutating open operator override private protocol public repeat required rethrows return self Self set some static struct subscript super switch throw throws try typealias var weak where while willSet consuming borrowing sending"),
        types: words("Int Double Float String Bool Character Void Any"),
        constants: words("true false nil"),
        capitalizedWordsAreTypes: true)

    static let python = LexicalRules(
        lineComments: [Array("#".utf8)],
        quotes: [quote("\"\"\"", multiline: true), quote("'''", multiline: true), quote("\""), quote("'")],
        keywords: words(
            "and as assert async await break class continue def del elif else except finally for from global if import in is lambda match case nonlocal not or pass raise return try while with yield print self"),
        types: words("int float str bytes bool list dict set tuple object type"),
        constants: words("True False None"))

    static let javascript = LexicalRules(
        lineComments: slashComments, blockComment: cBlock,
        quotes: [quote("`", multiline: true), quote("\""), quote("'")],
        keywords: words(
            "abstract as async await break case catch class const constructor continue debugger declare default delete do else enum export extends finally for from function get if implements import in instanceof interface keyof let new of private protected public readonly return set static super switch this throw try type typeof var void while with yield"),
        types: words("string number boolean any unknown never object bigint symbol"),
        constants: words("true false null undefined NaN Infinity"),
        capitalizedWordsAreTypes: true,
        wordBytes: [UInt8(ascii: "$")])

    static let go = LexicalRules(
        lineComments: slashComments, blockComment: cBlock,
        quotes: [quote("`", escapes: false, multiline: true), quote("\""), quote("'")],
        keywords: words(
            "break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var"),
        types: words(
            "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr any"),
        constants: words("true false nil iota"))

    static let rust = LexicalRules(
        lineComments: slashComments, blockComment: cBlock,
        // Not ': `'a` is a lifetime as often as `'a'` is a character.
        quotes: [quote("\"", multiline: true)],
        keywords: words(
            "as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait type unsafe use where while"),
        types: words("i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str String Vec Option Result Box"),
        constants: words("true false None Some Ok Err"),
        capitalizedWordsAreTypes: true)

    static let cFamily = LexicalRules(
        lineComments: slashComments, blockComment: cBlock,
        quotes: [quote("\""), quote("'")],
        keywords: words(
            "auto break case catch class const constexpr continue default delete do else enum explicit extern for friend goto if inline namespace new noexcept operator private protected public register return sizeof static static_cast struct switch template this throw try typedef typename union using virtual volatile while #include #define #ifdef #ifndef #endif #if #else #pragma import package extends implements interface final fun val var override"),
        types: words(
            "void int char short long float double signed unsigned bool size_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t std string vector auto"),
        constants: words("true false NULL nullptr null"),
        capitalizedWordsAreTypes: true,
        wordBytes: [UInt8(ascii: "#")])

    static let shell = LexicalRules(
        lineComments: [Array("#".utf8)], hashCommentNeedsSpace: true,
        quotes: [quote("\""), quote("'", escapes: false)],
        keywords: words(
            "if then else elif fi for while until do done case esac in function return local export readonly unset set shift exit break continue source alias cd echo printf read eval exec trap sudo"),
        dollarVariables: true)

    static let json = LexicalRules(
        lineComments: slashComments, blockComment: cBlock,
        quotes: [quote("\"")],
        constants: words("true false null"),
        keysBeforeColon: true)

    static let yaml = LexicalRules(
        lineComments: [Array("#".utf8)], hashCommentNeedsSpace: true,
        quotes: [quote("\""), quote("'", escapes: false)],
        constants: words("true false null yes no on off True False Null ~"),
        wordBytes: [UInt8(ascii: "-"), UInt8(ascii: ".")],
        keysBeforeColon: true)

    static let sql = LexicalRules(
        lineComments: [Array("--".utf8)], blockComment: cBlock,
        quotes: [quote("'"), quote("\"")],
        keywords: words(
            "select from where and or not insert into values update set delete create table index view drop alter add column primary key foreign references join inner left right outer full on as group by order having limit offset distinct union all exists in is like between case when then else end begin commit rollback transaction with returning default unique check constraint if asc desc count sum avg min max"),
        types: words("integer int bigint smallint text varchar char boolean real double precision numeric decimal date timestamp blob serial"),
        constants: words("null true false"),
        caseInsensitive: true)
}
