"""Lab state on disk: created on first use, atomic writes, one holder at a time."""
import subprocess
import sys

import pytest
from conftest import fw1_hostname_on_disk, kill_while_writing

from panshell import atomicfile
from panshell.backend.clock import Clock
from panshell.backend.lab import Lab, LabError
from panshell.backend.storage import PENDING_FILE, RUNNING_CONFIG
from panshell.backend.storage import LabBusy
from panshell.session import Session


def save_running(device):
    device.store.write(RUNNING_CONFIG, device.running.to_bytes())


def hostname_node(lab, name="fw1"):
    return lab.devices[name].running.find("deviceconfig/system/hostname")


def test_first_use_creates_the_default_pair(tmp_path):
    lab = Lab.open(tmp_path / "lab", Clock())
    try:
        assert sorted(p.relative_to(tmp_path / "lab").as_posix() for p in (tmp_path / "lab").rglob("*") if p.is_file()) == [
            ".lock", "fw1/jobs.jsonl", "fw1/running-config.xml", "fw2/jobs.jsonl", "fw2/running-config.xml", "lab.json",
        ]
        assert lab.devices["fw1"].hostname == "fw1" and lab.devices["fw2"].hostname == "fw2"
        assert (lab.devices["fw1"].ha_state, lab.devices["fw2"].ha_state) == ("active", "passive")
    finally:
        lab.close()


def test_write_reopen_same_state(tmp_path):
    lab = Lab.open(tmp_path, Clock())
    hostname_node(lab).text = "edge-a"
    save_running(lab.devices["fw1"])
    lab.close()
    again = Lab.open(tmp_path, Clock())
    try:
        assert again.devices["fw1"].hostname == "edge-a"
        assert again.devices["fw2"].hostname == "fw2"
    finally:
        again.close()


def test_interrupted_write_leaves_the_old_state(tmp_path, monkeypatch):
    lab = Lab.open(tmp_path, Clock())
    hostname_node(lab).text = "half-written"

    def crash(*args):
        raise OSError("power cut")

    monkeypatch.setattr(atomicfile.os, "replace", crash)
    with pytest.raises(OSError):
        save_running(lab.devices["fw1"])
    monkeypatch.undo()
    lab.close()
    assert fw1_hostname_on_disk(tmp_path) == "fw1"


WRITER = """
import sys
from panshell.backend.clock import Clock
from panshell.backend.lab import Lab
lab = Lab.open(sys.argv[1], Clock())
cfg = lab.devices["fw1"].running
vsys = cfg.find("vsys/entry[@name='vsys1']/address")
for i in range(3000):
    vsys.append(vsys.makeelement("entry", name=f"obj-{i}"))
print("ready", flush=True)
n = 0
while True:
    n += 1
    cfg.find("deviceconfig/system/hostname").text = f"gen-{n}"
    lab.devices["fw1"].store.write("running-config.xml", cfg.to_bytes())
"""


def test_a_kill_between_a_commit_and_its_save_leaves_nothing_pending(tmp_path):
    """The running config is written by the commit job, the pending list by the save after it: a
    kill in between leaves the committed changes listed, which must not count as anyone's."""
    lab = Lab.open(tmp_path, Clock())
    session = Session(lab, lab.devices["fw1"])
    for line in ("configure", "set address pending-once ip-netmask 10.8.0.1"):
        session.execute(line)
    before_commit = (tmp_path / "fw1" / PENDING_FILE).read_bytes()
    assert b"pending-once" in before_commit
    session.execute("commit")
    lab.close()
    (tmp_path / "fw1" / PENDING_FILE).write_bytes(before_commit)  # as the kill left it
    reopened = Lab.open(tmp_path, Clock())
    assert reopened.devices["fw1"].pending == []
    assert Session(reopened, reopened.devices["fw1"]).execute("configure").ok
    reopened.close()


def test_opening_a_lab_removes_what_killed_writers_left(tmp_path):
    Lab.open(tmp_path, Clock()).close()
    leftovers = [tmp_path / "fw1" / ".running-config.xml.4242.tmp", tmp_path / ".state.json.4243.tmp"]
    for path in leftovers:
        path.write_bytes(b"<config")
    Lab.open(tmp_path, Clock()).close()
    assert not any(path.exists() for path in leftovers)
    assert (tmp_path / "fw1" / RUNNING_CONFIG).exists()


def test_killed_mid_write_the_lab_still_loads(tmp_path):
    Lab.open(tmp_path, Clock()).close()
    for hostname in kill_while_writing(tmp_path, WRITER, delays=(0.05, 0.11, 0.17, 0.23, 0.29)):
        assert hostname.startswith(("gen-", "fw1"))

def test_a_second_process_attaches_to_the_holder(tmp_path, panshell):
    holder = subprocess.Popen(
        [sys.executable, "-m", "panshell", "--lab", str(tmp_path), "--clock", "2026-11-25T00:00:00Z"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    holder.stdin.write("show clock\n")
    holder.stdin.flush()
    holder.stdout.readline()  # the lab is open once the first prompt is out
    try:
        with pytest.raises(LabBusy) as info:
            Lab.open(tmp_path, Clock())
        assert str(info.value) == (f"lab {tmp_path} is in use by process {holder.pid}"
                                   f" (panshell --lab {tmp_path} --clock 2026-11-25T00:00:00Z)")
        proc = panshell("--lab", str(tmp_path), "--device", "fw2", stdin="show high-availability state | match State:\n")
        assert (proc.returncode, proc.stderr) == (0, "")
        clocked = panshell("--lab", str(tmp_path), "--clock", "2027-01-01T00:00:00Z", stdin="show clock\n")
        assert (clocked.returncode, clocked.stderr) == (
            2, f"panshell: --clock: lab {tmp_path} is held by process {holder.pid}, which keeps its clock\n")
        assert proc.stdout == ("admin@fw2(passive)> show high-availability state | match State:\n"
                               "    State: passive (last 1 second)\n    State: active (last 1 second)\n")
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    Lab.open(tmp_path, Clock()).close()  # free again once the holder exits


def test_an_incomplete_lab_is_made_again(tmp_path):
    (tmp_path / "fw1").mkdir()
    (tmp_path / "fw1" / "running-config.xml").write_text("<config><trunc")
    lab = Lab.open(tmp_path, Clock())  # no lab.json: creation never finished
    try:
        assert lab.devices["fw1"].hostname == "fw1"
    finally:
        lab.close()


def test_a_damaged_lab_is_a_clear_error(tmp_path, panshell):
    Lab.open(tmp_path, Clock()).close()
    (tmp_path / "fw2" / "running-config.xml").write_text("<config><devices>")
    with pytest.raises(LabError, match=r"^lab .* cannot be loaded: malformed XML"):
        Lab.open(tmp_path, Clock())
    proc = panshell("--lab", str(tmp_path), stdin="show clock\n")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"panshell: lab {tmp_path} cannot be loaded: malformed XML")


def test_lab_directory_from_the_environment(tmp_path, panshell):
    proc = panshell(stdin="show system info | match hostname\n", env={"PANSHELL_LAB": str(tmp_path / "envlab")})
    assert proc.stdout.endswith("hostname: fw1\n")
    assert (tmp_path / "envlab" / "lab.json").exists()


def test_default_lab_lives_in_the_user_data_dir(tmp_path, panshell):
    env = {"PANSHELL_LAB": "", "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = panshell(stdin="show clock\n", env=env)
    assert proc.returncode == 0
    assert (tmp_path / "data" / "panshell" / "labs" / "default" / "lab.json").exists()


def test_xml_entities_are_refused(tmp_path):
    Lab.open(tmp_path, Clock()).close()
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE config [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<config><devices><entry name='localhost.localdomain'><deviceconfig><system>"
        "<hostname>&b;</hostname></system></deviceconfig></entry></devices></config>"
    )
    (tmp_path / "fw1" / "running-config.xml").write_text(bomb)
    with pytest.raises(LabError, match="entity references are not allowed"):
        Lab.open(tmp_path, Clock())
