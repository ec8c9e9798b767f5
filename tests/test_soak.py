"""A class on one served lab: `panshell serve --lab` with 30 SSH sessions at once (15 trainees on
fw1, 15 on fw2, each its own user) typing a realistic mix for a bounded time — show commands, and
configure / set / commit on both peers with object names of their own — while another process
pulls and restores HA cables (`panshell lab fault`, one cable at a time, so HA1 always carries
the config sync) and XML API clients (pan.xapi) ask both devices for `show system info` and their
address objects.

Every reply must be right: the session's prompt, no `Server error`, `Invalid syntax` or unknown
command, the text each command shows. A commit answers `Configuration committed successfully`
or `There are no changes to commit.` (another trainee's commit took the shared candidate). An
HA-Sync from the peer may replace a candidate holding a trainee's uncommitted object: the
trainee's next reply then starts with panshell's warning naming the job, and the object counts
as discarded, not committed. At the end each device's running config (read from disk once the
server has stopped) holds every object a trainee saw committed and none it was told was
discarded, and each warning has its system log entry. Latency percentiles are printed (run
with `-s` to see them; no timing asserts).

The CI run lasts ~20 s; a longer one:

    PANSHELL_SOAK_SECONDS=600 .venv/bin/python -m pytest tests/test_soak.py -s
"""
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

import pan.xapi
from test_ssh import Server, Terminal

from panshell.backend.clock import Clock
from panshell.backend.lab import Lab

SECONDS = float(os.environ.get("PANSHELL_SOAK_SECONDS", "20"))
SESSIONS = 30
STATE = {"fw1": "active", "fw2": "passive"}
CABLES = ("ha2", "ha1-backup", "ha1")  # one pulled at a time: never a split brain
ADDRESSES = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']/address"
BAD = re.compile(r"Server error|Invalid syntax|Unknown command|Traceback|Error:")
DISCARDED = re.compile(r"^Warning: HA-Sync job (\d+) from the peer replaced the candidate configuration; "
                       r"your uncommitted changes were discarded$", re.M)
CLOCK = re.compile(r"\n\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\n")
COMMITTED = ("Configuration committed successfully", "There are no changes to commit.")
SHOWS = {  # command -> what its reply must hold (a pattern, or a function of the device)
    "show clock": lambda device: CLOCK,
    "show system info": lambda device: re.compile(rf"\nhostname: {device}\n"),
    "show high-availability state": lambda device: re.compile(
        rf"Local Information:\n(.*\n)*?    State: {STATE[device]} \(last \d+ (day|hour|minute|second)s?\)\n"),
    "show session info": lambda device: re.compile(r"\nNumber of sessions supported: +\d+\n"),
    "show interface all": lambda device: re.compile(r"\ntotal configured hardware interfaces: \d+\n"),
    # the newest jobs: after enough commits the boot's AutoCom is no longer among them
    "show jobs all": lambda device: re.compile(r"\nEnqueued +Dequeued +ID .*\n-+\n(.*\n)*.* (AutoCom|Commit|HA-Sync) +FIN +OK "),
}


@dataclass
class Trainee:
    n: int
    device: str
    user: str
    committed: set = field(default_factory=set)  # objects a commit answered for
    discarded: set = field(default_factory=set)  # objects an HA-Sync warning took
    warnings: list = field(default_factory=list)  # HA-Sync job ids named in warnings


@dataclass
class Figures:
    latencies: dict = field(default_factory=dict)  # kind -> seconds of each reply
    errors: list = field(default_factory=list)

    def timed(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    def report(self) -> str:
        lines = [f"{'kind':<30}{'count':>7}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}"]
        for kind, times in sorted(self.latencies.items()):
            ordered = sorted(times)
            lines.append(f"{kind:<30}{len(ordered):>7}" + "".join(f"{percentile(ordered, q):>9.1f}"
                                                                 for q in (.5, .9, .99, 1)))
        return "\n".join(lines)


def percentile(ordered: list[float], q: float) -> float:
    """The q-quantile of sorted seconds, in ms (q=1: the maximum)."""
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


class Typist:
    """One trainee's terminal: each reply checked for the prompt and for errors."""

    def __init__(self, trainee: Trainee, terminal: Terminal, figures: Figures):
        self.trainee, self.terminal, self.figures = trainee, terminal, figures
        self.mode = ">"
        self.uncommitted: set = set()

    async def run(self, line: str, kind: str, must: re.Pattern | str | None = None) -> str:
        start = time.perf_counter()
        reply = await self.terminal.run(line)
        self.figures.timed(kind, time.perf_counter() - start)
        prompt = f"{self.trainee.user}@{self.trainee.device}({STATE[self.trainee.device]}){self.mode} "
        assert reply.endswith("\n" + prompt), (line, reply)
        assert not BAD.search(reply), (line, reply)
        jobs = DISCARDED.findall(reply)
        if jobs:  # a peer's HA-Sync replaced the candidate before this command's output
            self.trainee.warnings += jobs
            self.trainee.discarded |= self.uncommitted
            self.uncommitted = set()
        if must is not None:
            assert (must in reply) if isinstance(must, str) else must.search(reply), (line, reply)
        return reply

    async def commit_cycle(self, k: int) -> None:
        name = f"{self.trainee.user}-{k}"
        self.mode = "#"
        await self.run("configure", "configure", "Entering configuration mode\n[edit]\n")
        await self.run(f"set address {name} ip-netmask 10.{self.trainee.n}.{k // 250}.{k % 250 + 1}/32",
                       "set", "\n[edit]\n")
        self.uncommitted.add(name)
        reply = await self.run("commit", "commit")
        assert any(answer in reply for answer in COMMITTED), reply
        if name in self.uncommitted:  # no warning: the commit (this one or another trainee's) took it
            self.trainee.committed.add(name)
            self.uncommitted.discard(name)
        self.mode = ">"
        await self.run("exit", "exit", "Exiting configuration mode\n")


async def trainee_session(server: Server, trainee: Trainee, figures: Figures, deadline: float) -> None:
    rng = random.Random(trainee.n)
    terminal = await Terminal.open(server.port_of(trainee.device), username=trainee.user, password="class")
    typist = Typist(trainee, terminal, figures)
    try:
        await typist.run("set cli pager off", "set cli")
        k = 0
        while time.monotonic() < deadline:
            if rng.random() < 0.3:
                await typist.commit_cycle(k)
                k += 1
            else:
                command = rng.choice(list(SHOWS))
                await typist.run(command, command, SHOWS[command](trainee.device))
            await asyncio.sleep(rng.uniform(0.05, 0.4))  # a trainee reads, then types
    finally:
        terminal.close()


def lab_fault(lab, *words) -> None:
    proc = subprocess.run([sys.executable, "-m", "panshell", "lab", "fault", "--lab", str(lab), *words],
                          capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (0, ""), proc


def pull_cables(lab, deadline: float, pulled: list, errors: list) -> None:
    """From another process: each cable in turn pulled for a second, then put back."""
    try:
        while time.monotonic() < deadline:
            cable = CABLES[len(pulled) % len(CABLES)]
            lab_fault(lab, cable, "down")
            try:
                time.sleep(1)
            finally:
                lab_fault(lab, cable, "up")
            pulled.append(cable)
            time.sleep(0.5)
    except Exception as exc:  # noqa: BLE001 — reported with the sessions' errors
        errors.append(f"faults: {exc!r}")


def api_client(server: Server, device: str, deadline: float, figures: Figures) -> None:
    try:
        api = pan.xapi.PanXapi(hostname=f"127.0.0.1:{server.api_port_of(device)}", api_username="admin",
                               api_password="admin", timeout=30)
        while time.monotonic() < deadline:
            start = time.perf_counter()
            api.op(cmd="show system info", cmd_xml=True)
            figures.timed("api op system info", time.perf_counter() - start)
            assert api.element_root.findtext("result/system/hostname") == device
            start = time.perf_counter()
            api.get(xpath=ADDRESSES)
            figures.timed("api config get", time.perf_counter() - start)
            assert api.status == "success" and api.element_root.find("result/address") is not None
            time.sleep(0.2)
    except Exception as exc:  # noqa: BLE001 — reported with the sessions' errors
        figures.errors.append(f"api {device}: {exc!r}")


def sessions_on(lab) -> dict:
    proc = subprocess.run([sys.executable, "-m", "panshell", "lab", "status", "--lab", str(lab), "--json"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return {name: device["sessions"] for name, device in json.loads(proc.stdout)["devices"].items()}


def test_a_class_of_thirty_on_one_lab(tmp_path):
    lab = tmp_path / "lab"
    users = tmp_path / "users"
    trainees = [Trainee(n, "fw1" if n % 2 == 0 else "fw2", f"student{n + 1:02d}") for n in range(SESSIONS)]
    users.write_text("admin admin\n" + "".join(f"{t.user} class\n" for t in trainees))
    server = Server("--lab", str(lab), "--users-file", str(users))
    figures, pulled = Figures(), []
    try:
        deadline = time.monotonic() + SECONDS
        threads = [threading.Thread(target=pull_cables, args=(lab, deadline, pulled, figures.errors))]
        threads += [threading.Thread(target=api_client, args=(server, device, deadline, figures)) for device in STATE]
        for thread in threads:
            thread.start()

        async def class_():
            results = await asyncio.gather(*(trainee_session(server, t, figures, deadline) for t in trainees),
                                           return_exceptions=True)
            figures.errors += [f"{t.user}: {r!r}" for t, r in zip(trainees, results) if isinstance(r, BaseException)]

        asyncio.run(class_())
        for thread in threads:
            thread.join(timeout=60)
        left = sessions_on(lab) if server.proc.poll() is None else None
    finally:
        status = server.stop()
    stderr = server.stderr()
    assert not figures.errors and (status, stderr) == (0, ""), "\n".join([*figures.errors[:10], stderr])
    assert pulled, "no fault was injected"
    assert left == {"fw1": [], "fw2": []}

    committed = set().union(*(t.committed for t in trainees))
    discarded = set().union(*(t.discarded for t in trainees))
    warned = sum(len(t.warnings) for t in trainees)
    print(f"\nclass soak: {SESSIONS} sessions for {SECONDS:.0f} s; {len(committed)} objects committed, "
          f"{len(discarded)} discarded by an HA-Sync (each warned: {warned} warnings); cables pulled: {len(pulled)}")
    print(figures.report())
    opened = Lab.open(lab, Clock())
    try:
        for name, device in opened.devices.items():
            names = {e.get("name") for e in device.running.findall("vsys/entry/address/entry")}
            assert not committed - names, f"{name} lost {sorted(committed - names)[:10]}"
            assert not discarded & names, f"{name} holds objects it said were discarded: {sorted(discarded & names)}"
            log = [e.description for e in device.logs.system_log]
            for t in trainees:
                if t.device == name:
                    for job in t.warnings:
                        assert any(f"HA-Sync job {job} replaced the candidate configuration; uncommitted changes by"
                                   in line and t.user in line for line in log), (name, job, t.user)
    finally:
        opened.close()
