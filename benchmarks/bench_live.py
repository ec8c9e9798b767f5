"""Figures for live labs (not a test): a command's round trip through the control socket against
the same command in-process, and what saving the lab after every command costs.

    python benchmarks/bench_live.py [--commands N] [--addresses N]

Round trip: a holder (`panshell --lab L` on a pipe) serves the lab; a client speaks the socket's
pipe protocol, one line at a time, and waits for the line's whole log. In-process: the same line
run by a Session on an ephemeral lab (nothing saved). Saving: the same lines on a lab on disk,
where every command ends with `Lab.persist()`, on the default lab and on a candidate of N objects.
"""
from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench_config import grow  # a sibling script

from panshell.backend.clock import FixedClock
from panshell.backend.lab import Lab
from panshell.control import DATA, HEADER, HELLO, frame, socket_path
from panshell.session import Session

START = datetime(2026, 11, 25, tzinfo=timezone.utc)
LINES = {"show clock": "UTC 2026\n\n", "show system info": "device-certificate-status: None\n\n"}  # their last lines


def ms(values: list[float]) -> str:
    values = sorted(values)
    return (f"median {statistics.median(values) * 1000:.2f} ms, "
            f"p99 {values[int(len(values) * 0.99) - 1] * 1000:.2f} ms")


def through_socket(directory: Path, line: str, end: str, n: int) -> list[float]:
    client = socket.socket(socket.AF_UNIX)
    client.settimeout(30)  # a reply that never ends (the line above changed) fails, not hangs
    client.connect(str(socket_path(directory)))
    client.sendall(frame(HELLO, json.dumps({"device": "fw1", "user": "admin", "terminal": False}).encode()))
    client.recv(HEADER.size)  # the accept frame
    times = []
    for _ in range(n):
        start, got = time.perf_counter(), b""
        client.sendall(frame(DATA, (line + "\n").encode()))
        while not got.endswith(end.encode()):
            got += client.recv(65536)
        times.append(time.perf_counter() - start)
    client.close()
    return times


def in_process(session: Session, line: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        session.execute(line)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=500)
    parser.add_argument("--addresses", type=int, default=10_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        holder = subprocess.Popen([sys.executable, "-m", "panshell", "--lab", tmp, "--clock", START.isoformat()],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        holder.stdin.write("show clock\n")
        holder.stdin.flush()
        holder.stdout.readline()  # the holder serves once its first command ran
        while not socket_path(Path(tmp)).exists():
            time.sleep(0.01)
        pair = Lab.ephemeral(FixedClock(START))
        ephemeral = Session(pair, pair.devices["fw1"])
        for line, end in LINES.items():
            attached = through_socket(Path(tmp), line, end, args.commands)
            local = in_process(ephemeral, line, args.commands)
            print(f"`{line}` through the control socket: {ms(attached)}; in-process: {ms(local)}")
        holder.stdin.close()
        holder.wait()

    for label, addresses in (("the default lab", 0), (f"{args.addresses:,} address objects", args.addresses)):
        with tempfile.TemporaryDirectory() as tmp:
            lab = Lab.open(Path(tmp), FixedClock(START))
            if addresses:
                grow(lab, addresses, 0)
            session = Session(lab, lab.devices["fw1"])
            session.execute("configure")
            show = in_process(session, "show deviceconfig system hostname", args.commands)
            sets = [in_process(session, f"set address bench-{i} ip-netmask 192.0.2.{i % 250 + 1}", 1)[0]
                    for i in range(args.commands)]
            lab.close()
            persist_show, persist_set = [], []
            lab = Lab.open(Path(tmp), FixedClock(START))
            session = Session(lab, lab.devices["fw1"])
            session.execute("configure")
            for i in range(args.commands):
                session.execute("show deviceconfig system hostname")
                persist_show.append(timed(lab.persist, lambda: lab.clock.tick()))
                session.execute(f"set address again-{i} ip-netmask 198.51.100.{i % 250 + 1}")
                persist_set.append(timed(lab.persist, lambda: session.device.record_change(
                    lab.clock.now(), [], admin="admin", command="set", path="address")))
            lab.close()
        print(f"{label}: a `show` in configure mode {ms(show)}, of which saving {ms(persist_show)};"
              f" a `set` {ms(sets)}, of which saving {ms(persist_set)}")


def timed(persist, change) -> float:
    """How long persist() takes after change() (the change itself not counted)."""
    change()
    start = time.perf_counter()
    persist()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
