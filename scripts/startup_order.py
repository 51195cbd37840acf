#!/usr/bin/env python3
"""Writes the order in which the linker lays out the code the shipped programs run
(`make startup-order`, BENCHMARKS.md "Footprint").

Why: the kernel maps a program's code 64 KiB at a time around each page it touches, and the code a
start runs (the Swift runtime, Foundation, NIO, AsyncHTTPClient, ArgumentParser, ours) is spread over
a 26 MiB `.text`, so half of it ends up resident. Laid out together, the functions a start runs fill
a few MiB. The release build compiles every function into its own section (the Makefile's
`SECTIONS`) and links with `--symbol-ordering-file` (Package.swift), naming them in this order.

How: the release binaries run a set of everyday scenarios under valgrind's callgrind against the
scripted server, and every function they execute is listed, in the order of the scenarios (the
`--version` path first, then `run`, then the chat). A name defined more
than once in the binary (local helpers the compiler makes per file) is left out: the linker would
pull every copy's section forward. Names that no longer exist are ignored by the linker, so a stale
list only costs memory; regenerate it after large changes.

Needs valgrind (apt), a release build and its link map: scripts/startup_order.py --map FILE [--bin DIR] [--out FILE]
"""
import argparse, collections, os, pty, re, select, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import FakeOllama  # noqa: E402

MODEL = "llama3.1:8b"
# The most code a name defined in several files may move (all copies together).
SHARED_NAME_BYTES = 4096


def callgrind(argv, out, env, stdin=None):
    command = ["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}"] + argv
    result = subprocess.run(command, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    if result.returncode != 0:
        sys.exit(f"startup_order: {' '.join(argv)} exited {result.returncode}: {result.stderr.decode()[-400:]}")


def callgrind_in_terminal(argv, out, env, keys):
    """Runs argv under callgrind in a pseudo-terminal, typing each of `keys` once the prompt shows."""
    command = ["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}"] + argv
    pid, master = pty.fork()
    if pid == 0:
        os.execvpe(command[0], command, env)
    seen, deadline = b"", time.monotonic() + 120
    for index, key in enumerate(keys):
        while seen.count(b">>> ") <= index and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        time.sleep(0.2)  # libedit draws the prompt before it sets raw mode
        os.write(master, key)
    while time.monotonic() < deadline:
        try:
            ready, _, _ = select.select([master], [], [], 1)
            if ready and not os.read(master, 65536):
                break
        except OSError:
            break
    _, status = os.waitpid(pid, 0)
    os.close(master)
    if status != 0:
        sys.exit(f"startup_order: the chat under callgrind ended with status {status}")


def executed(profile):
    """Every function a callgrind profile saw run, in the order the profile names them."""
    names, order = {}, []
    with open(profile, errors="replace") as lines:
        for line in lines:
            match = re.match(r"c?fn=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
            if not match:
                continue
            if match.group(2):
                names[match.group(1)] = re.sub(r"'\d+$", "", match.group(2))  # callgrind's recursion mark
            order.append(names.get(match.group(1)))
    return [name for name in order if name]


def defined_functions(binary):
    """How many times each function name is defined in the linked binary (`nm`)."""
    counts = collections.Counter()
    for line in subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] in "tTwW":
            counts[fields[2]] += 1
    return counts


def sections_by_symbol(link_map):
    """From lld's link map (`-Map`): for each symbol in `.text`, the input sections defining it (name
    and size); a section holds a single function (`FILE:(.text.NAME)`) or a whole file's code (`FILE:(.text)`)."""
    sections, current, in_text = collections.defaultdict(list), None, False
    section_line = re.compile(r"\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+\d+ (\S.*)$")
    input_line = re.compile(r"\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ {9}(\S.*)$")
    symbol_line = re.compile(r"\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+\d+ {17}(\S+)$")
    with open(link_map) as lines:
        for line in lines:
            if not in_text:
                match = section_line.match(line)
                in_text = bool(match) and match.group(1) == ".text"
                continue
            if match := symbol_line.match(line):
                if current:
                    sections[match.group(1)].append(current)
            elif match := input_line.match(line):
                current = (match.group(2), int(match.group(1), 16))
            elif section_line.match(line):
                break
    return sections


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=".build/release")
    parser.add_argument("--out", default="Sources/tachikoma/startup-order.txt")
    parser.add_argument("--map", required=True, help="lld's link map of the tachikoma binary (-Map)")
    args = parser.parse_args()
    tachikoma, fake = os.path.join(args.bin, "tachikoma"), os.path.join(args.bin, "fake-ollama")
    home = tempfile.mkdtemp(prefix="startup-order-")
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data",
               XDG_STATE_HOME=f"{home}/state", TERM="xterm-256color")
    env.pop("OLLAMA_HOST", None)
    env.pop("NO_COLOR", None)
    # valgrind cannot read the release build's debug information: it runs a copy without it.
    built, tachikoma = tachikoma, os.path.join(home, "tachikoma")
    subprocess.run(["strip", "--strip-debug", "-o", tachikoma, built], check=True)
    profiles = []

    def profile(name):
        path = os.path.join(home, f"{name}.callgrind")
        profiles.append(path)
        return path

    callgrind([tachikoma, "--version"], profile("version"), env)
    with FakeOllama(fake, ["--sample-answer", "--count", "3000"]) as server:
        callgrind([tachikoma, "run", MODEL, "go", "--host", server.url], profile("run"), env)
        callgrind([tachikoma, "--host", server.url], profile("chat-piped"), env,
                  stdin=b"hello\n/set temperature 0.5\n/history\nhi\n")
        callgrind_in_terminal([tachikoma, "--host", server.url], profile("chat"), env,
                              [b"hello\r", b"/set markdown on\r", b"\x04"])
    with FakeOllama(fake, ["--repeat-token", "tok ", "--count", "40", "--token-delay-ms", "5"]) as server:
        callgrind([tachikoma, "run", MODEL, "go", "--host", server.url], profile("run-paced"), env)
    callgrind([tachikoma, "sessions"], profile("sessions"), env)

    sections = sections_by_symbol(args.map)
    counts = defined_functions(built)
    order, seen = [], set()
    for path in profiles:
        for name in executed(path):
            # A name defined in several files (the compiler's local helpers) moves every copy's section:
            # worth it for a few small functions, not for a whole file's code or a hundred copies.
            copies = sections.get(name)
            if name in seen or not copies:
                continue
            if counts.get(name, 0) != 1 and (any(c.endswith("(.text)") for c, _ in copies) or sum(n for _, n in copies) > SHARED_NAME_BYTES):
                continue
            seen.add(name)
            order.append(name)
    subprocess.run(["rm", "-rf", home])
    with open(args.out, "w") as out:
        out.write("\n".join(order) + "\n")
    print(f"startup_order: {len(order)} functions written to {args.out}")


if __name__ == "__main__":
    main()
