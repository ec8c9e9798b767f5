"""Figures for configure mode (not a test): a config of 10,000 address objects and
2,000 security rules — commit time, Tab and `?` on its names, lab reload time, memory.

    python benchmarks/bench_config.py [--addresses N] [--rules N]

Targets: commit under 1 s, lab reload under 1 s, Tab and `?` on `set address ` under 50 ms.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from panshell.backend.clock import Clock
from panshell.backend.lab import Lab
from panshell.backend.storage import RUNNING_CONFIG
from panshell.session import Session


def grow(lab: Lab, addresses: int, rules: int) -> None:
    """Give fw1's running config the objects and rules (as an import would)."""
    device = lab.devices["fw1"]
    vsys = device.running.find("vsys/entry[@name='vsys1']")
    address = vsys.find("address")
    for i in range(addresses):
        entry = etree.SubElement(address, "entry", name=f"host-{i}")
        etree.SubElement(entry, "ip-netmask").text = f"10.{100 + i // 65536}.{i // 256 % 256}.{i % 256}/32"
    security = vsys.find("rulebase/security/rules")
    for i in range(rules):
        rule = etree.SubElement(security, "entry", name=f"rule-{i}")
        for field, value in (("from", "trust"), ("to", "untrust"), ("source", f"host-{i}"),
                             ("destination", f"host-{(i * 7) % addresses}"), ("source-user", "any"),
                             ("category", "any"), ("application", "any"), ("service", "application-default")):
            etree.SubElement(etree.SubElement(rule, field), "member").text = value
        etree.SubElement(rule, "action").text = "allow"
    security.append(security.find("entry[@name='deny-all']"))  # keep the deny last
    device.candidate = device.running.copy()
    device.store.write(RUNNING_CONFIG, device.running.to_bytes())


MEASURE = """
import sys
from pathlib import Path
from panshell.backend.clock import Clock
from panshell.backend.lab import Lab
from panshell.session import grammars

def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

grammars()
before = rss()
lab = Lab.open(Path(sys.argv[1]), Clock())
print(rss() - before)
"""


def lab_memory_mb(directory: Path) -> float:
    """Resident memory a fresh process gains by loading the lab (Linux)."""
    out = subprocess.run([sys.executable, "-c", MEASURE, str(directory)], capture_output=True, text=True, check=True)
    return float(out.stdout)


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def size_arguments(description: str) -> argparse.Namespace:
    """--addresses, --rules and --runs, shared by the config-sized benchmarks."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--addresses", type=int, default=10_000)
    parser.add_argument("--rules", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    return parser.parse_args()


def main() -> None:
    args = size_arguments(__doc__)

    with tempfile.TemporaryDirectory() as tmp:
        lab = Lab.open(Path(tmp), Clock())
        grow(lab, args.addresses, args.rules)
        size = (Path(tmp) / "fw1" / "running-config.xml").stat().st_size
        session = Session(lab, lab.devices["fw1"])
        session.execute("configure")
        commits = []
        for i in range(args.runs):
            session.execute(f"set address bench-{i} ip-netmask 192.0.2.{i + 1}")
            commits.append(timed(lambda: session.execute("commit")))
            assert session.device.jobs.jobs[-1].result == "OK", session.device.jobs.jobs[-1].details
        set_time = timed(lambda: session.execute("set address one-more ip-netmask 192.0.2.250"))
        typing = {
            "Tab on `set address `": lambda: session.completions("set address "),
            "? on `set address `": lambda: session.help("set address "),
            "Tab on `... rules r1 source host-1`": lambda: session.completions("set rulebase security rules r1 source host-1"),
        }
        completion = {what: statistics.median(timed(f) for _ in range(args.runs)) for what, f in typing.items()}
        lab.close()

        reloads = []
        for _ in range(args.runs):
            reloads.append(timed(lambda: Lab.open(Path(tmp), Clock()).close()))

        held = lab_memory_mb(Path(tmp))

    print(f"config: {args.addresses:,} address objects, {args.rules:,} security rules "
          f"({size / 1e6:.1f} MB of XML on disk per device)")
    print(f"commit (validate + write + job): median {statistics.median(commits) * 1000:.0f} ms, "
          f"max {max(commits) * 1000:.0f} ms over {args.runs} commits (target < 1000 ms)")
    print(f"one `set` command on that candidate: {set_time * 1000:.1f} ms")
    for what, seconds in completion.items():
        print(f"{what}: median {seconds * 1000:.1f} ms (target < 50 ms)")
    print(f"lab reload (both devices, parse + jobs): median {statistics.median(reloads) * 1000:.0f} ms "
          f"(target < 1000 ms)")
    print(f"memory to hold the reloaded lab (running + candidate trees of both devices): "
          f"{held:.0f} MB resident, measured in a fresh process")


if __name__ == "__main__":
    sys.exit(main())
