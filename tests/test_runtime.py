"""Runtime tables: sessions, ARP, routes, VPN SAs and global counters, and their HA2 sync."""
import re
from datetime import datetime, timedelta, timezone

import pytest
from conftest import run, set_running
from lxml import etree
from ntc_templates.parse import parse_output

from panshell.backend import runtime
from panshell.backend.ha.state_sync import ha2_sync
from panshell.backend.clock import FixedClock
from panshell.backend.lab import Lab


def configure(session, *lines):
    run(session, "configure")
    for line in lines:
        run(session, line)
    run(session, "commit")
    run(session, "exit")


def tables(session):
    return runtime.tables(session.device)


def state_sync(device, value):
    set_running(device, "deviceconfig/high-availability/group/state-synchronization/enabled", value)


def add_tunnel(device, name="branch-tunnel", gateway="branch-gw", peer="198.51.100.7", version="ikev1"):
    """An IKE gateway and an IPSec tunnel on it, straight into the running config."""
    network = device.running.find("network")
    gw = etree.SubElement(etree.SubElement(etree.SubElement(network, "ike"), "gateway"), "entry", name=gateway)
    etree.SubElement(etree.SubElement(gw, "peer-address"), "ip").text = peer
    etree.SubElement(etree.SubElement(gw, "protocol"), "version").text = version
    tunnel = etree.SubElement(etree.SubElement(etree.SubElement(network, "tunnel"), "ipsec"), "entry", name=name)
    etree.SubElement(etree.SubElement(etree.SubElement(tunnel, "auto-key"), "ike-gateway"), "entry", name=gateway)
    runtime.invalidate(device)


# -- what each command prints ---------------------------------------------------------

SESSION_ALL = """
--------------------------------------------------------------------------------
ID          Application    State   Type Flag  Src[Sport]/Zone/Proto (translated IP[Port])
Vsys                                          Dst[Dport]/Zone (translated IP[Port])
--------------------------------------------------------------------------------
26508        dns            ACTIVE  FLOW       10.51.8.168[23256]/dmz/17  (10.51.8.168[23256])
vsys1                                          10.1.1.53[53]/trust  (10.1.1.53[53])
39360        ssl            ACTIVE  FLOW  ND   13.107.42.14[30435]/untrust/6  (13.107.42.14[30435])
vsys1                                          203.0.113.10[443]/dmz  (10.51.8.10[443])
57675        ssl            ACTIVE  FLOW  NS   10.1.1.155[53330]/trust/6  (203.0.113.2[44339])
vsys1                                          142.250.80.46[443]/untrust  (142.250.80.46[443])
84600        web-browsing   ACTIVE  FLOW  ND   142.250.80.46[8562]/untrust/6  (142.250.80.46[8562])
vsys1                                          203.0.113.10[80]/dmz  (10.51.8.10[80])
94564        dns            ACTIVE  FLOW       10.51.8.216[56731]/dmz/17  (10.51.8.216[56731])
vsys1                                          10.1.1.54[53]/trust  (10.1.1.54[53])
117683       ping           ACTIVE  FLOW  NS   10.1.1.84[1283]/trust/1  (203.0.113.2[5636])
vsys1                                          17.253.144.10[8]/untrust  (17.253.144.10[8])
139309       ssl            ACTIVE  FLOW  ND   185.199.108.153[13332]/untrust/6  (185.199.108.153[13332])
vsys1                                          203.0.113.10[443]/dmz  (10.51.8.10[443])
159283       dns            ACTIVE  FLOW       10.51.8.97[54757]/dmz/17  (10.51.8.97[54757])
vsys1                                          10.1.1.53[53]/trust  (10.1.1.53[53])
182750       dns            ACTIVE  FLOW  NS   10.1.1.57[55199]/trust/17  (203.0.113.2[48821])
vsys1                                          98.137.11.163[53]/untrust  (98.137.11.163[53])
212407       dns            ACTIVE  FLOW       10.51.8.164[10034]/dmz/17  (10.51.8.164[10034])
vsys1                                          10.1.1.54[53]/trust  (10.1.1.54[53])
235281       web-browsing   ACTIVE  FLOW  ND   98.137.11.163[2372]/untrust/6  (98.137.11.163[2372])
vsys1                                          203.0.113.10[80]/dmz  (10.51.8.10[80])
259610       web-browsing   ACTIVE  FLOW  NS   10.1.1.98[46659]/trust/6  (203.0.113.2[31475])
vsys1                                          52.95.110.1[80]/untrust  (52.95.110.1[80])

"""


def test_show_session_all(fw1, fw2):
    assert run(fw1, "show session all") == SESSION_ALL
    assert run(fw2, "show session all") == SESSION_ALL  # synced over HA2 at start-up


SESSION_DETAIL = """
Session              57675

        c2s flow:
                source:      10.1.1.155 [trust]
                dst:         142.250.80.46
                proto:       6
                sport:       53330           dport:      443
                state:       ACTIVE          type:       FLOW
                src user:    unknown
                dst user:    unknown

        s2c flow:
                source:      142.250.80.46 [untrust]
                dst:         203.0.113.2
                proto:       6
                sport:       443             dport:      44339
                state:       ACTIVE          type:       FLOW
                src user:    unknown
                dst user:    unknown

        start time                           : Tue Nov 24 23:35:08 2026
        timeout                              : 3600 sec
        time to live                         : 3600 sec
        total byte count(c2s)                : 2778202
        total byte count(s2c)                : 30446826
        layer7 packet count(c2s)             : 28349
        layer7 packet count(s2c)             : 28349
        vsys                                 : vsys1
        application                          : ssl  
        rule                                 : allow-inside-out
        service timeout override(index)      : False
        session to be logged at end          : True
        session in session ager              : True
        session updated by HA peer           : False
        address/port translation             : source
        nat-rule                             : outbound-snat(vsys1)
        layer7 processing                    : enabled
        URL filtering enabled                : True
        session via syn-cookies              : False
        session terminated on host           : False
        session traverses tunnel             : False
        session terminate tunnel             : False
        captive portal session               : False
        ingress interface                    : ethernet1/2
        egress interface                     : ethernet1/1
        session QoS rule                     : N/A (class 4)
        end-reason                           : unknown

"""


def without_counts(text):
    return [line for line in text.splitlines() if "count(" not in line]


def test_show_session_id(fw1, fw2):
    assert run(fw1, "show session id 57675") == SESSION_DETAIL
    # the passive's copy came over HA2: the same but for the counts (a second later) and its origin
    assert without_counts(run(fw2, "show session id 57675")) == without_counts(
        SESSION_DETAIL.replace("HA peer           : False", "HA peer           : True"))
    dnat = run(fw1, "show session id 84600")
    assert "        c2s flow:\n                source:      142.250.80.46 [untrust]\n                dst:         203.0.113.10\n" in dnat
    assert "        s2c flow:\n                source:      10.51.8.10 [dmz]\n                dst:         142.250.80.46\n" in dnat
    assert "        address/port translation             : destination\n" in dnat
    assert "        nat-rule                             : web-dnat(vsys1)\n" in dnat
    no_nat = run(fw1, "show session id 26508")
    assert "        address/port translation             : none\n" in no_nat and "nat-rule" not in no_nat


def test_an_unknown_session_id_is_an_error(fw1):
    assert run(fw1, "show session id 1", ok=False) == "Session 1 is not valid\n"
    assert run(fw1, "show session id 0", ok=False) == "id: 0 is out of range (1-4294967295)\nInvalid syntax.\n"


def test_show_session_info(fw1, fw2):
    out = run(fw1, "show session info")
    assert out.startswith(
        "\ntarget-dp:                                       *.dp0\n" + "-" * 80 + "\n"
        "Number of sessions supported:                    1048574\n"
        "Number of allocated sessions:                    12\n"
        "Number of active TCP sessions:                   6\n"
        "Number of active UDP sessions:                   5\n"
        "Number of active ICMP sessions:                  1\n"
    )
    assert "Number of sessions created since bootup:         12\nPacket rate:                                     332/s\n" in out
    assert "\nThroughput:                                      958 kbps\n" in out
    assert "\nSession timeout\n  TCP default timeout:                           3600 secs\n" in out
    assert out.endswith("Max pending queued mcast packets per session : 0\n" + "-" * 80 + "\n\n")
    passive = run(fw2, "show session info")
    assert "Number of allocated sessions:                    12\n" in passive
    assert "Number of sessions created since bootup:         0\nPacket rate:                                     0/s\n" in passive


ARP_ALL = """
maximum of entries supported :      1500
default timeout:                    1800 seconds
total ARP entries in table :        12
total ARP entries shown :           12
status: s - static, c - complete, e - expiring, i - incomplete

interface         ip address      hw address        port              status   ttl
--------------------------------------------------------------------------------
ethernet1/1       203.0.113.1     00:50:56:d5:d0:43 ethernet1/1         c      308
ethernet1/2       10.1.1.53       00:50:56:7e:c3:60 ethernet1/2         c      446
ethernet1/2       10.1.1.54       00:50:56:1a:56:c3 ethernet1/2         c      29
ethernet1/2       10.1.1.57       00:50:56:13:07:79 ethernet1/2         c      1245
ethernet1/2       10.1.1.84       00:50:56:b4:28:8e ethernet1/2         c      615
ethernet1/2       10.1.1.98       00:50:56:19:55:e4 ethernet1/2         c      1705
ethernet1/2       10.1.1.155      00:50:56:43:3b:6f ethernet1/2         c      308
ae1.518           10.51.8.10      00:50:56:32:72:e4 ae1.518             c      1042
ae1.518           10.51.8.97      00:50:56:8f:6d:4f ae1.518             c      446
ae1.518           10.51.8.164     00:50:56:81:a8:ad ae1.518             c      1372
ae1.518           10.51.8.168     00:50:56:37:e4:86 ae1.518             c      1187
ae1.518           10.51.8.216     00:50:56:88:e1:1f ae1.518             c      29

"""

ROUTES = """
flags: A:active, ?:loose, C:connect, H:host, S:static, ~:internal, R:rip, O:ospf, B:bgp, 
       Oi:ospf intra-area, Oo:ospf inter-area, O1:ospf ext-type-1, O2:ospf ext-type-2, E:ecmp, M:multicast

  
VIRTUAL ROUTER: default (id 1)
  ==========
destination                                 nexthop                                 metric flags      age   interface          next-AS    
0.0.0.0/0                                   203.0.113.1                             10     A S              ethernet1/1                   
10.1.1.0/24                                 10.1.1.1                                0      A C              ethernet1/2                   
10.1.1.1/32                                 0.0.0.0                                 0      A H                                            
10.51.8.0/24                                10.51.8.1                               0      A C              ae1.518                       
10.51.8.1/32                                0.0.0.0                                 0      A H                                            
203.0.113.0/24                              203.0.113.2                             0      A C              ethernet1/1                   
203.0.113.2/32                              0.0.0.0                                 0      A H                                            
total routes shown: 7

"""


def test_show_arp_all_and_routing_route_on_both_devices(fw1, fw2):
    assert run(fw1, "show arp all") == ARP_ALL
    assert run(fw1, "show routing route") == ROUTES
    # fw2's copy came over HA2; two seconds later its TTLs are two seconds lower
    assert run(fw2, "show arp all") == re.sub(r"c      (\d+)\n", lambda m: f"c      {int(m[1]) - 2}\n", ARP_ALL)
    assert run(fw2, "show routing route") == ROUTES


COUNTERS = """
Global counters:
Elapsed time since last sampling: 1.000 seconds

name                                   value     rate severity  category  aspect    description
--------------------------------------------------------------------------------
pkt_recv                                 332      332 info      packet    pktproc   Packets received
pkt_sent                                 332      332 info      packet    pktproc   Packets transmitted
session_allocated                         12       12 info      session   resource  Sessions allocated
session_installed                         12       12 info      session   resource  Sessions installed
ha_state_sync_sent                         1        1 info      ha        session   HA2 runtime-state syncs sent
ha_sess_sync_sent                         12       12 info      ha        session   Sessions sent to HA peer
ha_route_sync_sent                         7        7 info      ha        session   Routes sent to HA peer
ha_arp_sync_sent                          12       12 info      ha        session   ARP entries sent to HA peer
--------------------------------------------------------------------------------
Total counters shown: 8
--------------------------------------------------------------------------------

"""


def test_show_counter_global(lab, fw1, fw2):
    run(fw1, "show clock")
    assert run(fw1, "show counter global") == COUNTERS
    again = run(fw1, "show counter global")  # one second later: rates of that second
    assert "Elapsed time since last sampling: 1.000 seconds\n" in again
    assert "pkt_recv                                 664      332 info" in again
    assert "session_allocated                         12        0 info" in again
    passive = run(fw2, "show counter global")
    assert "\nha_sess_sync_recv                         12        4 info      ha        session   Sessions received from HA peer\n" in passive
    assert "pkt_recv" not in passive and "Total counters shown: 4\n" in passive


def test_count_bumps_a_named_counter_and_rejects_unknown_names(fw1):
    runtime.count(fw1.device, "ha_msg_sent", 5)
    assert "\nha_msg_sent                                5 " in run(fw1, "show counter global")
    with pytest.raises(KeyError, match="unknown global counter 'no_such_counter'"):
        runtime.count(fw1.device, "no_such_counter")


@pytest.mark.parametrize("command", ["show arp all", "show routing route", "show counter global"])
def test_ntc_templates_parse_both_devices(fw1, fw2, command):
    for session in (fw1, fw2):
        records = parse_output(platform="paloalto_panos", command=command, data=run(session, command))
        assert records
    arp = parse_output(platform="paloalto_panos", command="show arp all", data=run(fw2, "show arp all"))
    assert [(r["interface"], r["ip_address"], r["status"]) for r in arp][:2] == [
        ("ethernet1/1", "203.0.113.1", "c"), ("ethernet1/2", "10.1.1.53", "c")]
    routes = parse_output(platform="paloalto_panos", command="show routing route", data=run(fw2, "show routing route"))
    assert [(r["network"], r["prefix_length"], r["nexthop_ip"], r["flags"], r["nexthop_if"]) for r in routes][:2] == [
        ("0.0.0.0", "0", "203.0.113.1", "A S", "ethernet1/1"), ("10.1.1.0", "24", "10.1.1.1", "A C", "ethernet1/2")]
    counters = parse_output(platform="paloalto_panos", command="show counter global", data=run(fw2, "show counter global"))
    assert {r["name"]: r["value"] for r in counters}["ha_sess_sync_recv"] == "12"


# -- VPN --------------------------------------------------------------------------------


def test_no_tunnel_no_sa(fw1):
    assert run(fw1, "show vpn ike-sa") == (
        "\nThere is no IKEv1 phase-1 SA found.\n\nThere is no IKEv1 phase-2 SA found.\n\nThere is no IKEv2 SA found.\n\n")
    assert run(fw1, "show vpn ipsec-sa") == "\nThere is no IPSec SA found.\n\n"


IKE_SA = """
IKEv1 phase-1 SAs
GwID/client IP  Peer-Address           Gateway Name                                                    Role Mode Algorithm             Established     Expiration      V  ST Xt Phase2
--------------  ------------           ------------                                                    ---- ---- ---------             -----------     ----------      -  -- -- ------
1               198.51.100.7           branch-gw                                                       Init Main PSK/DH2/A128/SHA1     Nov.24 23:45:56 Nov.25 07:45:56 v1 13 1  1

Show IKEv1 IKE SA: Total 1 gateways found. 1 ike sa found.


IKEv1 phase-2 SAs
Gateway Name                                                    TnID     Tunnel                 GwID/IP          Role Algorithm          SPI(in)  SPI(out) MsgID    ST Xt
------------                                                    ----     ------                 -------          ---- ---------          -------  -------- -----    -- --
branch-gw                                                       1        branch-tunnel          1                Init ESP/A128/tunl/SHA1 BBB1088D BB63A315 6A039123 9  1

Show IKEv1 phase2 SA: Total 1 gateways found. 1 ike sa found.


There is no IKEv2 SA found.

"""

IPSEC_SA = """
GwID/client IP  TnID   Peer-Address           Tunnel(Gateway)                                                                                                                  Algorithm          SPI(in)  SPI(out) life(Sec/KB)             remain-time(Sec)
--------------  ----   ------------           ---------------                                                                                                                  ---------          -------  -------- ------------             ----------------
1               1      198.51.100.7           branch-tunnel(branch-gw)                                                                                                         ESP/A128/SHA1      BBB1088D BB63A315 3600/Unlimited           {remain}

Show IPSec SA: Total 1 tunnels found. 1 ipsec sa found.

"""


def test_a_configured_tunnel_has_sas_that_reach_the_passive_over_ha2(lab, fw1, fw2):
    add_tunnel(fw1.device)
    assert run(fw1, "show vpn ike-sa") == IKE_SA
    assert run(fw1, "show vpn ipsec-sa") == IPSEC_SA.format(remain=2755)
    assert run(fw2, "show vpn ipsec-sa") == "\nThere is no IPSec SA found.\n\n"  # the passive negotiates nothing
    add_tunnel(fw2.device)  # (config sync would bring the same config)
    assert ha2_sync(lab.pair, fw1.device, fw2.device) == 12
    assert run(fw2, "show vpn ike-sa") == IKE_SA
    assert run(fw2, "show vpn ipsec-sa") == IPSEC_SA.format(remain=2752)


def test_an_ikev2_gateway_shows_in_the_ikev2_tables(fw1):
    add_tunnel(fw1.device, "dc-tunnel", "dc-gw", "192.0.2.44", "ikev2")
    out = run(fw1, "show vpn ike-sa")
    assert out.startswith("\nThere is no IKEv1 phase-1 SA found.\n\nThere is no IKEv1 phase-2 SA found.\n\nIKEv2 SAs\n")
    assert ("\n1               192.0.2.44             dc-gw                  Init 465      PSK/DH2/A128/SHA1     "
            "Nov.24 23:33:41 Nov.25 07:33:41 0  1      Established\n") in out
    assert "\ndc-gw                  1        dc-tunnel                 883083   465      Init 8E9A9014 3285A36D E3E5915B Mature\n" in out
    assert out.endswith("\nShow IKEv2 SA: Total 1 gateways found. 1 ike sa found.\n\n")


def test_a_tunnel_whose_peer_has_no_route_has_no_sa(fw1):
    fw1.device.running.find("network/virtual-router/entry/routing-table").clear()  # no default route
    add_tunnel(fw1.device)
    assert run(fw1, "show vpn ipsec-sa") == "\nThere is no IPSec SA found.\n\n"


def test_ipsec_remain_time_counts_down_and_rekeys(lab, fw1):
    add_tunnel(fw1.device)
    established = tables(fw1).ipsec_sas[0].established
    lab.clock.advance(established + timedelta(seconds=3599) - lab.clock.now())
    assert " 3600/Unlimited           1\n" in run(fw1, "show vpn ipsec-sa")
    assert " 3600/Unlimited           3600\n" in run(fw1, "show vpn ipsec-sa")  # rekeyed: a new lifetime


# -- the tables follow the configuration ---------------------------------------------------


def test_sessions_follow_the_security_rules(fw1, fw2):
    configure(fw1, "set rulebase security rules allow-dmz-dns disabled yes")
    assert {s.rule for s in tables(fw1).sessions.values()} == {"allow-inside-out", "allow-web-inbound"}
    assert "/dmz/17" not in run(fw1, "show session all")
    assert "/dmz/17" not in run(fw2, "show session all")  # the commit synced the new table over HA2
    assert "10.51.8.164" not in run(fw1, "show arp all")  # nor does the DMZ client need ARP any more
    # a deny rule above an allow rule wins (first match)
    configure(fw1, "set rulebase security rules no-ping from trust to untrust source any destination any "
                   "application ping service application-default action deny",
              "move rulebase security rules no-ping top")
    assert "ping" not in {s.application for s in tables(fw1).sessions.values()}
    # a new allow rule brings its own traffic, and other sessions keep their ids
    before = set(tables(fw1).sessions)
    configure(fw1, "set rulebase security rules inside-ssh from trust to dmz source inside-net destination web-server "
                   "application ssh service application-default action allow",
              "move rulebase security rules inside-ssh before deny-all")
    ssh = [s for s in tables(fw1).sessions.values() if s.application == "ssh"]
    assert len(ssh) == 4 and all((s.to_zone, s.xdestination, s.dport, s.flag) == ("dmz", "10.51.8.10", 22, "") for s in ssh)
    assert before < set(tables(fw1).sessions)


def test_sessions_follow_nat_and_routes(fw1):
    configure(fw1, "delete rulebase nat rules outbound-snat")
    outbound = [s for s in tables(fw1).sessions.values() if s.rule == "allow-inside-out"]
    assert outbound and all(s.flag == "" and s.xsource == s.source for s in outbound)
    configure(fw1, "delete network virtual-router default routing-table ip static-route default-route")
    # without a default route the untrust zone is just the ISP subnet: no Internet host in any session
    untrust = [a for s in tables(fw1).sessions.values() for a, z in ((s.source, s.from_zone), (s.destination, s.to_zone))
               if z == "untrust"]
    assert untrust and all(a.startswith("203.0.113.") for a in untrust)
    assert "0.0.0.0/0" not in run(fw1, "show routing route")
    assert "203.0.113.1 " not in run(fw1, "show arp all")


def test_routes_follow_the_virtual_routers(fw1):
    configure(fw1, "set network virtual-router lab-vr routing-table ip static-route hole destination 10.99.0.0/16 nexthop discard")
    out = run(fw1, "show routing route")
    assert "total routes shown: 7\n\nVIRTUAL ROUTER: lab-vr (id 2)\n  ==========\n" in out
    assert "\n10.99.0.0/16                                discard                                 10     A S" in out
    assert out.endswith("\ntotal routes shown: 1\n\n")


def test_a_big_rulebase_gets_a_bounded_traffic_mix(fw1):
    rules = fw1.device.running.find("vsys/entry/rulebase/security/rules")
    for i in range(300):
        rule = etree.Element("entry", name=f"rule-{i}")
        for field, value in (("from", "trust"), ("to", "untrust"), ("source", f"10.1.1.{i % 200 + 20}"),
                             ("destination", "any"), ("application", "ssl"), ("service", "application-default")):
            etree.SubElement(etree.SubElement(rule, field), "member").text = value
        etree.SubElement(rule, "action").text = "allow"
        rules.insert(0, rule)
    runtime.invalidate(fw1.device)
    sessions = tables(fw1).sessions.values()
    assert 12 < len(sessions) <= runtime.MAX_TRAFFIC_RULES * runtime.FLOWS_PER_RULE
    assert all(s.source == f"10.1.1.{int(s.rule[5:]) % 200 + 20}" for s in sessions if s.rule.startswith("rule-"))


def test_tables_are_deterministic():
    def build(start):
        lab = Lab.ephemeral(FixedClock(start))
        return runtime.tables(lab.devices["fw1"])

    one, two = build(datetime(2026, 11, 25, tzinfo=timezone.utc)), build(datetime(2026, 11, 25, tzinfo=timezone.utc))
    assert one.sessions == two.sessions and one.arp == two.arp and one.routes == two.routes
    later = build(datetime(2027, 1, 1, tzinfo=timezone.utc))
    assert set(later.sessions) == set(one.sessions)  # the same traffic, started relative to the clock
    assert {later.sessions[i].start - one.sessions[i].start for i in one.sessions} == {timedelta(days=37)}


# -- HA2 --------------------------------------------------------------------------------


def test_the_passive_has_no_sessions_of_its_own(lab, fw2):
    assert tables(fw2).own.sessions == {} and tables(fw2).own.arp == [] and tables(fw2).own.routes
    fw2.device.runtime = None  # as if nothing had been synced
    assert run(fw2, "show session all") == "\nNo Active Sessions\n\n"
    assert "total ARP entries in table :        0\n" in run(fw2, "show arp all")
    assert run(fw2, "show routing route") == ROUTES  # routes it computes itself


def test_ha2_sync_copies_sessions_sas_routes_and_arp(lab, fw1, fw2):
    fw2.device.runtime = None
    assert ha2_sync(lab.pair, fw1.device, fw2.device) == 12
    assert tables(fw2).sessions == tables(fw1).sessions
    assert tables(fw2).arp == tables(fw1).arp and tables(fw2).routes == tables(fw1).routes
    assert tables(fw2).counters["ha_sess_sync_recv"] == 12 and tables(fw1).counters["ha_sess_sync_sent"] == 24


@pytest.mark.parametrize("block", ["ha2 down", "state sync off on fw1", "state sync off on fw2"])
def test_ha2_sync_only_when_allowed(lab, fw1, fw2, block):
    fw2.device.runtime = None
    if block == "ha2 down":
        lab.pair.cables["ha2"] = False
    else:
        state_sync(lab.devices[block[-3:]], "no")
    assert ha2_sync(lab.pair, fw1.device, fw2.device) == 0
    assert tables(fw2).sessions == {} and tables(fw2).arp == []
    assert tables(fw1).counters["ha_state_sync_sent"] == 1 and tables(fw2).counters["ha_state_sync_recv"] == 0


def test_a_new_active_keeps_the_synced_sessions(lab, fw1, fw2):
    synced = dict(tables(fw2).sessions)
    fw1.device.ha_state, fw2.device.ha_state = "passive", "active"
    assert tables(fw2).sessions == synced
    assert "session updated by HA peer           : True" in run(fw2, "show session id 57675")
    runtime.invalidate(fw2.device)  # a commit on the new active: it now originates traffic itself
    assert tables(fw2).sessions.keys() == synced.keys() and tables(fw2).own.sessions
    assert "session updated by HA peer           : False" in run(fw2, "show session id 57675")


def test_a_commit_on_the_passive_keeps_what_it_received(lab, fw1, fw2):
    configure(fw2, "set deviceconfig system login-banner hello")  # device-local: the passive commits alone
    assert len(tables(fw2).sessions) == 12 and tables(fw2).arp == tables(fw1).arp


def test_failover_through_the_cli_keeps_the_sessions(fw1, fw2):
    run(fw1, "request high-availability state suspend")
    assert fw2.prompt() == "admin@fw2(active)> "
    assert run(fw2, "show session all") == SESSION_ALL
    assert "Number of allocated sessions:                    12\n" in run(fw2, "show session info")


def test_the_passive_shows_synced_sessions_when_run_as_a_user_would(panshell, tmp_path):
    env = {"PANSHELL_LAB": str(tmp_path / "lab"), "PANSHELL_CLOCK": "2026-11-25T00:00:00Z"}
    proc = panshell("--device", "fw2", stdin="show session all | match 57675\nshow counter global | match _sess_\n", env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "admin@fw2(passive)> show session all | match 57675\n"
        "57675        ssl            ACTIVE  FLOW  NS   10.1.1.155[53330]/trust/6  (203.0.113.2[44339])\n"
        "admin@fw2(passive)> show counter global | match _sess_\n"
        "ha_sess_sync_recv                         12       12 info      ha        session   Sessions received from HA peer\n"
    )
