#ifndef TACHIKOMA_CLIBEDIT_SHIM_H
#define TACHIKOMA_CLIBEDIT_SHIM_H

/*
 * Non-variadic shims over libedit's el_set/el_get/history and the few libc calls whose
 * globals or unions Swift cannot reach comfortably. Everything is static inline because a
 * system library target compiles no .c files.
 *
 * No signal handling here: the line editor hears its signals through the process's SignalRouter
 * (LineEditor's PromptSignals.swift).
 */

#include <histedit.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
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

/* ---- Waiting for input ---- */

/* Back from Ctrl-Z: libedit's SIGTSTP handler left the terminal in cooked mode; raw again. */
static inline void tk_el_restore_raw_mode(EditLine *el) {
    el_set(el, EL_PREP_TERM, 1);
}

/* Waits until `fd` is readable (1), `wake_fd` is (0: a signal waits in the line editor's inbox,
 * see PromptSignals.swift), the timeout passed (2), or an error (-1). A negative timeout waits for
 * ever; a negative `wake_fd` is not watched. */
static inline int tk_wait_for_input(int fd, int wake_fd, int timeout_ms) {
    struct pollfd watched[2];
    watched[0].fd = fd;
    watched[0].events = POLLIN;
    watched[0].revents = 0;
    watched[1].fd = wake_fd;
    watched[1].events = POLLIN;
    watched[1].revents = 0;
    int result = poll(watched, wake_fd >= 0 ? 2 : 1, timeout_ms < 0 ? -1 : timeout_ms);
    if (result > 0) {
        if (wake_fd >= 0 && (watched[1].revents & POLLIN)) {
            return 0;
        }
        /* Readable, or hung up: the read that follows tells which. */
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
