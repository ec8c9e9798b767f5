"""What the lab's traffic does to its interfaces: per-interface counters and the MAC table.

Counters count since the dataplane started (the device's boot), from the device's own sessions
(backend/runtime.py): each carries `pps` packets per second each way, the client's packets in
on its ingress and out on its egress, the server's the other way. A subinterface's traffic is
also its port's; an aggregate's is also that of one member, picked by session id (a flow stays
on one link, as LACP hashing keeps it).
"""
from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from .device import Device
from .interfaces import interface_tables
from .runtime import C2S_SIZE, S2C_SIZE, tables


@dataclass
class Traffic:
    packets_in: int = 0
    packets_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    zone_changes: int = 0  # packets received that leave by an interface of another zone

    def add(self, packets: int, size_in: int, size_out: int, crosses_zones: bool) -> None:
        self.packets_in += packets
        self.packets_out += packets
        self.bytes_in += packets * size_in
        self.bytes_out += packets * size_out
        self.zone_changes += packets if crosses_zones else 0


@dataclass
class InterfaceTraffic:
    logical: dict[str, Traffic]  # by logical interface
    ports: dict[str, Traffic]  # by port of `show interface hardware` (aggregates and their members)


def interface_traffic(device: Device, now: datetime) -> InterfaceTraffic:
    aggregates = interface_tables(device).aggregates
    logical, ports = defaultdict(Traffic), defaultdict(Traffic)
    for session in tables(device).own.sessions.values():
        packets = session.packets_since(device.boot, now)
        if not packets:
            continue
        c2s, s2c = C2S_SIZE, S2C_SIZE.get(session.proto, C2S_SIZE)
        crosses = session.from_zone != session.to_zone
        for name, size_in, size_out in ((session.ingress, c2s, s2c), (session.egress, s2c, c2s)):
            port = name.split(".")[0]
            carriers = [logical[name], ports[port]]
            if port in aggregates:
                members = aggregates[port]
                carriers.append(ports[members[session.id % len(members)]])
            for traffic in carriers:
                traffic.add(packets, size_in, size_out, crosses)
    return InterfaceTraffic(dict(logical), dict(ports))


MAC_TIMEOUT = 1800  # seconds: PAN-OS's default


@dataclass(frozen=True)
class MacEntry:
    vlan: str
    mac: str
    interface: str
    ttl: int
    status: str = "c"


def mac_table(device: Device, now: datetime) -> list[MacEntry]:
    """The hosts a VLAN's interface (vlan.N) resolved by ARP, each learned on one of the VLAN's
    layer-2 ports (picked by its MAC: the lab does not model which switch port a host is behind)."""
    vlans = {vlan.findtext("virtual-interface/interface"): vlan for vlan in device.running.entries("network/vlan")}
    entries = []
    for arp in tables(device).arp:
        vlan = vlans.get(arp.interface)
        members = [m.text for m in vlan.findall("interface/member")] if vlan is not None else []
        if members:
            port = members[zlib.crc32(arp.mac.encode()) % len(members)]
            entries.append(MacEntry(vlan.get("name"), arp.mac, port, arp.ttl(now, MAC_TIMEOUT)))
    return sorted(entries, key=lambda e: (e.vlan, e.mac))
