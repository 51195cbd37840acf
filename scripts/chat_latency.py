#!/usr/bin/env python3
"""Interactive chat latency: start-up to a ready prompt, and token on the socket -> visible on the pty.

Runs its own small Ollama-compatible HTTP/1.1 server on 127.0.0.1 (a thread, raw sockets, chunked
NDJSON written by hand, TCP_NODELAY as Go sets it), so it knows when each token's bytes were written
to the socket. Tachikoma runs in a pseudo-terminal (200x50, TERM=xterm-256color, NO_COLOR=1).

- start-up: from just before spawning `tachikoma --host URL` to the first `>>> ` read from the pty
  master; R runs (after one warm-up), each ended with Ctrl-D. The start-up talks to the server
  (GET /api/version, GET /api/tags); the server's own answer times are measured and reported apart.
- token latency: type `hello`, the server streams N tokens ` w0001`, ` w0002`, ... one per chunk,
  paced by a delay; a select loop reads the master as soon as it is readable and timestamps each
  read; latency = when the word first appears in the output - when the server sent it. The send time
  is taken just before sendall: on loopback the bytes reach the client inside that call, and a stamp
  taken after it also counts the server thread's own scheduling delays (up to 5 ms on a busy machine,
  which made some latencies negative). So the figures include the send call itself (~50-80 µs).

--color runs the chat with colour (no NO_COLOR), so answers go through the Markdown renderer as a
user's do; --curl also measures `curl -sN` in the same kind of pseudo-terminal against the same paced
stream, and prints the chat's median over curl's.

Usage: scripts/chat_latency.py [--bin PATH] [--tokens N] [--delay-ms MS] [--runs R] [--markdown] [--color] [--curl]
"""
import argparse, bisect, fcntl, json, os, select, socket, statistics, struct, subprocess, sys, tempfile, termios
import threading, time

MODEL = "llama3.1:8b"
STAMP = "2025-01-01T00:00:00.000000Z"
PROMPT_TIMEOUT_S = 10.0
# Keys sent the instant `>>> ` shows can be lost: libedit draws the prompt before it puts the terminal
# in raw mode, so a Ctrl-D landing in between is eaten by the canonical line discipline (seen here
# about 1 start in 20, the chat then waits forever). A person never types that fast; wait a little.
SETTLE_S = 0.1


def fail(message):
    hint = f" (the scripted server's last error: {ScriptedServer.last_error})" if ScriptedServer.last_error else ""
    sys.exit(f"chat_latency: {message}{hint}")


def line(obj, chunked=False):
    data = (json.dumps(obj, separators=(",", ":")) + "\n").encode()
    return b"%x\r\n%s\r\n" % (len(data), data) if chunked else data


class ScriptedServer:
    """Answers version, tags, show and a paced chat stream; records answer and token send times."""
    last_error = None

    def __init__(self, tokens, delay_s, width):
        self.tokens, self.delay_s, self.width = tokens, delay_s, width
        self.answer_ns = []  # (path, ns from request read to response sent) for plain answers
        self.sent_ns = []    # per token of the latest chat stream: perf_counter_ns just before sendall
        self.sendall_ns = []  # how long each token's sendall took
        self.chats = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def accept_loop(self):
        while True:
            conn, _ = self.listener.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        buffer = b""
        try:
            while True:  # keep-alive: one request after another on this connection
                while b"\r\n\r\n" not in buffer:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buffer += data
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                request_line, *header_lines = head.decode("latin-1").split("\r\n")
                method, path, _ = request_line.split(" ", 2)
                headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in header_lines)}
                body, buffer = self.read_body(conn, headers, buffer)
                started = time.perf_counter_ns()
                if method == "POST" and path == "/api/chat":
                    self.stream_chat(conn, json.loads(body))
                    continue
                if method == "POST" and path == "/v1/chat/completions":
                    self.stream_chat_completion(conn, json.loads(body))
                    continue
                status, answer = self.route(method, path)
                payload = line(answer)
                conn.sendall(b"HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (status, b"OK" if status == 200 else b"Not Found",
                                                                len(payload), payload))
                self.answer_ns.append((path, time.perf_counter_ns() - started))
        except (OSError, ValueError) as error:
            ScriptedServer.last_error = f"{type(error).__name__}: {error}"
        finally:
            conn.close()

    @staticmethod
    def read_body(conn, headers, buffer):
        def fill(predicate):
            nonlocal buffer
            while not predicate():
                data = conn.recv(65536)
                if not data:
                    raise OSError("connection closed mid-request")
                buffer += data
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                fill(lambda: b"\r\n" in buffer)
                size_line, rest = buffer.split(b"\r\n", 1)
                size = int(size_line.split(b";")[0], 16)
                buffer = rest
                fill(lambda: len(buffer) >= size + 2)
                body, buffer = body + buffer[:size], buffer[size + 2:]
                if size == 0:
                    return body, buffer
        length = int(headers.get("content-length", "0"))
        fill(lambda: len(buffer) >= length)
        return buffer[:length], buffer[length:]

    @staticmethod
    def route(method, path):
        details = {"parent_model": "", "format": "gguf", "family": "llama", "families": ["llama"],
                   "parameter_size": "8.0B", "quantization_level": "Q4_K_M"}
        if method == "GET" and path == "/api/version":
            return 200, {"version": "0.12.6"}
        if method == "GET" and path == "/api/tags":
            return 200, {"models": [{"name": MODEL, "model": MODEL, "modified_at": "2025-01-01T00:00:00Z",
                                     "size": 4920753328, "digest": "46e0c10c039e" + "0" * 52, "details": details}]}
        if method == "GET" and path == "/v1/models":
            return 200, {"object": "list", "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": "me"}]}
        if method == "POST" and path == "/api/show":
            return 200, {"modelfile": "", "parameters": "stop \"<|eot_id|>\"", "template": "{{ .Prompt }}",
                         "details": details, "capabilities": ["completion", "tools"],
                         "model_info": {"general.architecture": "llama", "llama.context_length": 131072},
                         "modified_at": "2025-01-01T00:00:00Z"}
        return 404, {"error": f"{method} {path} is not scripted"}

    def stream_chat(self, conn, request):
        if request.get("stream") is False or not request.get("messages"):
            raise ValueError("the benchmark expects a streamed chat with messages")
        self.chats += 1
        self.sent_ns, self.sendall_ns = [], []
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
        for i in range(1, self.tokens + 1):
            time.sleep(self.delay_s)
            data = line({"model": MODEL, "created_at": STAMP, "message": {
                "role": "assistant", "content": f" w{i:0{self.width}d}"}, "done": False}, chunked=True)
            before = time.perf_counter_ns()
            conn.sendall(data)  # on loopback the bytes reach the client's socket within this call
            self.sent_ns.append(before)
            self.sendall_ns.append(time.perf_counter_ns() - before)
        conn.sendall(line({"model": MODEL, "created_at": STAMP, "message": {"role": "assistant", "content": ""},
                           "done": True, "done_reason": "stop", "total_duration": 1, "load_duration": 1,
                           "prompt_eval_count": 5, "prompt_eval_duration": 1, "eval_count": self.tokens,
                           "eval_duration": 1}, chunked=True) + b"0\r\n\r\n")

    def stream_chat_completion(self, conn, request):
        """The same words as OpenAI's chat completions stream them (Server-Sent Events)."""
        if request.get("stream") is not True or not request.get("messages"):
            raise ValueError("the benchmark expects a streamed chat with messages")
        self.chats += 1
        self.sent_ns, self.sendall_ns = [], []

        def event(data):
            text = ("data: " + (data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))) + "\n\n").encode()
            return b"%x\r\n%s\r\n" % (len(text), text)

        def chunk(delta, finish=None):
            return {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": MODEL,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
        for i in range(1, self.tokens + 1):
            time.sleep(self.delay_s)
            data = event(chunk({"content": f" w{i:0{self.width}d}"}))
            before = time.perf_counter_ns()
            conn.sendall(data)
            self.sent_ns.append(before)
            self.sendall_ns.append(time.perf_counter_ns() - before)
        usage = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": MODEL, "choices": [],
                 "usage": {"prompt_tokens": 5, "completion_tokens": self.tokens, "total_tokens": self.tokens + 5}}
        conn.sendall(event(chunk({}, "stop")) + event(usage) + event("[DONE]") + b"0\r\n\r\n")


class Chat:
    """Tachikoma in a pseudo-terminal; every read from the master is timestamped."""

    color = False

    def __init__(self, binary, url, home, arguments=(), argv=None):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "TERM": "xterm-256color",
               "XDG_CONFIG_HOME": os.path.join(home, "config"), "XDG_STATE_HOME": os.path.join(home, "state"),
               "XDG_DATA_HOME": os.path.join(home, "data"), "NO_COLOR": "1", "LANG": "C.UTF-8"}
        if Chat.color:
            del env["NO_COLOR"]
        self.started_ns = time.perf_counter_ns()
        self.proc = subprocess.Popen(argv or [binary, "--host", url, *arguments], stdin=slave, stdout=slave, stderr=slave,
                                     env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.master, self.output = master, b""
        self.read_ends, self.read_ns = [], []  # end offset in output and perf_counter_ns of each read

    def read(self, deadline):
        """One read (as soon as readable); returns its perf_counter_ns, or None at end of output."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                fail(f"timed out waiting for tachikoma; output so far: {self.output[-400:]!r}")
            if select.select([self.master], [], [], left)[0]:
                try:
                    data = os.read(self.master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    data = b""
                now = time.perf_counter_ns()
                if not data:
                    return None
                self.output += data
                self.read_ends.append(len(self.output))
                self.read_ns.append(now)
                return now

    def wait_for(self, text, start, deadline):
        """Reads until `text` occurs at or after `start`; returns (time of the read that completed it, position)."""
        while (at := self.output.find(text, start)) < 0:
            if self.read(deadline) is None:
                fail(f"tachikoma ended before printing {text!r}; output: {self.output[-400:]!r}")
        return self.read_ns[bisect.bisect_left(self.read_ends, at + len(text))], at

    def quit(self):
        """Ctrl-D at the prompt; expects exit code 0."""
        time.sleep(SETTLE_S)
        os.write(self.master, b"\x04")
        deadline = time.monotonic() + PROMPT_TIMEOUT_S
        while self.read(deadline) is not None:
            pass
        code = self.proc.wait(timeout=PROMPT_TIMEOUT_S)
        os.close(self.master)
        if code != 0:
            fail(f"tachikoma exited {code} after Ctrl-D; output: {self.output[-400:]!r}")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure_startup(binary, url, home, arguments=()):
    chat = Chat(binary, url, home, arguments)
    ready_ns, _ = chat.wait_for(b">>> ", 0, time.monotonic() + PROMPT_TIMEOUT_S)
    chat.quit()
    return (ready_ns - chat.started_ns) / 1e6


def measure_tokens(binary, url, home, server, tokens, delay_s, width):
    chat = Chat(binary, url, home)
    _, at = chat.wait_for(b">>> ", 0, time.monotonic() + PROMPT_TIMEOUT_S)
    time.sleep(SETTLE_S)
    os.write(chat.master, b"hello\r")
    deadline = time.monotonic() + tokens * delay_s + PROMPT_TIMEOUT_S
    seen_ns, position = [], at + 4
    for i in range(1, tokens + 1):
        appeared_ns, at = chat.wait_for(b"w%0*d" % (width, i), position, deadline)
        seen_ns.append(appeared_ns)
        position = at + width + 1
    chat.wait_for(b">>> ", position, deadline)
    chat.quit()
    if server.chats != 1 or len(server.sent_ns) != tokens or len(seen_ns) != tokens:
        fail(f"matched {len(seen_ns)} of {tokens} tokens ({len(server.sent_ns)} sent, {server.chats} chat requests)")
    return [(seen - sent) / 1e6 for seen, sent in zip(seen_ns, server.sent_ns)]


def measure_curl(url, home, server, tokens, delay_s, width):
    """The same paced stream read by `curl -sN` in a pseudo-terminal: the floor a client is held to."""
    body = json.dumps({"model": MODEL, "messages": [{"role": "user", "content": "hello"}]})
    chats_before = server.chats
    curl = Chat(None, url, home, argv=["curl", "-sN", "-X", "POST", f"{url}/api/chat", "-d", body])
    deadline = time.monotonic() + tokens * delay_s + PROMPT_TIMEOUT_S
    seen_ns, position = [], 0
    for i in range(1, tokens + 1):
        appeared_ns, at = curl.wait_for(b"w%0*d" % (width, i), position, deadline)
        seen_ns.append(appeared_ns)
        position = at + width + 1
    curl.proc.wait(timeout=PROMPT_TIMEOUT_S)
    os.close(curl.master)
    if server.chats != chats_before + 1 or len(server.sent_ns) != tokens:
        fail(f"curl: matched {len(seen_ns)} of {tokens} tokens")
    return [(seen - sent) / 1e6 for seen, sent in zip(seen_ns, server.sent_ns)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=".build/release/tachikoma")
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--delay-ms", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown block for BENCHMARKS.md")
    parser.add_argument("--resume-messages", type=int, default=0,
                        help="also time `--resume` of a saved session of this many messages to the prompt "
                             "(made with `store-bench seed`, which must be built in release)")
    parser.add_argument("--color", action="store_true", help="colour on, so answers are rendered as Markdown")
    parser.add_argument("--curl", action="store_true", help="also measure curl -sN on the same stream")
    args = parser.parse_args()
    Chat.color = args.color
    if not (os.path.isfile(args.bin) and os.access(args.bin, os.X_OK)):
        fail(f"no executable at {args.bin}; build it with `swift build -c release --product tachikoma`")
    if args.tokens < 1 or args.runs < 1:
        fail("--tokens and --runs must be at least 1")
    width = max(4, len(str(args.tokens)))
    server = ScriptedServer(args.tokens, args.delay_ms / 1000, width)
    url = f"http://127.0.0.1:{server.port}"
    with tempfile.TemporaryDirectory(prefix="chat-latency-") as home:
        measure_startup(args.bin, url, home)  # warm-up: page cache, dynamic loader
        server.answer_ns.clear()
        startup = [measure_startup(args.bin, url, home) for _ in range(args.runs)]
        answers = {}
        for path, ns in server.answer_ns:
            answers.setdefault(path, []).append(ns / 1e6)
        latency = measure_tokens(args.bin, url, home, server, args.tokens, args.delay_ms / 1000, width)
        curl = measure_curl(url, home, server, args.tokens, args.delay_ms / 1000, width) if args.curl else []
        resume = []
        if args.resume_messages > 0:
            seeder = os.path.join(os.path.dirname(args.bin), "store-bench")
            database = os.path.join(home, "data", "tachikoma", "tachikoma.sqlite")
            subprocess.run([seeder, "seed", database, str(args.resume_messages)], check=True)
            measure_startup(args.bin, url, home, ["--resume", "bench"])  # warm-up
            resume = [measure_startup(args.bin, url, home, ["--resume", "bench"]) for _ in range(args.runs)]

    answered = ", ".join(f"{p} {statistics.median(v) * 1000:.0f} µs" for p, v in sorted(answers.items()))
    rows = [("start-up to `>>> `", startup), ("token socket → pty", latency)]
    if curl:
        rows.append(("curl: token → pty", curl))
    if resume:
        rows.append((f"--resume {args.resume_messages} msgs", resume))
    cells = lambda values: [f"{percentile(values, p):.3f} ms" for p in (50, 90, 99, 100)] + [f"{min(values):.3f} ms"]
    print(f"{args.bin} against the scripted server, pseudo-terminal 200x50")
    print(f"{'':20}{'n':>5}" + "".join(f"{h:>11}" for h in ("median", "p90", "p99", "max", "min")))
    for name, values in rows:
        print(f"{name:20}{len(values):>5}" + "".join(f"{c:>11}" for c in cells(values)))
    print(f"server answer time per start-up request (median): {answered}")
    print(f"tokens: {len(latency)}/{args.tokens} seen, one every {args.delay_ms:g} ms; latency counted from just "
          f"before the server's sendall (median {statistics.median(server.sendall_ns) / 1000:.0f} µs)")
    if curl:
        print(f"token → pty, chat{' (colour, Markdown)' if args.color else ''} over curl: "
              f"{statistics.median(latency) / statistics.median(curl):.2f}x (medians)")
    if args.markdown:
        print(f"\n`scripts/chat_latency.py --bin {args.bin} --tokens {args.tokens} --delay-ms {args.delay_ms:g} "
              f"--runs {args.runs}` (pseudo-terminal 200x50, scripted server on 127.0.0.1):\n")
        print("| measure | n | median | p90 | p99 | max | min |\n|---|---:|---:|---:|---:|---:|---:|")
        for name, values in rows:
            print(f"| {name} | {len(values)} | " + " | ".join(cells(values)) + " |")
        print(f"\nStart-up {percentile(startup, 50):.1f} ms (median, target < 50 ms) plus the server's answer "
              f"time ({answered}). Token on the socket → visible on the terminal: median "
              f"{percentile(latency, 50):.3f} ms (target < 1 ms), {len(latency)}/{args.tokens} tokens.")

if __name__ == "__main__":
    main()
