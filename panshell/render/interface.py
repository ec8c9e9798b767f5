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


def interface_management(device: Device, now: datetime) -> str:
    cfg = device.running
    mac = device.identity["management-mac"]
    # deterministic traffic that grows with uptime
    seconds = elapsed(now, device.boot)
    packets_in, packets_out = 70 + 3 * seconds, 87 + 3 * seconds
    counters = [
        ("bytes received", 22686 + 310 * seconds),
        ("bytes transmitted", 15526 + 420 * seconds),
        ("packets received", packets_in),
        ("packets transmitted", packets_out),
        ("receive errors", 0),
        ("transmit errors", 0),
        ("receive packets dropped", 0),
        ("transmit packets dropped", 0),
        ("multicast packets received", 0),
    ]
    lines = [
        "",
        "",
        RULE_79,
        "Name: Management Interface",
        "Link status:",
        "  Runtime link speed/duplex/state: 1000/full/up",
        "  Configured link speed/duplex/state: auto/auto/auto",
        "MAC address:",
        f"  Port MAC address {mac}",
        "",
        f"Ip address: {cfg.text('deviceconfig/system/ip-address', 'unknown')}",
        f"Netmask: {cfg.text('deviceconfig/system/netmask', 'unknown')}",
        f"Default gateway: {cfg.text('deviceconfig/system/default-gateway', '')}",
        "Ipv6 address: unknown",
        f"Ipv6 link local address: {link_local(mac)}",
        "Ipv6 default gateway:",
        RULE_79,
        "",
        "",
        RULE_79,
        "Logical interface counters:",
        RULE_79,
        *(f"{name:<34}{value}" for name, value in counters),
        RULE_79,
        "",
    ]
    return "\n".join(lines) + "\n"
