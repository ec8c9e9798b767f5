import math
from dataclasses import dataclass
from datetime import date, datetime
from fnmatch import fnmatchcase

from ..backend.device import Device
from . import ctime, display, elapsed, local_time
from .session import session_utilization


def uptime(device: Device, now: datetime) -> str:
    seconds = elapsed(now, device.boot)
    days, rest = divmod(seconds, 86400)
    return f"{days} days, {rest // 3600}:{rest % 3600 // 60:02d}:{rest % 60:02d}"


def link_local(mac: str) -> str:
    """The EUI-64 IPv6 link-local address of a MAC."""
    octets = [int(x, 16) for x in mac.split(":")]
    octets[0] ^= 0x02
    eui = octets[:3] + [0xFF, 0xFE] + octets[3:]
    groups = [f"{eui[i] << 8 | eui[i + 1]:x}" for i in range(0, 8, 2)]
    return "fe80::" + ":".join(groups) + "/64"


def system_fields(device: Device, clock_now: datetime) -> list[tuple[str, str]]:
    """`show system info`'s fields, in the order PAN-OS 10.2 and later print them (a public
    11.0 capture): `ip-assignment` in place of the older `is-dhcp`, and `advanced-routing`
    and `device-certificate-status` after `operational-mode` (the ntc template records at
    `operational-mode` and ignores both)."""
    cfg, ident = device.running, device.identity
    now = local_time(clock_now, device.timezone)
    dhcp = cfg.find("deviceconfig/system/type/dhcp-client") is not None
    fields = [
        ("hostname", device.hostname),
        ("ip-address", cfg.text("deviceconfig/system/ip-address", "unknown")),
        ("public-ip-address", "unknown"),
        ("netmask", cfg.text("deviceconfig/system/netmask", "unknown")),
        ("default-gateway", cfg.text("deviceconfig/system/default-gateway", "")),
        ("ip-assignment", "dhcp" if dhcp else "static"),
        ("ipv6-address", "unknown"),
        ("ipv6-link-local-address", link_local(ident["management-mac"])),
        ("ipv6-default-gateway", ""),
        ("mac-address", ident["management-mac"]),
        ("time", ctime(now)),
        ("uptime", uptime(device, clock_now)),
        ("family", ident["family"]),
        ("model", ident["model"]),
        ("serial", ident["serial"]),
        ("cloud-mode", "non-cloud"),
        ("sw-version", ident["sw-version"]),
        ("global-protect-client-package-version", "0.0.0"),
        ("device-dictionary-version", ident["device-dictionary-version"]),
        ("device-dictionary-release-date", ident["device-dictionary-release-date"]),
        ("app-version", ident["app-version"]),
        ("app-release-date", ident["app-release-date"]),
        ("av-version", ident["av-version"]),
        ("av-release-date", ident["av-release-date"]),
        ("threat-version", ident["threat-version"]),
        ("threat-release-date", ident["threat-release-date"]),
        ("wf-private-version", "0"),
        ("wf-private-release-date", "unknown"),
        ("url-db", "paloaltonetworks"),
        ("wildfire-version", "0"),
        ("wildfire-release-date", ""),
        ("wildfire-rt", "Disabled"),
        ("url-filtering-version", ident["url-filtering-version"]),
        ("global-protect-datafile-version", "unknown"),
        ("global-protect-datafile-release-date", "unknown"),
        ("global-protect-clientless-vpn-version", "0"),
        ("global-protect-clientless-vpn-release-date", ""),
        ("logdb-version", ident["logdb-version"]),
        ("platform-family", ident["family"]),
        ("vpn-disable-mode", "off"),
        ("multi-vsys", "off"),
        ("operational-mode", "normal"),
        ("advanced-routing", "off"),  # the lab routes with the legacy engine (virtual routers)
        ("device-certificate-status", "None"),  # no device certificate was ever fetched
    ]
    return fields


def clock(now, timezone: str) -> str:
    local = local_time(now, timezone)
    return display(f"{local:%a %b} {local.day:2d} {local:%H:%M:%S %Z %Y}")


# -- show system resources -------------------------------------------------------------------


@dataclass(frozen=True)
class Process:
    command: str
    pid: int
    nice: int
    virt: int  # KiB
    res: int
    shr: int
    cpu: float  # %
    state: str = "S"


def top_uptime(seconds: int) -> str:
    """procps-ng top's `up` field: `23 days, 18:20, `, `18:20, ` or `5 min, `."""
    days, rest = divmod(seconds, 86400)
    hours, minutes = rest // 3600, rest % 3600 // 60
    text = f"{days} {'day' if days == 1 else 'days'}, " if days else ""
    return text + (f"{hours:2d}:{minutes:02d}, " if hours else f"{minutes} min, ")


def cpu_time(seconds: float) -> str:
    """TIME+: minutes:seconds.hundredths."""
    hundredths = int(seconds * 100)
    return f"{hundredths // 6000}:{hundredths // 100 % 60:02d}.{hundredths % 100:02d}"


def kib(mib: float) -> int:
    return int(mib * 1024)


def resources(now: datetime, timezone: str, up: int, users: int, load: tuple[float, float, float],
              memory: tuple[float, float], processes: list[Process]) -> str:
    """`show system resources`: one batch run of procps-ng top on the management plane, as
    PAN-OS 9.0 and later print it (`%Cpu(s)`, `KiB Mem :` in whole KiB, which pan-os-python's
    `show_system_resources()` parses for 9.0 and later); the layout is procps-ng 3.3's. The
    process list is the lab's set of management daemons, not the ~200 tasks of a real MP,
    and `Tasks` counts what is listed. Load and CPU follow the lab's sessions (commands/system.py)."""
    total_mib, swap_mib = memory
    used_mib = sum(p.res for p in processes) / 1024 + total_mib * 0.2
    cache_mib = total_mib * 0.45
    free_mib = total_mib - used_mib - cache_mib
    swap_used = swap_mib * 0.04
    busy = sum(p.cpu for p in processes)
    user, system = round(busy * 0.7 / 4, 1), round(busy * 0.3 / 4, 1)
    idle = round(100 - user - system - 0.1, 1)
    running = sum(1 for p in processes if p.state == "R")
    out = [f"top - {local_time(now, timezone):%H:%M:%S} up {top_uptime(up)}{users:2d} user{'' if users == 1 else 's'},"
           f"  load average: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}",
           f"Tasks: {len(processes):3d} total, {running:3d} running, {len(processes) - running:3d} sleeping,"
           f"   0 stopped,   0 zombie",
           f"%Cpu(s): {user:4.1f} us, {system:4.1f} sy,  0.0 ni, {idle:4.1f} id,  0.1 wa,  0.0 hi,  0.0 si,  0.0 st",
           f"KiB Mem : {kib(total_mib):8d} total, {kib(free_mib):8d} free, {kib(used_mib):8d} used,"
           f" {kib(cache_mib):8d} buff/cache",
           f"KiB Swap: {kib(swap_mib):8d} total, {kib(swap_mib - swap_used):8d} free, {kib(swap_used):8d} used."
           f" {kib(free_mib + cache_mib):8d} avail Mem",
           "",
           "  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND"]
    for p in sorted(processes, key=lambda p: (-p.cpu, p.pid)):
        priority = 20 + p.nice
        out.append(f"{p.pid:5d} {'root':<8} {priority:3d} {p.nice:3d} {p.virt:7d} {p.res:6d} {p.shr:6d} {p.state}"
                   f" {p.cpu:5.1f} {p.res / 1024 / total_mib * 100:5.1f} {cpu_time(up * p.cpu / 100):>9} {p.command}")
    return display("\n".join(out))


# -- show system state -----------------------------------------------------------------------


def port_phy(configured: dict[str, str], link: str) -> dict:
    """`sys.sS.pP.phy` of a copper port: the public sample shows `link-partner`, `media` and
    `type`; `setting` (what the config asks) and `status` (speed/duplex/state) are recalled."""
    speed, duplex, state = (link.split("/") + ["", "", ""])[:3]
    up = state == "up"
    return {"link-partner": {}, "media": "CAT5",
            "setting": {"duplex": configured["duplex"], "link": configured["state"].capitalize(),
                        "speed": configured["speed"]},
            "status": {"duplex": duplex if up else "unknown", "link": "Up" if up else "Down",
                       "speed": int(speed) if up and speed.isdigit() else "unknown"},
            "type": "Ethernet"}


def session_statistics(counts: dict[str, int]) -> dict:
    """`sw.mprelay.s1.dp0.stats.session` from `show session info`'s figures: the fields public
    monitoring scripts read from it (an AWS auto-scaling function's session_active and
    session_util, a status script's cps_installed, session_max, session_ssl_proxy_util and
    throughput_kbps|pps; PAN-OS holds more, not public), in key order as the other values print."""
    return {"cps_installed": counts["cps"], "session_active": counts["num-active"], "session_max": counts["num-max"],
            "session_ssl_proxy_util": 0, "session_util": session_utilization(counts),
            "throughput_kbps": counts["kbps"], "throughput_pps": counts["pps"]}


def _state_value(value, pretty: bool, depth: int = 0) -> str:
    """A state value as PAN-OS prints it: booleans `True`/`False`, dicts `{ 'key': value, }`
    (filter-pretty: one entry a line, three spaces a level; inferred from public captures
    whose indentation was lost)."""
    if not isinstance(value, dict):
        return str(value)
    if not value:
        return "{ }"
    if not pretty:
        return "{ " + "".join(f"'{k}': {_state_value(v, False)}, " for k, v in value.items()) + "}"
    pad = "   " * (depth + 1)
    lines = [f"{pad}'{k}': {_state_value(v, True, depth + 1)}," for k, v in value.items()]
    return "{\n" + "\n".join(lines) + "\n" + "   " * depth + "}"


def system_state(state: dict, pattern: str, pretty: bool) -> str:
    """`show system state filter|filter-pretty KEY`: the keys matching KEY (`*` a wildcard),
    sorted, one `key: value` each; nothing when none matches."""
    keys = sorted(k for k in state if fnmatchcase(k, pattern))
    return "".join(f"{key}: {_state_value(state[key], pretty)}\n" for key in keys)


# -- disks, processes, NTP, administrators -----------------------------------------------------


def _human(mib: float) -> str:
    """`df -h`'s size: powers of 1024, rounded up, one decimal below 10."""
    value, units = mib * 1024, "KMGT"
    for unit in units:
        if value == 0:
            return "0"
        whole = math.ceil(value)
        if value < 10 and math.ceil(value * 10) < 100:
            return f"{math.ceil(value * 10) / 10:.1f}{unit}"
        if whole < 1024:
            return f"{whole}{unit}"
        value /= 1024
    return f"{math.ceil(value)}P"


def disk_space(disks: list[tuple[str, str, float, float]]) -> str:
    """`show system disk-space`: GNU `df -h` (its minimum column widths: 14 for the file system,
    5 for sizes, 4 for Use%). The mounts are a transcribed PAN-OS 10/11 listing (its spacing
    was lost); sizes are the lab's (commands/system.py)."""
    rows = [("Filesystem", "Size", "Used", "Avail", "Use%", "Mounted on")]
    for source, mount, size, used in disks:
        avail = max(0.0, size - used)
        rows.append((source, _human(size), _human(used), _human(avail),
                     f"{math.ceil(used * 100 / size) if size else 0}%", mount))
    widths = [max(minimum, *(len(row[i]) for row in rows)) for i, minimum in enumerate((14, 5, 5, 5, 4))]
    out = [f"{row[0]:<{widths[0]}} " + " ".join(f"{cell:>{width}}" for cell, width in zip(row[1:5], widths[1:]))
           + f" {row[5]}" for row in rows]
    return display("\n".join(out))


def software_status(groups: list[tuple[str, list[tuple[str, int]]]]) -> str:
    """`show system software status`: per slot and role, each process and its pid. Recalled
    from PAN-OS 8-10 output (no public sample was found): `Process NAME` padded to 41, then
    `running (pid: N)`."""
    out = []
    for role, processes in groups:
        out.append(f"Slot 1, Role {role}")
        out += [f"{'Process ' + name:<41}running (pid: {pid})" for name, pid in processes]
    return display("\n".join(out))


def ntp(servers: list[tuple[str, str]], synched: str | None) -> str:
    """`show ntp`: the configured servers (address, authentication type) and which one the clock
    follows. Recalled layout (KB articles show it with the indentation collapsed): inferred."""
    out = ["NTP state:", f"    NTP synched to {synched}" if synched else "    NTP not synched, using local clock"]
    for address, authentication in servers:
        out += ["", f"    NTP server: {address}",
                f"        status: {'synched' if address == synched else 'available'}",
                "        reachable: yes", f"        authentication-type: {authentication}"]
    return display("\n".join(out))


def admins(rows: list[tuple[str, str, str, datetime, int]], timezone: str) -> str:
    """`show admins`: who is logged in, from where, by which client, since when and idle for
    how long. Recalled layout (no public sample found): inferred."""
    out = [f"{'Admin':<15}{'From':<16}{'Client':<7}{'Session-start':<17}Idle-for", "-" * 74]
    for admin, host, client, started, idle in rows:
        hours, rest = divmod(idle, 3600)
        out.append(f"{admin:<15}{host:<16}{client:<7}{local_time(started, timezone):%m/%d %H:%M:%S}   "
                   f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}s")
    return display("\n".join(out))


# -- licences and software partitions -------------------------------------------------------------


def _license_date(iso: str) -> str:
    return f"{date.fromisoformat(iso):%B %d, %Y}"


def license_rows(licenses: list[dict], serial: str, today: date) -> list[dict[str, str | None]]:
    """Each licence's fields, as the API's `licenses/entry` names them (published answers; pan-os-python
    reads them): dates `January 09, 2027` or `Never`, `expired` yes/no, an empty `authcode`."""
    return [{"feature": entry["feature"], "description": entry["description"], "serial": serial,
             "issued": _license_date(entry["issued"]),
             "expires": _license_date(entry["expires"]) if entry["expires"] else "Never",
             "expired": "yes" if entry["expires"] and date.fromisoformat(entry["expires"]) < today else "no",
             "authcode": None} for entry in licenses]


def license_info(rows: list[dict], now: datetime, timezone: str) -> str:
    """`request license info`, as the ntc-templates fixture prints it: `Current <TZ> Date:`, then
    one `License entry:` block each (a hardware firewall has no `Base license:` line: inferred)."""
    local = local_time(now, timezone)
    out = [f"Current {local:%Z} Date: {local:%B %d, %Y}", ""]
    for row in rows:
        out += ["License entry:", f"Feature: {row['feature']}", f"Description: {row['description']}",
                f"Serial: {row['serial']}", f"Issued: {row['issued']}", f"Expires: {row['expires']}",
                f"Expired?: {row['expired']}", ""]
    return "\n".join(out)


def swm_status(partitions: list[tuple[str, str, str]]) -> str:
    """`debug swm status`, as the ntc-templates fixture prints it (no blank line after)."""
    out = ["", f"{'Partition':<18}{'State':<18}Version", "-" * 80]
    out += [f"{name:<18}{state:<18}{version}" for name, state, version in partitions]
    return "\n".join(out) + "\n"
