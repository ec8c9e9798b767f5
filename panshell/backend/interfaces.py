"""The interface tables a device reports, derived from its configuration (built once per running
config and set of pulled cables: backend/derived.py)."""
from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .derived import derived
from .device import Device

# PAN-OS's fixed interface ids for the non-ethernet ports
FIXED_IDS = {"vlan": 1, "loopback": 3, "tunnel": 4, "ha1-a": 5, "ha1-b": 7, "hsci": 8}
FIRST_UNIT_ID = 256
DEDICATED_SPEED = {"ha1-a": "1000/full/up/ukn", "ha1-b": "1000/full/up/ukn", "hsci": "10000/full/up/ukn"}
VIRTUAL_SPEED = "[n/a]/[n/a]/up/[n/a]"


def port_down(device: Device, name: str) -> bool:
    """A dataplane port is down when its cable is pulled or its config says `link-state down`."""
    if name in device.ports_down:
        return True
    entry = device.running.find(f"network/interface/ethernet/entry[@name='{name}']")
    return entry is not None and entry.findtext("link-state") == "down"


@dataclass(frozen=True)
class HardwareInterface:
    name: str
    id: int
    link: str  # speed/duplex/state/fec
    mac: str

    @property
    def speed_duplex_state(self) -> tuple[str, str, str]:
        """The link's speed, duplex and state (`[n/a]` holds a slash of its own)."""
        speed, duplex, state = re.match(r"(\[n/a\]|[^/]+)/(\[n/a\]|[^/]+)/([^/]+)", self.link).groups()
        return speed, duplex, state


@dataclass(frozen=True)
class LogicalInterface:
    name: str
    id: int
    vsys: int
    zone: str
    forwarding: str
    tag: int
    addresses: tuple[str, ...] = ()


@dataclass(frozen=True)
class InterfaceTables:
    hardware: tuple[HardwareInterface, ...]
    aggregates: Mapping[str, tuple[str, ...]]  # ae name -> member ports
    logical: tuple[LogicalInterface, ...]


def _ethernet_id(name: str) -> int:
    slot, port = map(int, re.fullmatch(r"ethernet(\d+)/(\d+)", name).groups())
    return 15 + port if slot == 1 else 15 + 100 * (slot - 1) + port


def _ae_id(name: str) -> int:
    return 63 + int(name[2:])


def _mac(device: Device, if_id: int) -> str:
    return f"{device.identity['mac-base']}:{if_id % 256:02x}"


@derived(lambda device: (device.running, frozenset(device.ports_down), device.identity.get("mac-base"),
                         tuple(device.identity.get("dedicated-ports", []))))
def interface_tables(device: Device) -> InterfaceTables:
    cfg = device.running
    zones = {
        member.text: zone.get("name")
        for zone in cfg.entries("vsys/entry[@name='vsys1']/zone")
        for member in zone.findall("network/*/member")
    }
    routers = {
        member.text: f"vr:{vr.get('name')}"
        for vr in cfg.entries("network/virtual-router")
        for member in vr.findall("interface/member")
    }
    ha_ports = {
        (cfg.text(f"deviceconfig/high-availability/interface/{link}/port") or ""): link
        for link in ("ha1", "ha1-backup", "ha2")
    }
    ha_address = {
        port: f"{cfg.text(f'deviceconfig/high-availability/interface/{link}/ip-address')}/"
        f"{_prefix_len(cfg.text(f'deviceconfig/high-availability/interface/{link}/netmask'))}"
        for port, link in ha_ports.items()
        if port and cfg.text(f"deviceconfig/high-availability/interface/{link}/ip-address")
    }
    unit_ids = iter(range(FIRST_UNIT_ID, 10_000))

    def units(parent) -> list[LogicalInterface]:
        """A port's subinterfaces (layer3 or layer2), or a vlan/loopback/tunnel interface's units."""
        return [logical(unit.get("name"), next(unit_ids), unit, int(unit.findtext("tag", "0")))
                for unit in parent.findall("layer3/units/entry") + parent.findall("layer2/units/entry")
                + parent.findall("units/entry")]

    def logical(name, if_id, node, tag=0):
        addresses = tuple(e.get("name") for e in node.findall("ip/entry")) if node is not None else ()
        return LogicalInterface(
            name, if_id, 1, zones.get(name, ""), routers.get(name, "N/A"), tag, addresses or ("N/A",)
        )

    hardware, logical_rows, aggregates = [], [], {}
    for eth in cfg.entries("network/interface/ethernet"):
        name, if_id = eth.get("name"), _ethernet_id(eth.get("name"))
        group = eth.findtext("aggregate-group")
        configured = group or len(eth)
        if port_down(device, name):
            link = "ukn/ukn/down/ukn"
        else:
            link = "1000/full/up/auto" if configured else "ukn/ukn/down(autoneg)/ukn"
        hardware.append(HardwareInterface(name, if_id, link, _mac(device, if_id)))
        if group:
            aggregates.setdefault(group, []).append(name)
            continue
        logical_rows.append(logical(name, if_id, eth.find("layer3")))
        logical_rows += units(eth)
    for ae in cfg.entries("network/interface/aggregate-ethernet"):
        name, if_id = ae.get("name"), _ae_id(ae.get("name"))
        hardware.append(HardwareInterface(name, if_id, VIRTUAL_SPEED, _mac(device, if_id)))
        logical_rows.append(logical(name, if_id, ae.find("layer3")))
        logical_rows += units(ae)
    dedicated = device.identity.get("dedicated-ports", [])
    for port in dedicated:
        hardware.append(HardwareInterface(port, FIXED_IDS[port], DEDICATED_SPEED[port], _mac(device, 0xF0 + FIXED_IDS[port])))
    for name in ("vlan", "loopback", "tunnel"):
        hardware.append(HardwareInterface(name, FIXED_IDS[name], VIRTUAL_SPEED, _mac(device, FIXED_IDS[name])))
    # the fixed ports follow, in PAN-OS's order; HA ports only when HA uses them
    for name in ("ha1-a", "ha1-b", "vlan", "loopback", "tunnel", "hsci"):
        if name in ("vlan", "loopback", "tunnel"):
            logical_rows.append(LogicalInterface(name, FIXED_IDS[name], 1, "", "N/A", 0, ("N/A",)))
            base = cfg.find(f"network/interface/{name}")
            logical_rows += units(base) if base is not None else []
        elif name in dedicated and name in ha_ports:
            logical_rows.append(LogicalInterface(name, FIXED_IDS[name], 0, "", "ha", 0, (ha_address.get(name, "N/A"),)))
    hardware.sort(key=_hardware_order)
    return InterfaceTables(tuple(hardware), MappingProxyType({ae: tuple(ports) for ae, ports in aggregates.items()}),
                           tuple(logical_rows))


def _hardware_order(hw: HardwareInterface) -> tuple:
    order = ["ethernet", "ae", "ha1-a", "ha1-b", "vlan", "loopback", "tunnel", "hsci"]
    kind = "ethernet" if hw.name.startswith("ethernet") else "ae" if hw.name.startswith("ae") else hw.name
    return (order.index(kind), hw.id)


def _prefix_len(netmask: str | None) -> int:
    if not netmask:
        return 32
    return sum(bin(int(octet)).count("1") for octet in netmask.split("."))


# -- LACP on aggregate groups ---------------------------------------------------------------

LACP_PRIORITY = 32768  # PAN-OS's default system and port priority
LACP_PERIOD = {"fast": 1, "slow": 30}  # seconds between LACPDUs


@dataclass
class LacpMember:
    name: str
    port: int  # the port's interface id
    priority: int
    bundled: bool
    rx_state: str
    partner_port: int


@dataclass
class LacpGroup:
    name: str
    key: int  # the aggregate's interface id
    mode: str  # active|passive
    rate: str  # fast|slow
    max_ports: int
    fast_failover: bool
    pre_negotiation: bool
    priority: int
    mac: str
    partner_mac: str
    partner_key: int
    members: list[LacpMember]
    lacpdus: int  # LACPDUs each way on a bundled member since boot

    @property
    def state(self) -> int:
        """The actor state octet: activity, short timeout, aggregation, sync, collecting, distributing."""
        return (self.mode == "active") | (self.rate == "fast") << 1 | 0x3C


def lacp_groups(device: Device, now) -> list[LacpGroup]:
    """The aggregate groups that run LACP, with their members' negotiation. The partner is the switch
    at the far end, outside the lab: its MAC, key and port numbers are derived from the names."""
    cfg = device.running
    negotiates = device.ha_state in (None, "active")
    seconds = max(0, int((now - (device.boot or now)).total_seconds()))
    groups = []
    for ae in cfg.entries("network/interface/aggregate-ethernet"):
        lacp = next((node for node in ae.findall("*/lacp") if node.findtext("enable") == "yes"), None)
        if lacp is None:
            continue
        name = ae.get("name")
        pre_negotiation = lacp.findtext("high-availability/passive-pre-negotiation") == "yes"
        members = []
        for eth in cfg.entries("network/interface/ethernet"):
            if eth.findtext("aggregate-group") != name:
                continue
            port = eth.get("name")
            up = not port_down(device, port)
            bundled = up and (negotiates or pre_negotiation)
            members.append(LacpMember(port, _ethernet_id(port), int(eth.findtext("lacp/port-priority", LACP_PRIORITY)),
                                      bundled, "Current" if bundled else "Defaulted" if up else "Port_disabled",
                                      zlib.crc32(f"{device.name}/{port}".encode()) % 1000 + 1))
        rate = lacp.findtext("transmission-rate", "slow")
        groups.append(LacpGroup(
            name, _ae_id(name), lacp.findtext("mode", "passive"), rate, int(lacp.findtext("max-ports", "8")),
            lacp.findtext("fast-failover") == "yes", pre_negotiation,
            int(lacp.findtext("system-priority", LACP_PRIORITY)), _mac(device, FIXED_IDS["vlan"]),
            "0a:00:00:" + ":".join(f"{b:02x}" for b in zlib.crc32(name.encode()).to_bytes(4, "big")[1:]),
            zlib.crc32(f"{device.name}/{name}".encode()) % 900 + 100, members,
            seconds // LACP_PERIOD[rate] + 1))
    return groups


# -- one interface, as `show interface NAME` reports it ---------------------------------------

MODES = ("layer3", "layer2", "virtual-wire", "tap", "ha", "decrypt-mirror", "aggregate-group")
PROFILE_SERVICES = ("ping", "telnet", "ssh", "http", "https", "snmp", "response-pages", "userid-service")
VIRTUAL_PORTS = ("vlan", "loopback", "tunnel")


@dataclass
class InterfaceDetail:
    port: HardwareInterface | None  # None for a subinterface or unit
    logical: LogicalInterface | None  # None for a port in an aggregate group
    configured: tuple[str, str, str]  # the config's link speed, duplex and state (auto unless set)
    mode: str  # layer3, layer2, ha, aggregate-group ...
    mtu: int
    profile: str | None  # the interface management profile
    services: dict[str, bool]  # what the profile permits
    adjust_mss: bool

    @property
    def physical(self) -> bool:
        """A port with hardware counters (not the vlan, loopback or tunnel interface)."""
        return self.port is not None and self.port.name not in VIRTUAL_PORTS


def interface_detail(device: Device, name: str) -> InterfaceDetail | None:
    """The interface called name (None if the device has none)."""
    tables = interface_tables(device)
    port = next((hw for hw in tables.hardware if hw.name == name), None)
    logical = next((row for row in tables.logical if row.name == name), None)
    if port is None and logical is None:
        return None
    cfg = device.running
    entry = cfg.find(f"network/interface//entry[@name='{name}']")
    if entry is not None and entry.getparent().tag == "units":
        kind = entry.getparent().getparent().tag
        mode, node = kind if kind in MODES else "layer3", entry
    else:
        mode = next((m for m in MODES if entry is not None and entry.find(m) is not None), "layer3")
        node = entry.find(mode) if entry is not None else None
    if logical is not None and logical.forwarding == "ha":
        mode = "ha"
    configured = tuple(_text(entry, f"link-{what}") or "auto" for what in ("speed", "duplex", "state"))
    profile = _text(node, "interface-management-profile")
    permits = cfg.find(f"network/profiles/interface-management-profile/entry[@name='{profile}']") if profile else None
    services = {s: _text(permits, s) == "yes" for s in PROFILE_SERVICES}
    return InterfaceDetail(port, logical, configured, mode, int(_text(node, "mtu", "1500")), profile, services,
                           _text(node, "adjust-tcp-mss/enable") == "yes")


def _text(node, path: str, default: str | None = None) -> str | None:
    return node.findtext(path, default) if node is not None else default
