"""The interface tables a device reports, derived from its configuration."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

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


@dataclass
class HardwareInterface:
    name: str
    id: int
    link: str  # speed/duplex/state/fec
    mac: str


@dataclass
class LogicalInterface:
    name: str
    id: int
    vsys: int
    zone: str
    forwarding: str
    tag: int
    addresses: list[str] = field(default_factory=list)


@dataclass
class InterfaceTables:
    hardware: list[HardwareInterface]
    aggregates: dict[str, list[str]]  # ae name -> member ports
    logical: list[LogicalInterface]


def _ethernet_id(name: str) -> int:
    slot, port = map(int, re.fullmatch(r"ethernet(\d+)/(\d+)", name).groups())
    return 15 + port if slot == 1 else 15 + 100 * (slot - 1) + port


def _ae_id(name: str) -> int:
    return 63 + int(name[2:])


def _mac(device: Device, if_id: int) -> str:
    return f"{device.identity['mac-base']}:{if_id % 256:02x}"


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

    def logical(name, if_id, node, tag=0):
        addresses = [e.get("name") for e in node.findall("ip/entry")] if node is not None else []
        return LogicalInterface(
            name, if_id, 1, zones.get(name, ""), routers.get(name, "N/A"), tag, addresses or ["N/A"]
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
        layer3 = eth.find("layer3")
        logical_rows.append(logical(name, if_id, layer3))
        for unit in eth.findall("layer3/units/entry"):
            logical_rows.append(logical(unit.get("name"), next(unit_ids), unit, int(unit.findtext("tag", "0"))))
    for ae in cfg.entries("network/interface/aggregate-ethernet"):
        name, if_id = ae.get("name"), _ae_id(ae.get("name"))
        hardware.append(HardwareInterface(name, if_id, VIRTUAL_SPEED, _mac(device, if_id)))
        logical_rows.append(logical(name, if_id, ae.find("layer3")))
        for unit in ae.findall("layer3/units/entry"):
            logical_rows.append(logical(unit.get("name"), next(unit_ids), unit, int(unit.findtext("tag", "0"))))
    dedicated = device.identity.get("dedicated-ports", [])
    for port in dedicated:
        hardware.append(HardwareInterface(port, FIXED_IDS[port], DEDICATED_SPEED[port], _mac(device, 0xF0 + FIXED_IDS[port])))
    for name in ("vlan", "loopback", "tunnel"):
        hardware.append(HardwareInterface(name, FIXED_IDS[name], VIRTUAL_SPEED, _mac(device, FIXED_IDS[name])))
    # the fixed ports follow, in PAN-OS's order; HA ports only when HA uses them
    for name in ("ha1-a", "ha1-b", "vlan", "loopback", "tunnel", "hsci"):
        if name in ("vlan", "loopback", "tunnel"):
            logical_rows.append(LogicalInterface(name, FIXED_IDS[name], 1, "", "N/A", 0, ["N/A"]))
        elif name in dedicated and name in ha_ports:
            logical_rows.append(LogicalInterface(name, FIXED_IDS[name], 0, "", "ha", 0, [ha_address.get(name, "N/A")]))
    hardware.sort(key=_hardware_order)
    return InterfaceTables(hardware, aggregates, logical_rows)


def _hardware_order(hw: HardwareInterface) -> tuple:
    order = ["ethernet", "ae", "ha1-a", "ha1-b", "vlan", "loopback", "tunnel", "hsci"]
    kind = "ethernet" if hw.name.startswith("ethernet") else "ae" if hw.name.startswith("ae") else hw.name
    return (order.index(kind), hw.id)


def _prefix_len(netmask: str | None) -> int:
    if not netmask:
        return 32
    return sum(bin(int(octet)).count("1") for octet in netmask.split("."))
