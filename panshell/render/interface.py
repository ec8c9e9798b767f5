from datetime import datetime

from ..backend.device import Device
from ..backend.iftraffic import InterfaceTraffic, Traffic
from ..backend.interfaces import InterfaceDetail, InterfaceTables
from . import display, elapsed
from .system import link_local

RULE_79 = "-" * 79


def _hardware_lines(tables: InterfaceTables) -> list[str]:
    out = [f"{'name':<24}{'id':<6}{'speed/duplex/state/fec':<30}mac address", "-" * 80]
    out += [f"{hw.name:<24}{hw.id:<6}{hw.link:<30}{hw.mac}" for hw in tables.hardware]
    out += ["", f"aggregation groups: {len(tables.aggregates)}"]
    for group, members in tables.aggregates.items():
        out += [f"{group} members:", "  " + " ".join(members)]
    return out


def _logical_lines(tables: InterfaceTables, name_width: int) -> list[str]:
    """The rows; a second address goes on a line of its own at column 80."""
    out = []
    for row in tables.logical:
        first, *more = row.addresses
        out.append(f"{row.name:<{name_width}}{row.id:<6}{row.vsys:<5}{row.zone:<17}{row.forwarding:<25}{row.tag:<7}{first}")
        out += [" " * 80 + address for address in more]
    return out


LOGICAL_RULE = "------------------- ----- ---- ---------------- ------------------------ ------ ------------------"


def interface_all(tables: InterfaceTables) -> str:
    out = [f"total configured hardware interfaces: {len(tables.hardware)}", *_hardware_lines(tables)]
    out += ["", "", f"total configured logical interfaces: {len(tables.logical)}", ""]
    out.append(f"{'name':<26}{'id':<6}{'vsys':<5}{'zone':<17}{'forwarding':<25}{'tag':<7}address")
    out += ["", LOGICAL_RULE, *_logical_lines(tables, 26)]
    return display("\n".join(out))


def interface_hardware(tables: InterfaceTables) -> str:
    """`show interface hardware`: the first half of `show interface all`, with the blank line after
    the total that both ntc-templates fixtures have (those come from releases before the fec column)."""
    out = [f"total configured hardware interfaces: {len(tables.hardware)}", "", *_hardware_lines(tables)]
    return display("\n".join(out))


def interface_logical(tables: InterfaceTables) -> str:
    """`show interface logical`: the second half of `show interface all`, its name column 20 wide and
    no blank line under the header, as in ntc-templates' fixture."""
    out = [f"total configured logical interfaces: {len(tables.logical)}", ""]
    out.append(f"{'name':<20}{'id':<6}{'vsys':<5}{'zone':<17}{'forwarding':<25}{'tag':<7}address")
    out += [LOGICAL_RULE, *_logical_lines(tables, 20)]
    return display("\n".join(out))


RULE_80 = "-" * 80
LOGICAL_COUNTERS = (  # label -> the Traffic field it shows (None: a drop or attack the lab never sees)
    ("bytes received", "bytes_in"), ("bytes transmitted", "bytes_out"), ("packets received", "packets_in"),
    ("packets transmitted", "packets_out"), ("receive errors", None), ("packets dropped", None),
    ("packets dropped by flow state check", None), ("forwarding errors", None), ("no route", None),
    ("arp not found", None), ("neighbor not found", None), ("neighbor info pending", None), ("mac not found", None),
    ("packets routed to different zone", "zone_changes"), ("land attacks", None), ("ping-of-death attacks", None),
    ("teardrop attacks", None), ("ip spoof attacks", None), ("mac spoof attacks", None), ("ICMP fragment", None),
    ("layer2 encapsulated packets", None), ("layer2 decapsulated packets", None), ("tcp cps", None),
    ("udp cps", None), ("sctp cps", None), ("other cps", None),
)
HARDWARE_COUNTERS = LOGICAL_COUNTERS[:4] + (("receive errors", None), ("packets dropped", None))


def _counters(title: str, labels, traffic: Traffic | None) -> list[str]:
    rows = [f"{label:<41}{getattr(traffic, field) if traffic and field else 0}" for label, field in labels]
    return [title, RULE_80, *rows, RULE_80]


def interface_detail(detail: InterfaceDetail, traffic: InterfaceTraffic) -> str:
    """`show interface NAME`. The layout follows public transcriptions of PAN-OS's output (Palo Alto
    KB articles for a port and its counters, a vendor guide for a tunnel unit); their spacing is lost
    except in the logical counters, whose 41-column labels the hardware counters share (inferred)."""
    port, logical = detail.port, detail.logical
    lines = [RULE_80]
    if port is not None:
        speed, duplex, state = port.speed_duplex_state
        lines += [f"Name: {port.name}, ID: {port.id}", "Link status:",
                  f"  Runtime link speed/duplex/state: {speed}/{duplex}/{state.split('(')[0]}",
                  f"  Configured link speed/duplex/state: {'/'.join(detail.configured)}",
                  "MAC address:", f"  Port MAC address {port.mac}", f"Operation mode: {detail.mode}"]
        if detail.mode == "layer3" and port.name.startswith("ethernet"):
            lines.append("Untagged sub-interface support: no")
        lines.append(RULE_80)
    if logical is not None:
        lines += [f"Name: {logical.name}, ID: {logical.id}", f"Operation mode: {detail.mode}"]
        if logical.forwarding.startswith("vr:"):
            lines.append(f"Virtual router {logical.forwarding[3:]}")
        if detail.mode == "layer3":
            addresses = [a for a in logical.addresses if a != "N/A"]
            lines.append(f"Interface MTU {detail.mtu}")
            lines += [f"Interface IP address: {address}" for address in addresses] or ["Interface IP address:"]
            lines.append(f"Interface management profile: {detail.profile or 'N/A'}")
            if detail.profile:
                allowed = {s: "yes" if on else "no" for s, on in detail.services.items()}
                lines.append("  " + "  ".join(f"{s}: {allowed[s]}" for s in ("ping", "telnet", "ssh", "http", "https")))
                lines.append("  " + "  ".join(f"{s}: {allowed[s]}" for s in ("snmp", "response-pages", "userid-service")))
            lines.append("Service configured:")
        if logical.zone:
            lines.append(f"Zone: {logical.zone}, virtual system: vsys{logical.vsys}")
        if detail.mode == "layer3":
            lines += [f"Adjust TCP MSS: {'yes' if detail.adjust_mss else 'no'}", "Policing: no"]
        lines.append(RULE_80)
    if detail.physical:
        lines += ["", RULE_80, *_counters("Hardware interface counters read from CPU:", HARDWARE_COUNTERS,
                                          traffic.ports.get(port.name))]
    if logical is not None:
        lines += _counters("Logical interface counters read from CPU:", LOGICAL_COUNTERS,
                           traffic.logical.get(logical.name))
    return display("\n".join(lines))


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
