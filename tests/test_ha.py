"""The HA pair: config sync by PAN-OS's rules, HA-Sync jobs, states and failover."""
from datetime import timedelta

import pytest
from conftest import configure, run
from ntc_templates.parse import parse_output

from panshell.backend.ha import config_sync, election, faults
from panshell.commands.ha import OVERWRITE_WARNING as OVERWRITE, QUEUED


def last_job(device):
    return device.jobs.jobs[-1]


def vsys(config, path):
    return config.find(f"vsys/entry[@name='vsys1']/{path}")


# -- what synchronizes ---------------------------------------------------------


@pytest.mark.parametrize("line, path", [
    ("set address synced ip-netmask 10.9.9.9", "vsys/entry[@name='vsys1']/address/entry[@name='synced']"),
    ("set address-group g1 static web-server", "vsys/entry[@name='vsys1']/address-group/entry[@name='g1']"),
    ("set service svc1 protocol tcp port 8080", "vsys/entry[@name='vsys1']/service/entry[@name='svc1']"),
    ("set service-group sg1 members tcp-8443", "vsys/entry[@name='vsys1']/service-group/entry[@name='sg1']"),
    ("set rulebase security rules allow-web-inbound description synced",
     "vsys/entry[@name='vsys1']/rulebase/security/rules/entry[@name='allow-web-inbound']/description"),
    ("set rulebase nat rules outbound-snat description synced",
     "vsys/entry[@name='vsys1']/rulebase/nat/rules/entry[@name='outbound-snat']/description"),
    ("set zone guest network layer3 ethernet1/5", "vsys/entry[@name='vsys1']/zone/entry[@name='guest']"),
    ("set network interface ethernet ethernet1/5 layer3 ip 10.5.5.1/24",
     "network/interface/ethernet/entry[@name='ethernet1/5']/layer3/ip/entry[@name='10.5.5.1/24']"),
    ("set network virtual-router default routing-table ip static-route r2 destination 10.99.0.0/16 nexthop ip-address 10.1.1.254",
     "network/virtual-router/entry[@name='default']/routing-table/ip/static-route/entry[@name='r2']"),
    ("set network ike gateway gw1 peer-address ip 198.51.100.9", "network/ike/gateway/entry[@name='gw1']"),
])
def test_each_synced_subtree_reaches_the_peer(fw1, fw2, line, path):
    assert "Configuration committed successfully" in configure(fw1, line)
    job = last_job(fw2.device)
    assert (job.type, job.status, job.result) == ("HA-Sync", "FIN", "OK")
    assert fw2.device.running.find(path) is not None
    assert fw2.device.candidate.find(path) is not None
    assert config_sync.running_sync_state(fw1.lab.pair, fw1.device) == "synchronized"


@pytest.mark.parametrize("line, path, value", [
    ("set deviceconfig system hostname edge1", "deviceconfig/system/hostname", "fw2"),
    ("set deviceconfig system ip-address 192.168.1.99", "deviceconfig/system/ip-address", "192.168.1.12"),
    ("set deviceconfig setting jumbo-frame mtu 9192", "deviceconfig/setting/jumbo-frame/mtu", None),
    ("set deviceconfig high-availability group election-option device-priority 50",
     "deviceconfig/high-availability/group/election-option/device-priority", "110"),
])
def test_device_specific_subtrees_do_not_sync(fw1, fw2, line, path, value):
    jobs_before = len(fw2.device.jobs.jobs)
    configure(fw1, line)
    assert fw2.device.running.text(path) == value
    assert len(fw2.device.jobs.jobs) == jobs_before  # a device-local commit triggers no sync
    assert config_sync.running_sync_state(fw1.lab.pair, fw1.device) == "synchronized"


def test_a_synced_commit_keeps_the_peers_own_device_settings(fw1, fw2):
    configure(fw1, "set deviceconfig system hostname edge1", "set address a1 ip-netmask 10.0.0.1")
    assert fw2.device.hostname == "fw2" and fw2.prompt() == "admin@fw2(passive)> "
    assert fw2.device.running.text("deviceconfig/high-availability/group/election-option/device-priority") == "110"
    assert fw2.device.running.text("deviceconfig/high-availability/interface/ha1/ip-address") == "10.255.1.2"


def test_a_commit_on_the_passive_syncs_to_the_active(fw1, fw2):
    configure(fw2, "set address from-passive ip-netmask 10.8.8.8")
    assert last_job(fw1.device).type == "HA-Sync" and last_job(fw1.device).result == "OK"
    assert vsys(fw1.device.running, "address/entry[@name='from-passive']") is not None


def test_no_sync_while_config_sync_is_disabled_or_ha1_is_down(lab, fw1, fw2):
    lab.pair.cables["ha1"] = lab.pair.cables["ha1-backup"] = False
    configure(fw1, "set address while-down ip-netmask 10.6.6.6")
    assert vsys(fw2.device.running, "address/entry[@name='while-down']") is None
    assert config_sync.running_sync_state(lab.pair, fw1.device) == "not synchronized"
    lab.pair.cables["ha1"] = True
    configure(fw1, "set deviceconfig high-availability group configuration-synchronization enabled no",
              "set address no-sync ip-netmask 10.6.6.7")
    assert vsys(fw2.device.running, "address/entry[@name='no-sync']") is None


# -- the story -------------------------------------------------------------------


def test_jumbo_frame_failure_and_its_fix(lab, fw1, fw2):
    out = configure(fw1, "set deviceconfig setting jumbo-frame mtu 9192",
                    "set network interface aggregate-ethernet ae1 layer3 units ae1.518 mtu 9000")
    assert "Configuration committed successfully" in out
    failed = last_job(fw2.device)
    assert (failed.type, failed.status, failed.result) == ("HA-Sync", "FIN", "FAIL")
    assert failed.details == [
        "device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500",
        "interface configuration error",
        "Commit failed",
    ]
    unit = "network/interface/aggregate-ethernet/entry/layer3/units/entry[@name='ae1.518']/mtu"
    assert fw2.device.running.text(unit) == "1500"
    assert run(fw2, "show high-availability all | match Running") == "    Running Configuration: not synchronized\n"
    assert run(fw1, "show high-availability all | match Running") == "    Running Configuration: not synchronized\n"

    configure(fw2, "set deviceconfig setting jumbo-frame mtu 9192")
    assert fw1.device.running.text(unit) == "9000"  # fw2's local fix pushed nothing back
    assert run(fw1, "request high-availability sync-to-remote running-config") == "\n"
    assert fw1.prompt() == OVERWRITE + "Do you want to continue? (y or n) "
    assert run(fw1, "y") == QUEUED + "\n\n"
    fixed = last_job(fw2.device)
    assert (fixed.id, fixed.type, fixed.result) == (failed.id + 2, "HA-Sync", "OK")
    assert fw2.device.running.text(unit) == "9000"
    for session in (fw1, fw2):
        assert run(session, "show high-availability all | match Running") == "    Running Configuration: synchronized\n"


def test_show_high_availability_all_parses_with_ntc_templates(fw1, fw2):
    for session, state, priority in ((fw1, "active", "100"), (fw2, "passive", "110")):
        [record] = parse_output(
            platform="paloalto_panos", command="show high-availability all", data=run(session, "show high-availability all")
        )
        assert record["group"] == "1" and record["mode"] == "Active-Passive" and record["state"] == state
        assert (record["ha1_link_state"], record["ha1_link_setting"]) == ("Up", "1Gb/s-full")
        assert (record["ha2_link_state"], record["ha2_link_setting"]) == ("Up", "10Gb/s-full")
        assert record["priority"] == priority and record["preemptive"] == "no"
        assert record["sw_version"] == "Match" and record["state_sync"] == "Complete"
        assert record["link_monitoring_enabled"] == "yes" and record["path_monitoring_enabled"] == "yes"
        assert record["config_sync"] == "yes" and record["running_configuration"] == "synchronized"


def test_path_monitoring_parses_with_ntc_templates(fw1):
    out = run(fw1, "show high-availability path-monitoring")
    assert parse_output(platform="paloalto_panos", command="show high-availability path-monitoring", data=out) == []


def test_version_compatibility_comes_from_each_devices_versions(lab, fw1):
    lab.devices["fw2"].identity = {**lab.devices["fw2"].identity, "app-version": "8800-8512"}
    out = run(fw1, "show high-availability all")
    assert "      Application Content Compatibility: Mismatch\n" in out
    assert "      Software Version: Match\n" in out


# -- states and failover ----------------------------------------------------------


def test_suspend_fails_over_and_functional_comes_back_passive(lab, fw1, fw2):
    assert run(fw1, "request high-availability state suspend") == "Successfully changed HA state to suspended\n"
    assert (fw1.prompt(), fw2.prompt()) == ("admin@fw1(suspended)> ", "admin@fw2(active)> ")
    assert "    State: suspended (last 1 second)\n    State Reason: User requested\n" in run(fw1, "show high-availability state")
    assert run(fw1, "request high-availability state suspend") == "HA state is already suspended\n"
    assert run(fw1, "request high-availability state functional") == "Successfully changed HA state to functional\n"
    assert (fw1.prompt(), fw2.prompt()) == ("admin@fw1(passive)> ", "admin@fw2(active)> ")
    assert run(fw1, "request high-availability state functional") == "HA state is already functional\n"
    assert [t[1:] for t in fw1.device.ha_transitions] == [
        ("initial", "active", "Startup"), ("active", "suspended", "User requested"),
        ("suspended", "initial", "User requested"), ("initial", "passive", "User requested"),
    ]


def test_preemption_gives_the_higher_priority_device_its_role_back(lab, fw1, fw2):
    for session in (fw1, fw2):  # preemption needs it on both peers (a device-local setting)
        configure(session, "set deviceconfig high-availability group election-option preemptive yes")
    run(fw1, "request high-availability state suspend")
    assert fw2.device.ha_state == "active"
    run(fw1, "request high-availability state functional")
    # the better peer waits as passive for the Preemption Hold Interval (1 min), then takes over
    lab.advance(timedelta(seconds=58))
    assert (fw1.prompt(), fw2.prompt()) == ("admin@fw1(passive)> ", "admin@fw2(active)> ")
    run(fw1, "show clock")
    assert (fw1.prompt(), fw2.prompt()) == ("admin@fw1(active)> ", "admin@fw2(passive)> ")
    assert fw2.device.ha_transitions[-1][1:] == ("active", "passive", "Preemption")
    assert "Preemptions since flap counter reset : 1\n" in run(fw1, "show high-availability flap-statistics")


def test_priority_change_with_preemption_moves_the_active_role(lab, fw1, fw2):
    configure(fw1, "set deviceconfig high-availability group election-option preemptive yes")
    configure(fw2, "set deviceconfig high-availability group election-option preemptive yes",
              "set deviceconfig high-availability group election-option device-priority 10")
    lab.advance(timedelta(minutes=1))
    assert (fw1.device.ha_state, fw2.device.ha_state) == ("passive", "active")


def test_ha1_down_makes_both_active_and_the_election_settles_it_again(lab, fw1, fw2):
    lab.pair.cables["ha1"] = lab.pair.cables["ha1-backup"] = False
    election.settle(lab.pair, "HA1 link down")
    assert (fw1.device.ha_state, fw2.device.ha_state) == ("active", "active")
    assert "  Peer Information:\n    Connection status: down\n" in run(fw1, "show high-availability all")
    lab.pair.cables["ha1"] = True
    election.settle(lab.pair, "HA1 link up")
    assert (fw1.device.ha_state, fw2.device.ha_state) == ("active", "passive")


def test_failover_is_in_both_system_logs_each_from_its_own_side(fw1, fw2):
    run(fw1, "request high-availability state suspend")
    mine = [e.description for e in fw1.device.logs.system_log]
    theirs = [e.description for e in fw2.device.logs.system_log]
    assert mine == ["HA Group 1: Moved from state Active to state Suspended"]
    assert theirs == ["HA Group 1: Moved from state Passive to state Active"]


# -- sync-to-remote and bad input ----------------------------------------------------


@pytest.mark.parametrize("what, message", [
    ("candidate-config", "candidate configuration"),
    ("disk-state", "disk state"), ("runtime-state", "runtime state"), ("clock", "clock"),
])
def test_each_sync_to_remote_command(fw1, what, message):
    assert run(fw1, f"request high-availability sync-to-remote {what}") == f"successfully sync'd {message} to HA peer\n"


def test_a_running_config_push_asks_first(lab, fw1, fw2):
    run(fw1, "request high-availability sync-to-remote running-config")
    assert run(fw1, "n") == "" and len(fw2.device.jobs.jobs) == 1  # no: nothing sent
    run(fw1, "request high-availability sync-to-remote running-config")
    assert run(fw1, "y") == QUEUED + "\n\n"
    assert fw2.device.jobs.jobs[-1].type == "HA-Sync" and fw1.prompt() == "admin@fw1(active)> "


def test_candidate_and_disk_state_sync(lab, fw1, fw2):
    run(fw1, "configure")
    run(fw1, "set address only-candidate ip-netmask 10.4.4.4")
    run(fw1, "save config to shared.xml")
    run(fw1, "exit")
    run(fw1, "request high-availability sync-to-remote candidate-config")
    assert vsys(fw2.device.candidate, "address/entry[@name='only-candidate']") is not None
    assert vsys(fw2.device.running, "address/entry[@name='only-candidate']") is None
    assert fw2.device.candidate.text("deviceconfig/system/hostname") == "fw2"
    run(fw1, "request high-availability sync-to-remote disk-state")
    assert fw2.device.store.load_named("shared.xml") == fw1.device.store.load_named("shared.xml")


def test_sync_to_an_unreachable_peer_fails_cleanly(lab, fw1, fw2):
    lab.pair.cables["ha1"] = lab.pair.cables["ha1-backup"] = False
    before = fw2.device.running.to_bytes()
    run(fw1, "request high-availability sync-to-remote running-config")
    out = run(fw1, "y", ok=False)
    assert out == "Server error : HA peer is not reachable: the HA1 control link is down (job 2)\n"
    job = last_job(fw1.device)
    assert (job.type, job.result, job.details) == ("HA-Sync", "FAIL", ["HA peer is not reachable: the HA1 control link is down"])
    assert fw2.device.running.to_bytes() == before and len(fw2.device.jobs.jobs) == 1


def test_ha_commands_on_a_device_without_ha(lab, fw1):
    configure(fw1, "set deviceconfig high-availability enabled no")
    assert fw1.prompt() == "admin@fw1> "
    for line in ("show high-availability all", "show high-availability state",
                 "request high-availability state suspend", "request high-availability sync-to-remote running-config"):
        assert run(fw1, line, ok=False) == "\nHA not enabled\n"
    assert lab.devices["fw2"].ha_state == "active"


def test_show_commands_of_each_kind(fw1):
    assert run(fw1, "show high-availability transitions").startswith(
        "\nGroup 1: \n  Transitions:\n    Time                 From            To              Reason\n"
        "    2026/11/25 00:00:00  initial         active          Startup\n"
    )
    assert "    Hello sent: 1\n" in run(fw1, "show high-availability control-link statistics")
    assert "Name: hsci, ID: 8\n" in run(fw1, "show high-availability interface ha2")
    assert run(fw1, "show high-availability link-monitoring") == (
        "\nLink Monitoring Information:\n  Enabled: yes\n  Failure condition: any\n\n"
    )
    assert "State Synchronization: Complete; type: ethernet" in run(fw1, "show high-availability state-synchronization")


def test_link_monitoring_failure_makes_the_active_non_functional_and_fails_over(lab, fw1, fw2):
    for session in (fw1, fw2):  # a device-local setting: each peer monitors its own uplink
        configure(session, "set deviceconfig high-availability group monitoring link-monitoring link-group uplink"
                           " interface [ ethernet1/1 ethernet1/2 ] failure-condition any")
    faults.apply(lab.pair, faults.Fault("port", "ethernet1/1", False, fw1.device.name))
    assert (fw1.prompt(), fw2.prompt()) == ("admin@fw1(non-functional)> ", "admin@fw2(active)> ")
    out = run(fw1, "show high-availability all")
    assert "    State: non-functional (last 0 seconds)\n    State Reason: Link Monitor Fail\n" in out
    assert "      Interface ethernet1/1: down\n      Interface ethernet1/2: up\n" in out
    assert "ethernet1/1             16    ukn/ukn/down/ukn" in run(fw1, "show interface all")
    [record] = parse_output(platform="paloalto_panos", command="show high-availability all", data=out)
    assert record["state"] == "non-functional"
    faults.apply(lab.pair, faults.Fault("port", "ethernet1/1", True, fw1.device.name))
    assert (fw1.device.ha_state, fw2.device.ha_state) == ("passive", "active")
    assert [t[2:] for t in fw1.device.ha_transitions[-3:]] == [
        ("non-functional", "Link Monitor Fail"), ("initial", "Link Monitor Recovered"), ("passive", "Port ethernet1/1 up"),
    ]
    assert [e.description for e in fw1.device.logs.system_log[-5:]] == [
        "Port ethernet1/1: Down", "HA Group 1: Moved from state Active to state Non-functional",
        "Port ethernet1/1: Up", "HA Group 1: Moved from state Non-functional to state Initial",
        "HA Group 1: Moved from state Initial to state Passive",
    ]


def test_a_group_with_failure_condition_all_needs_every_port_down(lab, fw1):
    configure(fw1, "set deviceconfig high-availability group monitoring link-monitoring link-group uplink"
                   " interface [ ethernet1/1 ethernet1/2 ] failure-condition all")
    faults.apply(lab.pair, faults.Fault("port", "ethernet1/1", False, fw1.device.name))
    assert fw1.device.ha_state == "active"
    faults.apply(lab.pair, faults.Fault("port", "ethernet1/2", False, fw1.device.name))
    assert fw1.device.ha_state == "non-functional"


def test_path_monitoring_views_parse_with_ntc_templates(fw1):
    configure(fw1, "set deviceconfig high-availability group monitoring path-monitoring path-group virtual-router"
              " default destination-ip-group upstream destination-ip [ 203.0.113.1 198.51.100.1 ]")
    faults.apply(fw1.lab.pair, faults.parse(["fw1", "path", "198.51.100.1", "down"], ["fw1", "fw2"]))
    rows = parse_output(platform="paloalto_panos", command="show high-availability path-monitoring",
                        data=run(fw1, "show high-availability path-monitoring"))
    assert [(r["grp_name"], r["vr_name"], r["type"], r["destination"], r["success_rate"], r["probe_cnt"], r["interval"])
            for r in rows] == [("upstream", "default", "virtual-router", "203.0.113.1", "10/10", "10", "200"),
                               ("upstream", "default", "virtual-router", "198.51.100.1", "0/10", "10", "200")]
    [ha] = parse_output(platform="paloalto_panos", command="show high-availability all",
                        data=run(fw1, "show high-availability all"))
    assert (ha["state"], ha["path_monitoring_enabled"], ha["running_configuration"]) == ("non-functional", "yes", "synchronized")
