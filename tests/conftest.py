import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from panshell.backend.clock import FixedClock
from panshell.backend.lab import Lab
from panshell.session import Session

START = datetime(2026, 11, 25, 0, 0, 0, tzinfo=timezone.utc)


def run(session, line, ok=True):
    """Run one line on a session; it must succeed (or fail, with ok=False)."""
    result = session.execute(line)
    assert result.ok is ok, result.output
    return result.output


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
