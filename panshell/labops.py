"""panshell's lab controls (`panshell lab status|fault|import-config|reset|check`) acting on an open lab:
the holder runs them for a client of its control socket, or a process that opened the lab
itself runs them and exits."""
from __future__ import annotations

import base64
import os
from pathlib import Path

from .backend.config import ConfigError, PanConfig
from .backend.ha import faults
from .backend.ha.config_sync import running_sync_state
from .backend.ha.pair import LINKS, state_sync_allowed
from .backend.lab import Lab
from .backend.operations import import_config
from .hub import Hub
from .render import elapsed
from .scenario import ScenarioError
from .scenario import check as check_goals
from .scenario import ephemeral as scenario_lab
from .scenario import load as load_scenario

RECENT_JOBS = 3


class LabOpError(Exception):
    """A lab control that cannot be done; the message says why."""


def status(lab: Lab, hub: Hub | None) -> dict:
    """Both devices at a glance (`panshell lab status`, and its `--json`)."""
    pair = lab.pair
    devices = {}
    for device in lab.devices.values():
        in_pair = pair is not None and device in pair.members
        devices[device.name] = {
            "hostname": device.hostname,
            "power": "on" if device.powered else "off",
            "uptime-seconds": elapsed(lab.clock.now(), device.boot) if device.powered else None,
            "ha": {
                "state": device.ha_state if device.powered else None,
                "since": device.ha_since and device.ha_since.isoformat(),
                "for-seconds": elapsed(lab.clock.now(), device.ha_since),
                "reason": device.ha_reason,
                "priority": device.ha_priority,
                "preemptive": device.ha_setting("group/election-option/preemptive"),
            },
            "config-sync": running_sync_state(pair, device) if in_pair else None,
            "state-sync": ("complete" if state_sync_allowed(pair, device) else "incomplete") if in_pair else None,
            "ports-down": sorted(device.ports_down),
            "paths-down": sorted(device.paths_down),
            "pending-changes": device.has_changes,
            "locks": {kind: lock.admin for kind, lock in device.locks.items()},
            "jobs": [{"id": j.id, "type": j.type, "status": j.status, "result": j.result, "completed": j.completed}
                     for j in device.jobs.jobs[-RECENT_JOBS:][::-1]],
            "sessions": [{"user": s.user, "via": s.via} for s in (hub.sessions if hub else []) if s.device is device],
        }
    return {
        "lab": str(lab.directory) if lab.directory else None,
        "holder": os.getpid() if hub is not None else None,
        "clock": lab.clock.now().isoformat(),
        "links": {name: ("up" if pair.link_up(name) else "down") for name in LINKS} if pair else {},
        "cables": {name: ("in" if plugged else "pulled") for name, plugged in pair.cables.items()} if pair else {},
        "devices": devices,
    }


def fault(lab: Lab, hub: Hub | None, words: list[str]) -> str:
    """Apply a fault (faults.FaultError says why not); sessions on a device it powered off end."""
    if lab.pair is None:
        raise LabOpError("this lab has no HA pair to break")
    result = faults.apply(lab.pair, faults.parse(words, [d.name for d in lab.pair.members]))
    lab.persist()
    if hub is not None:
        hub.end_dark()
    return result


def import_device_config(lab: Lab, device_name: str, data: bytes) -> str:
    """An exported PAN-OS config becomes a device's running config; returns its hostname."""
    device = lab.devices.get(device_name)
    if device is None:
        raise LabOpError(f"lab has no device {device_name} (devices: {', '.join(lab.devices)})")
    try:
        config = PanConfig.from_bytes(data)
    except ConfigError as exc:
        raise LabOpError(f"{exc}; nothing was changed") from None
    import_config(lab, device, config)
    lab.persist()
    return device.hostname


def reset(lab: Lab, path: str) -> str:
    """The lab becomes a fresh pair broken as the scenario says; sessions see it at their next command."""
    scenario = load_scenario(Path(path))
    lab.reset_to(scenario_lab(scenario, lab.clock), str(scenario.path))
    return f"lab reset to scenario {scenario.name}: {scenario.title}"


def request(lab: Lab, hub: Hub | None, hello: dict) -> dict:
    """A control-socket request: {"op": ...} in; out {"status": 0 or 2, "output": text},
    or for `status` {"status": 0, "data": the status}."""
    try:
        if hello["op"] == "status":
            return {"status": 0, "data": status(lab, hub)}
        if hello["op"] == "fault":
            return {"status": 0, "output": fault(lab, hub, hello["words"])}
        if hello["op"] == "import-config":
            hostname = import_device_config(lab, hello["device"], base64.b64decode(hello["data"]))
            return {"status": 0, "output": hostname}
        if hello["op"] == "reset":
            return {"status": 0, "output": reset(lab, hello["scenario"])}
        if hello["op"] == "check":
            return {"status": 0, "data": check_goals(lab)}
    except (faults.FaultError, LabOpError, ScenarioError) as exc:
        return {"status": 2, "output": str(exc)}
    return {"status": 2, "output": f"unknown request {hello['op']!r}"}
