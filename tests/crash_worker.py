"""The child of tests/test_crash.py: imports panshell once, then forks a worker per round.

    python tests/crash_worker.py LAB_DIR

It prints `ready`, then for each `round N SEED` line read on stdin forks a worker and prints
`worker PID`; at the next line (`kill`, when the test says) it SIGKILLs the worker and prints
`reaped PID EXIT_CODE` (-9 unless the worker had failed: then its last line says why). A worker
opens the lab and loops over random work on the pair until it is killed: a configure + set +
commit on a powered member (which HA-syncs to the peer), `sync-to-remote running-config`, an
uncommitted edit on the peer (the next HA-Sync discards it), and faults (power, HA cables, a
monitored port). Around each step it prints a line, in one write before going on:

    try {"edit": DEVICE, "fw1": {"host": ..., ...}, ...}      what the step may commit, per device,
                                                             and whose candidate it edits
    now {"fw1": {"host": ..., ...}, ..., "changes": [...]}    what each device runs after it, and
                                                             which have uncommitted changes

The markers are the hostname and the address `crash-marker`'s fqdn and description (HA-synced).
"""
from __future__ import annotations

import json
import os
import random
import signal
import sys
import traceback

from panshell import labops
from panshell.backend.clock import FixedClock
from panshell.backend.lab import Lab
from panshell.session import Session

MARKER = "vsys/entry[@name='vsys1']/address/entry[@name='crash-marker']"
MARKERS = {"host": "deviceconfig/system/hostname", "addr": f"{MARKER}/fqdn", "note": f"{MARKER}/description"}
ROUND_STEPS = 10_000  # marker numbers of round N are N * ROUND_STEPS + step


def marker(number: int) -> str:
    return f"crash-m{number}"


def markers(config) -> dict:
    """What a configuration holds of the markers a worker sets."""
    return {key: config.value(path) for key, path in MARKERS.items()}


def marker_commands(number: int) -> list[str]:
    return [f"set address crash-marker fqdn {marker(number)}.example.com",
            f"set deviceconfig system hostname {marker(number)}"]


def note_command(number: int) -> str:
    return f"set address crash-marker description {marker(number)}"


def committer(lab: Lab):
    """The member that takes a commit: fw1 when it is powered, else fw2."""
    return next(d for d in lab.devices.values() if d.powered)


def _peer(lab: Lab, device):
    return next(d for d in lab.devices.values() if d is not device)


def _say(kind: str, data) -> None:
    """One line in one write: a kill never leaves half of it (a pipe writes up to 4 KiB whole)."""
    os.write(sys.stdout.fileno(), f"{kind} {json.dumps(data, separators=(',', ':'))}\n".encode())


def state(lab: Lab) -> dict:
    """Each device's running markers, and which have uncommitted changes."""
    return {**{name: markers(d.running) for name, d in lab.devices.items()},
            "changes": [name for name, d in lab.devices.items() if d.has_changes]}


def _commit(lab: Lab, number: int) -> None:
    device = committer(lab)
    new = {**markers(device.candidate), "host": marker(number), "addr": f"{marker(number)}.example.com"}
    synced = {"addr": new["addr"], "note": new["note"]}
    _say("try", {"edit": device.name, device.name: new, _peer(lab, device).name: synced})
    session = Session(lab, device)
    for line in ["configure", *marker_commands(number), "commit", "exit"]:
        session.execute(line)


def _edit_peer(lab: Lab, number: int) -> None:
    """An uncommitted change on the peer, which the next HA-Sync to it discards."""
    peer = _peer(lab, committer(lab))
    _say("try", {"edit": peer.name})
    if peer.powered:
        session = Session(lab, peer)
        for line in ["configure", note_command(number), "exit"]:
            session.execute(line)


def _sync(lab: Lab) -> None:
    device = committer(lab)
    running = markers(device.running)
    _say("try", {_peer(lab, device).name: {"addr": running["addr"], "note": running["note"]}})
    Session(lab, device).execute("request high-availability sync-to-remote running-config")


def _fault(lab: Lab, rng: random.Random) -> None:
    fw1, fw2 = lab.devices["fw1"], lab.devices["fw2"]
    pair = lab.pair
    choices = [
        ["ha1", "up" if not pair.cables.get("ha1", True) else "down"],
        ["ha2", "up" if not pair.cables.get("ha2", True) else "down"],
        ["fw1", "port", "ethernet1/1", "up" if "ethernet1/1" in fw1.ports_down else "down"],
    ]
    for device, other in ((fw1, fw2), (fw2, fw1)):
        if not device.powered or other.powered:  # never both off
            choices.append([device.name, "power", "off" if device.powered else "on"])
    _say("try", {})
    labops.fault(lab, None, rng.choice(choices))


def work(directory: str, round_number: int, seed: int) -> None:
    """Open the lab and change it until killed."""
    rng = random.Random(seed)
    lab = Lab.open(directory)
    _say("now", state(lab))
    for step in range(1, ROUND_STEPS):
        number = round_number * ROUND_STEPS + step
        kind = rng.choices(["commit", "edit-peer", "sync", "fault"], weights=[5, 1, 2, 3])[0]
        if kind == "commit":
            _commit(lab, number)
        elif kind == "edit-peer":
            _edit_peer(lab, number)
        elif kind == "sync":
            _sync(lab)
        else:
            _fault(lab, rng)
        _say("now", state(lab))
    _say("done", {})  # never reached in the test's time


def warm_up() -> None:
    """Compile the grammars and import what a commit needs, once, before any fork."""
    from datetime import datetime, timezone

    lab = Lab.ephemeral(FixedClock(datetime(2026, 11, 25, tzinfo=timezone.utc)))
    session = Session(lab, lab.devices["fw1"])
    for line in ["configure", *marker_commands(0), note_command(0), "commit", "exit",
                 "request high-availability sync-to-remote running-config"]:
        session.execute(line)


def serve(directory: str) -> None:
    warm_up()
    print("ready", flush=True)
    for line in iter(sys.stdin.readline, ""):
        _, round_number, seed = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                work(directory, int(round_number), int(seed))
            except BaseException:
                _say("error", traceback.format_exc())
            finally:
                os._exit(1)
        print("worker", pid, flush=True)
        sys.stdin.readline()  # `kill`: sent here, so the pid is never reaped (and reused) before
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        print("reaped", pid, os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    serve(sys.argv[1])
