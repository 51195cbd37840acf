#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a stream is a terminal that takes escape sequences (colour, cursor movement, bracketed
/// paste). A terminal whose `TERM` is `dumb`, empty or unset (Emacs' shell, some IDE consoles, a
/// bare `env -i`) does not: it shows such sequences as garbage, so it gets plain text only.
public enum TerminalCapability {
    /// Whether `TERM` names a terminal that understands escape sequences.
    public static func termAcceptsEscapeCodes(_ term: String?) -> Bool {
        guard let term, !term.isEmpty else { return false }
        return term != "dumb"
    }

    /// Whether `descriptor` is a terminal and `TERM` (from the process's environment unless given)
    /// allows escape sequences on it.
    public static func acceptsEscapeCodes(descriptor: Int32, term: String?? = nil) -> Bool {
        let term = term ?? getenv("TERM").map { String(cString: $0) }
        return isatty(descriptor) == 1 && termAcceptsEscapeCodes(term)
    }
}
