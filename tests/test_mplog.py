"""`less mp-log ha_agent.log` and `tail mp-log ha_agent.log lines N`: the HA agent's log, from the
transitions and HA events the lab records, on the fixed clock."""
from conftest import run

from panshell.backend.ha import faults

STARTUP = (
    "2026-11-25 00:00:00.000 +0000 debug: ha_state_transition(src/ha_state.c:1391): "
    "Group 1: transition to state Active (reason: Startup)\n"
    "2026-11-25 00:00:00.000 +0000 debug: ha_event_log(src/ha_event.c:47): HA Group 1: Moved from state Initial to state Active\n"
)


def test_the_startup_transition_with_its_reason(fw1):
    assert run(fw1, "less mp-log ha_agent.log") == STARTUP


def test_a_suspend_and_its_reason_then_tail_lines(fw1):
    run(fw1, "request high-availability state suspend")
    lines = run(fw1, "less mp-log ha_agent.log").splitlines()
    assert lines[2:] == [
        "2026-11-25 00:00:00.000 +0000 debug: ha_state_transition(src/ha_state.c:1391): "
        "Group 1: transition to state Suspended (reason: User requested)",
        "2026-11-25 00:00:00.000 +0000 debug: ha_event_log(src/ha_event.c:47): "
        "HA Group 1: Moved from state Active to state Suspended",
    ]
    assert run(fw1, "tail mp-log ha_agent.log lines 1") == lines[-1] + "\n"
    assert run(fw1, "tail mp-log ha_agent.log").splitlines() == lines[-10:]


def test_a_link_event_comes_before_the_transition_it_caused(lab, fw1, fw2):
    faults.apply(lab.pair, faults.parse(["ha1", "down"], ["fw1", "fw2"]))
    faults.apply(lab.pair, faults.parse(["ha1-backup", "down"], ["fw1", "fw2"]))
    tail = run(fw2, "tail mp-log ha_agent.log lines 3").splitlines()
    assert [line.split(": ", 2)[2] for line in tail] == [
        "HA Group 1: HA1 backup link down",
        "Group 1: transition to state Active (reason: Peer down)",
        "HA Group 1: Moved from state Passive to state Active",
    ]


def test_an_unknown_file_is_bad_syntax(fw1):
    assert run(fw1, "less mp-log ms.log", ok=False) == "Invalid syntax.\n"
    assert run(fw1, "tail mp-log ha_agent.log lines 0", ok=False).endswith("Invalid syntax.\n")
