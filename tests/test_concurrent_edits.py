"""Edits on both peers at once: an HA-Sync that arrives while the peer has uncommitted changes
replaces its candidate (as on PAN-OS) and says so, in the peer's system log and to each author's
session at its next command; nobody else is told."""
from conftest import run

from panshell.session import Session

NOTICE = ("Warning: HA-Sync job 2 from the peer replaced the candidate configuration; "
          "your uncommitted changes were discarded\n")


def test_an_ha_sync_over_uncommitted_changes_discards_them_and_says_so(lab, fw1, fw2):
    other = Session(lab, lab.devices["fw2"], "operator")  # an admin with no changes of their own
    run(fw2, "configure")
    run(fw2, "set address from-fw2 ip-netmask 10.9.9.9/32")
    run(fw1, "configure")
    run(fw1, "set address from-fw1 ip-netmask 10.8.8.8/32")
    run(fw1, "commit")
    assert run(fw2, "commit") == NOTICE + "There are no changes to commit.\n\n[edit]\n"
    assert run(fw2, "show address from-fw2") == "[edit]\n"  # gone, and told only once:
    assert NOTICE not in run(fw2, "show address from-fw1")
    assert NOTICE not in run(other, "show clock")
    log = run(fw2, "run show log system subtype equal ha")
    assert log.endswith("2026/11/25 00:00:04 medium   ha             ha-sync 0  HA Group 1: HA-Sync job 2 replaced the "
                        "candidate configuration; uncommitted changes by admin discarded\n\n[edit]\n")


def test_an_ha_sync_with_no_uncommitted_changes_says_nothing(lab, fw1, fw2):
    run(fw1, "configure")
    run(fw1, "set address from-fw1 ip-netmask 10.8.8.8/32")
    run(fw1, "commit")
    assert "Warning" not in run(fw2, "show clock")
    assert "replaced the candidate" not in run(fw2, "show log system")
