"""Commit jobs: validation with PAN-OS's text, the job table, durability."""

import pytest
from conftest import START, fw1_hostname_on_disk, kill_while_writing, run
from ntc_templates.parse import parse_output

from panshell import atomicfile
from panshell.backend.clock import Clock, FixedClock
from panshell.backend.lab import Lab
from panshell.session import Session

JOB_HEADER = (
    "Enqueued              Dequeued           ID  PositionInQ                              Type"
    "                         Status Result Completed\n" + "-" * 138 + "\n"
)


@pytest.fixture
def cfg(fw1):
    run(fw1, "configure")
    return fw1


def test_a_successful_commit(cfg):
    run(cfg, "set deviceconfig system hostname edge1")
    assert run(cfg, "commit") == (
        "\nCommit job 2 is in progress. Use Ctrl+C to return to command prompt\n"
        ".....55%75%98%.......100%\nConfiguration committed successfully\n\n[edit]\n"
    )
    assert cfg.device.running.text("deviceconfig/system/hostname") == "edge1"
    assert cfg.prompt() == "admin@edge1(active)# "
    assert not cfg.device.has_changes


def test_nothing_to_commit(cfg):
    assert run(cfg, "commit") == "There are no changes to commit.\n\n[edit]\n"
    assert [j.id for j in cfg.device.jobs.jobs] == [1]


def test_commit_description_is_kept_with_the_job(cfg):
    run(cfg, "set address a1 ip-netmask 10.0.0.1")
    run(cfg, 'commit description "add a1"')
    assert cfg.device.jobs.get(2).description == "add a1"


def failed_commit(session, *lines):
    before = session.device.running.to_bytes()
    for line in lines:
        run(session, line)
    out = run(session, "commit", ok=False)  # the job failed: the command's result says so
    assert session.device.running.to_bytes() == before
    assert session.device.jobs.jobs[-1].result == "FAIL"
    return out


def test_jumbo_frame_mtu_without_jumbo_mode_fails_with_pan_os_text(cfg):
    out = failed_commit(cfg, "set network interface aggregate-ethernet ae1 layer3 units ae1.518 mtu 9000")
    assert out == (
        "\nCommit job 2 is in progress. Use Ctrl+C to return to command prompt\n"
        "device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500\n"
        "interface configuration error\nCommit failed\n\n[edit]\n"
    )
    assert run(cfg, "run show jobs id 2") == (
        "\n" + JOB_HEADER
        + "2026/11/25 00:00:02   00:00:02            2                                         Commit"
        "                            FIN   FAIL 00:00:02\n"
        "Warnings:\n"
        "Details:device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500\n"
        "interface configuration error\nCommit failed\n\n[edit]\n"
    )


def test_with_jumbo_frames_on_the_same_mtu_commits(cfg):
    run(cfg, "set deviceconfig setting jumbo-frame mtu 9192")
    run(cfg, "set network interface aggregate-ethernet ae1 layer3 units ae1.518 mtu 9000")
    assert "Configuration committed successfully" in run(cfg, "commit")


def test_mtu_above_the_jumbo_frame_mtu(cfg):
    out = failed_commit(
        cfg, "set deviceconfig setting jumbo-frame mtu 9000",
        "set network interface ethernet ethernet1/2 layer3 mtu 9100",
    )
    assert "device: interface ethernet1/2 mtu 9100 is greater than the jumbo-frame mtu 9000\n" in out


def test_references_to_missing_objects(cfg):
    out = failed_commit(
        cfg,
        "set rulebase security rules r1 from nowhere to untrust source ghost destination any"
        " application any service svc-x action allow",
        "set zone dmz network layer3 ethernet1/9",
    )
    assert out == (
        "\nCommit job 2 is in progress. Use Ctrl+C to return to command prompt\n"
        "Validation Error:\n"  # in the configuration's order: zones come before the rulebase
        " zone -> dmz -> network -> layer3 'ethernet1/9' is not a valid reference\n"
        " zone -> dmz -> network -> layer3 is invalid\n"
        " rulebase -> security -> rules -> r1 -> from 'nowhere' is not a valid reference\n"
        " rulebase -> security -> rules -> r1 -> from is invalid\n"
        " rulebase -> security -> rules -> r1 -> source 'ghost' is not a valid reference\n"
        " rulebase -> security -> rules -> r1 -> source is invalid\n"
        " rulebase -> security -> rules -> r1 -> service 'svc-x' is not a valid reference\n"
        " rulebase -> security -> rules -> r1 -> service is invalid\n"
        "Commit failed\n\n[edit]\n"
    )


def test_duplicate_ip_addresses(cfg):
    out = failed_commit(cfg, "set network interface aggregate-ethernet ae1 layer3 units ae1.518 ip 10.1.1.1/24")
    assert "device: interface ae1.518 has the same IP address 10.1.1.1 as ethernet1/2\n" in out


def test_vlan_tag_out_of_range_from_an_imported_config(cfg):
    unit = cfg.device.candidate.find("network/interface/aggregate-ethernet/entry/layer3/units/entry/tag")
    unit.text = "5000"
    out = run(cfg, "commit", ok=False)
    assert "device: interface ae1.518 tag 5000 is out of range 1-4094\ninterface configuration error\n" in out


def test_validate_full_is_a_job_that_changes_nothing(cfg):
    run(cfg, "set network interface aggregate-ethernet ae1 layer3 units ae1.518 mtu 9000")
    assert run(cfg, "validate full") == "Validate job enqueued with jobid 2\n\n[edit]\n"
    job = cfg.device.jobs.get(2)
    assert (job.type, job.result) == ("Validate", "FAIL")
    assert cfg.device.has_changes


def test_show_jobs_all_parses_with_ntc_templates(cfg):
    run(cfg, "set address a1 ip-netmask 10.0.0.1")
    run(cfg, "commit")
    run(cfg, "set network interface ethernet ethernet1/2 layer3 mtu 9000")
    run(cfg, "commit", ok=False)
    out = run(cfg, "run show jobs all").removesuffix("[edit]\n")
    assert out == (
        "\n" + JOB_HEADER
        + "2026/11/25 00:00:04   00:00:04            3                                         Commit"
        "                            FIN   FAIL 00:00:04\n"
        "2026/11/25 00:00:02   00:00:02            2                                         Commit"
        "                            FIN     OK 00:00:02\n"
        "2026/11/25 00:00:00   00:00:00            1                                        AutoCom"
        "                            FIN     OK 00:00:00\n\n\n"
    )
    records = parse_output(platform="paloalto_panos", command="show jobs all", data=out)
    assert [(r["id"], r["type"], r["status"], r["result"]) for r in records] == [
        ("3", "Commit", "FIN", "FAIL"), ("2", "Commit", "FIN", "OK"), ("1", "AutoCom", "FIN", "OK"),
    ]
    assert parse_output(platform="paloalto_panos", command="show jobs all", data=run(cfg, "run show jobs processed"))
    assert run(cfg, "run show jobs pending") == "\n" + JOB_HEADER + "\n\n[edit]\n"
    assert run(cfg, "run show jobs id 99", ok=False) == "Server error : job 99 not found\n[edit]\n"


def test_show_running_security_policy_parses_with_ntc_templates(fw1):
    records = parse_output(
        platform="paloalto_panos", command="show running security-policy", data=run(fw1, "show running security-policy")
    )
    by_name = {r["name"].strip('"').split(";")[0]: r for r in records}  # PAN-OS 10.2: "name; index: N"
    assert list(by_name) == [
        "allow-inside-out", "allow-web-inbound", "allow-dmz-dns", "deny-all", "intrazone-default", "interzone-default",
    ]
    assert by_name["allow-inside-out"]["source"] == "10.1.1.0/24"  # objects resolved to addresses
    assert by_name["allow-web-inbound"]["application_service"] == "[0:web-browsing/tcp/any/80 1:ssl/tcp/any/443 ]"
    assert by_name["deny-all"]["action"] == "deny"


def test_show_config_running_candidate_and_diff(fw1):
    assert run(fw1, "show config running").startswith('config {\n  mgt-config {\n')
    run(fw1, "configure")
    run(fw1, "set deviceconfig system hostname edge1")
    run(fw1, "exit")
    assert "    hostname fw1;" in run(fw1, "show config running")
    assert "hostname edge1;" in run(fw1, "show config candidate")
    diff = run(fw1, "show config diff")
    assert "\n-          hostname fw1;\n+          hostname edge1;\n" in diff


def test_commits_and_jobs_last_with_the_lab(tmp_path):
    lab = Lab.open(tmp_path, FixedClock(START))
    session = Session(lab, lab.devices["fw1"])
    run(session, "configure")
    run(session, "set address persisted ip-netmask 10.7.7.7")
    run(session, "commit")
    lab.close()
    again = Lab.open(tmp_path, Clock())
    try:
        device = again.devices["fw1"]
        assert device.running.find("vsys/entry/address/entry[@name='persisted']") is not None
        assert [(j.id, j.type, j.result) for j in device.jobs.jobs] == [(1, "AutoCom", "OK"), (2, "Commit", "OK")]
        assert device.jobs.next_id == 3
    finally:
        again.close()


def test_a_crash_while_writing_the_commit_keeps_the_old_running_config(tmp_path, monkeypatch):
    lab = Lab.open(tmp_path, FixedClock(START))
    session = Session(lab, lab.devices["fw1"])
    run(session, "configure")
    run(session, "set deviceconfig system hostname never")

    def power_cut(*args):
        raise OSError("power cut")

    monkeypatch.setattr(atomicfile.os, "replace", power_cut)
    monkeypatch.delenv("PANSHELL_DEBUG")
    assert run(session, "commit", ok=False).startswith("Server error : internal error (OSError: power cut)")
    monkeypatch.undo()
    assert session.device.running.text("deviceconfig/system/hostname") == "fw1"
    lab.close()
    assert fw1_hostname_on_disk(tmp_path) == "fw1"


COMMITTER = """
import sys
from panshell.backend.clock import Clock
from panshell.backend.lab import Lab
from panshell.session import Session
lab = Lab.open(sys.argv[1], Clock())
session = Session(lab, lab.devices["fw1"])
session.execute("configure")
for i in range(1500):
    session.execute(f"set address bulk-{i} ip-netmask 10.{i // 250}.{i % 250}.1")
print("ready", flush=True)
n = 0
while True:
    n += 1
    session.execute(f"set deviceconfig system hostname gen-{n}")
    session.execute("commit")
"""


def test_killed_mid_commit_the_lab_loads_with_a_committed_config(tmp_path):
    Lab.open(tmp_path, Clock()).close()
    for hostname in kill_while_writing(tmp_path, COMMITTER):
        assert hostname.startswith(("gen-", "fw1"))
