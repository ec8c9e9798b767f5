"""Partial commits: one administrator's changes, or the candidate without a part of it; the
others' changes stay in the candidate for a later commit."""
import pytest
from conftest import START, run
from lxml import etree

from panshell.api.protocol import Api, Keys, Request
from panshell.backend.clock import FixedClock
from panshell.backend.lab import Lab
from panshell.session import Session

ADDRESS = "vsys/entry/address/entry[@name='{}']"
BANNER = "deviceconfig/system/login-banner"


@pytest.fixture
def alice(lab):
    session = Session(lab, lab.devices["fw1"], user="alice")
    run(session, "configure")
    return session


@pytest.fixture
def admin(fw1):
    run(fw1, "configure")
    return fw1


def committed(lab, name: str) -> bool:
    return lab.devices["fw1"].running.find(ADDRESS.format(name)) is not None


def test_a_partial_commit_takes_only_the_named_administrators_changes(lab, admin, alice):
    run(admin, "set address mine ip-netmask 10.0.0.1/32")
    run(alice, "set address hers ip-netmask 10.0.0.2/32")
    run(alice, "set address mine description alice-was-here")
    assert "Configuration committed successfully" in run(admin, "commit partial admin admin")
    assert committed(lab, "mine") and not committed(lab, "hers")
    running = lab.devices["fw1"].running
    assert running.text(ADDRESS.format("mine") + "/ip-netmask") == "10.0.0.1/32"
    assert running.find(ADDRESS.format("mine") + "/description") is None  # alice's change to it waits
    assert lab.pair.peer(lab.devices["fw1"]).running.find(ADDRESS.format("mine")) is not None  # HA-Sync carried it
    assert run(admin, "commit partial admin admin") == "There are no changes to commit.\n\n[edit]\n"
    assert "Configuration committed successfully" in run(admin, "commit partial admin [ bob alice ]")
    assert committed(lab, "hers")
    assert running is not lab.devices["fw1"].running
    assert lab.devices["fw1"].running.text(ADDRESS.format("mine") + "/description") == "alice-was-here"
    assert run(admin, "commit") == "There are no changes to commit.\n\n[edit]\n"


def test_an_excluded_part_stays_as_it_runs(lab, admin):
    run(admin, "set address a1 ip-netmask 10.0.0.1/32")
    run(admin, "set deviceconfig system login-banner changed")
    assert "Configuration committed successfully" in run(admin, "commit partial device-and-network excluded")
    device = lab.devices["fw1"]
    assert committed(lab, "a1") and device.running.text(BANNER) != "changed"
    assert "login-banner changed" in run(admin, "run show config diff")
    assert "Configuration committed successfully" in run(admin, "commit partial policy-and-objects excluded")
    assert device.running.text(BANNER) == "changed" and not device.has_changes


def test_deletes_renames_and_moves_are_committed_by_their_author(lab, admin, alice):
    run(admin, "set address a1 ip-netmask 10.0.0.1/32")
    run(admin, "set address a2 ip-netmask 10.0.0.2/32")
    run(admin, "commit")
    run(alice, "rename address a1 to b1")
    run(alice, "delete address a2")
    run(admin, "set address a3 ip-netmask 10.0.0.3/32")
    run(admin, "commit partial admin alice")
    assert committed(lab, "b1") and not committed(lab, "a1") and not committed(lab, "a2") and not committed(lab, "a3")
    assert [e.get("name") for e in lab.devices["fw1"].candidate.entries("vsys/entry/address")][-2:] == [
        "b1", "a3"]


def test_partial_commit_errors_change_nothing(lab, admin):
    run(admin, "set address a1 ip-netmask 10.0.0.1/32")
    before = lab.devices["fw1"].running.to_bytes()
    for line in ("commit partial shared-object", "commit partial admin", "commit partial vsys vsys1"):
        assert run(admin, line, ok=False) == "Invalid syntax.\n[edit]\n"
    assert lab.devices["fw1"].running.to_bytes() == before and lab.devices["fw1"].jobs.next_id == 2


def test_the_changes_still_to_commit_are_kept_with_the_lab(tmp_path):
    lab = Lab.open(tmp_path / "lab", FixedClock(START))
    for user, name in (("admin", "mine"), ("alice", "hers")):
        session = Session(lab, lab.devices["fw1"], user=user)
        run(session, "configure")
        run(session, f"set address {name} ip-netmask 10.0.0.9/32")
    lab.persist()
    lab.close()
    reopened = Lab.open(tmp_path / "lab", FixedClock(START))
    try:
        session = Session(reopened, reopened.devices["fw1"])
        run(session, "configure")
        run(session, "commit partial admin alice")
        assert committed(reopened, "hers") and not committed(reopened, "mine")
    finally:
        reopened.close()


def test_the_api_commits_partially_as_pan_os_python_asks(lab):
    from panos.firewall import FirewallCommit

    keys = Keys(b"secret", lambda user, password: True)
    api = Api(lab, lab.devices["fw1"], keys, lambda: ["admin", "bob"])
    vsys = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']/address"
    for user, name in (("admin", "mine"), ("bob", "his")):
        api.handle(Request({"type": "config", "action": "set", "xpath": vsys, "key": keys.key_for(user),
                            "element": f"<entry name='{name}'><ip-netmask>10.0.0.9/32</ip-netmask></entry>"}))
    cmd = FirewallCommit(admins=["bob"]).element_str().decode()  # the XML pan-os-python sends
    status, body = api.handle(Request({"type": "commit", "action": "partial", "cmd": cmd, "key": keys.key_for("bob")}))
    assert etree.fromstring(body).findtext("result/job") == "2"
    assert committed(lab, "his") and not committed(lab, "mine")
    status, body = api.handle(Request({"type": "commit", "cmd": cmd, "key": keys.key_for("bob")}))
    assert etree.fromstring(body).findtext("msg") == "There are no changes to commit."
    wrong = "<commit><partial><vsys><member>vsys1</member></vsys></partial></commit>"
    status, body = api.handle(Request({"type": "commit", "cmd": wrong, "key": keys.key_for("bob")}))
    assert etree.fromstring(body).findtext("msg/line") == "partial: vsys unexpected here"
