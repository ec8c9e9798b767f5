"""Every command ntc-templates has a `paloalto_panos` template for, on both firewalls: the
template parses panshell's output, and the records hold the lab's own values."""
import pytest
from conftest import run
from ntc_templates.parse import parse_output

from panshell.backend import runtime
from panshell.backend.interfaces import interface_tables

TEMPLATES = "show high-availability path-monitoring", "show routing protocol bgp summary", "show lacp aggregate-ethernet all", \
    "show running security-policy", "show high-availability all", "test security-policy-match", \
    "show interface management", "show interface hardware", "show lldp neighbors all", "show running nat-policy", \
    "show interface logical", "show routing resource", "request license info", "show counter global", \
    "show interface all", "show routing route", "debug swm status", "show system info", "show jobs all", \
    "show arp all", "show mac all"
POLICY_MATCH = "from trust to untrust source 10.1.1.10 destination 8.8.8.8 protocol 6 destination-port 443"
PATH_GROUP = ("set deviceconfig high-availability group monitoring path-monitoring path-group virtual-router default "
              "destination-ip-group upstream destination-ip [ 203.0.113.1 ]")


def parsed(session, command: str, arguments: str = "") -> list[dict]:
    return parse_output(platform="paloalto_panos", command=command,
                        data=run(session, f"{command} {arguments}".strip()))


def test_the_list_is_ntc_templates_own():
    from importlib import resources

    index = resources.files("ntc_templates").joinpath("templates/index").read_text()
    assert sum(1 for line in index.splitlines() if line.startswith("paloalto_panos_")) == len(TEMPLATES) == 21


@pytest.mark.parametrize("name", ["fw1", "fw2"])
def test_every_template_parses_to_the_lab_state(lab, name):
    from panshell.session import Session

    session, device = Session(lab, lab.devices[name]), lab.devices[name]
    state = "active" if name == "fw1" else "passive"
    tables, interfaces = runtime.tables(device), interface_tables(device)
    records = {}
    for command in TEMPLATES:
        records[command] = parsed(session, command, POLICY_MATCH if command.startswith("test") else "")

    [ha] = records["show high-availability all"]
    assert (ha["state"], ha["running_configuration"]) == (state, "synchronized")
    [info] = records["show system info"]
    assert (info["hostname"], info["serial"], info["os"], info["model"]) == (
        name, device.identity["serial"], device.identity["sw-version"], device.identity["model"])
    [management] = records["show interface management"]
    assert management["ipv4_address"] == device.running.text("deviceconfig/system/ip-address")
    assert [r["interface"] for r in records["show interface hardware"]] == [hw.name for hw in interfaces.hardware]
    assert [r["mac_address"] for r in records["show interface hardware"]] == [hw.mac for hw in interfaces.hardware]
    # (10.2 adds `/fec` to the speed column, which this older template reads into duplex and state: as on a real 10.2 box)
    assert [(r["interface"], r["zone"]) for r in records["show interface logical"]] == [
        (row.name, row.zone) for row in interfaces.logical]
    assert {r["interface"] for r in records["show interface all"]} >= {hw.name for hw in interfaces.hardware}
    assert len(records["show routing route"]) == len(tables.routes)
    [resource] = records["show routing resource"]
    assert resource["all_routes"] == str(len(tables.routes))
    assert {r["ip_address"] for r in records["show arp all"]} == {a.ip for a in tables.arp}
    assert {r["name"] for r in records["show counter global"]} == {
        k for k, v in runtime.counter_values(device, lab.clock.now()).items() if v}
    assert [r["id"] for r in records["show jobs all"]] == [str(j.id) for j in reversed(device.jobs.jobs)]
    names = [r["name"].strip('"').split(";")[0] for r in records["show running security-policy"]]
    rules = [e.get("name") for e in device.running.entries("vsys/entry/rulebase/security/rules")]
    assert names[:len(rules)] == rules
    nat = [r["name"].strip('"').split(";")[0] for r in records["show running nat-policy"]]
    assert nat == [e.get("name") for e in device.running.entries("vsys/entry/rulebase/nat/rules")]
    [match] = records["test security-policy-match"]
    assert (match["name"], match["action"]) == ("allow-inside-out", "allow")
    peers = device.running.findall("network/virtual-router/entry/protocol/bgp/peer-group/entry/peer/entry")
    assert sorted(r["neighbor_name"] for r in records["show routing protocol bgp summary"]) == sorted(
        p.get("name") for p in peers)
    [lacp] = records["show lacp aggregate-ethernet all"]
    assert lacp["bundle_name"] == "ae1" and lacp["bundled"] == (["yes", "yes"] if name == "fw1" else ["no", "no"])
    licenses = records["request license info"]
    assert licenses and all(r["serial"] == device.identity["serial"] for r in licenses)
    [running_partition] = [r for r in records["debug swm status"] if r["state"] == "RUNNING-ACTIVE"]
    assert running_partition["version"] == device.identity["sw-version"]
    # the default lab has no LLDP neighbours (only HA cables link the pair), no layer 2, no path groups
    assert records["show lldp neighbors all"] == records["show mac all"] == records[
        "show high-availability path-monitoring"] == []


def test_path_monitoring_rows_once_a_path_group_is_configured(fw1):
    run(fw1, "configure")
    run(fw1, PATH_GROUP)
    assert "Configuration committed successfully" in run(fw1, "commit")
    run(fw1, "exit")
    [row] = parsed(fw1, "show high-availability path-monitoring")
    assert (row["grp_name"], row["vr_name"], row["type"], row["destination"], row["success_rate"]) == (
        "upstream", "default", "virtual-router", "203.0.113.1", "10/10")
