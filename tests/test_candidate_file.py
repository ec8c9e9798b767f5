"""The candidate on disk (backend/candidate_file.py): a snapshot and a journal of the changes since.
A process killed after any command leaves files that load to exactly the candidate it had shown,
while a change costs what it changed, not what the candidate weighs."""
import shutil

import pytest
from conftest import START
from lxml import etree

from panshell.api.protocol import Api, Keys, Request
from panshell.backend.candidate_file import JOURNAL, SNAPSHOT
from panshell.backend.clock import FixedClock
from panshell.backend.lab import Lab
from panshell.session import Session
from panshell.shell.pipe import PipeLog

VSYS = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']"

EDITS = """configure
set address a1 ip-netmask 10.0.0.1/32
set address a2 ip-netmask 10.0.0.2/32 description two
set address a3 fqdn example.com
set address-group g1 static [ a1 a2 ]
set rulebase security rules r1 from trust to untrust source a1 destination g1 application any service any action allow
set rulebase security rules r2 from trust to untrust source any destination any application any service any action deny
rename address a2 to a2b
copy address a1 to a1c
move rulebase security rules r2 top
move rulebase security rules r1 before r2
delete address a3
set address a3 ip-netmask 10.0.0.3
delete address-group g1 static a1
set address-group g1 static a2b
delete address-group g1 static a2
set deviceconfig system hostname fw1-new
set network interface ethernet ethernet1/5 layer3 ip 10.9.9.1/24
set zone dmz network layer3 ethernet1/5
delete zone dmz network layer3 ethernet1/5
set tag x color color1
set address a4 ip-netmask 10.0.0.4 tag [ x ]
edit address a5
set ip-netmask 10.0.0.5
top
commit
set address after-commit ip-netmask 10.1.1.1
delete rulebase security rules r1
rename rulebase security rules r2 to r2x
copy rulebase security rules r2x to r3
move rulebase security rules r3 bottom
save config to snap1.xml
revert config
set address after-revert ip-netmask 10.1.1.2
load config from snap1.xml
set address after-load ip-netmask 10.1.1.4""".splitlines()


def open_lab(directory) -> Lab:
    return Lab.open(directory, FixedClock(START))


def as_killed(directory, tmp_path, name: str) -> Lab:
    """The lab a new process finds in directory's files as they are now (a copy: the first still holds it)."""
    copy = tmp_path / name
    shutil.copytree(directory, copy, ignore=shutil.ignore_patterns(".lock", ".panshell.sock"))
    return open_lab(copy)


def assert_reloads_the_same(lab: Lab, tmp_path, name: str) -> None:
    other = as_killed(lab.directory, tmp_path, name)
    try:
        for device in lab.devices:
            assert other.devices[device].candidate.to_bytes() == lab.devices[device].candidate.to_bytes(), name
            assert other.devices[device].pending == lab.devices[device].pending, name
    finally:
        other.close()


def test_a_kill_after_any_command_loses_no_change_to_the_candidate(tmp_path):
    lab = open_lab(tmp_path / "lab")
    session = Session(lab, lab.devices["fw1"])
    for n, line in enumerate(EDITS):
        assert session.execute(line).ok, line
        assert_reloads_the_same(lab, tmp_path, f"after-{n}")
    lab.close()


def test_a_change_appends_what_it_changed_and_the_snapshot_stays(tmp_path):
    lab = open_lab(tmp_path / "lab")
    session = Session(lab, lab.devices["fw1"])
    session.execute("configure")
    for i in range(300):
        session.execute(f"set address bulk-{i} ip-netmask 10.2.{i // 250}.{i % 250 + 1}")
    folder = tmp_path / "lab" / "fw1"
    snapshot, journal = (folder / SNAPSHOT).stat(), (folder / JOURNAL).stat().st_size
    assert session.execute("set address one-more ip-netmask 10.3.0.1").ok
    assert (folder / SNAPSHOT).stat().st_ino == snapshot.st_ino  # not written again
    added = (folder / JOURNAL).read_bytes()[journal:]
    assert added.count(b"\n") == 1 and b"one-more" in added and len(added) < 400
    assert_reloads_the_same(lab, tmp_path, "copy")
    lab.close()


def test_a_reopened_lab_goes_on_appending_to_its_journal(tmp_path):
    """The next process's first change appends to the journal it loaded, not a new snapshot."""
    lab = open_lab(tmp_path / "lab")
    session = Session(lab, lab.devices["fw1"])
    for line in ("configure", "set address before-kill ip-netmask 10.8.0.1", "set address b2 ip-netmask 10.8.0.2"):
        assert session.execute(line).ok, line
    journal = (tmp_path / "lab" / "fw1" / JOURNAL).read_bytes()
    reopened = as_killed(tmp_path / "lab", tmp_path, "killed")
    lab.close()
    folder = tmp_path / "killed" / "fw1"
    snapshot = (folder / SNAPSHOT).stat().st_ino
    session = Session(reopened, reopened.devices["fw1"])
    for line in ("configure", "set address after-reopen ip-netmask 10.8.0.3"):
        assert session.execute(line).ok, line
    assert (folder / SNAPSHOT).stat().st_ino == snapshot
    added = (folder / JOURNAL).read_bytes()[len(journal):]
    assert (folder / JOURNAL).read_bytes().startswith(journal) and added.count(b"\n") == 1 and b"after-reopen" in added
    assert_reloads_the_same(reopened, tmp_path, "again")
    reopened.close()


def test_an_ha_sync_leaves_the_peer_no_candidate_file_to_write(tmp_path):
    """The synced peer's candidate is its new running config: the sync removed its files, and the
    command that ran it writes none; the peer's next change copies the running config's file as
    the snapshot and journals the change."""
    lab = open_lab(tmp_path / "lab")
    active, passive = (Session(lab, lab.devices[name]) for name in ("fw1", "fw2"))
    passive.execute("configure")
    passive.execute("set address on-passive ip-netmask 10.6.0.1")
    peer_folder = tmp_path / "lab" / "fw2"
    assert (peer_folder / SNAPSHOT).exists()
    for line in ("configure", "set address synced ip-netmask 10.6.0.2", "commit"):
        assert active.execute(line).ok, line
    assert lab.devices["fw2"].jobs.jobs[-1].type == "HA-Sync" and lab.devices["fw2"].jobs.jobs[-1].result == "OK"
    assert not (peer_folder / SNAPSHOT).exists() and not (peer_folder / JOURNAL).exists()
    assert_reloads_the_same(lab, tmp_path, "after-sync")
    assert passive.execute("set address after-sync ip-netmask 10.6.0.3").ok
    assert (peer_folder / SNAPSHOT).read_bytes() == (peer_folder / "running-config.xml").read_bytes()
    assert (peer_folder / JOURNAL).read_bytes().count(b"\n") == 2 and b"after-sync" in (peer_folder / JOURNAL).read_bytes()
    assert_reloads_the_same(lab, tmp_path, "after-change")
    lab.close()


def test_a_local_commit_after_a_first_change_keeps_what_it_left_to_commit(tmp_path):
    """The snapshot copied from the running config stays the journal's base when a commit
    replaces the running config: a partial commit's leftover change survives a kill."""
    lab = open_lab(tmp_path / "lab")
    admin, other = Session(lab, lab.devices["fw1"]), Session(lab, lab.devices["fw1"], user="other")
    for session in (admin, other):
        session.execute("configure")
    assert admin.execute("set address mine ip-netmask 10.7.0.1").ok  # the first change: the snapshot is the running file
    assert other.execute("set address theirs ip-netmask 10.7.0.2").ok
    assert admin.execute("commit partial admin admin").ok
    assert lab.devices["fw1"].running.find("vsys/entry/address/entry[@name='mine']") is not None
    assert lab.devices["fw1"].running.find("vsys/entry/address/entry[@name='theirs']") is None
    assert_reloads_the_same(lab, tmp_path, "after-partial-commit")
    assert other.execute("set address theirs-too ip-netmask 10.7.0.3").ok
    assert_reloads_the_same(lab, tmp_path, "after-next-change")
    lab.close()


def test_the_journal_never_outgrows_its_snapshot(tmp_path):
    lab = open_lab(tmp_path / "lab")
    session = Session(lab, lab.devices["fw1"])
    session.execute("configure")
    folder = tmp_path / "lab" / "fw1"
    for i in range(400):
        session.execute(f"set address grow-{i} ip-netmask 10.4.{i // 250}.{i % 250 + 1} description d{i}")
        assert (folder / JOURNAL).stat().st_size <= (folder / SNAPSHOT).stat().st_size + 100
    assert_reloads_the_same(lab, tmp_path, "copy")
    lab.close()


def test_a_journal_cut_short_or_left_from_an_older_snapshot_is_read_safely(tmp_path):
    lab = open_lab(tmp_path / "lab")
    session = Session(lab, lab.devices["fw1"])
    for line in ("configure", "set address first ip-netmask 10.5.0.9",  # the first change writes a snapshot
                 "set address kept ip-netmask 10.5.0.1", "set address cut ip-netmask 10.5.0.2"):
        session.execute(line)
    lab.close()  # the journal as a process leaves it
    folder = tmp_path / "lab" / "fw1"
    whole = (folder / JOURNAL).read_bytes()
    (folder / JOURNAL).write_bytes(whole[:-20])  # a kill while appending the last line
    reopened = open_lab(tmp_path / "lab")
    address = reopened.devices["fw1"].candidate.find("vsys/entry/address")
    assert [e.get("name") for e in address if e.get("name") in ("kept", "cut")] == ["kept"]
    reopened.close()
    snapshot = (folder / SNAPSHOT).read_bytes()
    (folder / SNAPSHOT).write_bytes(snapshot.replace(b"<address>", b"<address><entry name='newer'/>", 1))
    reopened = open_lab(tmp_path / "lab")  # the journal continued the old snapshot: not replayed
    names = [e.get("name") for e in reopened.devices["fw1"].candidate.find("vsys/entry/address")]
    assert "newer" in names and "kept" not in names
    reopened.close()


def test_api_changes_are_journalled_as_they_are_made(tmp_path):
    lab = open_lab(tmp_path / "lab")
    keys = Keys(b"secret", lambda user, password: True)
    api = Api(lab, lab.devices["fw1"], keys, lambda: ["admin"])
    requests = [
        {"action": "set", "xpath": f"{VSYS}/address", "element": "<entry name='api1'><fqdn>a.example</fqdn></entry>"},
        {"action": "set", "xpath": f"{VSYS}/address-group/entry[@name='ag']",
         "element": "<static><member>api1</member><member>web-server</member></static>"},
        {"action": "delete", "xpath": f"{VSYS}/address-group/entry[@name='ag']/static/member[text()='api1']"},
        {"action": "edit", "xpath": f"{VSYS}/address/entry[@name='api1']",
         "element": "<entry name='api1'><ip-netmask>10.6.0.1</ip-netmask></entry>"},
        {"action": "rename", "xpath": f"{VSYS}/address/entry[@name='api1']", "newname": "api2"},
        {"action": "clone", "xpath": f"{VSYS}/address", "from": f"{VSYS}/address/entry[@name='api2']",
         "newname": "api3"},
        {"action": "move", "xpath": f"{VSYS}/rulebase/security/rules/entry[@name='deny-all']", "where": "top"},
        {"action": "delete", "xpath": f"{VSYS}/address/entry[@name='api2']"},
    ]
    for n, params in enumerate(requests):
        status, body = api.handle(Request({"type": "config", "key": keys.key_for("admin"), **params}))
        assert etree.fromstring(body).get("status") == "success", body
        assert_reloads_the_same(lab, tmp_path, f"after-{n}")
    lab.close()


def test_piped_lines_are_saved_once_per_batch_before_their_log_is_shown(tmp_path, monkeypatch):
    lab = open_lab(tmp_path / "lab")
    session = Session(lab, lab.devices["fw1"])
    saves = []
    persist = lab.persist
    monkeypatch.setattr(lab, "persist", lambda: (saves.append(1), persist()))
    log = PipeLog(session)
    shown = log.feed(b"configure\nset address p1 ip-netmask 10.7.0.1\nset address p2 ip-netmask 10.7.0.2\n")
    assert shown.count("[edit]") == 3 and len(saves) == 1
    assert_reloads_the_same(lab, tmp_path, "after-batch")
    other = Session(lab, lab.devices["fw2"])  # another session's command saves as ever
    assert other.execute("show clock").ok and len(saves) == 2
    lab.close()


@pytest.mark.parametrize("line", ["set address p3 ip-netmask 10.7.0.3", "set address p3 ip-netmask bad"])
def test_the_last_piped_line_is_saved_too(tmp_path, line):
    lab = open_lab(tmp_path / "lab")
    log = PipeLog(Session(lab, lab.devices["fw1"]))
    log.feed(b"configure\n")
    log.feed(line.encode())  # no newline: run when the input ends
    log.finish()
    assert_reloads_the_same(lab, tmp_path, "after-finish")
    assert log.ok is ("bad" not in line)
    lab.close()


def test_a_batch_the_disk_refuses_says_so_once_and_fails(tmp_path, monkeypatch):
    lab = open_lab(tmp_path / "lab")
    log = PipeLog(Session(lab, lab.devices["fw1"]))

    def refuse():
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(lab, "persist", refuse)
    shown = log.feed(b"configure\nset address full ip-netmask 10.8.0.1\n")
    assert shown.endswith("[edit]\nServer error : the lab cannot be saved ([Errno 28] No space left on device)\n")
    assert shown.count("cannot be saved") == 1 and log.status == 1
    monkeypatch.undo()
    lab.close()
