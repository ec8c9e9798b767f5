"""Software and content updates: download, install, and the reboot that a new PAN-OS needs.

A device downloads from the lab's update server (panshell/data/updates.json) as a job, then
installs: content (Applications and Threats, Antivirus) takes effect at once; a PAN-OS
release is staged and runs from the next `request restart system`. What is installed and
downloaded is kept with the lab (state.json), so a version mismatch outlives the process.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources

from .device import Device
from .jobs import Job

KINDS = ("software", "content", "anti-virus")
DOWNLOAD_JOB = "Downld"  # the `show jobs` type names PAN-OS gives these jobs
INSTALL_JOB = {"software": "SWInstall", "content": "Install", "anti-virus": "Antivirus"}
IDENTITY_KEYS = {  # (version key, release-date key) of show system info, per kind
    "software": [("sw-version", None)],
    "content": [("app-version", "app-release-date"), ("threat-version", "threat-release-date")],
    "anti-virus": [("av-version", "av-release-date")],
}
# the sysroot partitions (`debug swm status`): the release the other one holds, and which one runs
PARTITION_KEYS = ["previous-sw-version", "active-sysroot"]
VERSION_KEYS = [key for keys in IDENTITY_KEYS.values() for pair in keys for key in pair if key] + PARTITION_KEYS


class UpdateError(Exception):
    """A download or install that cannot be done; the message is PAN-OS's (after `Server error : `)."""


@dataclass(frozen=True)
class Release:
    kind: str
    version: str
    released: str
    size: str = ""


@cache
def catalog() -> dict[str, list[Release]]:
    """Every kind's releases, newest first."""
    data = json.loads(resources.files("panshell.data").joinpath("updates.json").read_bytes())
    return {kind: [Release(kind, **entry) for entry in data[kind]] for kind in KINDS}


def current(device: Device, kind: str) -> str:
    return device.identity.get(IDENTITY_KEYS[kind][0][0], "")


def downloaded(device: Device, kind: str, version: str) -> bool:
    """The running version counts as downloaded: it is on the disk."""
    return version == current(device, kind) or f"{kind}/{version}" in device.downloads


def _release(kind: str, version: str) -> Release:
    if version == "latest":
        return catalog()[kind][0]
    found = next((r for r in catalog()[kind] if r.version == version), None)
    if found is None:  # inferred: no public sample of this error's text
        raise UpdateError(f"Version {version} is not available on the update server")
    return found


def resolve(device: Device, kind: str, action: str, version: str) -> Release:
    """The release a request names: `latest` is the update server's newest to download, and
    the newest on the device's disk to install."""
    if version == "latest" and action == "install":
        on_disk = [r for r in catalog()[kind] if downloaded(device, kind, r.version)]
        return on_disk[0] if on_disk else _release(kind, version)
    return _release(kind, version)


def download(device: Device, release: Release, now: datetime, user: str) -> Job:
    """A download job (finished at once: the lab's update server is next door)."""
    device.downloads.add(f"{release.kind}/{release.version}")
    job = device.jobs.start(DOWNLOAD_JOB, now, user=user)
    job.finish(now, True, ["File successfully downloaded"])
    return job


def require_downloaded(device: Device, release: Release) -> None:
    if not downloaded(device, release.kind, release.version):  # inferred text
        raise UpdateError(f"{release.version} has not been downloaded")


def install(device: Device, release: Release, now: datetime, user: str) -> Job:
    """Install a downloaded release: content at once, software at the next restart."""
    require_downloaded(device, release)
    if release.kind == "software":
        device.next_software = release.version
    else:
        for version_key, date_key in IDENTITY_KEYS[release.kind]:
            device.identity[version_key], device.identity[date_key] = release.version, release.released
    job = device.jobs.start(INSTALL_JOB[release.kind], now, user=user)
    job.finish(now, True, [f"Successfully installed {release.version}"])  # inferred detail line (no sample)
    return job


def receive(device: Device, release: Release) -> None:
    """A release copied from the HA peer (`sync-to-peer yes`) is on this device's disk too."""
    device.downloads.add(f"{release.kind}/{release.version}")


def active_sysroot(device: Device) -> int:
    return int(device.identity.get("active-sysroot", 0))


def boot_installed(device: Device) -> None:
    """A restart runs the release installed since the last one, from the other sysroot partition;
    the one it ran from keeps the release it leaves (revertable)."""
    if device.next_software:
        device.identity["previous-sw-version"] = device.identity["sw-version"]
        device.identity["active-sysroot"] = 1 - active_sysroot(device)
        device.identity["sw-version"], device.next_software = device.next_software, None


def saved_state(device: Device) -> dict:
    return {"versions": {key: device.identity[key] for key in VERSION_KEYS if key in device.identity},
            "downloads": sorted(device.downloads), "next-software": device.next_software}


def restore_state(device: Device, state: dict) -> None:
    device.identity = {**device.identity, **state["versions"]}
    device.downloads, device.next_software = set(state["downloads"]), state["next-software"]
