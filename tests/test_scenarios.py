"""Scenarios: broken labs started from data, their symptoms, a fix through the CLI, and
`panshell lab check` failing before and passing after — all through the real command."""
import json
import re
import subprocess
import sys

import pytest
from ntc_templates.parse import parse_output
from test_live_lab import Attached

from panshell.scenario import ScenarioError, available, load

CLOCK = "2026-11-25T00:00:00Z"


def panshell(*args, stdin=""):
    proc = subprocess.run([sys.executable, "-m", "panshell", *args], input=stdin, capture_output=True, text=True,
                          timeout=60)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def on(lab, device, *lines):
    return panshell("--lab", str(lab), "--device", device, stdin="".join(line + "\n" for line in lines)).stdout


def check(lab) -> tuple[int, dict]:
    proc = panshell("lab", "check", "--lab", str(lab), "--json")
    return proc.returncode, json.loads(proc.stdout)


@pytest.fixture
def lab(tmp_path):
    return tmp_path / "lab"


def start(lab, name):
    panshell("--lab", str(lab), "--clock", CLOCK, stdin="show clock\n")
    proc = panshell("lab", "reset", "--lab", str(lab), "--scenario", name)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"lab reset to scenario {name}: ")


def test_every_built_in_scenario_loads_and_is_listed():
    names = list(available())
    assert names == ["content-mismatch", "device-config-not-synced", "ha1-down", "ha2-down", "jumbo-frame-mismatch",
                     "link-monitor-failover", "preemption-flap", "sync-disabled", "version-mismatch"]
    listing = panshell("scenario", "list").stdout
    for name in names:
        assert name in listing and load(available()[name]).difficulty in listing


def test_show_tells_the_story_without_the_fix_unless_asked():
    plain = panshell("scenario", "show", "jumbo-frame-mismatch").stdout
    assert "Jumbo frames on one peer only" in plain and "What to look at:" in plain and "Solution" not in plain
    spoiled = panshell("scenario", "show", "jumbo-frame-mismatch", "--solution").stdout
    assert "Solution:" in spoiled and "request high-availability sync-to-remote" in spoiled


def test_jumbo_frame_mismatch(lab):
    start(lab, "jumbo-frame-mismatch")
    code, before = check(lab)
    assert code == 1 and [g["met"] for g in before["goals"]] == [False, False, False]
    out = on(lab, "fw2", "show jobs all", "show high-availability all")
    jobs = parse_output(platform="paloalto_panos", command="show jobs all", data=out.split("show high-availability")[0])
    assert [j["type"] for j in jobs] == ["AutoCom"]  # ntc-templates' TYPE is \w+: it drops HA-Sync rows
    assert re.search(r"HA-Sync +FIN +FAIL", out)
    assert "Running Configuration: not synchronized" in out
    on(lab, "fw2", "configure", "set deviceconfig setting jumbo-frame mtu 9192", "commit")
    assert check(lab)[0] == 1  # jumbo frames now, but the configuration was not sent again
    on(lab, "fw1", "request high-availability sync-to-remote running-config", "y")
    code, after = check(lab)
    assert code == 0 and after["fixed"] and all(g["met"] for g in after["goals"])


def test_ha1_down(lab):
    start(lab, "ha1-down")
    assert on(lab, "fw2", "show clock").startswith("admin@fw2(active)> ")  # split brain
    assert "Connection status: down" in on(lab, "fw1", "show high-availability state")
    code, before = check(lab)
    assert code == 1 and not any(g["met"] for g in before["goals"])
    assert panshell("lab", "fault", "--lab", str(lab), "ha1", "up").returncode == 0
    assert on(lab, "fw2", "show clock").startswith("admin@fw2(passive)> ")
    assert check(lab)[1]["goals"][2]["met"] is False  # the split brain's commit is still missing on fw2
    on(lab, "fw1", "request high-availability sync-to-remote running-config", "y")
    assert check(lab)[0] == 0


def test_sync_disabled(lab):
    start(lab, "sync-disabled")
    out = on(lab, "fw1", "show high-availability all")
    [ha] = parse_output(platform="paloalto_panos", command="show high-availability all", data=out.split("\n", 1)[1])
    assert (ha["config_sync"], ha["running_configuration"]) == ("no", "not")
    assert check(lab)[0] == 1
    on(lab, "fw1", "configure", "set deviceconfig high-availability group configuration-synchronization enabled yes",
       "commit", "exit", "request high-availability sync-to-remote running-config", "y")
    assert check(lab)[0] == 0


def test_ha2_down(lab):
    start(lab, "ha2-down")
    assert "State Synchronization: Incomplete" in on(lab, "fw1", "show high-availability all")
    active = {line.split()[0] for line in on(lab, "fw1", "show session all | match dmz/17").splitlines()[1:]}
    passive = {line.split()[0] for line in on(lab, "fw2", "show session all | match dmz/17").splitlines()[1:]}
    assert passive < active  # the new rule's sessions never reached the passive
    assert check(lab)[0] == 1
    assert panshell("lab", "fault", "--lab", str(lab), "ha2", "up").returncode == 0
    passive = {line.split()[0] for line in on(lab, "fw2", "show session all | match dmz/17").splitlines()[1:]}
    assert passive == active and check(lab)[0] == 0


def test_link_monitor_failover(lab):
    start(lab, "link-monitor-failover")
    out = on(lab, "fw1", "show high-availability state")
    assert out.startswith("admin@fw1(non-functional)> ") and "State Reason: Link Monitor Fail" in out
    assert "Interface ethernet1/1: down" in on(lab, "fw1", "show high-availability link-monitoring")
    assert check(lab)[0] == 1
    panshell("lab", "fault", "--lab", str(lab), "fw1", "port", "ethernet1/1", "up")
    assert on(lab, "fw1", "show clock").startswith("admin@fw1(passive)> ")
    assert check(lab)[0] == 0


def test_device_config_not_synced(lab):
    start(lab, "device-config-not-synced")
    assert 'login-banner "Authorized access only";' in on(lab, "fw1", "show config running | match login-banner")
    assert "Authorized" not in on(lab, "fw2", "show config running | match login-banner")
    assert "HA-Sync" not in on(lab, "fw2", "show jobs all")  # a Device-tab commit syncs nothing
    code, before = check(lab)
    assert code == 1 and [g["met"] for g in before["goals"]] == [False, True]
    on(lab, "fw2", "configure", 'set deviceconfig system login-banner "Authorized access only"', "commit")
    assert check(lab)[0] == 0


def test_preemption_flap(lab):
    start(lab, "preemption-flap")
    out = on(lab, "fw2", "show high-availability state", "show high-availability flap-statistics",
             "show high-availability transitions")
    assert out.startswith("admin@fw2(suspended)> ") and "State Reason: Preemption loop detected" in out
    assert "Preemptions since flap counter reset : 4\n" in out and out.count("Preemption\n") == 4
    assert check(lab)[0] == 1
    on(lab, "fw2", "request high-availability state functional")
    assert check(lab)[1]["goals"][0]["met"] is False  # back, but it will preempt again: the priority is wrong
    on(lab, "fw2", "configure", "set deviceconfig high-availability group election-option device-priority 110",
       "commit")
    assert check(lab)[0] == 0


def test_version_mismatch(lab):
    start(lab, "version-mismatch")
    out = on(lab, "fw1", "show high-availability all")
    [record] = parse_output(platform="paloalto_panos", command="show high-availability all", data=out)
    assert record["state"] == "active" and record["running_configuration"] == "not"  # `not synchronized`: \w+
    assert "Software Version: Mismatch" in out and "State Synchronization: Complete" in out  # state sync goes on
    assert "Server error : Configuration synchronization is not allowed" in on(
        lab, "fw1", "request high-availability sync-to-remote running-config", "y")
    code, before = check(lab)
    assert code == 1 and not any(g["met"] for g in before["goals"])
    out = on(lab, "fw1", "request system software download version 10.2.10-h2",
             "request system software install version 10.2.10-h2", "y", "request restart system", "y")
    assert "Do you want to continue? (y or n) y\nSoftware install job enqueued with jobid" in out
    assert out.endswith("The system is going down for reboot NOW!\n")  # the session ends with the reboot
    assert check(lab)[1]["goals"][0]["met"] is True  # the same release now; the configs still differ
    out = on(lab, "fw1", "show system info", "request high-availability sync-to-remote running-config", "y")
    assert re.search(r"^sw-version: 10\.2\.10-h2$", out, re.M) and "job has been queued on peer" in out
    assert check(lab)[0] == 0


def test_content_mismatch(lab):
    start(lab, "content-mismatch")
    out = on(lab, "fw2", "show high-availability all")
    [record] = parse_output(platform="paloalto_panos", command="show high-availability all", data=out)
    assert (record["app_content_compatibility"], record["threat_content_compatibility"],
            record["anti_virus_compatibility"]) == ("Mismatch", "Mismatch", "Mismatch")
    assert check(lab)[0] == 1
    on(lab, "fw2", "request content upgrade download latest", "request content upgrade install version latest")
    assert [g["met"] for g in check(lab)[1]["goals"]] == [True, True, False]
    on(lab, "fw1", "request anti-virus upgrade install sync-to-peer yes version latest")  # pushed over HA1
    assert check(lab)[0] == 0


def test_a_held_lab_is_reset_live_and_checked_through_its_holder(lab):
    panshell("--lab", str(lab), "--clock", CLOCK, stdin="show clock\n")
    holder = Attached(lab, "--device", "fw2")
    holder.run("show clock", "UTC 2026")
    proc = panshell("lab", "reset", "--lab", str(lab), "--scenario", "ha1-down")
    assert proc.returncode == 0
    out = holder.run("show high-availability state | match 'Connection status'", "^    Connection status")
    assert out.lstrip("\n").startswith("admin@fw2(active)> ")
    screen = panshell("lab", "check", "--lab", str(lab))
    assert screen.returncode == 1
    assert "FAIL" in screen.stdout and "HA1 or its backup is up" in screen.stdout and "not fixed yet" in screen.stdout
    assert holder.close() == (0, "")


def test_an_ephemeral_scenario_pair():
    out = panshell("--scenario", "jumbo-frame-mismatch", "--device", "fw2", "--clock", CLOCK,
                   stdin="show jobs all | match HA-Sync\n").stdout
    assert out.splitlines()[1].split()[-3:] == ["FIN", "FAIL", "00:00:03"]


def test_bad_scenarios(lab, tmp_path):
    proc = panshell("--scenario", "nope")
    assert proc.returncode == 2
    assert proc.stderr.startswith("panshell: unknown scenario 'nope' (known: content-mismatch, device-config-not-synced, ")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "broken.toml").write_text('title = "x"\nteaches = \n')
    proc = panshell("scenario", "show", "broken", "--scenarios", str(mine))
    assert proc.returncode == 2 and proc.stderr.startswith(f"panshell: {mine / 'broken.toml'}: ")
    assert "line 2" in proc.stderr
    (mine / "fw9.toml").write_text(available()["ha1-down"].read_text().replace('device = "fw1"', 'device = "fw9"'))
    proc = panshell("--scenario", "fw9", "--scenarios", str(mine))
    assert (proc.returncode, proc.stderr) == (
        2, f"panshell: {mine / 'fw9.toml'}: setup step 3: no device 'fw9' (devices: fw1, fw2)\n")
    (mine / "no-goal.toml").write_text((available()["ha1-down"]).read_text().split("[[goal]]")[0])
    with pytest.raises(ScenarioError, match="at least one"):
        load(mine / "no-goal.toml")
    panshell("--lab", str(lab), stdin="show clock\n")
    proc = panshell("lab", "check", "--lab", str(lab))
    assert (proc.returncode, proc.stderr) == (
        2, "panshell: this lab was not started from a scenario (panshell lab reset --scenario NAME)\n")
    # a path lxml can only tell bad where the config has elements for it: said when checked
    (mine / "bad-path.toml").write_text(available()["device-config-not-synced"].read_text().replace(
        'path = "deviceconfig/system/login-banner"', 'path = "deviceconfig/ system"'))
    proc = panshell("lab", "reset", "--lab", str(lab), "--scenario", "bad-path", "--scenarios", str(mine))
    assert proc.returncode == 0, proc.stderr
    proc = panshell("lab", "check", "--lab", str(lab))
    assert (proc.returncode, proc.stderr) == (2, f"panshell: {mine / 'bad-path.toml'}: goal 1: not an element path:"
                                                 " 'deviceconfig/ system' (e.g. deviceconfig/system/hostname)\n")


def test_an_instructor_serves_a_scenario_to_two_ssh_sessions(lab):
    from test_ssh import Server, netmiko

    start(lab, "jumbo-frame-mismatch")
    served = Server("--lab", str(lab))
    fw1, fw2 = netmiko(served, "fw1"), netmiko(served, "fw2")
    try:
        assert "FIN   FAIL" in fw2.send_command("show jobs all")
        # the instructor pulls HA2 from another terminal: both trainees see state sync stop
        assert panshell("lab", "fault", "--lab", str(lab), "ha2", "down").returncode == 0
        for conn in (fw1, fw2):
            assert "State Synchronization: Incomplete" in conn.send_command("show high-availability all")
        # the trainees fix the scenario over SSH; the instructor plugs HA2 back in
        fw2.send_config_set(["set deviceconfig setting jumbo-frame mtu 9192"], exit_config_mode=False)
        assert "Configuration committed successfully" in fw2.commit()
        fw1.send_command("request high-availability sync-to-remote running-config", expect_string=r"\(y or n\)")
        assert "job has been queued on peer" in fw1.send_command_timing("y")
        assert panshell("lab", "fault", "--lab", str(lab), "ha2", "up").returncode == 0
        code, result = check(lab)
        assert code == 0 and result["scenario"] == "jumbo-frame-mismatch"
        assert "State Synchronization: Complete" in fw2.send_command("show high-availability all")
    finally:
        fw1.disconnect()
        fw2.disconnect()
        assert served.stop() == 0
