#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text as libedit's wide-character calls take and give it.
enum WideText {
    /// `text` as a NUL-terminated `wchar_t` string.
    static func characters(_ text: String) -> [wchar_t] {
        text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
    }

    /// The scalars of a `wchar_t` buffer; a value that is not one becomes U+FFFD.
    static func scalars(_ buffer: UnsafeBufferPointer<wchar_t>) -> [Unicode.Scalar] {
        buffer.map { Unicode.Scalar(UInt32(bitPattern: $0)) ?? "\u{FFFD}" }
    }
}

extension String {
    /// A NUL would end the C string libedit receives.
    func replacingNUL() -> String {
        guard unicodeScalars.contains("\0") else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.filter { $0 != "\0" }))
    }
}
