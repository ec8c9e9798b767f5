"""Schema paths (what `set`/`delete`/`edit`/`show` walked) applied to the XML tree.

A schema step is (node, word): a keyword (an element), `<name:...>` (an
`<entry name=...>` of the list above it), `<value:...>` (the leaf's text) or
`<member:...>` (members of the member list above it). Entries are found and changed through
the config's index of named entries (backend/config.py), so a step costs the same however long
its list is.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from ..grammarfile import Node
from .config import DEVICE_NAME, PanConfig
from .edits import EditError
from .partial import Location, location_of

VSYS_GRAMMARS = ("config-vsys", "config-objects")  # a path that starts in these is vsys1's
ROOT_GRAMMAR = "config-root"  # directly under <config> (mgt-config, shared); everything else is the device's
ROOT_ELEMENT = "config"  # `set config shared ...`: the path from the root element's own name
DEFAULT_VSYS = "vsys1"
DEVICE_LOCATION: Location = (("devices", None), ("entry", DEVICE_NAME))  # config.device's (backend/partial.py)
VSYS1_LOCATION: Location = (*DEVICE_LOCATION, ("vsys", None), ("entry", DEFAULT_VSYS))


class PathError(EditError):
    """A path that does not fit the tree; the message is PAN-OS's text."""


@dataclass
class Target:
    """Where a path ends: the element, and the member values it names (if any)."""

    element: etree._Element | None
    members: list[str] | None = None


def _start(config: PanConfig, steps: list[tuple[Node, object]], create: bool):
    """The element a schema path starts from, its location, and the steps that go on from it."""
    if steps and steps[0][0].name == ROOT_ELEMENT and steps[0][0].grammar != ROOT_GRAMMAR:
        steps = steps[1:]  # `config` names the root element itself
        if not steps:
            return config.root, (), steps
    return (*base_element(config, steps, create), steps)


def base_element(config: PanConfig, steps: list[tuple[Node, object]], create: bool) -> tuple[etree._Element, Location]:
    """The element a schema path starts from (top-level vsys objects are vsys1's), and its location."""
    first = steps[0][0] if steps else None
    if first is not None and first.grammar in VSYS_GRAMMARS:
        vsys = _child(config.device, "vsys", create)
        vsys = None if vsys is None else _entry(config, vsys, DEFAULT_VSYS, create)
        if vsys is None:
            raise PathError("Object doesn't exist")
        return vsys, VSYS1_LOCATION
    if first is not None and first.grammar == ROOT_GRAMMAR:
        return config.root, ()
    return config.device, DEVICE_LOCATION


def _child(parent, tag: str, create: bool):
    """The child element `tag`, made if asked."""
    found = next(parent.iterchildren(tag), None) if len(parent) else None  # len: a new entry's children, at once
    if found is None and create:
        found = etree.SubElement(parent, tag)
    return found


def _entry(config: PanConfig, parent, name: str, create: bool):
    """The child `<entry name=...>`, made if asked."""
    found = config.entry(parent, name)
    if found is None and create:
        found = config.new_entry(parent, name)
    return found


def _refuse_second_choice(current: etree._Element, owner: Node | None, node: Node) -> None:
    """A `set` may not add a second member of a schema choice (an interface is layer3 or
    layer2, an address ip-netmask or fqdn)."""
    choice = owner.notes.get("choice", "").split(",") if owner is not None else []
    if node.name in choice:
        taken = [c for c in choice if c != node.name and _child(current, c, False) is not None]
        if taken:  # inferred text, in the style of PAN-OS's path errors
            raise PathError(f"{node.name} unexpected here: {taken[0]} is already set (one of {', '.join(choice)})")


@dataclass
class Applied:
    previous: str | None  # the last leaf's text before the set
    touched: list[Location]  # where the set changed things: each leaf and member list, and the entry or node it ends at
    leaves: int  # how many leaf values the path set


def apply_set(config: PanConfig, steps: list[tuple[Node, object]]) -> Applied:
    """Create or change what a `set` path names (leaves, members, entries, presence nodes).
    A second member of a choice raises PathError, before anything changes: choices are checked
    while the walk finds what exists, up to the first leaf (each check precedes its step's change)."""
    try:
        (current, at, steps), checking = _start(config, steps, create=False), True
    except PathError:  # no vsys1 yet: nothing to conflict with
        (current, at, steps), checking = _start(config, steps, create=True), False
    owner: Node | None = None  # the schema node of `current`
    pending: etree._Element | None = None  # a leaf or member list waiting for its value
    previous, touched, in_container, leaves = None, [], False, 0  # in_container: a node entered after the last leaf
    # at: current's location, followed along (quicker than walking up from each change)
    made: dict | None = None  # once current is an element this walk made: the children it made, by (parent, tag)
    for node, word in steps:
        if node.kind == "keyword":
            if checking:
                _refuse_second_choice(current, owner, node)
            element = _child(current, node.name, False) if made is None else made.get((current, node.name))
            created = element is None
            if created:
                element, checking = etree.SubElement(current, node.name), False
                if made is not None:
                    made[current, node.name] = element
            if node.holds_values:
                pending, pending_at, checking = element, at + ((node.name, element.get("name")),), False
            else:
                current, owner, in_container = element, node, True
                at += ((node.name, element.get("name")),)
                if created and made is None:
                    made = {}
        elif node.name == "name":
            entry = config.entry(current, word)
            if entry is None:
                entry, checking = config.new_entry(current, word), False
                made = {} if made is None else made
            current, owner, in_container = entry, node, True
            at += (("entry", word),)
        elif node.name == "value":
            previous, pending.text = pending.text, word
            touched.append(pending_at)
            pending, in_container, leaves = None, False, leaves + 1
        elif node.name == "member":
            have = {m.text for m in pending.iterchildren("member")} if len(pending) else set()
            for member in word if isinstance(word, list) else [word]:
                if member not in have:
                    etree.SubElement(pending, "member").text = member
                    have.add(member)
            touched.append(pending_at)
            pending, in_container = None, False
    return Applied(previous, touched + [at] if in_container or not touched else touched, leaves)


def find_target(config: PanConfig, steps: list[tuple[Node, object]]) -> Target:
    """Follow a path without creating anything; the element is None when absent."""
    try:
        (current, _, steps), members = _start(config, steps, create=False), None
    except PathError:  # no vsys1 (renamed or deleted): nothing of it is there
        return Target(None)
    for node, word in steps:
        if current is None:
            break
        if node.kind == "keyword":
            current = _child(current, node.name, False)
        elif node.name == "name":
            current = _entry(config, current, word, False)
        elif node.name == "value":
            if current.text != word:
                current = None
        elif node.name == "member":
            members = word if isinstance(word, list) else [word]
    return Target(current, members)


def apply_delete(config: PanConfig, steps: list[tuple[Node, object]]) -> Location:
    """Delete what the path names; returns where (backend/partial.py)."""
    target = find_target(config, steps)
    if target.element is None:
        raise PathError("Object doesn't exist")
    location = location_of(target.element)
    if target.members is not None:
        found = [m for m in target.element.findall("member") if m.text in target.members]
        if len(found) != len(set(target.members)):
            raise PathError("Object doesn't exist")
        for member in found:
            target.element.remove(member)
        if not len(target.element):
            config.remove(target.element)
        return location
    config.remove(target.element)
    return location


def path_words(steps: list[tuple[Node, object]]) -> list[str]:
    """The typed words of a path, for `[edit ...]` and the set format."""
    words = []
    for _node, word in steps:
        words += word if isinstance(word, list) else [word]
    return words


# -- list entries: what `rename`, `copy` and `move` (and the API's rename, clone, move) do --------


def _free(config: PanConfig, entry: etree._Element, name: str) -> str:
    if config.entry(entry.getparent(), name) is not None:
        raise PathError(f"{name} already exists")
    return name


def rename_entry(config: PanConfig, entry: etree._Element, name: str) -> None:
    config.rename(entry, _free(config, entry, name))


def clone_entry(config: PanConfig, entry: etree._Element, name: str) -> etree._Element:
    """A copy of entry named name, right after it."""
    clone = deepcopy(entry)
    clone.set("name", _free(config, entry, name))
    entry.addnext(clone)
    config.placed(clone)
    return clone


def move_entry(config: PanConfig, entry: etree._Element, where: str, ref: str = "") -> None:
    """To the top or bottom of its list, or before or after the entry named ref (the list keeps
    its names: the index does not change)."""
    parent = entry.getparent()
    if where in ("before", "after"):
        other = config.entry(parent, ref)
        if other is None or other is entry:
            raise PathError(f"{ref} does not exist")
        (other.addprevious if where == "before" else other.addnext)(entry)
    elif where == "top":
        parent.insert(0, entry)
    elif where == "bottom":
        parent.append(entry)
    else:
        raise PathError("where is top, bottom, before or after")
