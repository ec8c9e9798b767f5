"""Figures for configure mode (not a test): a config of 10,000 address objects and
2,000 security rules — commit time, Tab and `?` on its names, lab reload time, memory — and
replaying a config as `set` lines piped into configure mode (2,500 to 20,000 lines, on an
ephemeral lab and on one on disk), against importing the same config as XML.

    python benchmarks/bench_config.py [--addresses N] [--rules N] [--replay N]

Targets: commit under 1 s, lab reload under 1 s, Tab and `?` on `set address ` under 50 ms;
10,000 `set` lines replayed in under 1 s, growing linearly (fitted exponent at most 1.1 from
2,500 to 20,000 lines), within 3x of the XML import.
"""
from __future__ import annotations

import argparse
import math
import os
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
from panshell.labops import import_device_config
from panshell.session import Session
from panshell.shell.pipe import PipeLog


def grow(lab: Lab, addresses: int, rules: int) -> None:
    """Give fw1 a running config with the objects and rules (a new one, as an import would)."""
    device = lab.devices["fw1"]
    config = device.running.copy()
    vsys = config.find("vsys/entry[@name='vsys1']")
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
    device.running, device.candidate = config, config.copy()
    device.store.write(RUNNING_CONFIG, device.running.to_bytes())


MEASURE = """
import sys
from pathlib import Path
from panshell.backend.clock import Clock
from panshell.backend.lab import Lab
from panshell.session import Session, grammars

def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

grammars()
before = rss()
lab = Lab.open(Path(sys.argv[1]), Clock())
loaded = rss()
session = Session(lab, lab.devices["fw1"])
for line in ("show session all", "configure", "set address memory-probe ip-netmask 192.0.2.251"):
    session.execute(line)
assert "Configuration committed successfully" in session.execute("commit").output
print(loaded - before, rss())
"""


def lab_memory_mb(directory: Path) -> tuple[float, float]:
    """Resident memory a fresh process gains by loading the lab, and all it holds once it has
    also built the runtime tables and committed (Linux)."""
    out = subprocess.run([sys.executable, "-c", MEASURE, str(directory)], capture_output=True, text=True, check=True)
    gained, whole = out.stdout.split()
    return float(gained), float(whole)


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def size_arguments(description: str, **counts: int) -> argparse.Namespace:
    """--addresses, --rules and --runs, shared by the config-sized benchmarks, and a count option
    of the caller's per keyword (`shows=2000`: --shows, 2,000 unless given)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--addresses", type=int, default=10_000)
    parser.add_argument("--rules", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    for name, default in counts.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    return parser.parse_args()


PIPE_CHUNK = 65536  # what `panshell` reads from a pipe at a time (main._local_pipe)


def set_lines(count: int) -> list[str]:
    """`set` lines in the proportions of a class lab (10,000 addresses, 1,000 groups, 2,000
    rules): per 13 lines, 10 addresses, 1 address group and 2 security rules."""
    addresses, groups = count * 10 // 13, max(count // 13, 1)
    lines = [f"set address a{i} ip-netmask 10.{100 + i // 65536}.{i // 256 % 256}.{i % 256}/32"
             for i in range(addresses)]
    lines += [f"set address-group g{g} static [ a{2 * g} a{2 * g + 1} ]" for g in range(groups)]
    lines += [f"set rulebase security rules r{r} from trust to untrust source a{r} destination g{r % groups}"
              " application any service application-default action allow" for r in range(count - len(lines))]
    return lines


def clocked(func) -> tuple[float, float]:
    """The wall-clock seconds func takes, and this process's CPU seconds (which other processes'
    load does not inflate)."""
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def replay(lab: Lab, lines: list[str]) -> tuple[float, float]:
    """clocked: running the lines in configure mode on fw1 as `panshell` runs piped input."""
    session = Session(lab, lab.devices["fw1"])
    session.execute("configure")
    log, data = PipeLog(session), "".join(line + "\n" for line in lines).encode()

    def feed() -> None:
        for at in range(0, len(data), PIPE_CHUNK):
            log.feed(data[at:at + PIPE_CHUNK])
        log.finish()

    seconds = clocked(feed)
    made = len(lab.devices["fw1"].candidate.findall("vsys/entry/address/entry"))
    assert log.ok and made >= len(lines) * 10 // 13, (log.ok, made)
    return seconds


def xml_import(lab: Lab, xml: bytes) -> tuple[float, float]:
    """clocked: making xml fw1's config as `panshell lab import-config` does."""
    try:
        return clocked(lambda: import_device_config(lab, "fw1", xml))
    finally:
        lab.close()


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """The slope of log(seconds) on log(size): 1 is linear growth, 2 quadratic."""
    xs, ys = [math.log(n) for n in sizes], [math.log(t) for t in seconds]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)


def new_lab(kind: str, tmp: str) -> Lab:
    """A fresh pair: in memory ("ephemeral"), or in a new directory under tmp."""
    return Lab.ephemeral(Clock()) if kind == "ephemeral" else Lab.open(Path(tempfile.mkdtemp(dir=tmp)), Clock())


def replay_figures(largest: int, runs: int) -> None:
    """Replay 1/8, 1/4, 1/2 and all of `largest` lines on each kind of lab, and import the
    config they make as XML (best of runs, wall clock and CPU)."""
    sizes = [largest // 8, largest // 4, largest // 2, largest]
    for kind in ("ephemeral", "on disk"):
        replays, imports = [], []
        with tempfile.TemporaryDirectory() as tmp:
            for size in sizes:
                tries = []
                for _ in range(runs):
                    lab = new_lab(kind, tmp)
                    tries.append(replay(lab, set_lines(size)))
                    xml = lab.devices["fw1"].candidate.to_bytes()
                    lab.close()
                replays.append([min(t) for t in zip(*tries)])
                imports.append([min(t) for t in zip(*(xml_import(new_lab(kind, tmp), xml) for _ in range(runs)))])
        print(f"`set` lines replayed, piped into configure mode, {kind} lab (best of {runs}; targets: 10,000 "
              f"lines < 1 s, exponent <= 1.1, <= 3x the XML import; load average {os.getloadavg()[0]:.1f}):")
        for clock, what in ((0, "wall"), (1, "CPU")):
            seconds = [r[clock] for r in replays]
            shown = ", ".join(f"{n:,} {t:.2f} s" for n, t in zip(sizes, seconds))
            print(f"  {what}: {shown}; fitted exponent {exponent(sizes, seconds):.2f}; {sizes[-1]:,} lines "
                  f"{seconds[-1] / imports[-1][clock]:.1f}x the XML import of the same config "
                  f"({imports[-1][clock]:.2f} s)")


def main() -> None:
    args = size_arguments(__doc__, replay=20_000)

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

        held, whole = lab_memory_mb(Path(tmp))

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
          f"{held:.0f} MB resident, measured in a fresh process; the whole process once it has also built the "
          f"runtime tables and committed: {whole:.0f} MB resident (target: the pair < 150 MB)")
    replay_figures(args.replay, min(args.runs, 3))


if __name__ == "__main__":
    sys.exit(main())
