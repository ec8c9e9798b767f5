from datetime import datetime

from ..backend.device import Device
from . import ctime, display, elapsed, local_time


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
    """`show system info`'s fields, in PAN-OS's order."""
    cfg, ident = device.running, device.identity
    now = local_time(clock_now, device.timezone)
    fields = [
        ("hostname", device.hostname),
        ("ip-address", cfg.text("deviceconfig/system/ip-address", "unknown")),
        ("public-ip-address", "unknown"),
        ("netmask", cfg.text("deviceconfig/system/netmask", "unknown")),
        ("default-gateway", cfg.text("deviceconfig/system/default-gateway", "")),
        ("is-dhcp", "no"),
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
        ("logdb-version", ident["logdb-version"]),
        ("platform-family", ident["family"]),
        ("vpn-disable-mode", "off"),
        ("multi-vsys", "off"),
        ("operational-mode", "normal"),
    ]
    return fields


def clock(now, timezone: str) -> str:
    local = local_time(now, timezone)
    return display(f"{local:%a %b} {local.day:2d} {local:%H:%M:%S %Z %Y}")
