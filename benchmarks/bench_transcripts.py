"""Figures for golden transcripts (not a test): checking throughput.

    python benchmarks/bench_transcripts.py [--files 100] [--commands 50] [--runs 3]

Generates FILES transcripts of COMMANDS commands each (a mix of every command,
on both firewalls, with help requests, errors and clock directives) into a
temporary directory, records their expected output with
`panshell transcript check --update`, then times the whole process
`panshell transcript check DIR` on them.

Target: 100 transcripts of 50 commands in under 5 s on a 2-core machine.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = [
    "show clock",
    "show system info",
    "show interface all",
    "show interface management",
    "show cli settings",
    "set cli pager off",
    "set cli terminal width 200",
    "show system info | match version",
    "show system info | except date | match -",
    "show interface all | match ethernet",
    "show ?",
    "set cli terminal ?",
    "show nothing",
    "set cli terminal height 0",
    "set cli config-output-format json",
    "show cli settings | match Format",
]
PROMPTS = {"fw1": "admin@fw1(active)> ", "fw2": "admin@fw2(passive)> "}


def transcript(index: int, commands: int) -> str:
    lines = [f"# Benchmark transcript {index}: {commands} commands on both firewalls.", "#! clock 2026-11-25T00:00:00Z"]
    for n in range(commands):
        if n and n % 10 == 0:
            lines.append("#! clock advance 5m")
        device = "fw2" if (index + n) % 3 == 0 else "fw1"
        lines.append(PROMPTS[device] + COMMANDS[(index * 7 + n) % len(COMMANDS)])
    return "\n".join(lines) + "\n"


def panshell(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "panshell", "transcript", *args], check=False, capture_output=True, text=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--commands", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="panshell-bench-") as tmp:
        directory = Path(tmp) / "transcripts"
        directory.mkdir()
        for index in range(args.files):
            (directory / f"t{index:03d}.txt").write_text(transcript(index, args.commands))
        filled = panshell("check", "--update", str(directory))
        if "Traceback" in filled.stdout + filled.stderr:
            sys.exit(filled.stdout + filled.stderr)
        size = sum(f.stat().st_size for f in directory.iterdir())

        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            proc = panshell("check", str(directory))
            times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                sys.exit(f"check failed:\n{proc.stdout}{proc.stderr}")
        best = min(times)
        total = args.files * args.commands
        print(
            f"transcript check: {args.files} files x {args.commands} commands ({total:,} commands, "
            f"{size / 1e6:.1f} MB) in {best:.2f} s whole process, best of {args.runs} "
            f"(runs: {', '.join(f'{t:.2f}' for t in times)}; target < 5 s)"
        )
        print(f"  {total / best:,.0f} commands/s, {args.files / best:,.0f} transcripts/s, "
              f"{os.cpu_count()} cores; last run: {proc.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
