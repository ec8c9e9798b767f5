"""Commands in threads (as the served front ends run them): a commit lets every other command
run while it validates, commits take turns, and what was edited meanwhile stays to commit.
Behaviour, not timing: the validation is held on an event until the test lets it go."""
import subprocess
import sys
import threading

import pytest
from conftest import run

from panshell.backend import commit as commit_module
from panshell.backend import offload, runtime
from panshell.backend.config import PanConfig
from panshell.backend.ha import election
from panshell.backend.synced import synced_view
from panshell.backend.validate import validate
from panshell.session import Session


@pytest.fixture
def held_validation(monkeypatch):
    """Commits validate only once `go` is set; `started` is set when one is validating."""
    started, go = threading.Event(), threading.Event()
    real = offload.checked

    def waiting(config, data, device):
        started.set()
        assert go.wait(10)
        return real(config, data, device)

    monkeypatch.setattr(commit_module.offload, "checked", waiting)
    return started, go


def in_thread(session: Session, line: str) -> tuple[threading.Thread, list]:
    out: list = []
    thread = threading.Thread(target=lambda: out.append(session.execute(line).output))
    thread.start()
    return thread, out


def test_other_sessions_run_while_a_commit_validates(lab, fw1, fw2, held_validation):
    started, go = held_validation
    run(fw1, "configure")
    run(fw1, "set address during ip-netmask 10.9.9.9/32")
    committing, out = in_thread(fw1, "commit")
    assert started.wait(10)
    other = Session(lab, lab.devices["fw1"], "operator")
    assert run(other, "show clock").strip().endswith("UTC 2026")
    assert "ACT" in run(other, "show jobs all")  # the commit job is running
    run(other, "configure")
    run(other, "set address meanwhile ip-netmask 10.9.9.10/32")  # not in the commit under way
    assert run(fw2, "show high-availability state").count("State:") >= 1
    go.set()
    committing.join(10)
    assert "Configuration committed successfully" in out[0]
    assert lab.devices["fw1"].running.find("vsys/entry/address/entry[@name='during']") is not None
    assert lab.devices["fw1"].running.find("vsys/entry/address/entry[@name='meanwhile']") is None
    assert run(other, "run check pending-changes") == "yes\n[edit]\n"
    assert "Configuration committed successfully" in run(other, "commit")


def test_commits_take_turns(lab, fw1, held_validation):
    started, go = held_validation
    other = Session(lab, lab.devices["fw1"], "operator")
    for session, name in ((fw1, "first"), (other, "second")):
        run(session, "configure")
        run(session, f"set address {name} ip-netmask 10.9.9.{len(name)}/32")
    first, out1 = in_thread(fw1, "commit")
    assert started.wait(10)
    started.clear()
    second, out2 = in_thread(other, "commit")
    assert not started.wait(0.3)  # the second waits for its turn, not validating
    go.set()
    first.join(10)
    second.join(10)
    assert "Commit job 2 is in progress" in out1[0] and "committed successfully" in out1[0]
    assert "There are no changes to commit." in out2[0]  # the first commit took both changes


def test_a_worker_process_validates_as_this_process_does(lab):
    """...and makes the synced view and the runtime tables this process would make of a valid config."""
    offload.start()
    try:
        config = lab.devices["fw2"].running.copy()
        subinterface = config.find("network/interface/aggregate-ethernet/entry/layer3/units/entry")
        if subinterface is None:
            pytest.skip("the default lab has no aggregate subinterface")
        mtu = subinterface.find("mtu")
        if mtu is None:
            from lxml import etree
            mtu = etree.SubElement(subinterface, "mtu")
        mtu.text = "9000"
        expected = validate(config)
        fw1, fw2 = lab.devices["fw1"], lab.devices["fw2"]
        assert expected and offload.checked(config, config.to_bytes(), runtime.facts(fw2)) == (expected, None, None)
        assert offload.checked(PanConfig.from_bytes(offload.EMPTY), offload.EMPTY, None)[0] == []
        for device in (fw1, fw2):  # the active builds sessions, the passive its routes only
            built = runtime._build(device)
            assert offload.checked(device.running, device.running.to_bytes(), runtime.facts(device)) == (
                [], synced_view(device.running), built)
        assert built.routes and not built.sessions and runtime._build(fw1).sessions
    finally:
        offload.stop()


def test_a_served_lab_tunes_malloc_and_keeps_working():
    """serve's malloc settings (panshell/heap.py) are all taken by glibc, and a process running
    with them, its loaded lab frozen out of the cyclic collector, commits on a 10k-sized heap as
    any other (in a process of its own: they are global)."""
    script = ("from panshell import heap; assert heap.tune_for_latency(); "
              "from panshell.backend.clock import Clock; from panshell.backend.lab import Lab; "
              "from panshell.session import Session; lab = Lab.ephemeral(Clock()); s = Session(lab, lab.devices['fw1']); "
              "heap.freeze_loaded(); import gc; assert gc.get_freeze_count() > 10_000; s.execute('configure'); "
              "[s.execute(f'set address h{i} ip-netmask 10.7.{i // 250}.{i % 250 + 1}') for i in range(500)]; "
              "print(s.execute('commit').output.splitlines()[-3])")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Configuration committed successfully"


def test_tables_the_worker_built_are_dropped_when_the_device_changed_meanwhile(lab, fw1, monkeypatch):
    """The active suspended while a commit validated: the tables the worker built for an active
    are not taken; the device's are a suspended member's (routes, no sessions), as built here."""
    device = lab.devices["fw1"]
    real = offload.checked

    def suspended_meanwhile(config, data, known):
        answer = real(config, data, known)
        assert answer[2] is not None and answer[2].sessions  # built in the worker, for an active
        election.suspend(lab.pair, device)
        return answer

    offload.start()
    try:
        monkeypatch.setattr(commit_module.offload, "checked", suspended_meanwhile)
        run(fw1, "configure")
        run(fw1, "set address during ip-netmask 10.9.9.9/32")
        assert "Configuration committed successfully" in run(fw1, "commit")
    finally:
        offload.stop()
    assert device.ha_state == "suspended"
    own = runtime.tables(device).own
    assert own == runtime._build(device) and own.routes and not own.sessions


def test_the_event_loop_takes_the_lab_only_when_free_and_never_lets_go_of_it(lab):
    guard = lab.guard
    held, leave = threading.Event(), threading.Event()

    def holder():
        with guard:
            held.set()
            leave.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    assert held.wait(10)
    assert not guard.enter_if_free()  # busy: the work goes to a worker thread instead
    leave.set()
    thread.join(10)
    assert guard.enter_if_free()
    try:
        with pytest.raises(RuntimeError, match="waits=True"):
            with guard.released():
                pass
    finally:
        guard.__exit__()
    with guard:  # left as it was taken
        with guard.released():
            pass
