#ifndef TACHIKOMA_CLIBEDIT_SHIM_H
#define TACHIKOMA_CLIBEDIT_SHIM_H

/*
 * Non-variadic shims over libedit's el_set/el_get/history and the few libc calls whose
 * globals or unions Swift cannot reach comfortably. Everything is static inline because a
 * system library target compiles no .c files.
 *
 * The signal flags below are static: each Swift file that includes this header gets its own
 * copy in debug builds, so only LineEditor's one wrapper file (LibEditSession.swift) may use them.
 */

#include <histedit.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <sys/select.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

typedef char *(*tk_prompt_fn)(EditLine *);
typedef unsigned char (*tk_command_fn)(EditLine *, int);
typedef int (*tk_read_char_fn)(EditLine *, wchar_t *);

/* ---- locale ---- */

/* Takes the user's locale; if it is not UTF-8, falls back to C.UTF-8 for character handling so
 * libedit measures and prints non-ASCII text correctly. Numbers keep the C format so that no
 * library prints "3,5" for 3.5. Returns 1 when the character encoding is UTF-8. */
static inline int tk_setlocale_utf8(void) {
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset == NULL || strcmp(codeset, "UTF-8") != 0) {
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
            setlocale(LC_CTYPE, "en_US.UTF-8");
        }
    }
    setlocale(LC_NUMERIC, "C");
    codeset = nl_langinfo(CODESET);
    return codeset != NULL && strcmp(codeset, "UTF-8") == 0;
}

static inline int tk_wcwidth(wchar_t c) { return wcwidth(c); }

/* ---- EditLine ---- */

static inline EditLine *tk_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

/* The prompt may hide terminal escapes between two `ignore` characters. */
static inline int tk_el_set_prompt(EditLine *el, tk_prompt_fn fn, char ignore) {
    return el_set(el, EL_PROMPT_ESC, fn, ignore);
}

static inline int tk_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

static inline int tk_el_set_signal_handling(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

static inline int tk_el_set_client_data(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *tk_el_client_data(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) {
        return NULL;
    }
    return data;
}

static inline int tk_el_set_read_char(EditLine *el, tk_read_char_fn fn) {
    return el_set(el, EL_GETCFN, fn);
}

static inline int tk_el_add_fn(EditLine *el, const char *name, const char *help, tk_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

/* Binds `keys` (libedit notation: "^R", "\\e[3~") to `command` in the main map, and also in
 * vi's command map when `alternate` is set. */
static inline int tk_el_bind(EditLine *el, const char *keys, const char *command, int alternate) {
    if (alternate) {
        return el_set(el, EL_BIND, "-a", keys, command, NULL);
    }
    return el_set(el, EL_BIND, keys, command, NULL);
}

static inline int tk_el_set_history(EditLine *el, HistoryW *history) {
    return el_wset(el, EL_HIST, history_w, history);
}

static inline int tk_el_refresh(EditLine *el) {
    return el_set(el, EL_REFRESH);
}

/* Terminal output that stays ordered with libedit's own writes to stdout. */
static inline void tk_write_stdout(const char *text) {
    fputs(text, stdout);
    fflush(stdout);
}

static inline int tk_terminal_columns(void) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return size.ws_col;
    }
    return 80;
}

/* ---- History ---- */

static inline int tk_history_setsize(HistoryW *h, int size) {
    HistEventW event;
    return history_w(h, &event, H_SETSIZE, size);
}

static inline int tk_history_set_unique(HistoryW *h, int unique) {
    HistEventW event;
    return history_w(h, &event, H_SETUNIQUE, unique);
}

static inline int tk_history_enter(HistoryW *h, const wchar_t *entry) {
    HistEventW event;
    return history_w(h, &event, H_ENTER, entry);
}

static inline int tk_history_clear(HistoryW *h) {
    HistEventW event;
    return history_w(h, &event, H_CLEAR);
}

/* ---- Signals while reading ---- */

static volatile sig_atomic_t tk_interrupt_pending = 0;
static volatile sig_atomic_t tk_resize_pending = 0;
static volatile sig_atomic_t tk_continue_pending = 0;

/* The self-pipe: blocking a signal in the reading thread does not stop the kernel from handing a
 * process-wide SIGINT to another thread (NIO's, the concurrency pool's), whose handler run would not
 * wake our pselect. Every handler therefore also writes a byte here, and the wait watches it. */
static int tk_wake_pipe[2] = {-1, -1};

static inline void tk_wake_reader(void) {
    int saved = errno;
    if (tk_wake_pipe[1] >= 0) {
        char byte = 1;
        ssize_t ignored = write(tk_wake_pipe[1], &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

static inline void tk_note_interrupt(int signo) { (void)signo; tk_interrupt_pending = 1; tk_wake_reader(); }
static inline void tk_note_resize(int signo) { (void)signo; tk_resize_pending = 1; tk_wake_reader(); }
static inline void tk_note_continue(int signo) { (void)signo; tk_continue_pending = 1; tk_wake_reader(); }

static inline void tk_drain_wake_pipe(void) {
    char buffer[64];
    while (tk_wake_pipe[0] >= 0 && read(tk_wake_pipe[0], buffer, sizeof buffer) > 0) {}
}

typedef struct {
    struct sigaction previous_interrupt;
    struct sigaction previous_resize;
    struct sigaction previous_continue;
    sigset_t previous_mask;
    sigset_t waiting_mask;
} tk_signal_state;

/* Installs flag-setting SIGINT/SIGWINCH/SIGCONT handlers without SA_RESTART and blocks those
 * signals; they are delivered only inside tk_wait_for_input, so a signal can never slip in
 * between checking the flags and waiting. (A blocked SIGCONT still resumes the process.) */
static inline void tk_signals_begin(tk_signal_state *state) {
    struct sigaction action;
    sigset_t block;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;

    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGWINCH);
    sigaddset(&block, SIGCONT);
    sigprocmask(SIG_BLOCK, &block, &state->previous_mask);
    state->waiting_mask = state->previous_mask;
    sigdelset(&state->waiting_mask, SIGINT);
    sigdelset(&state->waiting_mask, SIGWINCH);
    sigdelset(&state->waiting_mask, SIGCONT);

    if (tk_wake_pipe[0] < 0) {
        if (pipe(tk_wake_pipe) == 0) {
            for (int end = 0; end < 2; end++) {
                fcntl(tk_wake_pipe[end], F_SETFL, fcntl(tk_wake_pipe[end], F_GETFL) | O_NONBLOCK);
                fcntl(tk_wake_pipe[end], F_SETFD, FD_CLOEXEC);
            }
        } else {
            tk_wake_pipe[0] = tk_wake_pipe[1] = -1;
        }
    }
    tk_drain_wake_pipe();
    tk_interrupt_pending = 0;
    tk_resize_pending = 0;
    tk_continue_pending = 0;
    action.sa_handler = tk_note_interrupt;
    sigaction(SIGINT, &action, &state->previous_interrupt);
    action.sa_handler = tk_note_resize;
    sigaction(SIGWINCH, &action, &state->previous_resize);
    action.sa_handler = tk_note_continue;
    sigaction(SIGCONT, &action, &state->previous_continue);
}

/* Takes SIGWINCH and SIGCONT back from libedit, whose EL_SIGNAL handlers (installed by el_wgets
 * itself) call el_resize and redraw inside the signal handler, on whichever thread the signal
 * reaches: with the reader thread drawing at that moment, that freed the display under it (a
 * crash seen on resize). Ours only note the signal; the reader resizes and redraws itself.
 * libedit keeps SIGINT, SIGTSTP, SIGHUP, SIGTERM and SIGQUIT, where it puts the terminal back in
 * cooked mode first. */
static inline void tk_reclaim_resize_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    action.sa_handler = tk_note_resize;
    sigaction(SIGWINCH, &action, NULL);
    action.sa_handler = tk_note_continue;
    sigaction(SIGCONT, &action, NULL);
}

/* Back from Ctrl-Z: libedit's SIGTSTP handler left the terminal in cooked mode; raw again. */
static inline void tk_el_restore_raw_mode(EditLine *el) {
    el_set(el, EL_PREP_TERM, 1);
}

/* Puts back the handlers first, then the mask, so a late Ctrl-C reaches the caller's handler. */
static inline void tk_signals_end(tk_signal_state *state) {
    sigaction(SIGINT, &state->previous_interrupt, NULL);
    sigaction(SIGWINCH, &state->previous_resize, NULL);
    sigaction(SIGCONT, &state->previous_continue, NULL);
    sigprocmask(SIG_SETMASK, &state->previous_mask, NULL);
}

static inline int tk_take_interrupt(void) {
    int seen = tk_interrupt_pending;
    tk_interrupt_pending = 0;
    return seen;
}

static inline int tk_take_resize(void) {
    int seen = tk_resize_pending;
    tk_resize_pending = 0;
    return seen;
}

static inline int tk_take_continue(void) {
    int seen = tk_continue_pending;
    tk_continue_pending = 0;
    return seen;
}

/* Waits until `fd` is readable (1), a signal arrived (0), the timeout passed (2), or an error
 * (-1). A negative timeout waits for ever. */
static inline int tk_wait_for_input(int fd, const tk_signal_state *state, long timeout_ms) {
    fd_set readable;
    struct timespec timeout;
    int wake = tk_wake_pipe[0];
    FD_ZERO(&readable);
    FD_SET(fd, &readable);
    if (wake >= 0) FD_SET(wake, &readable);
    timeout.tv_sec = timeout_ms / 1000;
    timeout.tv_nsec = (timeout_ms % 1000) * 1000000L;
    int result = pselect((wake > fd ? wake : fd) + 1, &readable, NULL, NULL, timeout_ms < 0 ? NULL : &timeout,
                         &state->waiting_mask);
    if (result > 0) {
        if (wake >= 0 && FD_ISSET(wake, &readable)) {
            tk_drain_wake_pipe();
            return 0;
        }
        return 1;
    }
    if (result == 0) {
        return 2;
    }
    if (errno == EINTR) {
        return 0;
    }
    return -1;
}

#endif
