"""Config and commit locks: held by an administrator, they stop the others."""
import pytest
from conftest import run

from panshell.session import Session


@pytest.fixture
def alice(lab):
    return Session(lab, lab.devices["fw1"], user="alice")


def test_a_config_lock_stops_other_administrators_changes(lab, fw1, alice):
    assert run(fw1, 'request config-lock add comment "maintenance window"') == "Successfully acquired config lock\n"
    assert run(fw1, "show config-locks") == (
        "\nConfig locks:\n  Admin           Location  Created              Comment\n"
        "  admin           shared    2026/11/25 00:00:00  maintenance window\n\n"
    )
    run(alice, "configure")
    before = lab.devices["fw1"].candidate.to_bytes()
    assert run(alice, "set address a1 ip-netmask 10.0.0.1", ok=False) == "Server error : Configuration is locked by admin\n[edit]\n"
    assert run(alice, "delete address web-server", ok=False).startswith("Server error : Configuration is locked by admin")
    assert lab.devices["fw1"].candidate.to_bytes() == before
    assert run(alice, "run request config-lock remove", ok=False) == "Server error : Configuration is locked by admin\n[edit]\n"
    other_session_same_admin = Session(lab, lab.devices["fw1"])
    run(other_session_same_admin, "configure")
    run(other_session_same_admin, "set address mine ip-netmask 10.0.0.2")  # the holder is the administrator


def test_the_holders_commit_releases_the_config_lock(lab, fw1, alice):
    run(fw1, "request config-lock add")
    run(fw1, "configure")
    run(fw1, "set address a1 ip-netmask 10.0.0.1")
    assert "Configuration committed successfully" in run(fw1, "commit")
    assert "config" not in lab.devices["fw1"].locks
    run(alice, "configure")
    run(alice, "set address a2 ip-netmask 10.0.0.2")


def test_a_commit_lock_stops_other_administrators_commits(lab, fw1, alice):
    run(fw1, "request commit-lock add comment upgrade")
    run(alice, "configure")
    run(alice, "set address a3 ip-netmask 10.0.0.3")  # editing is still allowed
    assert run(alice, "commit", ok=False) == "Server error : Commit is locked by admin\n[edit]\n"
    assert lab.devices["fw1"].jobs.next_id == 2
    assert run(fw1, "request commit-lock remove") == "Successfully released commit lock\n"
    assert "Configuration committed successfully" in run(alice, "commit")


def test_lock_errors(fw1, alice, fw2):
    assert run(fw1, "request config-lock remove", ok=False) == "Server error : Config is not currently locked for scope shared\n"
    run(fw1, "request config-lock add")
    assert run(alice, "request config-lock add", ok=False) == "Server error : Config for scope shared is currently locked by admin\n"
    assert run(fw2, "show config-locks") == "\nConfig locks:\n  Admin           Location  Created              Comment\n\n"
