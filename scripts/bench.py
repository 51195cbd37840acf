#!/usr/bin/env python3
"""Stream benchmark: `tachikoma run` to /dev/null against `curl -sN` reading the same NDJSON stream
from the scripted server, for two token mixes, plus start-up time.

- realistic (the default mix): `fake-ollama --sample-answer`, a markdown answer with code, quotes,
  backslashes, tabs, `<`, `>`, `&` (sent as Go sends them: `\\u003c`, `\\u003e`, `\\u0026`), accents, CJK
  and emoji, one token per line, each line with its own `created_at` (its length varies, as Go drops
  the trailing zeros of the nanoseconds).
- best case: `fake-ollama --repeat-token "tok "`, the same plain ASCII token on every line.

For each: wall, CPU (user + system of the child, from wait4) and peak RSS of each program, median of
--runs runs after a warm-up, the two programs' runs taken in turn so that a busy moment of the
machine falls on both; the share of lines tachikoma decoded on its light path
(TACHIKOMA_STREAM_STATS=1); and a check that tachikoma printed exactly the text curl received.

With --protocol sse (or both), the same mixes go out as an OpenAI-compatible server streams them:
Server-Sent Events from the scripted server's /v1/chat/completions (`data: {chunk}` and a blank line per
token, usage, `data: [DONE]`), read by `curl -sN` and by `tachikoma run --server bench` (a config file
naming the scripted server as an `openai` server).

Usage: scripts/bench.py [--tokens N] [--runs N] [--bin DIR] [--mix realistic|best|both]
                        [--protocol ndjson|sse|both] [--markdown]
"""
import argparse, datetime, json, os, re, signal, statistics, subprocess, sys, time

REALISTIC_FLOOR_TOKENS_PER_S = 1_000_000
CPU_RATIO_FLOOR = 3.0
CPU_RATIO_AIM = 2.0


def measure(argv, env=None, stdout=subprocess.DEVNULL):
    """Runs argv; returns (wall s, cpu s, wait4's peak RSS KiB, stderr) of the child alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench: {argv[0]} exited {code}: {err.strip()[:300]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, err


def peak_rss_kib(argv, env=None, runs=3):
    """Peak RSS of argv in KiB, from GNU time (median of `runs`), or None without /usr/bin/time.

    Not from wait4: Linux carries a process's peak RSS across fork and exec, so a child of this
    (large) Python process would report Python's size. GNU time is a small parent."""
    if not os.path.exists("/usr/bin/time"):
        return None
    values = []
    for _ in range(runs):
        result = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=env, check=True)
        values.append(int(result.stderr.decode().strip().splitlines()[-1]))
    return statistics.median(values)


def median_runs(first, second, runs, second_env=None):
    """Median (wall, CPU) of each program over `runs` runs taken in turn (first, second, first, …),
    so that a busy moment of the machine falls on both; their peak RSS; the last run's stderr of the
    second."""
    pairs = [(measure(first), measure(second, second_env)) for _ in range(runs)]
    summaries = []
    for index, argv, env in ((0, first, None), (1, second, second_env)):
        results = [pair[index] for pair in pairs]
        wall, cpu = (statistics.median(r[i] for r in results) for i in range(2))
        summaries.append((wall, cpu, peak_rss_kib(argv, env)))
    return summaries[0], summaries[1], pairs[-1][1][3]


class FakeOllama:
    """fake-ollama on a free port, stopped on exit."""

    def __init__(self, fake, mix_arguments):
        self.proc = subprocess.Popen([fake, "--port", "0"] + mix_arguments, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not match:
            self.stop()
            sys.exit(f"bench: fake-ollama did not say where it listens: {line!r}")
        self.url = f"http://127.0.0.1:{match.group(1)}"

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.stop()


def curl_argv(url, output="/dev/null", sse=False):
    body = {"model": "llama3.1:8b", "messages": [{"role": "user", "content": "go"}]}
    if sse:
        body.update(stream=True, stream_options={"include_usage": True})
    path = "/v1/chat/completions" if sse else "/api/chat"
    return ["curl", "-sN", "-o", output, "-X", "POST", f"{url}{path}", "-H", "Content-Type: application/json",
            "-d", json.dumps(body)]


def sse_text(raw):
    """The answer's text from an event stream, and its data lines."""
    events = [line[len(b"data: "):] for line in raw.split(b"\n") if line.startswith(b"data: ")]
    text = ""
    for data in events:
        if data == b"[DONE]":
            break
        for choice in json.loads(data).get("choices", []):
            text += choice.get("delta", {}).get("content") or ""
    return text, events


def expected_text(url):
    """The answer's text as curl receives it, decoded line by line, and how the lines look."""
    raw = subprocess.run(curl_argv(url, "-"), capture_output=True, check=True).stdout
    lines = raw.splitlines()
    text = "".join(json.loads(line).get("message", {}).get("content", "") for line in lines)
    escaped = sum(1 for line in lines if b"\\" in line.split(b'"content":', 1)[-1])
    stamp_lengths = {len(m.group(1)) for m in re.finditer(rb'"created_at":"([^"]*)"', raw)}
    return text, len(lines), len(raw), escaped, stamp_lengths


def bench_mix_sse(name, mix_arguments, args, tachikoma, fake):
    """The mix as Server-Sent Events: curl always, tachikoma when it can be pointed at the server."""
    import tempfile
    with FakeOllama(fake, mix_arguments) as server, tempfile.TemporaryDirectory() as folder:
        curl = curl_argv(server.url, sse=True)
        raw = subprocess.run(curl_argv(server.url, "-", sse=True), capture_output=True, check=True).stdout
        text, events = sse_text(raw)
        config = os.path.join(folder, "config.json")
        with open(config, "w") as file:
            json.dump({"servers": {"bench": {"kind": "openai", "url": server.url + "/v1"}}}, file)
        os.chmod(config, 0o600)
        tk = [tachikoma, "run", "--config", config, "--server", "bench", "llama3.1:8b", "go"]
        want = text if text.endswith("\n") else text + "\n"
        probe = subprocess.run(tk, capture_output=True)
        wired = probe.returncode == 0
        if wired and probe.stdout.decode() != want:
            sys.exit(f"bench: tachikoma printed something else than the SSE stream carried ({len(probe.stdout)} vs {len(want)} bytes)")
        measure(curl)
        t_result, stats_line = None, "not measured (not wired to `servers` yet?): " + (probe.stderr.decode().strip().splitlines() or ["?"])[0][:160]
        if wired:
            measure(tk)
            env = dict(os.environ, TACHIKOMA_STREAM_STATS="1")
            (c_wall, c_cpu, c_rss), t_result, stats = median_runs(curl, tk, args.runs, env)
            stats_line = next((l for l in stats.splitlines() if l.startswith("stream lines:")), "no stream statistics")
        else:
            (c_wall, c_cpu, c_rss), _, _ = median_runs(curl, curl, args.runs)
    escaped = sum(1 for data in events if b"\\" in data.split(b'"content":', 1)[-1])
    return dict(name=name + " as SSE", tokens=args.tokens, lines=len(events), bytes=len(raw), escaped=escaped, stamps=[],
                curl=(c_wall, c_cpu, c_rss), tachikoma=t_result, stats=stats_line)


def bench_mix(name, mix_arguments, args, tachikoma, fake):
    with FakeOllama(fake, mix_arguments) as server:
        curl = curl_argv(server.url)
        tk = [tachikoma, "run", "--host", server.url, "llama3.1:8b", "go"]
        text, lines, size, escaped, stamp_lengths = expected_text(server.url)
        # tachikoma ends the answer with a newline when the text does not.
        want = text if text.endswith("\n") else text + "\n"
        got = subprocess.run(tk, capture_output=True, check=True).stdout.decode()
        if got != want:
            sys.exit(f"bench: tachikoma printed something else than the stream carried ({len(got)} vs {len(want)} chars)")
        measure(curl); measure(tk)  # warm-up: page cache, server first-request paths
        env = dict(os.environ, TACHIKOMA_STREAM_STATS="1")
        (c_wall, c_cpu, c_rss), (t_wall, t_cpu, t_rss), stats = median_runs(curl, tk, args.runs, env)
    stats_line = next((l for l in stats.splitlines() if l.startswith("stream lines:")), "no stream statistics")
    return dict(name=name, tokens=args.tokens, lines=lines, bytes=size, escaped=escaped, stamps=sorted(stamp_lengths),
                curl=(c_wall, c_cpu, c_rss), tachikoma=(t_wall, t_cpu, t_rss), stats=stats_line)


def mib(kib):
    return "n/a" if kib is None else f"{kib/1024:.1f} MiB"


def print_result(result, markdown):
    n = result["tokens"]
    print(f"\n{result['name']}: {n:,} tokens in {result['lines']:,} lines, {result['bytes']/1e6:.1f} MB; "
          f"{result['escaped']:,} lines have escapes in their content"
          + (f"; created_at lengths {result['stamps']}" if result['stamps'] else ""))
    rows = tuple(row for row in (("curl -sN", result["curl"]), ("tachikoma run", result["tachikoma"])) if row[1])
    if markdown:
        print("\n|               | wall | tokens/s | CPU | CPU/token | peak RSS |")
        print("|---------------|-----:|---------:|----:|----------:|---------:|")
        for label, (wall, cpu, rss) in rows:
            print(f"| {label} | {wall*1000:.1f} ms | {n/wall:,.0f} | {cpu*1000:.1f} ms | {cpu/n*1e9:.0f} ns | {mib(rss)} |")
    else:
        print(f"{'':15}{'wall':>10}{'tokens/s':>14}{'CPU':>10}{'CPU/token':>12}{'peak RSS':>12}")
        for label, (wall, cpu, rss) in rows:
            print(f"{label:15}{wall*1000:>8.1f}ms{n/wall:>14,.0f}{cpu*1000:>8.1f}ms{cpu/n*1e9:>10.0f}ns{mib(rss):>12}")
    if not result["tachikoma"]:
        print(f"\ntachikoma run {result['stats']}")
        return
    (c_wall, c_cpu, c_rss), (t_wall, t_cpu, t_rss) = result["curl"], result["tachikoma"]
    rss_ratio = f", peak RSS {t_rss/c_rss:.2f}x" if t_rss and c_rss else ""
    print(f"\nratios tachikoma/curl: wall {t_wall/c_wall:.2f}x, CPU {t_cpu/c_cpu:.2f}x{rss_ratio}")
    print(f"tachikoma {result['stats']}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--bin", default=".build/release")
    parser.add_argument("--mix", choices=["realistic", "best", "both"], default="both")
    parser.add_argument("--protocol", choices=["ndjson", "sse", "both"], default="ndjson",
                        help="NDJSON from /api/chat (Ollama), SSE from /v1/chat/completions (OpenAI-compatible), or both")
    parser.add_argument("--markdown", action="store_true", help="tables as markdown, for BENCHMARKS.md")
    args = parser.parse_args()
    tachikoma = os.path.join(args.bin, "tachikoma")
    fake = os.path.join(args.bin, "fake-ollama")

    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.2f}; median of {args.runs} runs")
    results = []
    mixes = []
    if args.mix in ("realistic", "both"):
        mixes.append(("realistic mix (--sample-answer)", ["--sample-answer", "--count", str(args.tokens)]))
    if args.mix in ("best", "both"):
        mixes.append(("best case (--repeat-token \"tok \")", ["--repeat-token", "tok ", "--count", str(args.tokens)]))
    for name, arguments in mixes:
        if args.protocol in ("ndjson", "both"):
            results.append(bench_mix(name, arguments, args, tachikoma, fake))
        if args.protocol in ("sse", "both"):
            results.append(bench_mix_sse(name, arguments, args, tachikoma, fake))
    for result in results:
        print_result(result, args.markdown)

    startup = sorted(measure([tachikoma, "--version"])[0] for _ in range(20))
    print(f"\ntachikoma --version start-up: median {statistics.median(startup)*1000:.1f} ms, "
          f"min {startup[0]*1000:.1f} ms (20 runs)")

    realistic = next((r for r in results if r["name"].startswith("realistic") and not r["name"].endswith("SSE")), None)
    if realistic:
        (c_wall, c_cpu, _), (t_wall, t_cpu, _) = realistic["curl"], realistic["tachikoma"]
        rate, ratio = realistic["tokens"] / t_wall, t_cpu / c_cpu
        verdict = "holds" if rate >= REALISTIC_FLOOR_TOKENS_PER_S and ratio <= CPU_RATIO_FLOOR else "MISSED"
        aim = "met" if ratio <= CPU_RATIO_AIM else "not met"
        print(f"floor (realistic mix >= {REALISTIC_FLOOR_TOKENS_PER_S:,} tokens/s, CPU <= {CPU_RATIO_FLOOR:.0f}x curl): "
              f"{verdict} ({rate:,.0f} tokens/s, {ratio:.2f}x); aim (CPU <= {CPU_RATIO_AIM:.0f}x curl): {aim}")


if __name__ == "__main__":
    main()
