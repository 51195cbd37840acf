import TerminalText
import Foundation

/// The terminal's settings as found at start, to put back when a signal ends the session while
/// the line editor may still hold the terminal in raw mode.
struct TerminalModeGuard: Sendable {
    private let saved: termios?

    init() {
        var settings = termios()
        saved = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &settings) == 0 ? settings : nil
    }

    /// Restores the saved settings and turns bracketed paste off; does nothing without a terminal.
    func restore(output: any TextOutput) {
        guard var settings = saved else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        if output.acceptsEscapeCodes { output.write("\u{1B}[?2004l") }
    }
}
