"""A lab: the two firewalls, their clock, and where their state lives on disk."""
from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

from . import ha
from .clock import Clock
from .config import ConfigError, PanConfig
from .device import Device
from .jobs import COMMIT_OK, JobTable
from .logs import DeviceLogs
from .storage import LabLock, atomic_write

DEVICE_NAMES = ("fw1", "fw2")
LAB_FILE = "lab.json"
RUNNING_CONFIG = "running-config.xml"
JOBS_FILE = "jobs.json"
LOGS_FILE = "logs.json"
SAVED_DIR = "saved-configs"


class LabError(Exception):
    """A lab that cannot be opened; the message says why."""


def default_lab_dir() -> Path:
    if os.environ.get("PANSHELL_LAB"):
        return Path(os.environ["PANSHELL_LAB"])
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "panshell" / "labs" / "default"


def _default_file(name: str) -> bytes:
    return resources.files("panshell.data").joinpath("default-lab", name).read_bytes()


def boot_jobs(clock: Clock) -> JobTable:
    """A new device's job table: the auto-commit of its first boot."""
    table = JobTable()
    table.start("AutoCom", clock.now()).finish(clock.now(), True, [COMMIT_OK])
    return table


class Lab:
    def __init__(self, devices: dict[str, Device], clock: Clock, directory: Path | None = None):
        self.devices = devices
        self.clock = clock
        self.directory = directory
        self._lock: LabLock | None = None
        self._saved: dict[tuple[str, str], bytes] = {}  # named configs of an ephemeral lab
        self.links = ha.new_links()  # the HA links between the two devices
        ha.start(self)

    @classmethod
    def ephemeral(cls, clock: Clock) -> Lab:
        """A throwaway pair in memory, from the default lab data."""
        identities = json.loads(_default_file(LAB_FILE))["devices"]
        return cls(
            {
                n: Device(n, identities[n], PanConfig.from_bytes(_default_file(f"{n}.xml")), boot_jobs(clock))
                for n in DEVICE_NAMES
            },
            clock,
        )

    @classmethod
    def open(cls, directory: Path, clock: Clock) -> Lab:
        """Open (creating on first use) the lab in directory, holding its lock."""
        directory = Path(directory)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LabError(f"cannot create lab {directory}: {exc.strerror}") from None
        lock = LabLock(directory)
        lock.acquire()
        try:
            if not (directory / LAB_FILE).exists():
                cls._create(directory, clock)
            lab = cls(cls._load_devices(directory), clock, directory)
        except BaseException:
            lock.release()
            raise
        lab._lock = lock
        return lab

    @staticmethod
    def _create(directory: Path, clock: Clock) -> None:
        # lab.json is written last: a lab without it is incomplete and made again.
        for name in DEVICE_NAMES:
            atomic_write(directory / name / RUNNING_CONFIG, _default_file(f"{name}.xml"))
            atomic_write(directory / name / JOBS_FILE, boot_jobs(clock).to_bytes())
        atomic_write(directory / LAB_FILE, _default_file(LAB_FILE))

    @staticmethod
    def _load_devices(directory: Path) -> dict[str, Device]:
        try:
            identities = json.loads((directory / LAB_FILE).read_bytes())["devices"]
            return {
                name: Device(
                    name,
                    identities[name],
                    PanConfig.from_bytes((directory / name / RUNNING_CONFIG).read_bytes()),
                    JobTable.from_bytes((directory / name / JOBS_FILE).read_bytes()),
                    logs=Lab._load_logs(directory / name / LOGS_FILE),
                )
                for name in DEVICE_NAMES
            }
        except (OSError, ValueError, KeyError, TypeError, ConfigError) as exc:
            raise LabError(f"lab {directory} cannot be loaded: {exc}") from None

    def save(self, device: Device, running: PanConfig | None = None) -> None:
        """Make the device's running configuration (or the one about to be) durable, atomically."""
        if self.directory is not None:
            atomic_write(self.directory / device.name / RUNNING_CONFIG, (running or device.running).to_bytes())

    @staticmethod
    def _load_logs(path: Path) -> DeviceLogs:
        return DeviceLogs.from_bytes(path.read_bytes()) if path.exists() else DeviceLogs()

    def save_logs(self, device: Device) -> None:
        if self.directory is not None:
            atomic_write(self.directory / device.name / LOGS_FILE, device.logs.to_bytes())

    def save_jobs(self, device: Device) -> None:
        if self.directory is not None:
            atomic_write(self.directory / device.name / JOBS_FILE, device.jobs.to_bytes())

    def save_named(self, device: Device, name: str, data: bytes) -> None:
        """Keep a named configuration file (`save config to NAME`)."""
        if self.directory is None:
            self._saved[device.name, name] = data
        else:
            atomic_write(self.directory / device.name / SAVED_DIR / name, data)

    def load_named(self, device: Device, name: str) -> bytes | None:
        """A named configuration file; running-config.xml is always there."""
        if name == RUNNING_CONFIG:
            return device.running.to_bytes()
        if self.directory is None:
            return self._saved.get((device.name, name))
        path = self.directory / device.name / SAVED_DIR / name
        return path.read_bytes() if path.is_file() else None

    def named_configs(self, device: Device) -> list[str]:
        if self.directory is None:
            return sorted(name for dev, name in self._saved if dev == device.name)
        folder = self.directory / device.name / SAVED_DIR
        return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []

    def close(self) -> None:
        if self._lock:
            for device in self.devices.values():
                self.save_logs(device)
            self._lock.release()
            self._lock = None

    def peer(self, device: Device) -> Device:
        return next(d for d in self.devices.values() if d is not device)
