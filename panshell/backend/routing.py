"""What the routing and VPN commands read: the runtime tables' routes and SAs (backend/runtime.py),
with the virtual routers', BGP's and VPN's running configuration.

- route counts by kind (`show routing resource`, and per virtual router `show routing summary`): host
  routes count as connect routes (the totals of ntc-templates' fixture are the sum of the kinds);
- the forwarding table (`show routing fib`): a virtual router's active routes, with the egress
  interface's MTU;
- BGP (`show routing protocol bgp summary`): each virtual router's enabled BGP instance and its peers.
  A peer is Established when BGP runs on the device and its address is on an active route out of an
  interface that is up. PAN-OS's passive member of an active/passive pair runs no routing protocols, so
  there every peer is Idle, as it is when disabled; no route to the peer leaves it Active (connecting).
  No prefixes are exchanged: the route table holds no BGP routes;
- VPN (`show vpn gateway|tunnel|flow`, `test vpn`): the IKE gateways and IPSec tunnels, numbered in
  config order as the SAs are, and whether each tunnel's IPSec SA is up.
"""
from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, ip_interface

from . import runtime
from .device import Device
from .interfaces import interface_tables, port_down

DEFAULT_MTU = 1500


@dataclass(frozen=True)
class RouteCounts:
    total: int
    ipv4: int
    active: int
    static: int
    connect: int
    bgp: int
    ospf: int
    rip: int


@dataclass(frozen=True)
class FibEntry:
    id: int
    destination: str
    nexthop: str
    flags: str  # u up, h host, g gateway
    interface: str
    mtu: int


@dataclass(frozen=True)
class Fib:
    vr: str
    interfaces: list[str]
    entries: list[FibEntry]


@dataclass(frozen=True)
class BgpPeer:
    name: str
    peer_as: str
    address: str
    state: str  # Established, Active or Idle


@dataclass(frozen=True)
class Bgp:
    vr: str
    router_id: str
    local_as: str
    reject_default: bool
    redist_default: bool
    install_routes: bool
    graceful_restart: bool
    member_as: str
    cluster_id: str
    local_preference: str
    always_compare_med: bool
    aggregate_med: bool
    deterministic_med: bool
    peers: list[BgpPeer]


@dataclass(frozen=True)
class Gateway:
    id: int
    name: str
    peer: str
    local: str
    version: int


@dataclass(frozen=True)
class ProxyId:
    local: str
    remote: str
    protocol: int
    local_port: int
    remote_port: int


@dataclass(frozen=True)
class Tunnel:
    id: int
    name: str
    gateway: Gateway | None
    interface: str
    monitor: bool
    up: bool  # its IPSec SA is established
    proxies: list[ProxyId]


def _kind(route: runtime.Route) -> str:
    kind = route.flags.split()[-1]
    return "C" if kind == "H" else kind[0]


def route_counts(device: Device, vr: str | None = None) -> RouteCounts:
    """The counts of vr's routes, or of every virtual router's."""
    routes = [r for r in runtime.tables(device).routes if vr in (None, r.vr)]
    kinds = [_kind(r) for r in routes]
    return RouteCounts(len(routes), len(routes), sum(1 for r in routes if "A" in r.flags.split()),
                       kinds.count("S"), kinds.count("C"), kinds.count("B"), kinds.count("O"), kinds.count("R"))


def _active(routes: list[runtime.Route]) -> list[runtime.Route]:
    return [r for r in routes if "A" in r.flags.split() and r.nexthop != "discard"]


def lookup(device: Device, address: str, vr: str | None = None) -> runtime.Route | None:
    """The route the dataplane sends address out by, in vr or any router; None when it has none
    or drops it (a discard route: ping then says the network is unreachable, inferred, as no
    public sample of a ping into a discard route was found)."""
    table = runtime.forwarding_table(r for r in runtime.tables(device).routes if vr in (None, r.vr))
    route = runtime.forwarded_by(table, int(IPv4Address(address)))
    return None if route is None or route.nexthop == "discard" else route


def _mtu(device: Device, interface: str) -> int:
    node = device.running.find(f"network/interface//entry[@name='{interface}']")
    if node is None:
        return DEFAULT_MTU
    return int(node.findtext("layer3/mtu") or node.findtext("mtu") or DEFAULT_MTU)


def fibs(device: Device) -> list[Fib]:
    """One forwarding table per virtual router, each host route out of the interface that holds the
    address; entry ids number the connected and host routes first, as they are installed first."""
    routes = _active(runtime.tables(device).routes)
    owner = {r.nexthop: r.interface for r in routes if r.flags.split()[-1] == "C"}
    installed = sorted(routes, key=lambda r: _kind(r) != "C")
    ids = {r: n for n, r in enumerate(installed, 1)}
    out = []
    for name in runtime.virtual_routers(device):
        vr = device.running.find(f"network/virtual-router/entry[@name='{name}']")
        entries = []
        for r in (r for r in routes if r.vr == name):
            kind = r.flags.split()[-1]
            interface = owner.get(str(r.destination.network_address), "") if kind == "H" else r.interface
            gateway = kind == "S" and r.nexthop != "0.0.0.0"
            flags = "uh" if kind == "H" else "ug" if gateway else "u"
            entries.append(FibEntry(ids[r], str(r.destination), r.nexthop if gateway else "0.0.0.0", flags,
                                    interface, _mtu(device, interface)))
        out.append(Fib(name, [m.text for m in vr.findall("interface/member")], entries))
    return out


def _yes(node, path: str, default: str) -> bool:
    return node.findtext(path, default) == "yes"


def _peer_state(device: Device, vr: str, peer, group) -> str:
    if not runtime.carries_traffic(device) or "no" in (peer.findtext("enable", "yes"), group.findtext("enable", "yes")):
        return "Idle"
    try:
        route = lookup(device, peer.findtext("peer-address/ip", ""), vr)
    except ValueError:
        route = None
    if route is None or port_down(device, route.interface.split(".")[0]):
        return "Active"
    return "Established"


def bgp_instances(device: Device) -> list[Bgp]:
    """The enabled BGP instances, with PAN-OS's defaults for what the config leaves out."""
    out = []
    for vr in device.running.entries("network/virtual-router"):
        bgp = vr.find("protocol/bgp")
        if bgp is None or bgp.findtext("enable") != "yes":
            continue
        name, local_as = vr.get("name"), bgp.findtext("local-as", "")
        peers = []
        for group in bgp.findall("peer-group/entry"):
            for peer in group.findall("peer/entry"):
                peer_as = local_as if group.find("type/ibgp") is not None else peer.findtext("peer-as", "")
                peers.append(BgpPeer(peer.get("name"), peer_as, peer.findtext("peer-address/ip", ""),
                                     _peer_state(device, name, peer, group)))
        options = "routing-options/"
        out.append(Bgp(
            name, bgp.findtext("router-id", "0.0.0.0"), local_as,
            _yes(bgp, "reject-default-route", "yes"), _yes(bgp, "allow-redist-default-route", "no"),
            _yes(bgp, "install-route", "no"), _yes(bgp, options + "graceful-restart/enable", "yes"),
            bgp.findtext(options + "confederation-member-as", "0"),
            bgp.findtext(options + "reflector-cluster-id", "0.0.0.0"),
            bgp.findtext(options + "default-local-preference", "100"),
            _yes(bgp, options + "med/always-compare-med", "no"), _yes(bgp, options + "aggregate/aggregate-med", "yes"),
            _yes(bgp, options + "med/deterministic-med-comparison", "yes"), peers))
    return out


def _interface_address(device: Device, name: str) -> str:
    row = next((r for r in interface_tables(device).logical if r.name == name), None)
    try:
        return str(ip_interface(row.addresses[0]).ip) if row else ""
    except ValueError:
        return ""


def _local_address(device: Device, gateway, peer: str) -> str:
    """The gateway's local IP: as configured, else its interface's, else the egress interface's toward the peer."""
    if gateway.findtext("local-address/ip"):
        return gateway.findtext("local-address/ip").split("/")[0]
    interface = gateway.findtext("local-address/interface")
    if not interface:
        try:
            route = lookup(device, peer)
        except ValueError:
            route = None
        interface = route.interface if route else ""
    return _interface_address(device, interface)


def gateways(device: Device) -> list[Gateway]:
    out = []
    for n, gw in enumerate(device.running.entries("network/ike/gateway"), 1):
        peer = gw.findtext("peer-address/ip", "")
        version = 2 if gw.findtext("protocol/version", "ikev1") in ("ikev2", "ikev2-preferred") else 1
        out.append(Gateway(n, gw.get("name"), peer, _local_address(device, gw, peer), version))
    return out


def _protocol(proxy) -> int:
    """A proxy ID's IP protocol: tcp, udp, a number, or 0 for any."""
    return 6 if proxy.find("protocol/tcp") is not None else 17 if proxy.find("protocol/udp") is not None else int(
        proxy.findtext("protocol/number", "0"))


def tunnels(device: Device) -> list[Tunnel]:
    by_name = {gw.name: gw for gw in gateways(device)}
    up = {sa.tunnel for sa in runtime.tables(device).ipsec_sas}
    out = []
    for n, tunnel in enumerate(device.running.entries("network/tunnel/ipsec"), 1):
        gw_name = next((e.get("name") for e in tunnel.findall("auto-key/ike-gateway/entry")), None)
        proxies = [ProxyId(p.findtext("local", "0.0.0.0/0"), p.findtext("remote", "0.0.0.0/0"), _protocol(p),
                           int(p.findtext("protocol/*/local-port", "0")), int(p.findtext("protocol/*/remote-port", "0")))
                   for p in tunnel.findall("auto-key/proxy-id/entry")]
        out.append(Tunnel(n, tunnel.get("name"), by_name.get(gw_name), tunnel.findtext("tunnel-interface", ""),
                          _yes(tunnel, "tunnel-monitor/enable", "no"), tunnel.get("name") in up, proxies))
    return out
