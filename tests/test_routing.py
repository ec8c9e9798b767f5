"""Routing and VPN: `show routing resource|summary|fib|protocol bgp summary`, `show vpn flow|gateway|tunnel`,
`test vpn`, read off the lab's routes, SAs and configuration (the default lab runs BGP on its default
virtual router: an eBGP peer on the ISP uplink and an iBGP peer on the inside LAN)."""
from lxml import etree
from ntc_templates.parse import parse_output

from conftest import run, set_running
from test_runtime import configure

from panshell.backend import routing, runtime

RESOURCE = """
GLOBAL ROUTING RESOURCE USAGE:
  ==========
  All      Routes (total):              7 \t(limit    10000)
  All IPv4 Routes (total):              7 \t(limit    10000)
  All IPv6 Routes (total):              0 \t(limit    10000)
  All     Routes (active):              7
  ==========
  Static   Routes (total):              1
  Connect  Routes (total):              6
  BGP      Routes (total):              0
  OSPF     Routes (total):              0
  RIP      Routes (total):              0

"""

FIB = """
total virtual-router shown :              1
--------------------------------------------------------------------------------
virtual-router name: default
interfaces:
ethernet1/1 ethernet1/2 ae1.518
route table:
flags: u - up, h - host, g - gateway, e - ecmp, * - preferred path
maximum of fib entries for device:                 2500
maximum of IPv4 fib entries for device:            2500
maximum of IPv6 fib entries for device:            2500
number of fib entries for device:                  7
maximum of fib entries for this fib:               2500
number of fib entries for this fib:                7
number of fib entries shown:                       7
id      destination           nexthop            flags  interface          mtu
--------------------------------------------------------------------------------
7       0.0.0.0/0             203.0.113.1        ug     ethernet1/1        1500
1       10.1.1.0/24           0.0.0.0            u      ethernet1/2        1500
2       10.1.1.1/32           0.0.0.0            uh     ethernet1/2        1500
3       10.51.8.0/24          0.0.0.0            u      ae1.518            1500
4       10.51.8.1/32          0.0.0.0            uh     ae1.518            1500
5       203.0.113.0/24        0.0.0.0            u      ethernet1/1        1500
6       203.0.113.2/32        0.0.0.0            uh     ethernet1/1        1500

"""

BGP = """
  ==========
  router id:                     203.0.113.2
  virtual router:                default
  reject default route:          yes
  redist default route:          deny
  Install BGP routes:            yes
  Graceful Restart:              supported
  AS size:                       2
  Local AS:                      64512
  Local member AS:               0
  Cluster id:                    0.0.0.0
  Default local preference:      100
  Always compare MED:            no
  Aggregate regardless MED:      yes
  Deterministic MED processing:  yes
  Accept ORF:                    no
  Accept CISCO style prefix:     yes
  mp-bgp-enable:                 yes
  afi-safi-ipv4-unicast:         yes
  rib-out entries:               current 0, peak 0 
    peer isp-edge: AS 64500, {isp}, IP 203.0.113.1
      bgpAfiIpv4/unicast pfx:    Accepted pfx: 0, Advertised pfx: 0
    peer core-switch: AS 64512, {core}, IP 10.1.1.2
      bgpAfiIpv4/unicast pfx:    Accepted pfx: 0, Advertised pfx: 0

"""

FLOW = """
total tunnels configured:                                     2
filter - type IPSec, state any

total IPSec tunnel configured:                                2
total IPSec tunnel shown:                                     2

id    name                                                            state   monitor local-ip                      peer-ip                       tunnel-i/f
--    --------------                                                  -----   ------- --------                      -------                       ----------  
1     branch-tunnel                                                   active  up      203.0.113.2                   198.51.100.7                  tunnel.1
2     lab-tunnel                                                      {lab:<8}off     10.1.1.1                      192.0.2.200                   tunnel.2

"""

GATEWAY = """
GwID     Name                 Peer-Address/ID                Local Address/ID               Protocol    Proposals
----     ----                 ---------------                ----------------               --------    ---------
1        branch-gw            198.51.100.7                   203.0.113.2                    IKEv2       [PSK][DH2][AES128][SHA1]28800-sec
2        lab-gw               192.0.2.200                    10.1.1.1                       IKEv1       [PSK][DH2][AES128][SHA1]28800-sec

Show IKE gateway config: Total 2 gateways found.

"""

TUNNEL = """
TnID    Name(Gateway)                        Local Proxy IP     Ptl:Port      Remote Proxy IP    Ptl:Port                                   Proposals
-----------------------------------------------------------------------------------------------------------------------------------------------------
1          branch-tunnel(branch-gw)          0.0.0.0/0          0:0           0.0.0.0/0          0:0         ESP tunl [DH2][AES128][SHA1]   3600-sec
2          lab-tunnel(lab-gw)                10.1.1.0/24        6:0           10.9.0.0/16        6:443       ESP tunl [DH2][AES128][SHA1]   3600-sec

Show IPSec tunnel config: Total 2 tunnels found

"""

VPN = """<network>
  <ike><gateway>
    <entry name="branch-gw"><peer-address><ip>198.51.100.7</ip></peer-address>
      <local-address><interface>ethernet1/1</interface><ip>203.0.113.2/24</ip></local-address>
      <protocol><version>ikev2</version></protocol></entry>
    <entry name="lab-gw"><peer-address><ip>192.0.2.200</ip></peer-address>
      <local-address><interface>ethernet1/2</interface></local-address></entry>
  </gateway></ike>
  <tunnel><ipsec>
    <entry name="branch-tunnel"><auto-key><ike-gateway><entry name="branch-gw"/></ike-gateway></auto-key>
      <tunnel-interface>tunnel.1</tunnel-interface><tunnel-monitor><enable>yes</enable></tunnel-monitor></entry>
    <entry name="lab-tunnel"><auto-key><ike-gateway><entry name="lab-gw"/></ike-gateway>
      <proxy-id><entry name="web"><local>10.1.1.0/24</local><remote>10.9.0.0/16</remote>
        <protocol><tcp><local-port>0</local-port><remote-port>443</remote-port></tcp></protocol></entry></proxy-id>
      </auto-key><tunnel-interface>tunnel.2</tunnel-interface></entry>
  </ipsec></tunnel>
</network>"""


def add_vpn(*devices):
    """Two IKE gateways (IKEv2 from the uplink's address, IKEv1 from the inside interface's) and a
    tunnel on each, straight into the running config (as a config sync would bring it to both)."""
    for device in devices:
        network = device.running.find("network")
        network.extend(etree.fromstring(VPN))
        runtime.invalidate(device)


def bgp_peer(device, name):
    return device.running.find(f"network/virtual-router/entry/protocol/bgp/peer-group/entry/peer/entry[@name='{name}']")


# -- show routing resource / fib ------------------------------------------------------------------


def test_routing_resource_counts_the_route_table_and_parses(fw1):
    out = run(fw1, "show routing resource")
    assert out == RESOURCE
    routes = runtime.tables(fw1.device).routes
    [parsed] = parse_output(platform="paloalto_panos", command="show routing resource", data=out)
    assert int(parsed["all_routes"]) == len(routes) == int(parsed["active_routes"])
    assert int(parsed["static_routes"]) == sum("S" in r.flags for r in routes)
    assert int(parsed["connect_routes"]) == sum("C" in r.flags or "H" in r.flags for r in routes)
    assert parsed["bgp_routes"] == parsed["ospf_routes"] == parsed["rip_routes"] == parsed["ipv6_routes"] == "0"


def test_an_unresolved_static_route_counts_but_is_not_active_nor_forwarded(fw1):
    route = fw1.device.running.find("network/virtual-router/entry/routing-table/ip/static-route/entry")
    route.find("nexthop/ip-address").text = "192.0.2.1"  # on no connected subnet
    runtime.invalidate(fw1.device)
    assert "  All      Routes (total):              7 \t" in run(fw1, "show routing resource")
    assert "  All     Routes (active):              6\n" in run(fw1, "show routing resource")
    out = run(fw1, "show routing fib")
    assert "number of fib entries shown:                       6\n" in out and "0.0.0.0/0" not in out


SUMMARY = """
VIRTUAL ROUTER: {name} (id {vr_id})
  ==========
  All      Routes (total):              {total}
  All IPv4 Routes (total):              {total}
  All IPv6 Routes (total):              0
  All     Routes (active):              {active}
  ==========
  Static   Routes (total):              {static}
  Connect  Routes (total):              {connect}
  BGP      Routes (total):              0
  OSPF     Routes (total):              0
  RIP      Routes (total):              0
"""
DEFAULT_VR = SUMMARY.format(name="default", vr_id=1, total=7, active=7, static=1, connect=6)


def test_routing_summary_counts_each_virtual_router(fw1, fw2):
    assert run(fw1, "show routing summary") == DEFAULT_VR + "\n"
    configure(fw1, "set network interface loopback units loopback.5 ip 192.0.2.5",
              "set network virtual-router lab-vr interface loopback.5",
              "set network virtual-router lab-vr routing-table ip static-route blackhole destination 198.51.100.0/24 "
              "nexthop discard")
    lab_vr = SUMMARY.format(name="lab-vr", vr_id=2, total=2, active=2, static=1, connect=1)  # the loopback's host route
    assert run(fw1, "show routing summary") == DEFAULT_VR + lab_vr + "\n"
    assert run(fw1, "show routing summary virtual-router lab-vr") == lab_vr + "\n"  # keeps its id
    assert run(fw2, "show routing summary virtual-router lab-vr") == lab_vr + "\n"  # synced over HA1
    assert run(fw1, "show routing summary virtual-router nope") == "\n"
    lab_routes = run(fw1, "show routing route virtual-router lab-vr")
    assert "VIRTUAL ROUTER: lab-vr (id 2)" in lab_routes and "VIRTUAL ROUTER: default" not in lab_routes  # keeps its id too
    assert lab_routes.count("\n198.51.100.0/24 ") == 1


def test_routing_summary_counts_an_unresolved_static_route_as_inactive(fw1):
    route = fw1.device.running.find("network/virtual-router/entry/routing-table/ip/static-route/entry")
    route.find("nexthop/ip-address").text = "192.0.2.1"  # on no connected subnet
    runtime.invalidate(fw1.device)
    assert run(fw1, "show routing summary virtual-router default") == SUMMARY.format(
        name="default", vr_id=1, total=7, active=6, static=1, connect=6) + "\n"


def test_routing_fib_lists_the_active_routes(fw1, fw2):
    assert run(fw1, "show routing fib") == FIB
    assert run(fw2, "show routing fib") == FIB  # the passive computes its routes too
    assert run(fw1, "show routing fib virtual-router default") == FIB
    assert run(fw1, "show routing fib virtual-router nope") == "\ntotal virtual-router shown :              0\n\n"


def test_the_fib_shows_an_interface_s_mtu(fw1):
    layer3 = fw1.device.running.find("network/interface/ethernet/entry[@name='ethernet1/2']/layer3")
    etree.SubElement(layer3, "mtu").text = "1400"
    assert "\n1       10.1.1.0/24           0.0.0.0            u      ethernet1/2        1400\n" in run(fw1, "show routing fib")


# -- show routing protocol bgp summary -------------------------------------------------------------


def test_bgp_summary_shows_the_configured_instance_and_parses(fw1):
    out = run(fw1, "show routing protocol bgp summary")
    assert out == BGP.format(isp="Established", core="Established")
    parsed = parse_output(platform="paloalto_panos", command="show routing protocol bgp summary", data=out)
    [bgp] = routing.bgp_instances(fw1.device)
    assert [(p["router_id"], p["virtual_router"], p["local_as"]) for p in parsed] == [("203.0.113.2", "default", "64512")] * 2
    assert [(p["neighbor_name"], p["neighbor_as"], p["bgp_neighbor"]) for p in parsed] == [
        (peer.name, peer.peer_as, peer.address) for peer in bgp.peers] == [
        ("isp-edge", "64500", "203.0.113.1"), ("core-switch", "64512", "10.1.1.2")]
    assert {(p["accepted_pfx"], p["advertised_pfx"]) for p in parsed} == {("0", "0")}


def test_the_passive_runs_no_bgp_its_peers_are_idle(fw2):
    assert run(fw2, "show routing protocol bgp summary") == BGP.format(isp="Idle", core="Idle")


def test_a_disabled_peer_is_idle_and_an_unreachable_one_active(fw1):
    bgp_peer(fw1.device, "core-switch").find("enable").text = "no"
    bgp_peer(fw1.device, "isp-edge").find("peer-address/ip").text = "192.0.2.9"  # no route: the default one goes
    fw1.device.running.find("network/virtual-router/entry/routing-table").clear()
    runtime.invalidate(fw1.device)
    out = run(fw1, "show routing protocol bgp summary")
    assert "    peer isp-edge: AS 64500, Active, IP 192.0.2.9\n" in out
    assert "    peer core-switch: AS 64512, Idle, IP 10.1.1.2\n" in out


def test_a_pulled_uplink_takes_its_peer_down(lab, fw1):
    fw1.device.ports_down.add("ethernet1/1")
    out = run(fw1, "show routing protocol bgp summary")
    assert ", Established, IP 203.0.113.1" not in out and "    peer isp-edge: AS 64500, Active, IP 203.0.113.1\n" in out


def test_bgp_summary_of_one_virtual_router_and_without_bgp(fw1):
    assert run(fw1, "show routing protocol bgp summary virtual-router default") == run(fw1, "show routing protocol bgp summary")
    assert run(fw1, "show routing protocol bgp summary virtual-router other") == "\n"
    set_running(fw1.device, "network/virtual-router/entry/protocol/bgp/enable", "no")
    assert run(fw1, "show routing protocol bgp summary") == "\n"


def test_the_default_lab_with_bgp_commits(fw1):
    run(fw1, "configure")
    run(fw1, "set network virtual-router default protocol bgp peer-group isp peer isp-edge enable no")
    assert "Configuration committed successfully" in run(fw1, "commit")
    run(fw1, "exit")
    assert "    peer isp-edge: AS 64500, Idle, IP 203.0.113.1\n" in run(fw1, "show routing protocol bgp summary")


# -- show vpn flow / gateway / tunnel, test vpn ------------------------------------------------------


def test_vpn_tables_read_the_config_and_the_sas(fw1):
    add_vpn(fw1.device)
    assert run(fw1, "show vpn flow") == FLOW.format(lab="active")
    assert run(fw1, "show vpn gateway") == GATEWAY
    assert run(fw1, "show vpn tunnel") == TUNNEL
    assert [sa.tunnel for sa in runtime.tables(fw1.device).ipsec_sas] == ["branch-tunnel", "lab-tunnel"]


def test_a_tunnel_without_a_route_to_its_peer_is_inactive(fw1):
    fw1.device.running.find("network/virtual-router/entry/routing-table").clear()  # no default route
    add_vpn(fw1.device)
    out = run(fw1, "show vpn flow")
    assert "\n1     branch-tunnel                                                   inactiv down    203.0.113.2" in out
    assert "\n2     lab-tunnel                                                      inactiv off     10.1.1.1" in out


def test_the_passive_holds_no_sa_of_its_own(fw2):
    add_vpn(fw2.device)
    assert run(fw2, "show vpn flow") == FLOW.format(lab="inactiv").replace(
        "active  up      203.0.113.2", "inactiv down    203.0.113.2")


def test_test_vpn_initiates_the_sas_that_then_show(fw1):
    add_vpn(fw1.device)
    assert run(fw1, "test vpn ike-sa") == "\nStart time: Nov.25 00:00:00\nInitiate 2 IKE SA.\n\n"
    assert run(fw1, "test vpn ike-sa gateway branch-gw") == "\nStart time: Nov.25 00:00:01\nInitiate 1 IKE SA.\n\n"
    assert run(fw1, "test vpn ipsec-sa tunnel lab-tunnel") == (
        "\nStart time: Nov.25 00:00:02\nInitiate 1 IPsec SA for tunnel lab-tunnel.\n\n")
    assert run(fw1, "test vpn ipsec-sa") == "\nStart time: Nov.25 00:00:03\nInitiate 2 IPsec SA.\n\n"
    assert "Show IKEv2 SA: Total 1 gateways found. 1 ike sa found." in run(fw1, "show vpn ike-sa")
    assert "Show IPSec SA: Total 2 tunnels found. 2 ipsec sa found." in run(fw1, "show vpn ipsec-sa")


def test_test_vpn_of_an_unknown_name_or_on_the_passive_initiates_nothing(fw1, fw2):
    add_vpn(fw1.device, fw2.device)
    assert run(fw1, "test vpn ike-sa gateway nope").endswith("\nInitiate 0 IKE SA.\n\n")
    assert run(fw1, "test vpn ipsec-sa tunnel nope").endswith("\nInitiate 0 IPsec SA.\n\n")
    assert run(fw2, "test vpn ike-sa").endswith("\nInitiate 0 IKE SA.\n\n")
    assert run(fw2, "show vpn ipsec-sa") == "\nThere is no IPSec SA found.\n\n"


def test_bad_input_gets_pan_os_errors(fw1):
    for line in ("show routing fib virtual-router", "show routing summary virtual-router", "test vpn ike-sa gateway",
                 "show vpn bogus"):
        assert run(fw1, line, ok=False) == "Invalid syntax.\n"
    assert run(fw1, "show routing summary virtual-router a@b", ok=False) == (
        "virtual-router: a@b is not a valid name\nInvalid syntax.\n")
    assert fw1.help("show routing summary ") == (
        "+ virtual-router  Summary of this virtual router\n  <Enter>         Finish input\n"
        "  |               Pipe through a command\n")
