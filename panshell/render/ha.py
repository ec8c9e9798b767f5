"""`show high-availability ...` in PAN-OS's layout (two spaces per level).

`all` and `state` follow the ntc-templates fixture and a published capture, and
`path-monitoring` its fixture; `transitions`, `control-link statistics`,
`link-monitoring`, `interface` and the path groups under `all` have no public
sample and are laid out in the same style (inferred).
"""
from __future__ import annotations

import zlib
from datetime import datetime

from lxml import etree

from ..backend.device import HA_PATH, Device
from ..backend.ha.config_sync import running_sync_state
from ..backend.ha.monitor import MONITORING, path_groups
from ..backend.ha.election import MAX_FLAPS, flap_counts
from ..backend.ha.pair import HAPair, config_sync_enabled, state_sync_allowed
from ..backend.interfaces import interface_tables, port_down
from . import display, elapsed, local_time

ELECTION_TIMERS = [
    ("Promotion Hold Interval", "2000 ms"),
    ("Hello Message Interval", "8000 ms"),
    ("Heartbeat Ping Interval", "1000 ms"),
    ("Max # of Flaps", "3"),
    ("Preemption Hold Interval", "1 min"),
    ("Monitor Fail Hold Up Interval", "0 ms"),
    ("Addon Master Hold Up Interval", "500 ms"),
]
VERSIONS = [  # (label, identity key)
    ("Build Release", "sw-version"),
    ("URL Database", "url-filtering-version"),
    ("Application Content", "app-version"),
    ("Anti-Virus", "av-version"),
    ("Threat Content", "threat-version"),
]
COMPATIBILITY = [
    ("Software Version", "sw-version"),
    ("Application Content Compatibility", "app-version"),
    ("Anti-Virus Compatibility", "av-version"),
    ("Threat Content Compatibility", "threat-version"),
]
STATE_SYNC_MESSAGES = [("session", "sess"), ("runtime-state", "state")]  # (label, runtime counter kind)
LINK_SETTING = {"1000": "1Gb/s-full", "10000": "10Gb/s-full"}


def since(now: datetime, then: datetime | None) -> str:
    """`45 days`, `2 hours`, `9 seconds`: the largest whole unit."""
    seconds = elapsed(now, then)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        if seconds >= size or unit == "second":
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return ""


def _lines(rows: list[tuple[int, str]]) -> str:
    return "".join("  " * depth + text + "\n" for depth, text in rows)


def _prefix_len(netmask: str | None) -> int:
    return sum(bin(int(octet)).count("1") for octet in (netmask or "255.255.255.255").split("."))


def _jumbo(device: Device) -> str:
    jumbo = device.running.find("deviceconfig/setting/jumbo-frame")
    if jumbo is None:
        return "Jumbo-Frames disabled; MTU 1500"
    return f"Jumbo-Frames enabled; MTU {device.setting('deviceconfig/setting/jumbo-frame/mtu')}"


def _management(device: Device) -> str:
    system = "deviceconfig/system"
    address, netmask = device.running.value(f"{system}/ip-address", "unknown"), device.running.value(f"{system}/netmask")
    return f"{address}/{_prefix_len(netmask)}"


def _ports(device: Device) -> dict[str, object]:
    return {hw.name: hw for hw in interface_tables(device).hardware}


def _link(device: Device, link: str) -> tuple[str, str, object]:
    """(port, ip/len, hardware row) of an HA link."""
    base = f"interface/{link}"
    port = device.ha_setting(f"{base}/port", "")
    address = device.ha_setting(f"{base}/ip-address", "")
    ip = f"{address}/{_prefix_len(device.ha_setting(f'{base}/netmask'))}" if address else ""
    return port, ip, _ports(device).get(port)


def _state_line(device: Device, now: datetime) -> list[tuple[int, str]]:
    rows = [(2, f"State: {device.ha_state} (last {since(now, device.ha_since)})")]
    if device.ha_state in ("suspended", "non-functional"):
        rows.append((2, f"State Reason: {device.ha_reason}"))
    return rows


def _mode(device: Device) -> str:
    return "Active-Active" if device.running.find(f"{HA_PATH}/group/mode/active-active") is not None else "Active-Passive"


def _state_sync(pair: HAPair, device: Device) -> str:
    if device.ha_setting("group/state-synchronization/enabled") != "yes":
        return "Disabled"
    return "Complete" if state_sync_allowed(pair, device) else "Incomplete"


def _versions(device: Device, depth: int) -> list[tuple[int, str]]:
    rows = [(depth, "Version Information:")]
    rows += [(depth + 1, f"{label}: {device.identity.get(key, 'unknown')}") for label, key in VERSIONS]
    return rows + [(depth + 1, "VPN Client Software: Not Installed"), (depth + 1, "Global Protect Client Software: Not Installed")]


def _compatibility(device: Device, peer: Device) -> list[tuple[int, str]]:
    rows = [(2, "Version Compatibility:")]
    for label, key in COMPATIBILITY:
        same = device.identity.get(key) == peer.identity.get(key)
        rows.append((3, f"{label}: {'Match' if same else 'Mismatch'}"))
    return rows + [(3, "VPN Client Software Compatibility: Match"), (3, "Global Protect Client Software Compatibility: Match")]


def _election(device: Device, detailed: bool) -> list[tuple[int, str]]:
    rows = [(2, "Election Option Information:"), (3, f"Priority: {device.ha_priority}"),
            (3, f"Preemptive: {device.ha_setting('group/election-option/preemptive')}")]
    return rows + ([(3, f"{k}: {v}") for k, v in ELECTION_TIMERS] if detailed else [])


def _device_info(device: Device, with_model: bool = True) -> list[tuple[int, str]]:
    rows = [(2, "Device Information:")]
    if with_model:
        rows.append((3, f"Model: {device.identity['model']}"))
    return rows + [(3, f"Management IPv4 Address: {_management(device)}"), (3, "Management IPv6 Address: "),
                   (3, _jumbo(device))]


def _local_links(pair: HAPair, device: Device) -> list[tuple[int, str]]:
    rows = [(2, "HA1 Control Links Joint Configuration:"), (3, "Link Monitor Interval: 3000 ms"),
            (3, "Encryption Enabled: no")]
    for link, title in (("ha1", "HA1 Control Link Information:"), ("ha1-backup", "HA1 Backup Control Link Information:"),
                        ("ha2", "HA2 Data Link Information:")):
        port, ip, hw = _link(device, link)
        if not port:
            continue
        speed = hw.link.split("/")[0] if hw else "1000"
        state = "Up" if pair.link_up(link) else "Down"
        rows += [(2, title), (3, f"IP Address: {ip}"), (3, f"MAC Address: {hw.mac if hw else 'unknown'}"),
                 (3, f"Interface: {port}"), (3, f"Link State: {state}; Setting: {LINK_SETTING.get(speed, speed)}")]
        if link.startswith("ha1"):
            rows.append((3, "Key Imported : no"))
    return rows


def _peer(pair: HAPair, device: Device, now: datetime, detailed: bool) -> list[tuple[int, str]]:
    peer = pair.peer(device)
    if not pair.hears_peer(device):
        return [(1, "Peer Information:"), (2, "Connection status: down")]
    rows = [(1, "Peer Information:"), (2, "Connection status: up"), (2, "Version: 1"), (2, f"Mode: {_mode(peer)}")]
    rows += _state_line(peer, now) + _device_info(peer, with_model=detailed)
    primary = "Primary HA1 link" if pair.link_up("ha1") else "Backup HA1 link"
    if detailed:
        for link, title in (("ha1", "HA1 Control Link Information:"), ("ha2", "HA2 Data Link Information:")):
            _port, ip, hw = _link(peer, link)
            rows += [(2, title), (3, f"IP Address: {ip.split('/')[0]}"), (3, f"MAC Address: {hw.mac if hw else 'unknown'}")]
            if link == "ha1":
                rows.append((3, f"Connection up; {primary}"))
    else:
        ha2 = "up" if pair.link_up("ha2") else "down"
        rows += [(3, f"Connection up; {primary}"), (3, f"Keep-alive config off; status {ha2}; Primary HA2 Link"),
                 (4, "Monitor Hold inactive; Allow settling after failure")]
    rows += _election(peer, detailed=False)
    return rows + (_versions(peer, 2) if detailed else [])


def _link_monitoring(device: Device) -> list[tuple[int, str]]:
    base = MONITORING
    rows = [(1, "Link Monitoring Information:"),
            (2, f"Enabled: {device.ha_setting(f'{base}/link-monitoring/enabled', 'no')}"),
            (2, f"Failure condition: {device.ha_setting(f'{base}/link-monitoring/failure-condition', 'any')}")]
    groups = device.running.entries(f"{HA_PATH}/{base}/link-monitoring/link-group")
    for group in groups:
        rows += [(2, "Group " + group.get("name") + ":"), (3, f"Enabled: {group.findtext('enabled', 'yes')}"),
                 (3, f"Failure condition: {group.findtext('failure-condition', 'any')}")]
        rows += [(3, f"Interface {m.text}: {'down' if port_down(device, m.text) else 'up'}")
                 for m in group.findall("interface/member")]
    return rows


def _path_monitoring(device: Device) -> list[tuple[int, str]]:
    base = MONITORING
    rows = [(1, "Path Monitoring Information:"),
            (2, f"Enabled: {device.ha_setting(f'{base}/path-monitoring/enabled', 'no')}"),
            (2, f"Failure condition: {device.ha_setting(f'{base}/path-monitoring/failure-condition', 'any')}")]
    groups = path_groups(device)
    for kind, title in (("virtual-wire", "Virtual-Wire"), ("vlan", "VLAN"), ("virtual-router", "Virtual-Router")):
        rows.append((2, f"{title} Groups:"))
        mine = [g for g in groups if g.kind == kind]
        if not mine:
            rows.append((3, f"No {title} path monitoring groups"))
        for group in mine:  # inferred layout: no public sample lists a path group here
            rows += [(3, f"Group {group.name}:"), (4, f"Enabled: {'yes' if group.enabled else 'no'}"),
                     (4, f"Failed: {'yes' if group.failed else 'no'}")]
            rows += [(4, f"Destination {ip}: {'up' if answering else 'down'}") for _, ip, answering in group.destinations]
    return rows


def _config_sync(pair: HAPair, device: Device) -> list[tuple[int, str]]:
    enabled = device.ha_setting("group/configuration-synchronization/enabled")
    return [(1, "Configuration Synchronization:"), (2, f"Enabled: {enabled}"),
            (2, f"Running Configuration: {running_sync_state(pair, device)}")]


def _group_head(device: Device) -> list[tuple[int, str]]:
    group, mode = device.ha_setting("group/group-id"), _mode(device)
    return [(0, f"Group {group}: "), (1, f"Mode: {mode}"), (1, "Local Information:"),
            (2, "Version: 1"), (2, f"Mode: {mode}")]


def ha_all(pair: HAPair, device: Device) -> str:
    now, peer = pair.clock.now(), pair.peer(device)
    rows = _group_head(device) + _state_line(device, now) + _device_info(device) + _local_links(pair, device)
    rows += _election(device, detailed=True)
    rows += [(2, "Active-Passive Mode:"),
             (3, f"Passive Link State: {device.ha_setting('group/mode/active-passive/passive-link-state')}"),
             (3, "Monitor Fail Hold Down Interval: 1 min")]
    rows += _versions(device, 2) + _compatibility(device, peer)
    rows += [(2, f"State Synchronization: {_state_sync(pair, device)}; type: ethernet")]
    rows += _peer(pair, device, now, detailed=True)
    rows += [(1, "Initial Monitor Hold inactive; Allow Network/Links to Settle:"),
             (2, "Link and path monitoring failures honored")]
    rows += _link_monitoring(device) + _path_monitoring(device) + _config_sync(pair, device)
    return display(_lines(rows))


def ha_state(pair: HAPair, device: Device) -> str:
    now, peer = pair.clock.now(), pair.peer(device)
    rows = _group_head(device) + _state_line(device, now) + _device_info(device, with_model=False)
    rows += [(2, "HA1 Control Links Joint Configuration:"), (3, "Encryption Enabled: no")]
    rows += _election(device, detailed=False) + _compatibility(device, peer)
    rows += [(2, f"State Synchronization: {_state_sync(pair, device)}; type: ethernet")]
    rows += _peer(pair, device, now, detailed=False) + _config_sync(pair, device)
    return display(_lines(rows))


def link_monitoring(device: Device) -> str:
    return display(_lines([(depth - 1, text) for depth, text in _link_monitoring(device)]))


def _rtt(ip: str) -> str:
    """A steady round trip per destination: min/max/avg in ms."""
    low = 1 + zlib.crc32(ip.encode()) % 400 / 100
    return f"{low:.2f}/{low * 1.15:.2f}/{low * 1.07:.2f}"


def path_monitoring(device: Device) -> str:
    rule = "-" * 80
    rows = []
    for group in path_groups(device):
        for ip_group, ip, answering in group.destinations:
            ok = group.ping_count if answering else 0
            rtt = _rtt(ip) if answering else "0.00/0.00/0.00"
            name = f"{ip_group}/{group.name}/{group.kind}"
            rows.append(f"{name:<25} {ip:<16}{f'{ok}/{group.ping_count}':<10}{rtt:<20}"
                        f"{f'{group.ping_count}/{group.ping_interval}':<11}")
    return "\n".join([
        rule, f"{'total paths monitored :':<48}{len(rows)}", f"{'hold time to send probe packets :':<48}1000 ms",
        "  (after device becomes active)", rule,
        "grp/name/type             destination     suc/total rtt min/max/avg (ms) probe cnt/interval(ms)", rule,
        *rows, *([rule] if rows else []),
    ]) + "\n"


def transitions(device: Device) -> str:
    rows = [(0, f"Group {device.ha_setting('group/group-id')}: "), (1, "Transitions:"),
            (2, f"{'Time':<21}{'From':<16}{'To':<16}Reason")]
    for when, old, new, reason in device.ha_transitions:
        stamp = local_time(datetime.fromisoformat(when), device.timezone)
        rows.append((2, f"{stamp:%Y/%m/%d %H:%M:%S}  {old:<16}{new:<16}{reason}"))
    return display(_lines(rows))


def flap_statistics(device: Device) -> str:
    """The layout is transcribed from a published capture whose indentation was lost (two spaces
    per level, as the other HA views)."""
    preemptions, failures = flap_counts(device)
    rows = [(0, f"Group {device.ha_setting('group/group-id')}: "), (1, f"Mode: {_mode(device)}"),
            (1, "Flap Statistics:"), (2, f"Preemptions since flap counter reset : {preemptions}"),
            (2, f"Non-functional states since flap counter reset : {failures}"),
            (2, f"Maximum flaps allowed before suspending device : {MAX_FLAPS}")]
    return display(_lines(rows))


def virtual_address(device: Device) -> str:
    """No public sample of this command's text exists; the XML API answers
    `group/virtual-address/number-of-addresses`, so this shows that count, per group (inferred
    layout). Virtual addresses are an active/active setting; an active/passive pair has none."""
    addresses = device.running.findall(f"{HA_PATH}/group/mode/active-active/virtual-address/entry/ip/entry")
    rows = [(0, f"Group {device.ha_setting('group/group-id')}: "), (1, f"Mode: {_mode(device)}"),
            (1, f"Number of addresses: {len(addresses)}")]
    return display(_lines(rows))


def control_link_statistics(pair: HAPair, device: Device) -> str:
    """Hellos every 8 s and heartbeats every 1 s since the later of the two boots, while HA1 is up."""
    up = pair.control_link_up()
    seconds = elapsed(pair.clock.now(), max(d.boot for d in pair.members)) if up else 0
    rows = [(0, "Control Link Statistics:"), (1, f"HA1 {'Active' if pair.link_up('ha1') else 'Backup'}:"),
            (2, f"Hello sent: {seconds // 8 + 1}"), (2, f"Hello received: {seconds // 8 + 1 if up else 0}"),
            (2, f"Heartbeat sent: {seconds + 1}"), (2, f"Heartbeat received: {seconds + 1 if up else 0}"),
            (2, "Hello failures: 0"), (2, f"Connection status: {'up' if up else 'down'}")]
    return display(_lines(rows))


def interface(pair: HAPair, device: Device, link: str) -> str:
    port, ip, hw = _link(device, link)
    if hw is None:
        return display(f"{link} is not configured")
    rule = "-" * 79
    speed = hw.link.split("/")[0]
    state = "up" if pair.link_up(link) else "down"
    return "\n".join(["", "", rule, f"Name: {port}, ID: {hw.id}", "Link status:",
                      f"  Runtime link speed/duplex/state: {speed}/full/{state}",
                      "  Configured link speed/duplex/state: auto/auto/auto", "MAC address:",
                      f"  Port MAC address {hw.mac}", f"Operation mode: ha ({link.upper()})",
                      f"IP address: {ip}", rule, ""]) + "\n"


def state_synchronization(pair: HAPair, device: Device, counters: dict[str, int]) -> str:
    """HA2 message counts (inferred layout; the XML API reports desc/sent/recv per message type)."""
    rows = [(0, f"Group {device.ha_setting('group/group-id')}: "),
            (1, f"State Synchronization: {_state_sync(pair, device)}; type: ethernet"), (1, "Messages:"),
            (2, f"{'Description':<24}{'Sent':>12}{'Received':>12}")]
    for label, kind in STATE_SYNC_MESSAGES:
        rows.append((2, f"{label:<24}{counters[f'ha_{kind}_sync_sent']:>12}{counters[f'ha_{kind}_sync_recv']:>12}"))
    return display(_lines(rows))


# -- `show high-availability all|state` as the XML API answers it ---------------------------
#
# The tags are those of published captures (PA-5060 on 7.1, PA-VM on 8.1, PA-5250 on 9.1) with
# the names 10.2 uses where they differ (`failure-condition`, `virtual-wire`, `virtual-router`,
# from a 10.2 capture's field list). PAN-OS's own misspelling `conn-ka-enbled` is kept. A
# path-monitoring group's entry has no public firewall sample: its shape (`dest-ip/entry` with
# `addr` and `status`) follows Panorama's.

def _sub(parent, tag: str, text: str | None = None):
    element = etree.SubElement(parent, tag)
    element.text = text
    return element


def _last_error(device: Device) -> tuple[str, str] | None:
    """The last suspended or non-functional state the device entered, and why."""
    errors = [(new, reason) for _, _, new, reason in device.ha_transitions if new in ("suspended", "non-functional")]
    return errors[-1] if errors else None


def _member_xml(info, pair: HAPair, member: Device, peer: Device, now: datetime, local: bool) -> None:
    _sub(info, "version", "1")
    _sub(info, "state", member.ha_state or "unknown")
    _sub(info, "state-duration", str(elapsed(now, member.ha_since)))
    _sub(info, "mgmt-ip", _management(member))
    _sub(info, "mgmt-ipv6")
    _sub(info, "preemptive", member.ha_setting("group/election-option/preemptive"))
    _sub(info, "mode", _mode(member))
    _sub(info, "platform-model", member.identity["model"])
    _sub(info, "priority", str(member.ha_priority))
    for tag, key in (("build-rel", "sw-version"), ("url-version", "url-filtering-version"),
                     ("app-version", "app-version"), ("av-version", "av-version"), ("threat-version", "threat-version")):
        _sub(info, tag, member.identity.get(key, "unknown"))
    _sub(info, "vpnclient-version", "Not Installed")
    _sub(info, "gpclient-version", "Not Installed")
    for link in ("ha1", "ha1-backup", "ha2"):
        port, ip, hw = _link(member, link)
        if not port:
            continue
        _sub(info, f"{link}-ipaddr", ip if local else ip.split("/")[0])
        _sub(info, f"{link}-macaddr", hw.mac if hw else "00:00:00:00:00:00")
        if local:
            _sub(info, f"{link}-port", port)
    error = _last_error(member)
    if error:
        _sub(info, "last-error-state", error[0])
        _sub(info, "last-error-reason", error[1])
    if not local:
        return
    for tag, key in (("build-compat", "sw-version"), ("url-compat", "url-filtering-version"),
                     ("app-compat", "app-version"), ("av-compat", "av-version"), ("threat-compat", "threat-version")):
        _sub(info, tag, "Match" if member.identity.get(key) == peer.identity.get(key) else "Mismatch")
    _sub(info, "vpnclient-compat", "Match")
    _sub(info, "gpclient-compat", "Match")
    preemptions, failures = flap_counts(member)
    for tag, text in (("ha1-encrypt-enable", "no"), ("ha1-encrypt-imported", "no"), ("ha1-link-mon-intv", "3000"),
                      ("state-sync", _state_sync(pair, member)), ("state-sync-type", "ethernet"),
                      ("promotion-hold", "2000"), ("hello-interval", "8000"), ("heartbeat-interval", "1000"),
                      ("preempt-hold", "1"), ("monitor-fail-holdup", "0"), ("addon-master-holdup", "500"),
                      ("max-flaps", str(MAX_FLAPS)), ("preempt-flap-cnt", str(preemptions)),
                      ("nonfunc-flap-cnt", str(failures))):
        _sub(info, tag, text)
    active_passive = _sub(info, "active-passive")
    _sub(active_passive, "passive-link-state", member.ha_setting("group/mode/active-passive/passive-link-state"))
    _sub(active_passive, "monitor-fail-holddown", "1")


def _connections_xml(info, pair: HAPair) -> None:
    ha1 = _sub(info, "conn-ha1")
    _sub(ha1, "conn-status", "up" if pair.control_link_up() else "down")
    _sub(ha1, "conn-primary", "yes" if pair.link_up("ha1") else "no")
    _sub(ha1, "conn-desc", "heartbeat status")
    if _link(pair.members[0], "ha1-backup")[0]:
        backup = _sub(info, "conn-ha1-backup")
        _sub(backup, "conn-status", "up" if pair.link_up("ha1-backup") else "down")
        _sub(backup, "conn-desc", "heartbeat status")
    ha2 = _sub(info, "conn-ha2")
    _sub(ha2, "conn-status", "up" if pair.link_up("ha2") else "down")
    _sub(ha2, "conn-ka-enbled", "no")
    _sub(ha2, "conn-primary", "yes")
    _sub(ha2, "conn-desc", "link status")


def _monitoring_xml(group, device: Device) -> None:
    base = f"{MONITORING}/link-monitoring"
    links = _sub(group, "link-monitoring")
    _sub(links, "enabled", device.ha_setting(f"{base}/enabled", "no"))
    _sub(links, "failure-condition", device.ha_setting(f"{base}/failure-condition", "any"))
    groups = _sub(links, "groups")
    for entry in device.running.entries(f"{HA_PATH}/{base}/link-group"):
        row = _sub(groups, "entry")
        _sub(row, "name", entry.get("name"))
        _sub(row, "enabled", entry.findtext("enabled", "yes"))
        _sub(row, "failure-condition", entry.findtext("failure-condition", "any"))
        ports = _sub(row, "interface")
        for member in entry.findall("interface/member"):
            port = _sub(ports, "entry")
            _sub(port, "name", member.text)
            _sub(port, "status", "down" if port_down(device, member.text) else "up")
    base = f"{MONITORING}/path-monitoring"
    paths = _sub(group, "path-monitoring")
    _sub(paths, "enabled", device.ha_setting(f"{base}/enabled", "no"))
    _sub(paths, "failure-condition", device.ha_setting(f"{base}/failure-condition", "any"))
    kinds = {kind: _sub(paths, kind) for kind in ("virtual-wire", "vlan", "virtual-router")}
    for path_group in path_groups(device):
        row = _sub(kinds[path_group.kind], "entry")
        _sub(row, "name", path_group.name)
        _sub(row, "enabled", "yes" if path_group.enabled else "no")
        _sub(row, "failed", "yes" if path_group.failed else "no")
        addresses = _sub(row, "dest-ip")
        for _ip_group, ip, answering in path_group.destinations:
            address = _sub(addresses, "entry")
            _sub(address, "addr", ip)
            _sub(address, "status", "up" if answering else "down")


def ha_xml(result, pair: HAPair | None, device: Device) -> None:
    """`<enabled>` and `<group>`; a device with HA off answers `<enabled>no</enabled>` and a
    bare `local-info` (as a published capture of one does)."""
    if pair is None or not device.ha_enabled:
        _sub(result, "enabled", "no")
        _sub(_sub(_sub(result, "group"), "local-info"), "ha1-encrypt-imported", "no")
        return
    now, peer = pair.clock.now(), pair.peer(device)
    _sub(result, "enabled", "yes")
    group = _sub(result, "group")
    _sub(group, "mode", _mode(device))
    _member_xml(_sub(group, "local-info"), pair, device, peer, now, local=True)
    info = _sub(group, "peer-info")
    if pair.hears_peer(device):
        _sub(info, "conn-status", "up")
        _member_xml(info, pair, peer, device, now, local=False)
    else:
        _sub(info, "conn-status", "down")
        _sub(info, "state", "unknown")
    _connections_xml(info, pair)
    _monitoring_xml(group, device)
    _sub(group, "running-sync", running_sync_state(pair, device))
    _sub(group, "running-sync-enabled", "yes" if config_sync_enabled(device) else "no")
