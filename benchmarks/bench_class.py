"""A class on one served lab (not a test): while one session commits on a big config, how long do
the others wait for `show clock`?

    python benchmarks/bench_class.py [--sessions 30] [--addresses 10000] [--rules 2000] [--commits 3]
                                     [--think SECONDS]

A lab on disk gets fw1's config grown to N addresses and M rules (bench_config.grow), then
`panshell serve` serves it. Over SSH, sessions-1 sessions poll `show clock` back to back while
the last one runs `set` + `commit` `--commits` times (each poller waits `--think` seconds between
replies, 0 by default: the worst case, a server kept busy); the figures are the pollers' latencies
(median, p99, max) during the commits, beside the same sessions' latencies with no commit
running, and each commit's duration as its author sees it. Target: p99 < 50 ms.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_config import grow  # sibling scripts
from bench_ssh import free_port, open_terminal, read_prompt

from panshell.backend.clock import Clock
from panshell.backend.lab import Lab


def make_lab(directory: Path, addresses: int, rules: int) -> None:
    lab = Lab.open(directory, Clock())
    grow(lab, addresses, rules)
    lab.close()


async def poll(port: int, stop: asyncio.Event, times: list[tuple[float, float]], think: float) -> None:
    conn, process = await open_terminal(port)
    while not stop.is_set():
        start = time.perf_counter()
        process.stdin.write("show clock\n")
        await read_prompt(process)
        times.append((start, time.perf_counter() - start))
        await asyncio.sleep(think)
    conn.close()


async def commits(port: int, count: int, windows: list[tuple[float, float]]) -> None:
    conn, process = await open_terminal(port)
    process.stdin.write("configure\n")
    await read_prompt(process)
    for n in range(count):
        process.stdin.write(f"set address class-{n} ip-netmask 192.0.2.{n + 1}/32\n")
        await read_prompt(process)
        start = time.perf_counter()
        process.stdin.write("commit\n")
        await read_prompt(process)
        windows.append((start, time.perf_counter()))
        await asyncio.sleep(0.5)  # the pollers run with no commit between commits
    conn.close()


def figures(values: list[float]) -> str:
    values = sorted(values)
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    return (f"median {statistics.median(values) * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms   "
            f"max {values[-1] * 1000:7.1f} ms   ({len(values)} replies)")


async def run(port: int, sessions: int, count: int, think: float) -> None:
    stop, times, windows = asyncio.Event(), [], []
    pollers = [asyncio.create_task(poll(port, stop, times, think)) for _ in range(sessions - 1)]
    await asyncio.sleep(2)  # all logged in, polling
    await commits(port, count, windows)
    stop.set()
    await asyncio.gather(*pollers)
    during = [t for start, t in times if any(a <= start + t and start <= b for a, b in windows)]
    quiet = [t for start, t in times if not any(a - 0.2 <= start + t and start <= b + 0.2 for a, b in windows)]
    print(f"show clock, {sessions - 1} sessions, during commits: {figures(during)}")
    print(f"show clock, {sessions - 1} sessions, no commit:      {figures(quiet)}")
    print("commit as its author sees it: " + ", ".join(f"{(b - a) * 1000:.0f} ms" for a, b in windows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--addresses", type=int, default=10_000)
    parser.add_argument("--rules", type=int, default=2_000)
    parser.add_argument("--commits", type=int, default=3)
    parser.add_argument("--think", type=float, default=0.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        make_lab(Path(directory), args.addresses, args.rules)
        port = free_port(2)
        server = subprocess.Popen([sys.executable, "-m", "panshell", "serve", "--lab", directory, "--port", str(port),
                                   "--api-port", "0"], stdout=subprocess.PIPE, text=True)
        try:
            server.stdout.readline()
            asyncio.run(run(port, args.sessions, args.commits, args.think))
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
