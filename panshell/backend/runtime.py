"""The dataplane's runtime tables of each device: sessions, ARP, routes, IKE/IPSec SAs, global counters.

Everything a device builds itself comes from its *running* configuration and its boot time,
so the same config and the same boot give the same tables (a reopened lab rebuilds them exactly):

- routes: per virtual router, a connected (`A C`) and a host (`A H`) route for each layer-3 interface
  address, and the static routes (`A S` when the next hop is on a connected subnet, else `S`);
- sessions: a traffic mix seeded per allow rule (`FLOWS_PER_RULE` flows each, with the rule's apps and
  addresses, or typical ones for `any`). Each flow goes through what the dataplane does: route lookup
  (ingress zone from the source, egress zone from the destination), the first matching NAT rule
  (dynamic-ip-and-port, static or dynamic source NAT; destination NAT) and the first matching
  security rule. Only flows that rule allows become ACTIVE sessions, so the table follows the policy;
- ARP: the static routes' next hops and every on-link neighbour the sessions use;
- IKE and IPSec SAs: one pair per `network tunnel ipsec` entry whose IKE gateway's peer is routable,
  with PAN-OS's `default` crypto profiles (IKE PSK/DH2/A128/SHA1 for 8 hours, ESP/A128/SHA1 for 1 hour).

Only a device that carries traffic (HA active, or HA disabled) originates sessions, ARP entries and
SAs; a passive device computes its routes and holds nothing else of its own.

Two layers make up a device's tables: `own` (built from its config; rebuilt after `invalidate`) and
`received` (the last HA2 sync from the peer: kept across rebuilds and HA state changes, so a new active
keeps the sessions it received). The commands show their union, own entries winning.

`clear session` ends sessions: `clear_sessions` keeps them out of later rebuilds (see there).

The traffic log (the device's `logs.traffic_log`) gets an `end` entry for each session that ends on
a device carrying traffic, as a rule that logs at session end (PAN-OS's default) writes it:
- `clear session`: end reason `unknown`, which PAN-OS's traffic-log field reference gives for
  terminations no other reason covers, such as `clear session all`;
- a commit whose policy no longer allows a session's flow (PAN-OS rematches sessions against a new
  rulebase): `policy-deny`, logged at the commit. A session that goes because its rule was renamed
  or its flow rebuilt differently, while its flow is still allowed, is not logged: on a real box it
  would live on, rematched;
- a new lab's history: the traffic mix is steady, so each flow's previous connection ended before
  its session began (TCP with `tcp-fin`, UDP and ICMP `aged-out` after their timeout).

Global counters (`count(device, name)`; `show counter global` lists the non-zero ones). Traffic
counters are read from the device's own sessions (a cleared one's packets were added to the
counters when it ended); the others count events:

    ha_msg_sent, ha_msg_recv                   HA1 hellos and heartbeats
    ha_config_sync_sent, ha_config_sync_recv   running configurations pushed to / committed from the peer
    ha_disk_sync_sent, ha_disk_sync_recv       disk-state syncs
    ha_state_sync_sent, ha_state_sync_recv     HA2 runtime-state syncs (one per ha2_sync)
    ha_sess_sync_sent, ha_sess_sync_recv       sessions carried by those syncs
    ha_ipsec_sync_sent, ha_ipsec_sync_recv     IKE and IPSec SAs carried
    ha_route_sync_sent, ha_route_sync_recv     routes carried
    ha_arp_sync_sent, ha_arp_sync_recv         ARP entries carried
"""
from __future__ import annotations

import math
import random
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, ip_interface

from .config import PanConfig
from .device import Device
from .interfaces import interface_tables
from .logs import TrafficEntry
from .policy import ANY, Objects, Policy, Rule, Rulebase, allows, nat_service_ok, network_range

FLOWS_PER_RULE = 4
MAX_TRAFFIC_RULES = 64  # a big rulebase gets traffic on this many of its allow rules, spread evenly
ANY_APPS = ("ssl", "web-browsing", "dns", "ping")  # what a rule with application `any` carries
INTERNET = ("8.8.8.8", "1.1.1.1", "142.250.80.46", "151.101.1.140", "13.107.42.14", "104.16.132.229",
            "52.95.110.1", "17.253.144.10", "98.137.11.163", "185.199.108.153")
TIMEOUT = {6: 3600, 17: 30, 1: 6}  # seconds, by protocol
PROTOCOL_NAMES = {6: "tcp", 17: "udp", 1: "icmp"}
C2S_SIZE, S2C_SIZE = 98, {6: 1074, 17: 214}  # average packet sizes in bytes (replies by protocol)
IKE_LIFETIME, IPSEC_LIFETIME = 8 * 3600, 3600  # PAN-OS's `default` crypto profiles
IKE_CRYPTO, ESP_CRYPTO = ("DH2", "A128", "SHA1"), ("A128", "SHA1")
SESSIONS_SUPPORTED = {"PA-3220": 1048574}

_INFO_HA1, _INFO_HA2 = ("info", "ha", "system"), ("info", "ha", "session")
COUNTERS = {  # name -> (severity, category, aspect, description), in PAN-OS's listing order
    "pkt_recv": ("info", "packet", "pktproc", "Packets received"),
    "pkt_sent": ("info", "packet", "pktproc", "Packets transmitted"),
    "session_allocated": ("info", "session", "resource", "Sessions allocated"),
    "session_installed": ("info", "session", "resource", "Sessions installed"),
    "ha_msg_sent": (*_INFO_HA1, "HA1 messages sent"),
    "ha_msg_recv": (*_INFO_HA1, "HA1 messages received"),
    "ha_config_sync_sent": (*_INFO_HA1, "Running configurations sent to HA peer"),
    "ha_config_sync_recv": (*_INFO_HA1, "Running configurations received from HA peer"),
    "ha_disk_sync_sent": (*_INFO_HA1, "Disk-state syncs sent to HA peer"),
    "ha_disk_sync_recv": (*_INFO_HA1, "Disk-state syncs received from HA peer"),
    "ha_state_sync_sent": (*_INFO_HA2, "HA2 runtime-state syncs sent"),
    "ha_state_sync_recv": (*_INFO_HA2, "HA2 runtime-state syncs received"),
    "ha_sess_sync_sent": (*_INFO_HA2, "Sessions sent to HA peer"),
    "ha_sess_sync_recv": (*_INFO_HA2, "Sessions received from HA peer"),
    "ha_ipsec_sync_sent": (*_INFO_HA2, "IKE/IPSec SAs sent to HA peer"),
    "ha_ipsec_sync_recv": (*_INFO_HA2, "IKE/IPSec SAs received from HA peer"),
    "ha_route_sync_sent": (*_INFO_HA2, "Routes sent to HA peer"),
    "ha_route_sync_recv": (*_INFO_HA2, "Routes received from HA peer"),
    "ha_arp_sync_sent": (*_INFO_HA2, "ARP entries sent to HA peer"),
    "ha_arp_sync_recv": (*_INFO_HA2, "ARP entries received from HA peer"),
}


# -- the entries --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionEntry:
    id: int
    vsys: str
    application: str
    proto: int  # 6 TCP, 17 UDP, 1 ICMP
    source: str
    sport: int
    from_zone: str
    destination: str
    dport: int
    to_zone: str
    xsource: str  # after NAT
    xsport: int
    xdestination: str
    xdport: int
    rule: str
    nat_rule: str  # "" without NAT
    ingress: str
    egress: str
    start: datetime
    pps: int  # packets per second in each direction
    state: str = "ACTIVE"
    type: str = "FLOW"

    @property
    def flag(self) -> str:
        src, dst = self.xsource != self.source, self.xdestination != self.destination
        return "NB" if src and dst else "NS" if src else "ND" if dst else ""

    def packets_since(self, moment: datetime, now: datetime) -> int:
        """Packets each way since moment (or since the session started, if later)."""
        return self.pps * max(0, int((now - max(self.start, moment)).total_seconds()))

    def counts(self, now: datetime) -> tuple[int, int, int, int]:
        """Packets c2s, s2c and bytes c2s, s2c so far."""
        packets = 1 + self.packets_since(self.start, now)
        return packets, packets, packets * C2S_SIZE, packets * S2C_SIZE.get(self.proto, C2S_SIZE)

    @property
    def bytes_per_second(self) -> int:
        return self.pps * (C2S_SIZE + S2C_SIZE.get(self.proto, C2S_SIZE))


@dataclass(frozen=True, slots=True)
class ArpEntry:
    interface: str
    ip: str
    mac: str
    learned: datetime
    status: str = "c"

    def ttl(self, now: datetime, timeout: int = 1800) -> int:
        return timeout - int((now - self.learned).total_seconds()) % timeout


@dataclass(frozen=True, slots=True)
class Route:
    vr: str
    destination: IPv4Network
    nexthop: str  # an address, 0.0.0.0, or discard
    metric: int
    flags: str  # "A C", "A H", "A S" or "S" (static, next hop unresolved)
    interface: str = ""


@dataclass(frozen=True, slots=True)
class IkeSa:
    gateway_id: int
    gateway: str
    peer: str
    version: int  # 1 or 2
    established: datetime
    serial: int  # IKEv2's SA number


@dataclass(frozen=True, slots=True)
class IpsecSa:
    gateway_id: int
    tunnel_id: int
    tunnel: str
    gateway: str
    peer: str
    version: int
    established: datetime
    spi_in: str
    spi_out: str
    msg_id: str
    child_id: int


def rekeyed(established: datetime, lifetime: int, now: datetime) -> datetime:
    """When the SA was last (re)keyed: SAs rekey at the end of each lifetime."""
    age = max(0, int((now - established).total_seconds()))
    return established + timedelta(seconds=age - age % lifetime)


@dataclass
class State:
    """One layer of a device's runtime state."""

    sessions: dict[int, SessionEntry] = field(default_factory=dict)
    arp: list[ArpEntry] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    ike_sas: list[IkeSa] = field(default_factory=list)
    ipsec_sas: list[IpsecSa] = field(default_factory=list)


def interface_order(name: str) -> tuple:
    """PAN-OS's interface order: ethernet ports, then aggregates, then the rest; numbers as numbers."""
    kind = 0 if name.startswith("ethernet") else 1 if name.startswith("ae") else 2
    return kind, [int(n) for n in re.findall(r"\d+", name)], name


def _union(received: list, own: list, key) -> list:
    merged = {key(e): e for e in received}
    merged.update((key(e), e) for e in own)
    return list(merged.values())


@dataclass
class RuntimeTables:
    """A device's tables: its own state and what the peer sent, shown as one (see the module docstring)."""

    own: State = field(default_factory=State)
    received: State = field(default_factory=State)
    counters: Counter = field(default_factory=Counter)
    created: int = 0  # sessions created since boot
    sampled: tuple[datetime, dict] | None = None  # the last `show counter global`
    delta_sampled: tuple[datetime, dict] | None = None  # the last `show counter global filter delta yes`
    cleared: set[int] = field(default_factory=set)  # sessions cleared since boot: no rebuild brings them back
    stale: bool = True  # own must be (re)built from the config
    changed: datetime | None = None  # when a commit made own stale: sessions its policy denies end then
    generation: int = 0  # bumped by every invalidate
    restored: bool = False  # read back from disk: the next build's sessions are not new ones
    received_version: int = 0  # bumped by every HA2 sync received (so it is saved once)

    @property
    def sessions(self) -> dict[int, SessionEntry]:
        return {**self.received.sessions, **self.own.sessions} if self.received.sessions else self.own.sessions

    @property
    def arp(self) -> list[ArpEntry]:
        return sorted(_union(self.received.arp, self.own.arp, lambda e: (e.interface, e.ip)),
                      key=lambda e: (interface_order(e.interface), IPv4Address(e.ip)))

    @property
    def routes(self) -> list[Route]:
        return sorted(_union(self.received.routes, self.own.routes, lambda r: r),
                      key=lambda r: (r.vr, r.destination.network_address, r.destination.prefixlen))

    @property
    def ike_sas(self) -> list[IkeSa]:
        merged = _union(self.received.ike_sas, self.own.ike_sas, lambda s: s.gateway)
        return sorted(merged, key=lambda s: s.gateway_id)

    @property
    def ipsec_sas(self) -> list[IpsecSa]:
        merged = _union(self.received.ipsec_sas, self.own.ipsec_sas, lambda s: s.tunnel)
        return sorted(merged, key=lambda s: s.tunnel_id)

    def updated_by_peer(self, session_id: int) -> bool:
        return session_id not in self.own.sessions

    def snapshot(self) -> State:
        """What an HA2 sync carries: the union of the tables as shown."""
        return State(dict(self.sessions), self.arp, self.routes, self.ike_sas, self.ipsec_sas)

    def receive(self, state: State) -> None:
        self.received = state
        self.received_version += 1


# -- the public interface -------------------------------------------------------


def _runtime(device: Device) -> RuntimeTables:
    if device.runtime is None:
        device.runtime = RuntimeTables()
    return device.runtime


def tables(device: Device, built: State | None = None) -> RuntimeTables:
    """The device's runtime tables, built from its running config on first use and after
    `invalidate` (or given: built by `invalidate`)."""
    runtime = _runtime(device)
    if runtime.stale:
        before = runtime.own.sessions
        runtime.own = built or _build(device)
        for sid in runtime.cleared:
            runtime.own.sessions.pop(sid, None)
        if not runtime.restored:
            if runtime.created == 0:
                _log_earlier_flows(device, runtime.own.sessions.values())
            runtime.created += sum(1 for sid in runtime.own.sessions if sid not in before)
        if runtime.changed is not None:
            gone = [s for sid, s in before.items() if sid not in runtime.own.sessions]
            _log_denied(device, gone, runtime.changed)
        runtime.stale = runtime.restored = False
        runtime.changed = None
    return runtime


def invalidate(device: Device, committed: datetime | None = None, built: State | None = None) -> None:
    """The running config changed: rebuild what the device builds itself (counters and state
    received from the peer stay). A commit (committed: when) rebuilds at once, so the sessions its
    policy denies end at the commit (and the HA2 sync that follows it finds the tables built):
    built, when the validation worker built them (backend/offload.py), else here with the lab's
    guard released."""
    runtime = _runtime(device)
    was_built = not runtime.stale
    runtime.stale = True
    runtime.generation += 1
    if committed is not None and (runtime.own.sessions or not was_built or built is not None):
        runtime.changed, generation = committed, runtime.generation
        if built is None:
            with device.guard.released():  # built from the new running config, which the commit holds
                built = _build(device)
        tables(device, built if runtime.generation == generation else None)


def clear_sessions(device: Device, ids: list[int], now: datetime, passive_peer: Device | None = None) -> None:
    """`clear session`: the sessions end. A device carrying traffic keeps them out of every later
    rebuild of its traffic mix (built from the config, a commit would bring them back with their
    ids), and HA2 carries the deletions to its passive peer, which forgets its copies and keeps
    them out likewise (should it become active). A device carrying no traffic drops only its HA2
    copies: the active still holds those sessions, and its next HA2 sync sends them again. The
    packets the sessions carried stay counted."""
    runtime = tables(device)
    if carries_traffic(device):
        ended = [runtime.own.sessions.pop(sid) for sid in ids if sid in runtime.own.sessions]
        for name in ("pkt_recv", "pkt_sent"):
            runtime.counters[name] += _packets(ended, device.boot, now)
        runtime.cleared.update(ids)
        for session in ended:
            device.logs.traffic(_ended(session, now, "unknown"))
    _drop_copies(runtime, ids)
    if passive_peer is not None:
        peer = tables(passive_peer)
        peer.cleared.update(ids)
        _drop_copies(peer, ids)


def _drop_copies(runtime: RuntimeTables, ids: list[int]) -> None:
    if any([runtime.received.sessions.pop(sid, None) for sid in ids]):
        runtime.received_version += 1  # saved with the lab


def _ended(session: SessionEntry, end: datetime, reason: str) -> TrafficEntry:
    """The traffic log's entry for a session that ended at end."""
    packets_sent, packets_received, bytes_sent, bytes_received = session.counts(end)
    nat = session.xsource != session.source or session.xdestination != session.destination
    return TrafficEntry(
        end.isoformat(), session.id, session.application, PROTOCOL_NAMES.get(session.proto, str(session.proto)),
        session.source, session.sport, session.from_zone, session.destination, session.dport, session.to_zone,
        session.rule, session.start.isoformat(), int((end - session.start).total_seconds()),
        packets_sent, packets_received, bytes_sent, bytes_received, reason,
        nat_source=session.xsource if nat else "0.0.0.0", nat_sport=session.xsport if nat else 0,
        nat_destination=session.xdestination if nat else "0.0.0.0", nat_dport=session.xdport if nat else 0,
        ingress=session.ingress, egress=session.egress, vsys=session.vsys)


def _log_denied(device: Device, sessions: list[SessionEntry], when: datetime) -> None:
    """Sessions a new rulebase does not allow end with policy-deny (PAN-OS's session rematch: the
    first rule the flow meets, the default rules closing the rulebase, as test security-policy-match)."""
    policies: dict[str, Policy] = {}
    for s in sorted(sessions, key=lambda s: s.id):
        if s.vsys not in policies:  # one resolver per vsys (setdefault would build one per session)
            policies[s.vsys] = Policy(device.running, s.vsys)
        match = policies[s.vsys].security_match(s.from_zone, s.to_zone, _ip(s.source), _ip(s.destination), s.proto, s.dport,
                                      s.application)
        if not (match and match[0].allow):
            device.logs.traffic(_ended(s, when, "policy-deny"))


def _log_earlier_flows(device: Device, sessions) -> None:
    """Each flow's previous connection, ended shortly before its session began (a new lab's history)."""
    for s in sorted(sessions, key=lambda s: (s.start, s.id)):
        rng = random.Random(f"earlier/{s.id}")
        elapsed = rng.randint(2, 900) if s.proto == 6 else TIMEOUT.get(s.proto, 30)
        end = s.start - timedelta(seconds=rng.randint(1, 60))
        sport = rng.randint(1, 4000) if s.proto == 1 else rng.randint(1024, 65535)
        pps = s.pps if s.proto == 6 else 0  # a UDP or ICMP exchange: one packet each way, then the timeout
        earlier = replace(s, sport=sport, xsport=sport if s.xsport == s.sport else rng.randint(1024, 65535),
                          start=end - timedelta(seconds=elapsed), pps=pps)
        device.logs.traffic(_ended(earlier, end, "tcp-fin" if s.proto == 6 else "aged-out"))


def count(device: Device, name: str, n: int = 1) -> None:
    """Bump a global counter (one of COUNTERS)."""
    if name not in COUNTERS:
        raise KeyError(f"unknown global counter {name!r}: add it to runtime.COUNTERS")
    _runtime(device).counters[name] += n


# -- what a lab keeps on disk (the own tables are rebuilt from the config and boot time) ---------

_ENTRIES = {"sessions": SessionEntry, "arp": ArpEntry, "routes": Route, "ike_sas": IkeSa, "ipsec_sas": IpsecSa}


def _encode(entry) -> list:
    values = (getattr(entry, f.name) for f in fields(entry))
    return [v.isoformat() if isinstance(v, datetime) else str(v) if isinstance(v, IPv4Network) else v for v in values]


def _decode(cls, values: list):
    kinds = {"datetime": datetime.fromisoformat, "IPv4Network": IPv4Network}
    return cls(*(kinds.get(f.type, lambda v: v)(v) for f, v in zip(fields(cls), values)))


def saved_counters(device: Device) -> dict:
    """The event counters, the last `show counter global` samples and the sessions cleared."""
    runtime = _runtime(device)
    return {"counters": dict(runtime.counters), "created": runtime.created, "sampled": _saved(runtime.sampled),
            "delta-sampled": _saved(runtime.delta_sampled), "cleared": sorted(runtime.cleared)}


def _saved(sample: tuple[datetime, dict] | None) -> list | None:
    return sample and [sample[0].isoformat(), sample[1]]


def _read(saved: list | None) -> tuple[datetime, dict] | None:
    return saved and (datetime.fromisoformat(saved[0]), saved[1])


def saved_received(device: Device) -> dict:
    """The state last received from the peer over HA2."""
    received = _runtime(device).received
    return {name: [_encode(e) for e in (getattr(received, name).values() if name == "sessions"
                                         else getattr(received, name))] for name in _ENTRIES}


def restore(device: Device, counters: dict, received: dict | None) -> None:
    """Tables read back from disk; the device's own state is rebuilt on first use."""
    runtime = device.runtime = RuntimeTables(counters=Counter(counters["counters"]), created=counters["created"],
                                             sampled=_read(counters.get("sampled")),
                                             delta_sampled=_read(counters.get("delta-sampled")),
                                             cleared=set(counters.get("cleared", [])), restored=True)
    if received:
        entries = {name: [_decode(cls, v) for v in received[name]] for name, cls in _ENTRIES.items()}
        entries["sessions"] = {s.id: s for s in entries["sessions"]}
        runtime.received = State(**entries)


def carries_traffic(device: Device) -> bool:
    return device.ha_state in (None, "active")


def counter_values(device: Device, now: datetime) -> dict[str, int]:
    """Every counter's value now; the packet counters count the device's own sessions' packets since boot."""
    runtime = tables(device)
    values = Counter(runtime.counters)
    packets = _packets(runtime.own.sessions.values(), device.boot, now)
    values["pkt_recv"] += packets
    values["pkt_sent"] += packets
    values["session_allocated"] += runtime.created
    values["session_installed"] += runtime.created
    return {name: values[name] for name in COUNTERS}


def _packets(sessions, boot: datetime, now: datetime) -> int:
    """The packets the sessions carried since boot, both ways."""
    return 2 * sum(s.packets_since(boot, now) for s in sessions)


def configured_vpn(device: Device) -> tuple[dict[int, int], int]:
    """How many IKE gateways of each version (1, 2), and how many IPSec tunnels, the device has configured."""
    versions = [_ike_version(gw) for gw in device.running.entries("network/ike/gateway")]
    return {v: versions.count(v) for v in (1, 2)}, len(device.running.entries("network/tunnel/ipsec"))


def virtual_routers(device: Device) -> list[str]:
    return [vr.get("name") for vr in device.running.entries("network/virtual-router")]


# -- building a device's own tables -------------------------------------------------


def _ip(value: str) -> int:
    return int(IPv4Address(value))


def _mac(ip: str) -> str:
    digest = zlib.crc32(ip.encode())
    return "00:50:56:" + ":".join(f"{digest >> shift & 0xFF:02x}" for shift in (16, 8, 0))


def _hex(key: str) -> str:
    return f"{zlib.crc32(key.encode()):08X}"


def _pick(rng: random.Random, ranges) -> int | None:
    """A host address in one of the ranges: not a network's first hosts (the firewall's own) or its broadcast."""
    if not ranges:
        return None
    first, last = rng.choice(ranges)
    span = last - first
    if span >= 16:
        return first + rng.randint(10, min(span - 2, 250))
    return first + (rng.randint(1, span - 1) if span >= 2 else rng.randint(0, span))


def forwarding_table(routes) -> list[tuple[int, int, Route]]:
    """The active routes as (first address, last address, route), longest prefix first."""
    active = sorted((r for r in routes if "A" in r.flags.split()), key=lambda r: -r.destination.prefixlen)
    return [(*network_range(str(r.destination)), r) for r in active]


def forwarded_by(table: list[tuple[int, int, Route]], ip: int) -> Route | None:
    """The route the dataplane forwards ip by: the longest active prefix holding it (a discard
    route among them: the packet is dropped)."""
    return next((route for first, last, route in table if first <= ip <= last), None)


@dataclass
class _Interface:
    name: str
    zone: str
    vr: str
    address: IPv4Interface


class _Network:
    """A device's layer-3 view: interfaces with addresses, routes, and lookups."""

    def __init__(self, device: Device, objects: Objects):
        self.interfaces: list[_Interface] = []
        for row in interface_tables(device).logical:
            if row.forwarding.startswith("vr:"):
                for text in row.addresses:
                    address = _interface_address(text, objects)
                    if address is not None:
                        self.interfaces.append(_Interface(row.name, row.zone, row.forwarding[3:], address))
        self.routes = [r for vr in device.running.entries("network/virtual-router") for r in self._vr_routes(vr)]
        self._lookup = forwarding_table(self.routes)
        self.zones = sorted({i.zone for i in self.interfaces if i.zone})

    def _vr_routes(self, vr) -> list[Route]:
        name = vr.get("name")
        mine = [i for i in self.interfaces if i.vr == name]
        routes = []
        for i in mine:
            if i.address.network.prefixlen < 32:
                routes.append(Route(name, i.address.network, str(i.address.ip), 0, "A C", i.name))
            routes.append(Route(name, IPv4Network(f"{i.address.ip}/32"), "0.0.0.0", 0, "A H"))
        for entry in vr.findall("routing-table/ip/static-route/entry"):
            try:
                destination = IPv4Network(entry.findtext("destination", ""), strict=False)
            except ValueError:
                continue
            metric = int(entry.findtext("metric", "10"))
            interface, hop = entry.findtext("interface", ""), entry.findtext("nexthop/ip-address")
            if entry.find("nexthop/discard") is not None:
                routes.append(Route(name, destination, "discard", metric, "A S"))
                continue
            if hop:  # active when the next hop is on a connected subnet (of the given interface)
                via = next((i.name for i in mine
                            if IPv4Address(hop) in i.address.network and interface in ("", i.name)), "")
                active, interface = bool(via), interface or via
            else:  # straight out of an interface of this router (a tunnel, say)
                active = interface in {m.text for m in vr.findall("interface/member")}
            routes.append(Route(name, destination, hop or "0.0.0.0", metric, "A S" if active else "S", interface))
        return routes

    def lookup(self, ip: int) -> tuple[_Interface, int] | None:
        """Where the dataplane sends ip: the egress interface and the on-link neighbour (None: to the
        firewall itself, discarded, or no route)."""
        route = forwarded_by(self._lookup, ip)
        if route is None or "H" in route.flags or route.nexthop == "discard":
            return None
        interface = next((i for i in self.interfaces if i.name == route.interface), None)
        if interface is None:
            return None
        return interface, ip if "C" in route.flags else _ip(route.nexthop)

    def pool(self, zone: str) -> list[tuple[int, int]]:
        """Addresses met in a zone: behind its static routes (the Internet for a default route), else its subnets."""
        names = {i.name for i in self.interfaces if i.zone == zone}
        statics = [r.destination for r in self.routes if r.flags == "A S" and r.interface in names]
        if any(d.prefixlen == 0 for d in statics):
            return [(_ip(h), _ip(h)) for h in INTERNET]
        subnets = statics or [i.address.network for i in self.interfaces if i.zone == zone]
        return [network_range(str(net)) for net in subnets]

    def address_of(self, interface: str) -> str | None:
        return next((str(i.address.ip) for i in self.interfaces if i.name == interface), None)


def _interface_address(text: str, objects: Objects) -> IPv4Interface | None:
    entry = objects.entries["address"].get(text)
    if entry is not None:
        text = entry.findtext("ip-netmask", "")
    try:
        address = ip_interface(text)
    except ValueError:
        return None
    return address if isinstance(address, IPv4Interface) else None


def _translate(nat: Rule, objects: Objects, net: _Network, rng: random.Random, src, sport, dst, dport):
    source = nat.entry.find("source-translation")
    if source is not None:
        dipp = source.find("dynamic-ip-and-port")
        interface = source.findtext("dynamic-ip-and-port/interface-address/interface")
        if interface:
            src = source.findtext("dynamic-ip-and-port/interface-address/ip") or net.address_of(interface) or src
        else:
            targets = [m.text for m in source.findall("*/translated-address/member")]
            src = objects.first_ip(targets + [source.findtext("static-ip/translated-address", "")]) or src
        if dipp is not None:
            sport = rng.randint(1024, 65535)
    target = nat.entry.find("destination-translation")
    if target is not None:
        dst = objects.first_ip([target.findtext("translated-address", "")]) or dst
        dport = int(target.findtext("translated-port", dport))
    return src, sport, dst, dport


def _or_pool(ranges, zones, net: _Network, rng: random.Random):
    """A rule's addresses, or for `any` the addresses met in one of its zones."""
    return ranges if ranges is not ANY else net.pool(rng.choice(zones or net.zones or [""]))


def _session_id(used: set[int], key: str) -> int:
    sid = zlib.crc32(key.encode()) % 262143 + 1
    while sid in used:
        sid = sid % 262143 + 1
    used.add(sid)
    return sid


def _sessions(device: Device, net: _Network, boot: datetime) -> list[SessionEntry]:
    """The traffic mix: FLOWS_PER_RULE flows for each allow rule (at most MAX_TRAFFIC_RULES of them,
    spread over the rulebase), kept when the dataplane would let them through."""
    out, used = [], set()
    for vsys in device.running.entries("vsys"):
        rules = Policy(device.running, vsys.get("name"))
        objects, policy, nat = rules.objects, rules.security, rules.nat
        allowed = [r for r in policy.rules if r.allow]
        for rule in allowed[::max(1, math.ceil(len(allowed) / MAX_TRAFFIC_RULES))]:
            for i in range(FLOWS_PER_RULE):
                key = f"{vsys.get('name')}/{rule.name}/{i}"
                session = _flow(rule, i, random.Random(key), net, objects, policy, nat, boot)
                if session is not None:
                    out.append(replace(session, id=_session_id(used, key), vsys=vsys.get("name")))
    return out


def _flow(rule: Rule, i: int, rng: random.Random, net: _Network, objects: Objects, policy: Rulebase,
          nat: Rulebase, boot: datetime) -> SessionEntry | None:
    """Flow i of an allow rule through route lookup, NAT and the security policy; None if it does not pass."""
    apps = rule.applications or ANY_APPS
    app = apps[i % len(apps)]
    services = [m.text for m in rule.entry.findall("service/member")]
    fixed = objects.ports([s for s in services if s not in ("any", "application-default")])
    proto, dport = fixed[0][:2] if fixed else objects.flow_service(app) or (6, 443)
    src = _pick(rng, _or_pool(rule.source, rule.from_zones, net, rng))
    dst = _pick(rng, _or_pool(rule.destination, rule.to_zones, net, rng))
    ingress = src is not None and dst is not None and net.lookup(src)
    pre_nat = ingress and net.lookup(dst)
    if not pre_nat:
        return None
    from_zone, sport = ingress[0].zone, rng.randint(1, 4000) if proto == 1 else rng.randint(1024, 65535)
    translation = nat.first(from_zone, pre_nat[0].zone, src, dst, lambda n: nat_service_ok(n, proto, dport))
    s, d = str(IPv4Address(src)), str(IPv4Address(dst))
    xs, xsport, xd, xdport = (s, sport, d, dport) if translation is None else _translate(
        translation, objects, net, rng, s, sport, d, dport)
    egress = net.lookup(_ip(xd))
    match = egress and policy.first(from_zone, egress[0].zone, src, dst, lambda r: allows(r, app, proto, dport))
    if not match or not match.allow:
        return None
    return SessionEntry(0, "", app, proto, s, sport, from_zone, d, dport, egress[0].zone, xs, xsport, xd, xdport,
                        match.name, translation.name if translation else "", ingress[0].name, egress[0].name,
                        boot - timedelta(seconds=rng.randint(5, 1800)), rng.randint(1, 20))


def _arp(net: _Network, sessions: list[SessionEntry], boot: datetime) -> list[ArpEntry]:
    learned: dict[tuple[str, int], datetime] = {}
    for route in net.routes:
        if route.flags == "A S" and route.nexthop not in ("0.0.0.0", "discard"):
            age = timedelta(seconds=zlib.crc32(route.nexthop.encode()) % 1200)
            learned[route.interface, _ip(route.nexthop)] = boot - age
    for s in sessions:
        for ip in (s.source, s.xdestination):
            hop = net.lookup(_ip(ip))
            if hop:
                where = (hop[0].name, hop[1])
                learned[where] = min(learned.get(where, s.start), s.start)
    return [ArpEntry(name, str(IPv4Address(ip)), _mac(str(IPv4Address(ip))), at) for (name, ip), at in learned.items()]


def _ike_version(gateway) -> int:
    return 2 if gateway.findtext("protocol/version", "ikev1") in ("ikev2", "ikev2-preferred") else 1


def _sas(device: Device, net: _Network, boot: datetime) -> tuple[list[IkeSa], list[IpsecSa]]:
    gateways = {gw.get("name"): (n, gw) for n, gw in enumerate(device.running.entries("network/ike/gateway"), 1)}
    ike, ipsec = {}, []
    for tunnel_id, tunnel in enumerate(device.running.entries("network/tunnel/ipsec"), 1):
        name = tunnel.get("name")
        gw_name = next((e.get("name") for e in tunnel.findall("auto-key/ike-gateway/entry")), None)
        if tunnel.findtext("disabled") == "yes" or gw_name not in gateways:
            continue
        gateway_id, gateway = gateways[gw_name]
        peer = gateway.findtext("peer-address/ip", "")
        try:
            routable = net.lookup(_ip(peer)) is not None
        except ValueError:
            routable = False
        if not routable:
            continue  # no route to the peer: IKE cannot come up
        rng = random.Random(f"ipsec/{name}")
        established = boot - timedelta(seconds=rng.randint(60, 3000))
        version = _ike_version(gateway)
        sa = ike.setdefault(gw_name, IkeSa(gateway_id, gw_name, peer, version, established, rng.randint(1, 999)))
        ipsec.append(IpsecSa(gateway_id, tunnel_id, name, gw_name, peer, version, max(established, sa.established),
                             _hex(f"{name}/in"), _hex(f"{name}/out"), _hex(f"{name}/msg"), rng.randint(1000, 999999)))
    return list(ike.values()), ipsec


@dataclass(frozen=True)
class Facts:
    """What a build reads from a device besides its running config: sent to the validation worker
    with the config's bytes (backend/offload.py), which builds the tables off this process."""

    name: str
    identity: dict
    boot: datetime | None
    ha_state: str | None
    ports_down: frozenset


def facts(device: Device) -> Facts:
    return Facts(device.name, dict(device.identity), device.boot, device.ha_state, frozenset(device.ports_down))


def build_from(config: PanConfig, known: Facts) -> State:
    """The tables a device with these facts builds from config (as _build does from its running config)."""
    device = Device(known.name, known.identity, config, candidate=config, boot=known.boot, ha_state=known.ha_state,
                    ports_down=set(known.ports_down))
    return _build(device)


def _build(device: Device) -> State:
    boot = device.boot
    net = _Network(device, Objects(device.running, device.running.find("vsys/entry")))
    if not carries_traffic(device):
        return State(routes=net.routes)
    sessions = _sessions(device, net, boot)
    ike, ipsec = _sas(device, net, boot)
    return State({s.id: s for s in sessions}, _arp(net, sessions, boot), net.routes, ike, ipsec)


def synthetic_sessions(n: int, at: datetime) -> dict[int, SessionEntry]:
    """n distinct sessions (for benchmarks): the same flow from n source ports."""
    base = SessionEntry(0, "vsys1", "ssl", 6, "10.1.1.10", 0, "trust", "8.8.8.8", 443, "untrust",
                        "203.0.113.2", 0, "8.8.8.8", 443, "allow-inside-out", "outbound-snat",
                        "ethernet1/2", "ethernet1/1", at, 1)
    return {i: replace(base, id=i, sport=1024 + i % 64000, xsport=1024 + i % 64000) for i in range(1, n + 1)}
