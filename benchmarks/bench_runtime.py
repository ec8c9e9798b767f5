"""Figures for the runtime tables (not a test): HA2 sync of a 100,000-session table.

    python benchmarks/bench_runtime.py [--sessions N] [--runs N]

The active's session table is filled synthetically (the default lab's traffic mix has a
dozen sessions); the figure is `ha2_sync` from the active to the passive, which copies the
table and hands the passive the SAs, routes and ARP entries. Also shown: building the
default lab's tables from its config, and the passive printing the synced table.

Target: HA2 sync of 100,000 sessions under 0.1 s.
"""
from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timezone

from panshell.backend import runtime
from panshell.backend.ha.state_sync import ha2_sync
from panshell.backend.clock import FixedClock
from panshell.backend.lab import Lab
from panshell.session import Session


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    lab = Lab.ephemeral(FixedClock(datetime(2026, 11, 25, tzinfo=timezone.utc)))
    active, passive = lab.devices["fw1"], lab.devices["fw2"]

    def build():
        runtime.invalidate(active)
        runtime.tables(active)

    builds = [timed(build) for _ in range(args.runs)]
    print(f"build the default lab's tables from its config: median {statistics.median(builds) * 1000:.1f} ms "
          f"({len(runtime.tables(active).sessions)} sessions)")

    runtime.tables(active).own.sessions = runtime.synthetic_sessions(args.sessions, lab.clock.now())
    syncs = [timed(lambda: ha2_sync(lab.pair, active, passive)) for _ in range(args.runs)]
    assert len(runtime.tables(passive).sessions) == args.sessions
    print(f"ha2_sync of {args.sessions:,} sessions: median {statistics.median(syncs) * 1000:.1f} ms, "
          f"max {max(syncs) * 1000:.1f} ms ({args.runs} runs)")

    session = Session(lab, passive)
    show = timed(lambda: session.execute("show session all"))
    info = timed(lambda: session.execute("show session info"))
    print(f"the passive's `show session all` of the synced table: {show:.2f} s; `show session info`: {info * 1000:.0f} ms")


if __name__ == "__main__":
    main()
