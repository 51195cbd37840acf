#!/usr/bin/env python3
"""Footprint of the release binaries (`make bench-footprint`, BENCHMARKS.md "Footprint"):

- peak RSS (GNU time's %M, median of --runs) of `tachikoma run` on a 20,000-token realistic answer
  from the scripted server, of a one-token `run`, and of `tachikoma --version`;
- the size of each binary stripped (a stripped copy in a temporary folder), its largest sections,
  and what its largest parts are: the unstripped binary's symbols (`nm -S`) summed by where they
  come from (the Swift module named in the mangled name; ICU's data; C and C++ code).

Usage: scripts/footprint.py [--bin DIR] [--runs N] [--tokens N] [--markdown]
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import FakeOllama  # noqa: E402


def peak_rss_kib(argv, runs, env=None):
    values = []
    for _ in range(runs):
        result = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
        if result.returncode != 0:
            sys.exit(f"footprint: {' '.join(argv)} exited {result.returncode}: {result.stderr.decode()[-300:]}")
        values.append(int(result.stderr.decode().strip().splitlines()[-1]))
    return statistics.median(values)


def origin(name):
    """Where a symbol comes from, by its name."""
    if name.startswith("icudt"):
        return "ICU data"
    match = re.match(r"_?\$s(\d+)([A-Za-z_]\w*)", name)
    if match:
        module = match.group(2)[: int(match.group(1))]
        for family in ("Foundation", "NIO", "GRDB", "ArgumentParser", "AsyncHTTPClient", "Crypto", "X509",
                       "Subprocess", "System", "MCP", "Logging", "Collections", "Dispatch"):
            if module.startswith(family) or module.startswith("_" + family):
                return family
        return module
    if name.startswith("$ss") or name.startswith("$sS") or name.startswith("swift_"):
        return "Swift"
    if name.startswith("_ZN") and ("icu" in name.lower()):
        return "ICU code"
    if name.startswith("_Z"):
        return "C++ (runtime, ICU)"
    return "C and other"


def parts(binary, top):
    out = subprocess.run(["nm", "-S", "--size-sort", binary], capture_output=True, text=True).stdout
    sums = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        size = int(fields[1], 16)
        key = origin(fields[3])
        sums[key] = sums.get(key, 0) + size
    return sorted(sums.items(), key=lambda item: -item[1])[:top]


def sections(binary, top):
    out = subprocess.run(["size", "-A", binary], capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[0].startswith(".") and fields[1].isdigit():
            rows.append((fields[0], int(fields[1])))
    return sorted(rows, key=lambda row: -row[1])[:top]


def mib(n):
    return f"{n / 1048576:.1f} MiB"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=".build/release")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=20_000)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    tachikoma, fake = os.path.join(args.bin, "tachikoma"), os.path.join(args.bin, "fake-ollama")
    env = dict(os.environ, HOME=tempfile.mkdtemp(prefix="footprint-home-"))
    env.pop("OLLAMA_HOST", None)
    rows = []
    with FakeOllama(fake, ["--sample-answer", "--count", str(args.tokens)]) as server:
        rows.append((f"`run`, {args.tokens:,}-token answer",
                     peak_rss_kib([tachikoma, "run", "llama3.1:8b", "go", "--host", server.url], args.runs, env)))
    with FakeOllama(fake, ["--repeat-token", "tok ", "--count", "1"]) as server:
        rows.append(("`run`, one-token answer",
                     peak_rss_kib([tachikoma, "run", "llama3.1:8b", "go", "--host", server.url], args.runs, env)))
    rows.append(("`--version`", peak_rss_kib([tachikoma, "--version"], args.runs, env)))
    shutil.rmtree(env["HOME"], ignore_errors=True)
    print("| peak RSS (median of %d) | KiB | MiB |" % args.runs)
    print("|---|---:|---:|")
    for label, kib in rows:
        print(f"| {label} | {kib:,.0f} | {kib / 1024:.1f} |")
    print()
    with tempfile.TemporaryDirectory() as folder:
        for program in ("tachikoma", "tachikoma-mcp"):
            source = os.path.join(args.bin, program)
            if not os.path.exists(source):
                continue
            stripped = os.path.join(folder, program)
            shutil.copy(source, stripped)
            subprocess.run(["strip", "--strip-all", stripped], check=True)
            print(f"**{program}**: {mib(os.path.getsize(source))} as built, {mib(os.path.getsize(stripped))} stripped")
            print()
            print("| section | size |   | part (symbols by origin) | size |")
            print("|---|---:|---|---|---:|")
            for (section, ssize), (part, psize) in zip(sections(stripped, 8), parts(source, 8)):
                print(f"| `{section}` | {mib(ssize)} | | {part} | {mib(psize)} |")
            print()


if __name__ == "__main__":
    main()
