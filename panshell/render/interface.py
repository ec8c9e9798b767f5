from datetime import datetime

from ..backend.device import Device
from ..backend.interfaces import InterfaceTables
from . import display, elapsed
from .system import link_local

RULE_79 = "-" * 79


def interface_all(tables: InterfaceTables) -> str:
    out = [f"total configured hardware interfaces: {len(tables.hardware)}"]
    out.append(f"{'name':<24}{'id':<6}{'speed/duplex/state/fec':<30}mac address")
    out.append("-" * 80)
    out += [f"{hw.name:<24}{hw.id:<6}{hw.link:<30}{hw.mac}" for hw in tables.hardware]
    out += ["", f"aggregation groups: {len(tables.aggregates)}"]
    for group, members in tables.aggregates.items():
        out += [f"{group} members:", "  " + " ".join(members)]
    out += ["", "", f"total configured logical interfaces: {len(tables.logical)}", ""]
    out.append(f"{'name':<26}{'id':<6}{'vsys':<5}{'zone':<17}{'forwarding':<25}{'tag':<7}address")
    out.append("")
    out.append("------------------- ----- ---- ---------------- ------------------------ ------ ------------------")
    for row in tables.logical:
        first, *more = row.addresses
        out.append(
            f"{row.name:<26}{row.id:<6}{row.vsys:<5}{row.zone:<17}{row.forwarding:<25}{row.tag:<7}{first}"
        )
        out += [" " * 80 + address for address in more]
    return display("\n".join(out))


def management_facts(device: Device, now: datetime) -> tuple[dict[str, str], list[tuple[str, str, int]]]:
    """The management port: its settings by XML tag (`result/info`, the names clients read),
    and its counters as (label, XML tag, value). Of the counters' tags only `tx-packets` is
    seen in a client's test against a real device; the others follow it (inferred)."""
    cfg = device.running
    mac = device.identity["management-mac"]
    info = {"name": "Management Interface", "state": "up", "state_c": "auto", "speed": "1000", "speed_c": "auto",
            "duplex": "full", "duplex_c": "auto", "hwaddr": mac,
            "ip": cfg.text("deviceconfig/system/ip-address", "unknown"),
            "netmask": cfg.text("deviceconfig/system/netmask", "unknown"),
            "gw": cfg.text("deviceconfig/system/default-gateway", ""),
            "ipv6": "unknown", "ipv6ll": link_local(mac), "ipv6gw": ""}
    seconds = elapsed(now, device.boot)  # deterministic traffic that grows with uptime
    counters = [
        ("bytes received", "rx-bytes", 22686 + 310 * seconds),
        ("bytes transmitted", "tx-bytes", 15526 + 420 * seconds),
        ("packets received", "rx-packets", 70 + 3 * seconds),
        ("packets transmitted", "tx-packets", 87 + 3 * seconds),
        ("receive errors", "rx-errors", 0),
        ("transmit errors", "tx-errors", 0),
        ("receive packets dropped", "rx-dropped", 0),
        ("transmit packets dropped", "tx-dropped", 0),
        ("multicast packets received", "rx-multicast", 0),
    ]
    return info, counters


def interface_management(info: dict[str, str], counters: list[tuple[str, str, int]]) -> str:
    lines = [
        "",
        "",
        RULE_79,
        f"Name: {info['name']}",
        "Link status:",
        f"  Runtime link speed/duplex/state: {info['speed']}/{info['duplex']}/{info['state']}",
        f"  Configured link speed/duplex/state: {info['speed_c']}/{info['duplex_c']}/{info['state_c']}",
        "MAC address:",
        f"  Port MAC address {info['hwaddr']}",
        "",
        f"Ip address: {info['ip']}",
        f"Netmask: {info['netmask']}",
        f"Default gateway: {info['gw']}",
        f"Ipv6 address: {info['ipv6']}",
        f"Ipv6 link local address: {info['ipv6ll']}",
        "Ipv6 default gateway:",
        RULE_79,
        "",
        "",
        RULE_79,
        "Logical interface counters:",
        RULE_79,
        *(f"{label:<34}{value}" for label, _tag, value in counters),
        RULE_79,
        "",
    ]
    return "\n".join(lines) + "\n"
