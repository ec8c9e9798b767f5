"""Link and path monitoring: when a member's own network has failed it, it goes non-functional.

A link group fails when any (or all, per its failure condition) of its ports are down (a pulled
cable, or `link-state down` in the configuration). A path
group (`path-group virtual-router|vlan|virtual-wire NAME`) fails when any (or all) of its
destination IP groups fail, and a destination IP group when any (or all) of its destination
addresses stop answering pings. The device fails on any (or all) failed groups of a kind.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..device import HA_PATH, Device
from ..interfaces import port_down

MONITORING = "group/monitoring"
PATH_KINDS = ("virtual-wire", "vlan", "virtual-router")


def _failed(results: list[bool], condition: str) -> bool:
    return bool(results) and (all(results) if condition == "all" else any(results))


def _enabled(element) -> bool:
    return element.findtext("enabled", "yes") == "yes"


def link_monitor_failed(device: Device) -> bool:
    base = f"{MONITORING}/link-monitoring"
    if device.ha_setting(f"{base}/enabled", "no") != "yes":
        return False
    failed = []
    for group in device.running.entries(f"{HA_PATH}/{base}/link-group"):
        down = [port_down(device, m.text) for m in group.findall("interface/member")]
        if _enabled(group) and down:
            failed.append(_failed(down, group.findtext("failure-condition", "any")))
    return _failed(failed, device.ha_setting(f"{base}/failure-condition", "any"))


@dataclass
class PathGroup:
    kind: str  # virtual-router, vlan or virtual-wire
    name: str  # the virtual router (VLAN, virtual wire) it watches
    enabled: bool
    ping_interval: int  # ms
    ping_count: int  # failed pings that make a destination down
    destinations: list[tuple[str, str, bool]]  # (destination IP group, address, answering), enabled ones only
    failed: bool


def path_groups(device: Device) -> list[PathGroup]:
    """The configured path groups, with each destination's state and whether the group failed."""
    groups = []
    for kind in PATH_KINDS:
        for entry in device.running.entries(f"{HA_PATH}/{MONITORING}/path-monitoring/path-group/{kind}"):
            destinations, failed_ip_groups = [], []
            for ip_group in entry.findall("destination-ip-group/entry"):
                if not _enabled(ip_group):
                    continue
                ips = [m.text for m in ip_group.findall("destination-ip/member")]
                destinations += [(ip_group.get("name"), ip, ip not in device.paths_down) for ip in ips]
                failed_ip_groups.append(_failed([ip in device.paths_down for ip in ips],
                                                ip_group.findtext("failure-condition", "any")))
            enabled = _enabled(entry)
            groups.append(PathGroup(kind, entry.get("name"), enabled, int(entry.findtext("ping-interval", "200")),
                                    int(entry.findtext("ping-count", "10")), destinations,
                                    enabled and _failed(failed_ip_groups, entry.findtext("failure-condition", "any"))))
    return groups


def path_monitor_failed(device: Device) -> bool:
    base = f"{MONITORING}/path-monitoring"
    if device.ha_setting(f"{base}/enabled", "no") != "yes":
        return False
    failed = [g.failed for g in path_groups(device) if g.enabled and g.destinations]
    return _failed(failed, device.ha_setting(f"{base}/failure-condition", "any"))


def monitor_failure(device: Device) -> str | None:
    """`Link` or `Path` when that monitoring has failed the device (link first), else None."""
    if link_monitor_failed(device):
        return "Link"
    if path_monitor_failed(device):
        return "Path"
    return None
