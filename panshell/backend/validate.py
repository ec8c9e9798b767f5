"""Commit-time validation of a whole configuration, with PAN-OS's error text.

validate() returns the detail lines a failed commit prints (and its job keeps),
without the closing `Commit failed`; an empty list means the config is valid.
What the schema annotates (backend/schema.py) is checked over every element it knows:
a reference must name something defined (` ... 'x' is not a valid reference`, then
` ... is invalid`), an entry must have its required children and at most one of a choice.
The missing-child and choice texts are inferred, in the style of PAN-OS's path errors.
"""
from __future__ import annotations

from collections.abc import Iterator

from . import schema
from .config import PanConfig
from .policy import is_literal_address

STANDARD_MTU = 1500
JUMBO_MTU = "deviceconfig/setting/jumbo-frame/mtu"


def validate(config: PanConfig) -> list[str]:
    schema_errors = list(_schema_errors(config))
    details = ["Validation Error:", *schema_errors] if schema_errors else []
    interface_errors = list(_interface_errors(config))
    if interface_errors:
        details += interface_errors + ["interface configuration error"]
    return details


# -- what the schema annotates ---------------------------------------------------


def _schema_errors(config: PanConfig) -> Iterator[str]:
    known: dict[str, set[str]] = {}  # kinds -> the names they define, looked up once

    def defined(kinds: str) -> set[str]:
        if kinds not in known:
            known[kinds] = set().union(*(schema.names(config, kind) for kind in kinds.split("|")))
        return known[kinds]

    for element, node in schema.walk(config):
        if "required" in node.notes or "choice" in node.notes:
            yield from _entry_errors(config, element, node.notes)
        reference = schema.reference(node)
        if reference is not None:
            yield from _reference_errors(config, element, reference, defined)


def _reference_errors(config, element, notes: dict[str, str], defined) -> Iterator[str]:
    literals = set(notes.get("literals", "").split("|"))
    values = [(m.text or "").strip() for m in element.findall("member")] or ([element.text.strip()] if element.text else [])
    bad = [v for v in values if v not in literals and v not in defined(notes["ref"])
           and not ("ip" in literals and is_literal_address(v))]
    if bad:
        where = schema.path_text(config, element)
        yield from (f" {where} '{value}' is not a valid reference" for value in bad)
        yield f" {where} is invalid"


def _entry_errors(config, element, notes: dict[str, str]) -> Iterator[str]:
    present = {child.tag for child in element if isinstance(child.tag, str)}
    missing = [need.split("|") for need in filter(None, notes.get("required", "").split(","))
               if not present.intersection(need.split("|"))]
    chosen = [c for c in notes.get("choice", "").split(",") if c in present]
    if missing or len(chosen) > 1:
        where = schema.path_text(config, element)
        yield from (f" {where} is missing " + " or ".join(f"'{o}'" for o in options) for options in missing)
        if len(chosen) > 1:
            yield f" {where} can have only one of " + ", ".join(f"'{c}'" for c in chosen)


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
    jumbo_mtu = int(jumbo.findtext("mtu", schema.default(JUMBO_MTU))) if jumbo is not None else None
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
