import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from panshell.backend.clock import FixedClock
from panshell.backend.lab import Lab
from panshell.session import Session

START = datetime(2026, 11, 25, 0, 0, 0, tzinfo=timezone.utc)


def fw1_hostname_on_disk(directory) -> str:
    """Open the lab as a new process would and read fw1's committed hostname."""
    from panshell.backend.clock import Clock

    lab = Lab.open(directory, Clock())
    try:
        return lab.devices["fw1"].hostname
    finally:
        lab.close()


def kill_while_writing(directory, script: str, delays=(0.1, 0.2, 0.3)) -> list[str]:
    """Run a script that writes the lab in a loop, SIGKILL it mid-way; fw1's hostname after each kill."""
    import signal
    import time

    seen = []
    for delay in delays:
        proc = subprocess.Popen([sys.executable, "-c", script, str(directory)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline() == "ready\n"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen.append(fw1_hostname_on_disk(directory))
    return seen


def run(session, line, ok=True):
    """Run one line on a session; it must succeed (or fail, with ok=False)."""
    result = session.execute(line)
    assert result.ok is ok, result.output
    return result.output


def set_running(device, path, text):
    """Set one element's text in the running config, replaced whole as a commit replaces it."""
    running = device.running.copy()
    running.find(path).text = text
    device.running = running


def configure(session, *lines):
    """Enter configure mode, run the lines, commit and leave; the commit's output."""
    run(session, "configure")
    for line in lines:
        run(session, line)
    out = run(session, "commit")
    run(session, "exit")
    return out


@pytest.fixture(autouse=True)
def bugs_raise(monkeypatch):
    """In tests a handler bug raises instead of printing `Server error`."""
    monkeypatch.setenv("PANSHELL_DEBUG", "1")


@pytest.fixture
def lab():
    return Lab.ephemeral(FixedClock(START))


@pytest.fixture
def fw1(lab):
    return Session(lab, lab.devices["fw1"])


@pytest.fixture
def fw2(lab):
    return Session(lab, lab.devices["fw2"])


@pytest.fixture
def panshell():
    """Run panshell as a user would, on a pipe."""
    return run_panshell


def run_panshell(*args, stdin="", env=None, cwd=None):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "panshell", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=60,
    )
