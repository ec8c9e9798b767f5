"""Interfaces and layer 2: `show interface hardware|logical|NAME`, `show lacp aggregate-ethernet all`,
`show lldp neighbors all`, `show mac all`; each checked as exact text, and through its ntc-templates
template against the lab's state."""
from datetime import timedelta

from ntc_templates.parse import parse_output

from conftest import configure, run
from panshell.backend.ha import faults
from panshell.backend.iftraffic import interface_traffic
from panshell.backend.interfaces import interface_tables, lacp_groups
from panshell.backend.runtime import tables


def parse(command, out):
    return parse_output(platform="paloalto_panos", command=command, data=out)


def test_show_interface_hardware_is_the_first_half_of_all(fw1):
    out = run(fw1, "show interface hardware")
    hardware_half = run(fw1, "show interface all").split("\n\n\ntotal configured logical")[0]
    assert out == hardware_half.replace("interfaces: 15\n", "interfaces: 15\n\n") + "\n\n"
    assert out.startswith("\ntotal configured hardware interfaces: 15\n\nname                    id    "
                          "speed/duplex/state/fec        mac address\n")
    assert out.endswith("\naggregation groups: 1\nae1 members:\n  ethernet1/3 ethernet1/4\n\n")


def test_show_interface_hardware_parses_to_the_lab_ports(fw1, fw2):
    for session in (fw1, fw2):
        out = run(session, "show interface hardware")
        ports = interface_tables(session.device).hardware
        records = parse("show interface hardware", out)  # a template from before the fec column
        assert [(r["interface"], r["id"], r["mac_address"]) for r in records] == [(p.name, str(p.id), p.mac) for p in ports]
        full = parse("show interface all", out)  # the template that knows the fec column
        assert [(r["interface"], r["speed"], r["duplex"], r["state"]) for r in full] == [
            (p.name, *p.speed_duplex_state) for p in ports]


def test_show_interface_logical_exact_and_parsed(fw1):
    out = run(fw1, "show interface logical")
    assert out.splitlines()[:6] == [
        "", "total configured logical interfaces: 14", "",
        "name                id    vsys zone             forwarding               tag    address",
        "------------------- ----- ---- ---------------- ------------------------ ------ ------------------",
        "ethernet1/1         16    1    untrust          vr:default               0      203.0.113.2/24"]
    rows = interface_tables(fw1.device).logical
    records = parse("show interface logical", out)
    assert [(r["interface"], r["id"], r["zone"], r["forwarding"], r["vlan_id"], r["ip_address"]) for r in records] == [
        (row.name, str(row.id), row.zone, row.forwarding, str(row.tag), row.addresses[0]) for row in rows]


def test_the_tables_are_built_once_and_follow_each_commit_and_pulled_cable_at_once(lab, fw1):
    device = fw1.device
    built = interface_tables(device)
    run(fw1, "show high-availability all")
    run(fw1, "show interface all")
    assert interface_tables(device) is built  # nothing changed: the same tables, not built again
    configure(fw1, "set deviceconfig high-availability interface ha2 port ethernet1/8")
    assert ("    HA2 Data Link Information:\n      IP Address: 10.255.2.1/30\n      MAC Address: 00:1b:17:00:01:17\n"
            "      Interface: ethernet1/8\n") in run(fw1, "show high-availability all")
    configure(fw1, "set network interface ethernet ethernet1/8 link-state down")
    down = "\nethernet1/8             23    ukn/ukn/down/ukn              00:1b:17:00:01:17\n"
    assert down in run(fw1, "show interface all")
    up = "\nethernet1/2             17    1000/full/up/auto             00:1b:17:00:01:11\n"
    assert up in run(fw1, "show interface all")
    faults.apply(lab.pair, faults.Fault("port", "ethernet1/2", False, device.name))
    assert up.replace("1000/full/up/auto", "ukn/ukn/down/ukn ") in run(fw1, "show interface all")
    faults.apply(lab.pair, faults.Fault("port", "ethernet1/2", True, device.name))
    assert up in run(fw1, "show interface all")


SUBINTERFACE = """
--------------------------------------------------------------------------------
Name: ae1.518, ID: 256
Operation mode: layer3
Virtual router default
Interface MTU 1500
Interface IP address: 10.51.8.1/24
Interface management profile: N/A
Service configured:
Zone: dmz, virtual system: vsys1
Adjust TCP MSS: no
Policing: no
--------------------------------------------------------------------------------
Logical interface counters read from CPU:
--------------------------------------------------------------------------------
bytes received                           {bytes_in}
bytes transmitted                        {bytes_out}
packets received                         {packets_in}
packets transmitted                      {packets_out}
receive errors                           0
packets dropped                          0
packets dropped by flow state check      0
forwarding errors                        0
no route                                 0
arp not found                            0
neighbor not found                       0
neighbor info pending                    0
mac not found                            0
packets routed to different zone         {zone_changes}
land attacks                             0
ping-of-death attacks                    0
teardrop attacks                         0
ip spoof attacks                         0
mac spoof attacks                        0
ICMP fragment                            0
layer2 encapsulated packets              0
layer2 decapsulated packets              0
tcp cps                                  0
udp cps                                  0
sctp cps                                 0
other cps                                0
--------------------------------------------------------------------------------

"""


def test_subinterface_counters_follow_its_sessions_and_grow_with_the_clock(lab, fw1):
    lab.advance(timedelta(minutes=10))
    now = lab.clock.now()
    out = run(fw1, "show interface ae1.518")
    sessions = [s for s in tables(fw1.device).own.sessions.values() if "ae1.518" in (s.ingress, s.egress)]
    packets = sum(s.packets_since(fw1.device.boot, now) for s in sessions)
    traffic = interface_traffic(fw1.device, now).logical["ae1.518"]
    assert packets and traffic.packets_in == traffic.packets_out == packets
    assert out == SUBINTERFACE.format(**vars(traffic))
    later = interface_traffic(fw1.device, now + timedelta(seconds=30)).logical["ae1.518"]
    assert later.packets_in == packets + sum(30 * s.pps for s in sessions) and later.bytes_in > traffic.bytes_in


def test_a_port_shows_link_profile_and_both_counter_blocks(lab, fw1):
    lab.advance(timedelta(minutes=1))
    now = lab.clock.now()  # the command runs at this time; the clock ticks after it
    out = run(fw1, "show interface ethernet1/1")
    head = out.split("\n\n" + "-" * 80 + "\nHardware")[0]
    assert head == """
--------------------------------------------------------------------------------
Name: ethernet1/1, ID: 16
Link status:
  Runtime link speed/duplex/state: 1000/full/up
  Configured link speed/duplex/state: auto/auto/auto
MAC address:
  Port MAC address 00:1b:17:00:01:10
Operation mode: layer3
Untagged sub-interface support: no
--------------------------------------------------------------------------------
Name: ethernet1/1, ID: 16
Operation mode: layer3
Virtual router default
Interface MTU 1500
Interface IP address: 203.0.113.2/24
Interface management profile: allow-ping
  ping: yes  telnet: no  ssh: no  http: no  https: no
  snmp: no  response-pages: no  userid-service: no
Service configured:
Zone: untrust, virtual system: vsys1
Adjust TCP MSS: no
Policing: no
--------------------------------------------------------------------------------"""
    port = interface_traffic(fw1.device, now).ports["ethernet1/1"]
    assert f"\nHardware interface counters read from CPU:\n{'-' * 80}\nbytes received{' ' * 27}{port.bytes_in}\n" in out


def test_aggregate_traffic_is_split_over_its_members(lab, fw1):
    lab.advance(timedelta(minutes=5))
    traffic = interface_traffic(fw1.device, lab.clock.now())
    members = traffic.ports["ethernet1/3"], traffic.ports["ethernet1/4"]
    assert traffic.ports["ae1"].packets_in == sum(m.packets_in for m in members) > 0
    out = run(fw1, "show interface ethernet1/3")
    assert "Operation mode: aggregate-group\n" in out and "Logical interface counters" not in out
    assert "  Runtime link speed/duplex/state: [n/a]/[n/a]/up\n" in run(fw1, "show interface ae1")


def test_every_kind_of_interface_shows(fw1):
    for name, mode in (("ha1-a", "ha"), ("hsci", "ha"), ("tunnel", "layer3"), ("loopback", "layer3"), ("vlan", "layer3")):
        out = run(fw1, f"show interface {name}")
        assert f"Name: {name}, ID: " in out and f"Operation mode: {mode}\n" in out
    assert run(fw1, "show interface ethernet1/99", ok=False) == "Server error : ethernet1/99 is not a valid interface\n"


def test_the_passive_peer_forwards_nothing(fw2):
    assert "packets received                         0\n" in run(fw2, "show interface ae1.518")


LACP = """
LACP:

**********************************************************************************
AE group: ae1
Members:                Bndl Rx state       Mux state  Sel state
  ethernet1/3           yes  Current        Tx_Rx      Selected
  ethernet1/4           yes  Current        Tx_Rx      Selected
Status:           Enabled
Mode:             Active
Rate:             Fast
Max-port:         8
Fast-failover:    Disabled
Pre-negotiation:  Disabled
Local:            System Priority: 32768
                  System MAC:      00:1b:17:00:01:01
                  Key:             64
Partner:          System Priority: 32768
                  System MAC:      {mac}
                  Key:             {key}
Port State
--------------------------------------------------------------------------------
Interface                       Port
                    Number Priority  Mode    Rate  Key      State
--------------------------------------------------------------------------------
ethernet1/3          18     32768    Active  Fast  64       0x3F
Partner              {port3:<7}32768    Active  Fast  {key:<9}0x3F

ethernet1/4          19     32768    Active  Fast  64       0x3F
Partner              {port4:<7}32768    Active  Fast  {key:<9}0x3F

Port Counters
--------------------------------------------------------------------------------
Interface               LACPDUs         Marker      Marker Response       Error
                    Sent     Recv     Sent Recv     Sent     Recv     Unknown  Illegal
--------------------------------------------------------------------------------
ethernet1/3          {pdus:<9}{pdus:<9}0    0        0        0        0        0
ethernet1/4          {pdus:<9}{pdus:<9}0    0        0        0        0        0

"""


def test_show_lacp_exact_and_parsed(lab, fw1):
    lab.advance(timedelta(seconds=90))
    (group,) = lacp_groups(fw1.device, lab.clock.now())
    out = run(fw1, "show lacp aggregate-ethernet all")
    assert group.lacpdus == 91
    assert out == LACP.format(mac=group.partner_mac, key=group.partner_key, port3=group.members[0].partner_port,
                              port4=group.members[1].partner_port, pdus=group.lacpdus)
    (record,) = parse("show lacp aggregate-ethernet all", out)
    assert (record["bundle_name"], record["member_interface"], record["bundled"], record["mode"], record["rate"]) == (
        "ae1", ["ethernet1/3", "ethernet1/4"], ["yes", "yes"], "Active", "Fast")
    assert (record["local_key"], record["local_system_mac"], record["partner_key"]) == (
        "64", "00:1b:17:00:01:01", str(group.partner_key))


def test_lacp_follows_ports_and_the_config(lab, fw1, fw2):
    lab.devices["fw1"].ports_down.add("ethernet1/4")
    record = parse("show lacp aggregate-ethernet all", run(fw1, "show lacp aggregate-ethernet all"))[0]
    assert record["bundled"] == ["yes", "no"] and record["receive_state"] == ["Current", "Port_disabled"]
    record = parse("show lacp aggregate-ethernet all", run(fw2, "show lacp aggregate-ethernet all"))[0]
    assert record["bundled"] == ["no", "no"] and record["pre_negotiation"] == "Disabled"  # passive, not negotiating
    for line in ("configure", "delete network interface aggregate-ethernet ae1 layer3 lacp", "commit", "exit"):
        run(fw1, line)
    assert run(fw1, "show lacp aggregate-ethernet all") == "\nLACP:\n\n"


def test_show_lldp_neighbors_is_empty_even_with_lldp_configured(fw1):
    assert run(fw1, "show lldp neighbors all") == "\n"
    for line in ("configure", "set network interface ethernet ethernet1/1 layer3 lldp enable yes", "commit", "exit"):
        run(fw1, line)
    out = run(fw1, "show lldp neighbors all")
    assert out == "\n" and parse("show lldp neighbors all", out) == []


MAC_HEAD = """
maximum of entries supported :      1500
default timeout :                   1800 seconds
total MAC entries in table :        {n}
total MAC entries shown :           {n}
status: s - static, c - complete, i - incomplete

vlan                hw address        interface         status   ttl
--------------------------------------------------------------------------------
"""

LAYER2 = (
    "configure",
    "delete network interface ethernet ethernet1/5 layer3",
    "set network interface ethernet ethernet1/5 layer2",
    "delete network interface ethernet ethernet1/6 layer3",
    "set network interface ethernet ethernet1/6 layer2",
    "set network interface vlan units vlan.60 ip 10.60.0.1/24",
    "set network vlan lab-vlan interface [ ethernet1/5 ethernet1/6 ]",
    "set network vlan lab-vlan virtual-interface interface vlan.60",
    "set network virtual-router default interface vlan.60",
    "set zone lab network layer3 vlan.60",
    "set zone l2 network layer2 [ ethernet1/5 ethernet1/6 ]",
    "set rulebase security rules lab-out from lab to untrust source any destination any application any "
    "service application-default action allow",
    "move rulebase security rules lab-out top",
    "commit",
    "exit",
)


def test_show_mac_all_empty_without_layer2(fw1):
    out = run(fw1, "show mac all")
    assert out == MAC_HEAD.format(n=0) + "\n" and parse("show mac all", out) == []


def test_show_mac_all_lists_the_hosts_of_a_vlan(lab, fw1):
    for line in LAYER2:
        run(fw1, line)
    out = run(fw1, "show mac all")
    hosts = [a for a in tables(fw1.device).arp if a.interface == "vlan.60"]
    assert hosts and out.startswith(MAC_HEAD.format(n=len(hosts)))
    records = parse("show mac all", out)
    assert sorted(r["mac_address"] for r in records) == sorted(a.mac for a in hosts)
    assert {r["vlan_id"] for r in records} == {"lab-vlan"} and {r["interface"] for r in records} <= {"ethernet1/5", "ethernet1/6"}
    vlan = run(fw1, "show interface vlan.60")
    assert "Name: vlan.60, ID: 257\nOperation mode: layer3\nVirtual router default\n" in vlan
    assert "packets received                         0\n" not in vlan
