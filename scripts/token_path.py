#!/usr/bin/env python3
"""Where a paced token's time goes inside the chat, against curl: kernel tracepoints (and uprobes).

Runs `scripts/chat_latency.py --runs 1 --curl` (its scripted server paces tokens, the chat and
`curl -sN` each run in a pseudo-terminal) while `perf record -a` traces the system calls of both, and
reports per token, as medians:
- wake -> read: from `epoll_wait`/`poll` returning to the socket `read` returning;
- read -> write: from that read returning to the `write` of the token to the terminal (fd 1).

With --stages it also puts uprobes on a few functions of the chat's binary along the path (the HTTP
parser, AsyncHTTPClient, the task's resumption, our decoder, the renderer, the output) and prints
when each first runs after the read. Each uprobe costs a trap (about 1-2 µs), so the stages add up to
a little more than read -> write without them. The names are looked up in the binary's symbol table;
a stage whose function was inlined away is left out.

Needs root (perf's system-wide tracepoints, tracefs for uprobes) and perf; Linux only.
Usage: sudo scripts/token_path.py [--bin PATH] [--tokens N] [--delay-ms MS] [--color] [--stages]
"""
import argparse, os, re, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
UPROBE_EVENTS = "/sys/kernel/tracing/uprobe_events"
GROUP = "tkpath"
# (stage, regular expression for the mangled symbol): in the order a token passes them.
STAGES = [
    ("http-parser", r"^c_nio_llhttp_execute$"),
    ("ahc-channelRead", r"^\$s15AsyncHTTPClient25HTTP1ClientChannelHandlerC11channelRead7context4data.*F$"),
    ("ahc-hands-over", r"^\$s15AsyncHTTPClient11TransactionC24receiveResponseBodyPartsyy7NIOCore14CircularBuffer.*GF$"),
    ("task-resumes", r"^\$s13HTTPStreaming21EventLoopTaskExecutorC7enqueueyys0E3JobVnFyyYbcfU_TA$"),
    ("decode", r"^\$s13HTTPStreaming17NDJSONBodyDecoderV6ingest.*ChatStreamAssembler.*Tg5$"),
    ("renderer", r"^\$s12TerminalText16ResponseRendererV7contentyySSF$"),
    ("output-gate", r"^\$s8ChatREPL10OutputGateC5writeyySSF$"),
]
WAKES = ("sys_exit_epoll_wait", "sys_exit_poll", "sys_exit_ppoll")
READS = ("sys_exit_read", "sys_exit_recvfrom")


def fail(message):
    sys.exit(f"token_path: {message}")


def file_offsets(binary):
    """Symbol name -> offset in the file, for the executable's defined functions."""
    segments = []
    for line in subprocess.run(["readelf", "-lW", binary], capture_output=True, text=True, check=True).stdout.splitlines():
        fields = line.split()
        if fields and fields[0] == "LOAD":
            segments.append((int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)))
    offsets = {}
    for line in subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] in "tT":
            address = int(fields[0], 16)
            for offset, vaddr, size in segments:
                if vaddr <= address < vaddr + size:
                    offsets[fields[2]] = address - vaddr + offset
    return offsets


def write_uprobe_event(line):
    # tracefs takes one definition per write, appended (Python's "a" mode seeks, which it refuses).
    descriptor = os.open(UPROBE_EVENTS, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(descriptor, (line + "\n").encode())
    finally:
        os.close(descriptor)


def add_uprobes(binary):
    offsets = file_offsets(binary)
    added = []
    for stage, pattern in STAGES:
        matches = [name for name in offsets if re.search(pattern, name)]
        if len(matches) != 1:
            print(f"token_path: stage {stage} left out ({len(matches)} functions match)", file=sys.stderr)
            continue
        write_uprobe_event(f"p:{GROUP}/{stage.replace('-', '_')} {os.path.abspath(binary)}:0x{offsets[matches[0]]:x}")
        added.append(stage)
    return added


def remove_uprobes(stages):
    for stage in stages:
        try:
            write_uprobe_event(f"-:{GROUP}/{stage.replace('-', '_')}")
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=".build/release/tachikoma")
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--delay-ms", type=float, default=20.0)
    parser.add_argument("--color", action="store_true", help="the chat with colour (Markdown on)")
    parser.add_argument("--stages", action="store_true", help="uprobes along the chat's path")
    args = parser.parse_args()
    if os.geteuid() != 0:
        fail("needs root, for perf's system-wide tracepoints")
    stages = add_uprobes(args.bin) if args.stages else []
    data = os.path.join(tempfile.mkdtemp(prefix="token-path-"), "perf.data")
    events = ",".join([f"syscalls:{name}" for name in WAKES + READS + ("sys_enter_write",)] + [f"{GROUP}:*"] * bool(stages))
    try:
        perf = subprocess.Popen(["perf", "record", "-q", "-a", "-o", data, "-e", events],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(1)  # perf opens its events
        if perf.poll() is not None:
            fail(f"perf record failed: {perf.stderr.read().decode()[-300:]}")
        latency = [sys.executable, os.path.join(HERE, "chat_latency.py"), "--bin", args.bin, "--runs", "1",
                   "--tokens", str(args.tokens), "--delay-ms", str(args.delay_ms), "--curl"] + ["--color"] * args.color
        result = subprocess.run(latency, capture_output=True, text=True)
        perf.send_signal(2)
        perf.wait()
        if result.returncode != 0:
            fail(f"chat_latency.py failed: {result.stderr[-300:]}")
        print("\n".join(line for line in result.stdout.splitlines() if "token" in line or "curl" in line))
        trace = subprocess.run(["perf", "script", "-i", data, "-F", "comm,pid,tid,time,event,trace"],
                               capture_output=True, text=True).stdout
    finally:
        remove_uprobes(stages)
    report(trace, os.path.basename(args.bin))


def report(trace, program):
    """Per token (a socket read, then the write of it to the terminal), medians of each step.

    The chat is every thread of the processes whose main thread is `program`: its read and its write
    may be on different threads. Reads of 8 bytes (NIO's eventfd and timerfd) are not the socket's."""
    pattern = re.compile(r"\s*(\S+)\s+(\d+)/(\d+)\s+([\d.]+):\s+(\S+):\s*(.*)")
    events = [match.groups() for match in map(pattern.match, trace.splitlines()) if match]
    chat_pids = {pid for comm, pid, _, _, _, _ in events if comm == program[:15]}
    steps = {"chat": {}, "curl": {}}
    last_wake, token = {}, {}
    for comm, pid, tid, stamp, event, rest in events:
        who = "curl" if comm == "curl" else "chat" if pid in chat_pids else None
        if who is None:
            continue
        stamp, name = float(stamp), event.split(":")[-1]
        if name in WAKES:
            last_wake[tid] = stamp
        elif name in READS:
            if not rest.endswith("0x8") and pid not in token:
                token[pid] = {"read": stamp} | ({"wake": last_wake[tid]} if tid in last_wake else {})
        elif name == "sys_enter_write":
            if "fd: 0x00000001" in rest and pid in token:
                found = token.pop(pid)
                found["write"] = stamp
                for step, when in found.items():
                    steps[who].setdefault(step, []).append((when - found["read"]) * 1e6)
        elif pid in token:
            token[pid].setdefault(name.replace("_", "-"), stamp)
    for who in ("chat", "curl"):
        found = steps[who]
        if "write" not in found:
            print(f"{who}: no token was traced")
            continue
        print(f"{who}: {len(found['write'])} tokens; median µs after the socket read returned:")
        for step, values in sorted(found.items(), key=lambda item: statistics.median(item[1])):
            print(f"  {step:16s} {statistics.median(values):8.1f}")


if __name__ == "__main__":
    main()
