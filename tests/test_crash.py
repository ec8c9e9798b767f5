"""Crash safety: a lab SIGKILLed at random points of commits, HA syncs and fault handling opens,
and each device runs exactly the configuration it had before the step that was cut, or after it.

A child (tests/crash_worker.py) imports panshell once and forks a worker per round; the worker
opens an on-disk lab and loops over commits on a member (HA-synced to the peer), sync-to-remote,
uncommitted edits on the peer and faults, printing what each step may commit. After a seeded
random delay the test has the worker SIGKILLed (by the child, which reaps it), then opens the lab
itself and checks it: the dead worker's lock is free, each running config is the old or the new
one (the markers the worker set, and nothing else changed), a candidate differs from its running
config only where an edit was left uncommitted or cut, every journal line but a cut-short last one
loads, the parent's commit of the round before is still among the jobs, and one more commit
succeeds.

The CI run is 100 kills (~30 s); a longer one by PANSHELL_CRASH_KILLS (and PANSHELL_CRASH_SEED
for other kill points), e.g.:

    PANSHELL_CRASH_KILLS=2000 PANSHELL_CRASH_SEED=7 .venv/bin/python -m pytest tests/test_crash.py -q
"""
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import START
from crash_worker import MARKERS, ROUND_STEPS, committer, marker_commands, markers, note_command, state

from panshell.backend.candidate_file import JOURNAL as CANDIDATE_JOURNAL
from panshell.backend.clock import FixedClock
from panshell.backend.config import PanConfig
from panshell.backend.lab import Lab
from panshell.backend.storage import DeviceStore, LabBusy
from panshell.session import Session

CRASH_KILLS = int(os.environ.get("PANSHELL_CRASH_KILLS", "100"))
CRASH_SEED = int(os.environ.get("PANSHELL_CRASH_SEED", "15"))
MAX_DELAY = 0.25  # seconds: a few steps of the worker, its opening the lab included
JOURNALS = ("jobs.jsonl", "logs.jsonl", "pending.jsonl", CANDIDATE_JOURNAL)  # the files appended to
LINK_GROUP = ("set deviceconfig high-availability group monitoring link-monitoring link-group uplink"
              " interface [ ethernet1/1 ethernet1/2 ] failure-condition any")


def normalized(config_bytes: bytes) -> bytes:
    """A configuration with the markers blanked: the same for the old and the new one."""
    config = PanConfig.from_bytes(config_bytes)
    for path in MARKERS.values():
        config.find(path).text = ""
    return config.to_bytes()


def run_all(session, *lines) -> None:
    for line in lines:
        result = session.execute(line)
        assert result.ok, f"{line}: {result.output}"


class Known:
    """What the parent knows of the lab: as it left it, then as the worker said it changed it."""

    def __init__(self, lab: Lab, checked_job=None):
        """The lab as the parent closed it."""
        self.baseline = {name: (lab.directory / name / "running-config.xml").read_bytes() for name in lab.devices}
        self.now = state(lab)
        self.checked_job = checked_job  # (device, job id) of the parent's last commit

    def after(self, lines: list[str]) -> tuple[dict, dict]:
        """From the worker's output: the state after its last finished step, and the step it was
        in when killed (empty between steps)."""
        now, step = self.now, {}
        for line in lines:
            kind, _, data = line.partition(" ")
            if kind == "now":
                now, step = json.loads(data), {}
            elif kind == "try":
                step = json.loads(data)
        return now, step


def check(lab: Lab, known: Known, lines: list[str]) -> None:
    old, step = known.after(lines)
    for name, device in lab.devices.items():
        new = {**old[name], **step.get(name, {})}
        running, candidate = device.running.to_bytes(), device.candidate.to_bytes()
        assert markers(device.running) in (old[name], new), f"{name} runs neither the old config nor the new"
        assert normalized(running) == normalized(known.baseline[name]), f"{name}'s config changed elsewhere"
        if candidate != running:
            assert name in old["changes"] or step.get("edit") == name, (
                f"{name}'s candidate {markers(device.candidate)} differs from its running config"
                f" {markers(device.running)}, and nobody left it changes")
            assert normalized(candidate) == normalized(running), f"{name}'s candidate changed elsewhere"
        for journal in JOURNALS:
            for line in (device.store.read(journal) or b"").splitlines(keepends=True):
                if line.endswith(b"\n"):  # only a last line may be cut short
                    json.loads(line)
    if known.checked_job:
        name, job_id = known.checked_job
        job = lab.devices[name].jobs.get(job_id)
        assert job is not None and (job.type, job.result) == ("Commit", "OK"), f"{name}'s job {job_id} was lost"


def commit_once_more(lab: Lab, number: int) -> tuple[str, int]:
    """The lab keeps working: a commit on a powered member; its (device, job id)."""
    device = committer(lab)
    run_all(Session(lab, device), "configure", *marker_commands(number), "commit", "exit")
    return device.name, device.jobs.jobs[-1].id


def reopen(directory: Path, worker_pid: str) -> Lab:
    """Open the lab its holder was killed holding: the lock is free again, and becomes ours."""
    try:
        lab = Lab.open(directory)
    except LabBusy as exc:
        raise AssertionError(f"the lab lock outlived process {worker_pid}: {exc}") from None
    assert (directory / ".lock").read_text().startswith(f"process {os.getpid()} ")
    return lab


def read_until(stdout, prefix: str) -> tuple[list[str], list[str]]:
    """The child's lines up to the one starting with prefix, and that line's words."""
    lines = []
    while True:
        line = stdout.readline()
        assert line, f"the crash worker's parent ended: {lines[-3:]}"
        if line.startswith(prefix):
            return lines, line.split()
        lines.append(line.rstrip("\n"))


def worker_error(lines: list[str]) -> str:
    return "".join(json.loads(line.partition(" ")[2]) for line in lines if line.startswith("error ")) or lines[-1]


def test_killed_at_random_points_the_lab_opens_old_or_new(tmp_path):
    lab = Lab.open(tmp_path, FixedClock(START))
    run_all(Session(lab, lab.devices["fw2"]), "configure", LINK_GROUP, "commit", "exit")
    run_all(Session(lab, lab.devices["fw1"]), "configure", LINK_GROUP, *marker_commands(0), note_command(0),
            "commit", "exit")
    lab.close()
    known = Known(lab)
    rng = random.Random(CRASH_SEED)
    child = subprocess.Popen([sys.executable, str(Path(__file__).with_name("crash_worker.py")), str(tmp_path)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        read_until(child.stdout, "ready")
        for round_number in range(1, CRASH_KILLS + 1):
            child.stdin.write(f"round {round_number} {rng.randrange(2**32)}\n")
            child.stdin.flush()
            lines, (_, pid) = read_until(child.stdout, "worker")
            time.sleep(rng.uniform(0, MAX_DELAY))
            child.stdin.write("kill\n")
            child.stdin.flush()
            more, (_, _, code) = read_until(child.stdout, "reaped")
            lines += more
            assert code == str(-signal.SIGKILL), f"the worker ended by itself:\n{worker_error(lines)}"
            lab = reopen(tmp_path, pid)
            try:
                try:
                    check(lab, known, lines)
                except AssertionError as exc:
                    raise AssertionError(f"round {round_number}, after {lines[-2:]}: {exc}") from None
                checked = commit_once_more(lab, round_number * ROUND_STEPS)
            finally:
                lab.close()
            known = Known(lab, checked)
    finally:
        child.stdin.close()
        child.wait(timeout=30)


def died_after(lab: Lab, session: Session, line: str) -> None:
    """Run a line and die before saving what it changed: the lab goes as a killed holder's would."""
    lab.persist = lambda: None
    session.execute(line)
    lab.close()


def test_killed_before_saving_an_ha_sync_the_peer_keeps_no_candidate_that_undoes_it(tmp_path):
    lab = Lab.open(tmp_path, FixedClock(START))
    run_all(Session(lab, lab.devices["fw1"]), "configure", *marker_commands(1), "commit", "exit")
    lab.close()  # fw2's candidate, saved: the config synced to it
    lab = Lab.open(tmp_path)
    session = Session(lab, lab.devices["fw1"])
    run_all(session, "configure", *marker_commands(2))
    died_after(lab, session, "commit")  # fw1 and fw2 run the new config; nothing else is saved
    lab = Lab.open(tmp_path)
    try:
        fw1, fw2 = lab.devices["fw1"], lab.devices["fw2"]
        assert markers(fw2.running)["addr"] == "crash-m2.example.com"
        assert not fw2.has_changes and not fw2.pending
        run_all(Session(lab, fw2), "configure", "set deviceconfig system login-banner hello", "commit")
        assert markers(fw1.running)["addr"] == "crash-m2.example.com"  # fw2's commit did not undo fw1's
    finally:
        lab.close()


def test_a_journal_line_cut_short_takes_no_later_line_with_it(tmp_path):
    lab = Lab.open(tmp_path, FixedClock(START))
    lab.close()
    for journal in JOURNALS:
        with open(tmp_path / "fw1" / journal, "ab") as cut:
            cut.write(b'{"cut short')
    lab = Lab.open(tmp_path)
    run_all(Session(lab, lab.devices["fw1"]), "configure", *marker_commands(1))
    lab.close()
    for journal in JOURNALS:  # an append drops the cut line: it is not ended and left among whole ones
        *whole, _last = (tmp_path / "fw1" / journal).read_bytes().splitlines()
        assert all(json.loads(line) for line in whole), (journal, whole)
    lab = Lab.open(tmp_path)
    try:
        fw1 = lab.devices["fw1"]
        assert [admin for admin, _ in fw1.pending] == ["admin", "admin"]
        assert [e.command for e in fw1.logs.config_log] == ["set", "set"]
        run_all(Session(lab, fw1), "configure", "commit")
        job = fw1.jobs.jobs[-1]
    finally:
        lab.close()
    lab = Lab.open(tmp_path)
    try:
        assert lab.devices["fw1"].jobs.get(job.id) == job
    finally:
        lab.close()


def test_an_append_drops_a_cut_line_however_long(tmp_path):
    store = DeviceStore(tmp_path)
    for cut in (b"x" * 200_000, b"[" * 65_536, b"\n" + b"y" * 70_000):  # longer than a read back
        (tmp_path / "j.jsonl").write_bytes(b'{"a":1}\n' + cut)
        store.append("j.jsonl", b'{"b":2}\n')
        assert (tmp_path / "j.jsonl").read_bytes() == b'{"a":1}\n' + cut[:cut.rfind(b"\n") + 1] + b'{"b":2}\n'
    (tmp_path / "j.jsonl").write_bytes(b"z" * 100_000)  # no whole line at all
    store.append("j.jsonl", b'{"c":3}\n')
    assert (tmp_path / "j.jsonl").read_bytes() == b'{"c":3}\n'
