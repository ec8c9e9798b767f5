"""A lab that has been used for a long time (not a test): does a commit cost more after many
logged changes?

    python benchmarks/bench_history.py [--addresses 10000] [--rules 2000] [--runs 5] [--changes 100000]

Two labs on disk with the same grown config (bench_config.grow): a fresh one, and one where
`--changes` set/delete lines went through configure mode first (each logged in the config log and
saved, as a session saves after every command) and a tenth as many jobs ran. Figures: the median
commit on each and their ratio (target: within 10%), `show log config` and `show jobs all` on the
used lab, and the size of its journals on disk.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench_config import grow, size_arguments  # a sibling script

from panshell.backend.clock import Clock
from panshell.backend.lab import Lab
from panshell.session import Session


def commits(session: Session, runs: int, tag: str) -> list[float]:
    times = []
    for i in range(runs):
        session.execute(f"set address {tag}-{i} ip-netmask 192.0.2.{i + 1}")
        start = time.perf_counter()
        output = session.execute("commit").output
        times.append(time.perf_counter() - start)
        assert "Configuration committed successfully" in output, output
    return times


def use(lab: Lab, session: Session, changes: int) -> None:
    for i in range(changes // 2):
        session.execute(f"set address churn ip-netmask 198.51.100.{i % 250 + 1}")
        session.execute("delete address churn")
    now = lab.clock.now()
    for _ in range(changes // 10):
        lab.devices["fw1"].jobs.start("Commit", now).finish(now, True, ["Configuration committed successfully"])
        lab.persist()


def main() -> None:
    args = size_arguments(__doc__, changes=100_000)
    medians = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("fresh", "used"):
            lab = Lab.open(Path(tmp) / name, Clock())
            grow(lab, args.addresses, args.rules)
            session = Session(lab, lab.devices["fw1"])
            session.execute("configure")
            commits(session, 1, "warm")
            if name == "used":
                start = time.perf_counter()
                use(lab, session, args.changes)
                print(f"{args.changes:,} logged changes and {args.changes // 10:,} jobs made in "
                      f"{time.perf_counter() - start:.1f} s")
            medians[name] = statistics.median(commits(session, args.runs, "timed"))
            if name == "used":
                for line in ("run show log config direction equal backward", "run show jobs all"):
                    start = time.perf_counter()
                    session.execute(line)
                    print(f"`{line[4:]}` on the used lab: {(time.perf_counter() - start) * 1000:.0f} ms")
                folder = Path(tmp) / name / "fw1"
                sizes = {f: (folder / f).stat().st_size for f in ("logs.jsonl", "jobs.jsonl", "jobs.json")
                         if (folder / f).exists()}  # jobs.json: a lab of before the jobs journal
                print("journals on disk: " + ", ".join(f"{f} {size / 1e6:.1f} MB" for f, size in sizes.items()))
            lab.close()
    print(f"config: {args.addresses:,} address objects, {args.rules:,} security rules")
    print(f"commit, fresh lab: median {medians['fresh'] * 1000:.0f} ms; after {args.changes:,} changes: "
          f"median {medians['used'] * 1000:.0f} ms ({medians['used'] / medians['fresh']:.2f}x; target within 10%)")


if __name__ == "__main__":
    main()
