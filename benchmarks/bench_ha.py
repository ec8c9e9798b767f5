"""Figures for HA config sync (not a test): a config of 10,000 address objects and
2,000 security rules pushed from fw1 to fw2 over HA1 as an HA-Sync job.

    python benchmarks/bench_ha.py [--addresses N] [--rules N]
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


def main() -> None:
    args = size_arguments(__doc__)

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
    print(f"sync-to-remote running-config (HA-Sync job on the peer: merge, validate, write): "
          f"median {statistics.median(syncs) * 1000:.0f} ms over {args.runs}")
    print(f"commit on the active including the HA-Sync on the passive: "
          f"median {statistics.median(commits) * 1000:.0f} ms over {args.runs}")


if __name__ == "__main__":
    sys.exit(main())
