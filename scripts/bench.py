#!/usr/bin/env python3
"""Stream benchmark: `tachikoma run` to /dev/null against `curl -sN` reading the same NDJSON stream
from the scripted server, plus start-up time. Prints wall, CPU and peak RSS for each, and the ratios.

Usage: scripts/bench.py [--tokens N] [--runs N] [--bin DIR]
"""
import argparse, json, os, re, signal, statistics, subprocess, sys, time

def measure(argv, stdin=subprocess.DEVNULL):
    """Runs argv to /dev/null; returns (wall s, cpu s, peak RSS KiB, exit code) of the child alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=stdin)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench: {argv[0]} exited {code}: {err.strip()[:300]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss

def median_run(argv, runs):
    results = [measure(argv) for _ in range(runs)]
    return tuple(statistics.median(r[i] for r in results) for i in range(3))

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bin", default=".build/release")
    args = parser.parse_args()
    tachikoma = os.path.join(args.bin, "tachikoma")
    fake = os.path.join(args.bin, "fake-ollama")

    server = subprocess.Popen([fake, "--port", "0", "--repeat-token", "tok ", "--count", str(args.tokens)],
                              stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not match:
            sys.exit(f"bench: fake-ollama did not say where it listens: {line!r}")
        url = f"http://127.0.0.1:{match.group(1)}"
        body = json.dumps({"model": "llama3.1:8b", "messages": [{"role": "user", "content": "go"}]})
        curl = ["curl", "-sN", "-o", "/dev/null", "-X", "POST", f"{url}/api/chat", "-d", body]
        tk = [tachikoma, "run", "--host", url, "llama3.1:8b", "go"]
        measure(curl); measure(tk)  # warm-up: page cache, server first-request paths
        c_wall, c_cpu, c_rss = median_run(curl, args.runs)
        t_wall, t_cpu, t_rss = median_run(tk, args.runs)
        startup = sorted(measure([tachikoma, "--version"])[0] for _ in range(20))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)

    n = args.tokens
    print(f"stream of {n} tokens from the scripted server, median of {args.runs} runs")
    print(f"{'':12}{'wall':>10}{'tokens/s':>14}{'CPU':>10}{'CPU/token':>12}{'peak RSS':>12}")
    for name, wall, cpu, rss in (("curl -sN", c_wall, c_cpu, c_rss), ("tachikoma", t_wall, t_cpu, t_rss)):
        print(f"{name:12}{wall*1000:>8.1f}ms{n/wall:>14,.0f}{cpu*1000:>8.1f}ms{cpu/n*1e9:>10.0f}ns{rss/1024:>9.1f}MiB")
    print(f"ratios tachikoma/curl: wall {t_wall/c_wall:.2f}x, CPU {t_cpu/c_cpu:.2f}x, peak RSS {t_rss/c_rss:.2f}x")
    print(f"tachikoma --version start-up: median {statistics.median(startup)*1000:.1f} ms, "
          f"min {startup[0]*1000:.1f} ms (20 runs)")

if __name__ == "__main__":
    main()
