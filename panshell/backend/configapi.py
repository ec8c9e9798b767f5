"""The XML API's configuration actions on XPaths (`type=config&action=get|show|set|edit|delete`),
as its clients send them: `/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']/address`,
with or without the name predicates. What `set` and `edit` bring is checked against the schema
(value types, elements it knows) before anything changes; the change itself goes the one edit
path (backend/edits.py: config lock, config log).
"""
from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree

from . import schema
from .config import PanConfig, holds_entities
from .edits import EditError

MAX_XPATH = 4096  # characters; longer is refused before it is evaluated
STEP = re.compile(r"""([A-Za-z0-9_.-]+)(?:\[@name=(?:'([^']*)'|"([^"]*)")\])?$""")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=True)


class NoSuchNode(EditError):
    """An XPath that names nothing (PAN-OS: code 7, `No such node`)."""


def select(config: PanConfig, xpath: str) -> list:
    """What an XPath names in a configuration: elements, or attribute values (`.../entry/@name`)."""
    if len(xpath) > MAX_XPATH or not xpath.startswith("/config"):
        raise EditError("Invalid xpath")
    plain = _plain_steps(xpath)
    if plain is not None:
        return _walk(config, plain)
    try:
        found = config.root.getroottree().xpath(xpath)
    except etree.XPathError:
        raise EditError(f"Invalid xpath: {xpath}") from None
    return found if isinstance(found, list) else []


def _plain_steps(xpath: str) -> list[tuple[str, str | None]] | None:
    """The (tag, name) steps below /config of an XPath made of element names and name
    predicates only (not `.` or `..`)."""
    try:
        steps = _steps(xpath)
    except EditError:
        return None
    named = all(tag[0].isalpha() or tag[0] == "_" for tag, _name in steps)
    return steps[1:] if named and not xpath.endswith("/") else None


def _walk(config: PanConfig, steps: list[tuple[str, str | None]]) -> list[etree._Element]:
    """What plain steps name, in document order, as the XPath would find it (an entry by name
    through the config's index, so that it costs the same however long its list)."""
    found = [config.root]
    for tag, name in steps:
        found = [child for element in found for child in _named_children(config, element, tag, name)]
    return found


def _named_children(config: PanConfig, parent: etree._Element, tag: str, name: str | None) -> list:
    """parent's children `<tag>` (named name, when given), in order: an entry through the index."""
    if tag == "entry" and name is not None and config.names_unique(parent):
        entry = config.entry(parent, name)
        return [] if entry is None else [entry]
    return [c for c in parent.iterchildren(tag) if name is None or c.get("name") == name]


def parse_element(text: str) -> list[etree._Element]:
    """An `element` parameter: one or more XML elements (no entities, no DTD)."""
    try:
        holder = etree.fromstring(f"<holder>{text}</holder>", _PARSER)
    except etree.XMLSyntaxError as exc:
        raise EditError(f"Malformed element: {exc}") from None
    if holds_entities(holder):
        raise EditError("Malformed element: entities are not allowed")
    return [child for child in holder if isinstance(child.tag, str)]


def split(xpath: str) -> list[str]:
    """An XPath's steps, split at the slashes outside quotes (`entry[@name='ethernet1/1']`)."""
    parts, current, quote = [], "", None
    for ch in xpath.strip("/"):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "/":
            parts.append(current)
            current = ""
            continue
        current += ch
    return parts + [current]


def parent_of(xpath: str) -> str:
    return "/" + "/".join(split(xpath)[:-1])


def last_tag(xpath: str) -> str:
    return split(xpath)[-1].split("[")[0]


def _steps(xpath: str) -> list[tuple[str, str | None]]:
    """`/config/devices/entry[@name='x']/...` as (tag, name) steps; only such plain paths can be created."""
    steps = []
    for part in split(xpath):
        match = STEP.match(part)
        if not match:
            raise EditError(f"Invalid xpath: {xpath}")
        steps.append((match.group(1), match.group(2) if match.group(2) is not None else match.group(3)))
    if not steps or steps[0] != ("config", None):
        raise EditError(f"Invalid xpath: {xpath}")
    return steps


def ensure(config: PanConfig, xpath: str) -> etree._Element:
    """The element an XPath names, created with its missing parents."""
    found = [e for e in select(config, xpath) if isinstance(e, etree._Element)]
    if found:
        return found[0]
    current = config.root
    for tag, name in _steps(xpath)[1:]:
        if tag == "entry" and name is None:
            name = "vsys1" if current.tag == "vsys" else "localhost.localdomain" if current.tag == "devices" else None
            if name is None:
                raise EditError(f"Invalid xpath: {xpath} (an entry needs its name)")
        nxt = next(iter(_named_children(config, current, tag, name)), None)
        if nxt is None:
            nxt = etree.SubElement(current, tag, **({} if name is None else {"name": name}))
            config.placed(nxt)
        current = nxt
    return current


def check(config: PanConfig, parent_xpath: str, elements: list[etree._Element]) -> None:
    """Refuse what the schema does not allow below parent_xpath: unknown elements, bad values."""
    node = _schema_node(config, parent_xpath)
    for element in elements:
        _check(element, node, last_tag(parent_xpath))


def _schema_node(config: PanConfig, xpath: str):
    steps = _steps(xpath)[1:]
    device, root = (tree for _scope, tree in schema.roots())
    node, steps = (device, steps[2:]) if steps and steps[0][0] == "devices" else (root, steps)
    for tag, _name in steps:
        below = schema.known_below(node)
        if tag not in below:
            raise EditError(f"{tag} unexpected here")
        node = below[tag]
    return node


def _check(element: etree._Element, node, where: str) -> None:
    below = schema.known_below(node)
    if element.tag not in below:
        raise EditError(f"{where} -> {element.tag} unexpected here")
    child = below[element.tag]
    label = element.get("name") if element.tag == "entry" else element.tag
    if element.tag == "entry" and (label is None or child.vtype.check(label)):
        raise EditError(f"{where} -> entry '{label}' is invalid: {child.vtype.check(label or '') or 'no name'}")
    value = next((c for c in child.children if c.kind == "value" and c.name in ("value", "member")), None)
    if value is not None and child.holds_values:
        texts = [m.text or "" for m in element.findall("member")] or [element.text or ""]
        for text in texts:
            problem = value.vtype.check(text.strip())
            if problem and text.strip():
                raise EditError(f"{where} -> {label} '{text.strip()}' is invalid: {problem}")
        return
    for sub in element:
        if isinstance(sub.tag, str):
            _check(sub, child, f"{where} -> {label}")


def merge(config: PanConfig, target: etree._Element, element: etree._Element) -> None:
    """`action=set`: element merged into target (entries by name, members added, leaves replaced)."""
    if element.tag == "entry":
        same = config.entry(target, element.get("name"))
    elif element.tag == "member":
        if element.text not in [m.text for m in target.findall("member")]:
            target.append(deepcopy(element))
        return
    else:
        same = target.find(element.tag)
    if same is None:
        copy = deepcopy(element)
        target.append(copy)
        config.placed(copy)
        return
    if len(element) == 0:
        same.text = element.text
        return
    for child in element:
        if isinstance(child.tag, str):
            merge(config, same, child)


def replace(config: PanConfig, xpath: str, element: etree._Element) -> None:
    """`action=edit`: the node xpath names becomes element (made if absent)."""
    target = ensure(config, xpath)
    config.replace(target, deepcopy(element))
