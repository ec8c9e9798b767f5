"""Figures for the operational CLI (not a test): cold start and piped throughput.

    python benchmarks/bench_cli.py [--runs N]

Targets: one piped command in under 0.3 s whole-process; over 2,000 commands/s.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = [
    "show clock",
    "show system info",
    "show interface all",
    "show cli settings",
    "set cli pager off",
    "show system info | match serial",
    "show interface management",
    "show nothing",
    "set cli terminal width 200",
    "show system info | except version",
]


def run(stdin: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "panshell", "--ephemeral", "--clock", "2026-01-01T00:00:00Z"],
        input=stdin, capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - start
    if "Traceback" in proc.stderr:
        sys.exit(proc.stderr)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    run("show clock\n")  # warm the OS file cache and bytecode
    starts = sorted(run("show clock\n") for _ in range(args.runs))
    print(f"cold start, one piped command: median {statistics.median(starts) * 1000:.0f} ms "
          f"(min {starts[0] * 1000:.0f}, max {starts[-1] * 1000:.0f}, {args.runs} runs; target < 300 ms)")

    lines = 10_000
    script = "".join(COMMANDS[i % len(COMMANDS)] + "\n" for i in range(lines))
    elapsed = min(run(script) for _ in range(3))
    print(f"throughput, {lines:,}-line piped file: {lines / elapsed:,.0f} commands/s "
          f"({elapsed:.2f} s whole process, best of 3; target > 2,000/s)")


if __name__ == "__main__":
    main()
