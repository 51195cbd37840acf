#!/usr/bin/env python3
"""The interactive path at full speed: the chat in a pseudo-terminal (word wrapping on, as by default)
rendering a long answer, beside `curl -sN` writing the same stream to a pseudo-terminal.

The scripted server streams `--tokens` tokens of its realistic mix (`fake-ollama --sample-answer`) as
fast as loopback allows. Both programs get a 100x30 terminal whose master side this script drains
as fast as it can (the terminal is never the bottleneck it would be in a slow emulator).

- curl: wall from spawn to exit, CPU (user + system) from wait4.
- chat: started once per run; after `>>> ` shows, `go` + Enter is typed; wall from the Enter to the
  next `>>> `, CPU of the chat process (all its threads, /proc/PID/task/*/schedstat) over the same
  span. Checks that every copy of the answer's last emoji reached the screen.

The chat renders the answer's Markdown (on by default); --no-markdown measures it without.

Usage: scripts/chat_pty_bench.py [--tokens N] [--runs N] [--bin DIR] [--markdown] [--no-markdown]
"""
import argparse, datetime, fcntl, json, os, pty, re, select, shutil, signal, statistics, struct, subprocess, sys
import tempfile, termios, time

COLUMNS, ROWS = 100, 30
CHAT_FLOOR_TOKENS_PER_S = 300_000
MARKER = "🐍"  # one token of the sample answer, never split by wrapping


def open_terminal():
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    return master, slave


def spawn_in_terminal(argv, env):
    master, slave = open_terminal()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
                            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
    os.close(slave)
    return proc, master


def drain(master, until=None, timeout=60.0):
    """Reads the master until EOF (the child closed the terminal) or until `until` shows; returns the bytes."""
    data = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # EIO: no process has the terminal open any more
            return bytes(data)
        if not chunk:
            return bytes(data)
        data += chunk
        if until is not None and until in data[-len(chunk) - len(until):]:
            return bytes(data)
    sys.exit(f"chat_pty_bench: timed out; last output: {bytes(data[-300:])!r}")


def process_cpu_ns(pid):
    """CPU time of every thread of `pid` so far, in nanoseconds."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as file:
                total += int(file.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # the thread ended meanwhile
    return total


def curl_argv(url):
    body = json.dumps({"model": "llama3.1:8b", "messages": [{"role": "user", "content": "go"}]})
    return ["curl", "-sN", "-X", "POST", f"{url}/api/chat", "-d", body]


def run_curl(url):
    start = time.perf_counter()
    proc, master = spawn_in_terminal(curl_argv(url), dict(os.environ))
    shown = drain(master)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    os.close(master)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"chat_pty_bench: curl failed: {shown[-300:]!r}")
    return wall, usage.ru_utime + usage.ru_stime, len(shown)


def run_chat(tachikoma, url, expected_markers, extra=()):
    home = tempfile.mkdtemp(prefix="tachikoma-bench-")
    try:
        env = dict(os.environ, TERM="xterm-256color", HOME=home, XDG_CONFIG_HOME=home + "/config",
                   XDG_STATE_HOME=home + "/state")
        env.pop("NO_COLOR", None)
        proc, master = spawn_in_terminal([tachikoma, "--host", url, *extra], env)
        try:
            drain(master, until=b">>> ", timeout=30)
            time.sleep(0.1)  # libedit draws the prompt before it takes the terminal raw; let it settle
            cpu_before = process_cpu_ns(proc.pid)
            start = time.perf_counter()
            os.write(master, b"go\r")
            shown = drain(master, until=b">>> ", timeout=120)
            wall = time.perf_counter() - start
            cpu = (process_cpu_ns(proc.pid) - cpu_before) / 1e9
            os.write(master, b"\x04")  # Ctrl-D at the prompt ends the chat
            drain(master, timeout=30)
            os.waitpid(proc.pid, 0)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            os.close(master)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    markers = shown.decode(errors="replace").count(MARKER)
    if markers != expected_markers:
        sys.exit(f"chat_pty_bench: the chat showed {markers} copies of {MARKER}, the stream carried {expected_markers}")
    return wall, cpu, len(shown)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bin", default=".build/release")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    parser.add_argument("--no-markdown", action="store_true", help="run the chat with --no-markdown")
    args = parser.parse_args()
    tachikoma = os.path.join(args.bin, "tachikoma")
    fake = os.path.join(args.bin, "fake-ollama")

    server = subprocess.Popen([fake, "--port", "0", "--sample-answer", "--count", str(args.tokens)],
                              stdout=subprocess.PIPE, text=True)
    try:
        match = re.search(r"http://127\.0\.0\.1:(\d+)", server.stdout.readline())
        if not match:
            sys.exit("chat_pty_bench: fake-ollama did not say where it listens")
        url = f"http://127.0.0.1:{match.group(1)}"
        raw = subprocess.run(curl_argv(url), capture_output=True, check=True).stdout
        text = "".join(json.loads(line).get("message", {}).get("content", "") for line in raw.splitlines())
        expected_markers = text.count(MARKER)
        extra = ["--no-markdown"] if args.no_markdown else []
        run_curl(url); run_chat(tachikoma, url, expected_markers, extra)  # warm-up
        curls = [run_curl(url) for _ in range(args.runs)]
        chats = [run_chat(tachikoma, url, expected_markers, extra) for _ in range(args.runs)]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)

    n = args.tokens
    med = lambda rows, i: statistics.median(r[i] for r in rows)
    c_wall, c_cpu, c_bytes = (med(curls, i) for i in range(3))
    t_wall, t_cpu, t_bytes = (med(chats, i) for i in range(3))
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()[0]:.2f}; "
          f"{n:,} tokens of the realistic mix to a {COLUMNS}x{ROWS} pseudo-terminal, median of {args.runs} runs")
    chat_label = "tachikoma chat (wrapped)" if args.no_markdown else "tachikoma chat (Markdown)"
    rows = (("curl -sN (raw NDJSON)", c_wall, c_cpu, c_bytes), (chat_label, t_wall, t_cpu, t_bytes))
    if args.markdown:
        print("\n|   | wall | tokens/s | CPU | CPU/token | bytes to the pty |")
        print("|---|-----:|---------:|----:|----------:|-----------------:|")
        for label, wall, cpu, size in rows:
            print(f"| {label} | {wall*1000:.1f} ms | {n/wall:,.0f} | {cpu*1000:.1f} ms | {cpu/n*1e9:.0f} ns | {size/1e6:.2f} MB |")
    else:
        print(f"{'':26}{'wall':>10}{'tokens/s':>14}{'CPU':>10}{'CPU/token':>12}{'to pty':>10}")
        for label, wall, cpu, size in rows:
            print(f"{label:26}{wall*1000:>8.1f}ms{n/wall:>14,.0f}{cpu*1000:>8.1f}ms{cpu/n*1e9:>10.0f}ns{size/1e6:>8.2f}MB")
    print(f"\nratios chat/curl: wall {t_wall/c_wall:.2f}x, CPU {t_cpu/c_cpu:.2f}x")
    verdict = "holds" if n / t_wall >= CHAT_FLOOR_TOKENS_PER_S else "MISSED"
    print(f"floor (chat in a pty >= {CHAT_FLOOR_TOKENS_PER_S:,} tokens/s): {verdict} ({n/t_wall:,.0f} tokens/s)")


if __name__ == "__main__":
    main()
