#!/usr/bin/env python3
"""A long chat (`make bench-long`, BENCHMARKS.md "Long sessions"): --turns turns typed into one
`tachikoma` in a pseudo-terminal (100x30, TERM=xterm-256color, NO_COLOR=1) against the minimal
Ollama-compatible server of chat_latency.py (a Python thread that parses nothing but the request
it answers, so its own time stays flat), which answers every message with ten tokens ` w01` …
` w10`. Every turn is saved, as by default; the model's window (131,072 tokens) holds the whole
chat, so every request carries every message so far.

Reported at turns 1, 10, 100, 200, … and the last:
- the chat's resident memory (VmRSS from /proc/PID/status, after the answer, at the prompt);
- Enter → request: from writing the line to the server having read the whole request (the chat's
  own work: echo, saving the message, building and sending the request), median of the ten turns up
  to that one;
- Enter → first token: to the reply's first word on the terminal, the same way;
- CPU a turn: the chat's CPU time (all threads, schedstat) over those ten turns, divided by ten —
  the figure a busy machine does not blur;
- the database's size: its pages (PRAGMA page_count × page_size, read-only, so the WAL's committed
  pages count) — it should grow by the same amount every turn.

Checks (exit 1 when one fails): RSS at the last turn within 10 MiB of turn 10; the first-token median
of the last ten turns under 2x that of turns 1-10 plus 2 ms; bytes per turn of the second half within
25% of the first half's.

--openai has the chat talk to the same server's OpenAI-compatible API instead (`/v1`, named in a
config file, the words streamed as Server-Sent Events).

Usage: scripts/long_session.py [--bin DIR] [--turns N] [--markdown] [--openai]
"""
import argparse, json, os, select, shutil, sqlite3, statistics, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chat_latency import MODEL, ScriptedServer  # noqa: E402
from chat_pty_bench import drain, process_cpu_ns, spawn_in_terminal  # noqa: E402

FIRST_WORD = b"w01"


class TimedServer(ScriptedServer):
    """Notes when each chat request has been read whole."""

    def __init__(self):
        super().__init__(tokens=10, delay_s=0, width=2)
        self.request_ns = []

    def stream_chat(self, conn, request):
        self.request_ns.append(time.perf_counter_ns())
        super().stream_chat(conn, request)

    def stream_chat_completion(self, conn, request):
        self.request_ns.append(time.perf_counter_ns())
        super().stream_chat_completion(conn, request)
SETTLE_S = 0.05  # libedit draws the prompt before it takes the terminal raw (see chat_latency.py)


class Terminal:
    """The master side of the chat's pseudo-terminal, read into one buffer so that a marker that
    arrives in the same read as the one before it is still found."""

    def __init__(self, master):
        self.master, self.buffer = master, bytearray()

    def wait_for(self, marker, timeout=60.0):
        deadline = time.monotonic() + timeout
        while True:
            found = self.buffer.find(marker)
            if found >= 0:
                del self.buffer[: found + len(marker)]
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                sys.exit(f"long_session: no {marker!r} on the terminal; last output: {bytes(self.buffer[-300:])!r}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                chunk = os.read(self.master, 1 << 16)
                if not chunk:
                    sys.exit(f"long_session: the chat closed the terminal; last output: {bytes(self.buffer[-300:])!r}")
                self.buffer += chunk


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def database_bytes(path):
    if not os.path.exists(path):
        return 0
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        return pages * size
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=".build/release")
    parser.add_argument("--turns", type=int, default=1000)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--openai", action="store_true", help="against fake-ollama's OpenAI-compatible API")
    args = parser.parse_args()
    tachikoma = os.path.join(args.bin, "tachikoma")
    home = tempfile.mkdtemp(prefix="tachikoma-long-")
    env = dict(os.environ, TERM="xterm-256color", HOME=home, XDG_CONFIG_HOME=home + "/config",
               XDG_STATE_HOME=home + "/state", XDG_DATA_HOME=home + "/data", NO_COLOR="1")
    env.pop("OLLAMA_HOST", None)
    database = home + "/data/tachikoma/tachikoma.sqlite"
    checkpoints = sorted({1, 10, args.turns} | set(range(100, args.turns + 1, 100)))
    rows, first_token_ms, request_ms, cpu_ns = [], [], [], []
    proc = master = None
    server = TimedServer()
    try:
        if True:
            command = [tachikoma, "--host", f"http://127.0.0.1:{server.port}"]
            if args.openai:
                base = f"http://127.0.0.1:{server.port}/v1"
                os.makedirs(home + "/config/tachikoma")
                with open(home + "/config/tachikoma/config.json", "w") as config:
                    json.dump({"servers": {"oa": {"kind": "openai", "url": base}}, "model": MODEL,
                               "default_server": "oa"}, config)
                command = [tachikoma]
            proc, master = spawn_in_terminal(command, env)
            terminal = Terminal(master)
            terminal.wait_for(b">>> ", timeout=30)
            for turn in range(1, args.turns + 1):
                time.sleep(SETTLE_S)
                cpu_before = process_cpu_ns(proc.pid)
                start = time.perf_counter_ns()
                os.write(master, f"message number {turn}, please answer briefly\r".encode())
                terminal.wait_for(FIRST_WORD)
                first_token_ms.append((time.perf_counter_ns() - start) / 1e6)
                request_ms.append((server.request_ns[-1] - start) / 1e6)
                terminal.wait_for(b">>> ")
                cpu_ns.append(process_cpu_ns(proc.pid) - cpu_before)
                if turn in checkpoints:
                    rows.append((turn, rss_kib(proc.pid), statistics.median(request_ms[-10:]),
                                 statistics.median(first_token_ms[-10:]), sum(cpu_ns[-10:]) / len(cpu_ns[-10:]) / 1e6,
                                 database_bytes(database)))
            os.write(master, b"\x04")
            drain(master, timeout=30)
            proc.wait(timeout=30)
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        if master is not None:
            os.close(master)

        shutil.rmtree(home, ignore_errors=True)

    print("| turn | RSS | Enter → request read | Enter → first token | CPU a turn | database |")
    print("|---:|---:|---:|---:|---:|---:|")
    for turn, rss, request, first, cpu, size in rows:
        print(f"| {turn} | {rss / 1024:.1f} MiB | {request:.2f} ms | {first:.2f} ms | {cpu:.2f} ms | {size / 1024:.0f} KiB |")
    by_turn = {row[0]: row for row in rows}
    last = by_turn[args.turns]
    failures = []
    if 10 in by_turn:
        growth = (last[1] - by_turn[10][1]) / 1024
        print(f"\nRSS from turn 10 to turn {args.turns}: {growth:+.1f} MiB (limit +10 MiB)")
        if growth > 10:
            failures.append("RSS grew by more than 10 MiB")
        early, late = statistics.median(first_token_ms[:10]), statistics.median(first_token_ms[-10:])
        print(f"Enter → first token: {early:.2f} ms at turns 1-10, {late:.2f} ms at the last ten")
        if late > 2 * early + 2:
            failures.append("the first token comes later as the chat grows")
    half = args.turns // 2
    sizes = {row[0]: row[5] for row in rows}
    if half in sizes and 1 in sizes:
        first_half = (sizes[half] - sizes[1]) / (half - 1)
        second_half = (sizes[args.turns] - sizes[half]) / (args.turns - half)
        print(f"database: {first_half:.0f} bytes a turn over turns 1-{half}, {second_half:.0f} over {half}-{args.turns}")
        if first_half > 0 and abs(second_half - first_half) / first_half > 0.25:
            failures.append("the database does not grow linearly")
    for failure in failures:
        print(f"long_session: {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
