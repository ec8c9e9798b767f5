"""Commit-time validation of a whole configuration, with PAN-OS's error text.

validate() returns the detail lines a failed commit prints (and its job keeps),
without the closing `Commit failed`; an empty list means the config is valid.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from .config import PanConfig

STANDARD_MTU = 1500
PREDEFINED_SERVICES = {"any", "application-default", "service-http", "service-https"}
PREDEFINED_ADDRESSES = {  # Palo Alto Networks' own external dynamic lists
    "panw-bulletproof-ip-list", "panw-highrisk-ip-list", "panw-known-ip-list", "panw-torexit-ip-list",
}
VSYS = "vsys/entry[@name='vsys1']"


def validate(config: PanConfig) -> list[str]:
    references = list(_reference_errors(config))
    details = ["Validation Error:", *references] if references else []
    interface_errors = list(_interface_errors(config))
    if interface_errors:
        details += interface_errors + ["interface configuration error"]
    return details


# -- references ----------------------------------------------------------------


def _names(config: PanConfig, path: str) -> set[str]:
    return {e.get("name") for e in config.entries(path)} | {
        e.get("name") for e in config.root.findall(f"shared/{path.split('/')[-1]}/entry")
    }


def _is_literal_address(text: str) -> bool:
    try:
        if "-" in text:
            first, last = text.split("-", 1)
            ipaddress.ip_address(first), ipaddress.ip_address(last)
        else:
            ipaddress.ip_network(text, strict=False)
        return True
    except ValueError:
        return False


def _reference_errors(config: PanConfig) -> Iterator[str]:
    zones = _names(config, f"{VSYS}/zone")
    addresses = (
        _names(config, f"{VSYS}/address") | _names(config, f"{VSYS}/address-group")
        | _names(config, f"{VSYS}/external-list") | PREDEFINED_ADDRESSES
    )
    services = _names(config, f"{VSYS}/service") | _names(config, f"{VSYS}/service-group") | PREDEFINED_SERVICES
    interfaces = all_interfaces(config)

    def check(where: str, members: list[str], known: set[str], allow_literal: bool = False) -> Iterator[str]:
        bad = [m for m in members if m != "any" and m not in known and not (allow_literal and _is_literal_address(m))]
        for member in bad:
            yield f" {where} '{member}' is not a valid reference"
        if bad:
            yield f" {where} is invalid"

    for kind in ("security", "nat"):
        for rule in config.entries(f"{VSYS}/rulebase/{kind}/rules"):
            base = f"rulebase -> {kind} -> rules -> {rule.get('name')}"
            for field, known, literal in (
                ("from", zones, False), ("to", zones, False),
                ("source", addresses, True), ("destination", addresses, True),
            ):
                yield from check(f"{base} -> {field}", [m.text for m in rule.findall(f"{field}/member")], known, literal)
            service = [m.text for m in rule.findall("service/member")] or (
                [rule.findtext("service")] if rule.findtext("service") else []
            )
            yield from check(f"{base} -> service", service, services)
    for group in config.entries(f"{VSYS}/address-group"):
        yield from check(
            f"address-group -> {group.get('name')} -> static", [m.text for m in group.findall("static/member")], addresses
        )
    for zone in config.entries(f"{VSYS}/zone"):
        yield from check(
            f"zone -> {zone.get('name')} -> network -> layer3",
            [m.text for m in zone.findall("network/layer3/member")], interfaces,
        )
    for router in config.entries("network/virtual-router"):
        yield from check(
            f"network -> virtual-router -> {router.get('name')} -> interface",
            [m.text for m in router.findall("interface/member")], interfaces,
        )


def all_interfaces(config: PanConfig) -> set[str]:
    names = set()
    for kind in ("ethernet", "aggregate-ethernet"):
        for port in config.entries(f"network/interface/{kind}"):
            names.add(port.get("name"))
            names |= {u.get("name") for u in port.findall("layer3/units/entry")}
    for kind in ("loopback", "tunnel", "vlan"):
        if config.find(f"network/interface/{kind}") is not None:
            names.add(kind)
        names |= {u.get("name") for u in config.findall(f"network/interface/{kind}/units/entry")}
    return names


# -- interfaces ----------------------------------------------------------------


def layer3_interfaces(config: PanConfig) -> Iterator[tuple[str, object]]:
    """(name, element) of every layer-3 interface and subinterface."""
    for kind in ("ethernet", "aggregate-ethernet"):
        for port in config.entries(f"network/interface/{kind}"):
            layer3 = port.find("layer3")
            if layer3 is not None:
                yield port.get("name"), layer3
                for unit in layer3.findall("units/entry"):
                    yield unit.get("name"), unit


def _interface_errors(config: PanConfig) -> Iterator[str]:
    jumbo = config.find("deviceconfig/setting/jumbo-frame")
    jumbo_mtu = int(jumbo.findtext("mtu", "9192")) if jumbo is not None else None
    seen_addresses: dict[str, str] = {}
    for name, element in layer3_interfaces(config):
        mtu = element.findtext("mtu")
        if mtu is not None:
            if jumbo_mtu is None and int(mtu) > STANDARD_MTU:
                yield f"device: device is not in jumbo-frame mode but interface {name} mtu is greater than {STANDARD_MTU}"
            elif jumbo_mtu is not None and int(mtu) > jumbo_mtu:
                yield f"device: interface {name} mtu {mtu} is greater than the jumbo-frame mtu {jumbo_mtu}"
        tag = element.findtext("tag")
        if tag is not None and not 1 <= int(tag) <= 4094:
            yield f"device: interface {name} tag {tag} is out of range 1-4094"
        for address in element.findall("ip/entry"):
            ip = address.get("name").split("/")[0]
            if ip in seen_addresses:
                yield f"device: interface {name} has the same IP address {ip} as {seen_addresses[ip]}"
            seen_addresses.setdefault(ip, name)
