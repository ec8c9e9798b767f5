"""Figures for HA (not a test): show commands in process, on the default pair and on a config of
10,000 address objects and 2,000 security rules; that config pushed from fw1 to fw2 over HA1 as an
HA-Sync job.

    python benchmarks/bench_ha.py [--addresses N] [--rules N] [--runs N] [--shows N]

Target: `show high-availability all` under 300 µs in process.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_config import grow, size_arguments  # a sibling script

from panshell.backend.ha import config_sync
from panshell.backend.clock import Clock
from panshell.backend.lab import Lab
from panshell.session import Session

SHOWS = ["show system info", "show interface all", "show high-availability all"]


def show_medians(session: Session, rounds: int) -> dict[str, float]:
    """Each show command's median time in µs; the commands take turns, so a busy moment of the
    machine weighs on all alike."""
    times = {command: [] for command in SHOWS}
    for command in SHOWS:  # warm up
        session.execute(command)
    for _ in range(rounds):
        for command in SHOWS:
            start = time.perf_counter()
            session.execute(command)
            times[command].append(time.perf_counter() - start)
    return {command: statistics.median(spent) * 1e6 for command, spent in times.items()}


def print_shows(label: str, medians: dict[str, float], rounds: int) -> None:
    for command, median in medians.items():
        print(f"`{command}` in process, {label}: median {median:,.0f} µs over {rounds:,}")


def main() -> None:
    args = size_arguments(__doc__, shows=2_000)

    pair = Lab.ephemeral(Clock())
    print_shows("default pair", show_medians(Session(pair, pair.devices["fw1"]), args.shows), args.shows)
    with tempfile.TemporaryDirectory() as tmp:
        lab = Lab.open(Path(tmp), Clock())
        grow(lab, args.addresses, args.rules)
        fw1, fw2 = lab.devices["fw1"], lab.devices["fw2"]
        syncs = []
        for _ in range(args.runs):
            start = time.perf_counter()
            job = config_sync.sync_running_config(lab.pair, fw1)
            syncs.append(time.perf_counter() - start)
            assert job.result == "OK", job.details
        session = Session(lab, fw1)
        shows = show_medians(session, args.shows // 10)
        session.execute("configure")
        commits = []
        for i in range(args.runs):
            session.execute(f"set address bench-{i} ip-netmask 192.0.2.{i + 1}")
            start = time.perf_counter()
            session.execute("commit")
            commits.append(time.perf_counter() - start)
            assert fw2.jobs.jobs[-1].type == "HA-Sync" and fw2.jobs.jobs[-1].result == "OK"
        lab.close()
    print(f"config: {args.addresses:,} address objects, {args.rules:,} security rules")
    print_shows("that config", shows, args.shows // 10)
    print(f"sync-to-remote running-config (HA-Sync job on the peer: merge, validate, write): "
          f"median {statistics.median(syncs) * 1000:.0f} ms over {args.runs}")
    print(f"commit on the active including the HA-Sync on the passive: "
          f"median {statistics.median(commits) * 1000:.0f} ms over {args.runs}")


if __name__ == "__main__":
    sys.exit(main())
