"""Schema paths (what `set`/`delete`/`edit`/`show` walked) applied to the XML tree.

A schema step is (node, word): a keyword (an element), `<name:...>` (an
`<entry name=...>` of the list above it), `<value:...>` (the leaf's text) or
`<member:...>` (members of the member list above it).
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from ..grammarfile import Node
from .config import PanConfig
from .edits import EditError
from .partial import Location, location_of

VSYS_GRAMMARS = ("config-vsys", "config-objects")  # a path that starts in these is vsys1's
ROOT_GRAMMAR = "config-root"  # directly under <config> (mgt-config, shared); everything else is the device's
ROOT_ELEMENT = "config"  # `set config shared ...`: the path from the root element's own name
DEFAULT_VSYS = "vsys1"


class PathError(EditError):
    """A path that does not fit the tree; the message is PAN-OS's text."""


@dataclass
class Target:
    """Where a path ends: the element, and the member values it names (if any)."""

    element: etree._Element | None
    members: list[str] | None = None


def _start(config: PanConfig, steps: list[tuple[Node, object]], create: bool):
    """The element a schema path starts from, and the steps that go on from it."""
    if steps and steps[0][0].name == ROOT_ELEMENT and steps[0][0].grammar != ROOT_GRAMMAR:
        steps = steps[1:]  # `config` names the root element itself
    return base_element(config, steps, create), steps


def base_element(config: PanConfig, steps: list[tuple[Node, object]], create: bool) -> etree._Element:
    """The element a schema path starts from (top-level vsys objects are vsys1's)."""
    first = steps[0][0] if steps else None
    if first is not None and first.grammar in VSYS_GRAMMARS:
        vsys = config.device.find(f"vsys/entry[@name='{DEFAULT_VSYS}']")
        if vsys is None:
            if not create:
                raise PathError("Object doesn't exist")
            vsys = _child(_child(config.device, "vsys", True), "entry", True, DEFAULT_VSYS)
        return vsys
    if first is not None and first.grammar == ROOT_GRAMMAR:
        return config.root
    return config.device


def _child(parent, tag: str, create: bool, name: str | None = None):
    """The child element `tag` (an `<entry name=...>` when name is given), made if asked."""
    if name is None:
        found = parent.find(tag)
    else:
        found = next(iter(parent.xpath(f"{tag}[@name=$name]", name=name)), None)
    if found is None and create:
        found = etree.SubElement(parent, tag) if name is None else etree.SubElement(parent, tag, name=name)
    return found


def _check_choices(config: PanConfig, steps: list[tuple[Node, object]]) -> None:
    """A `set` may not add a second member of a schema choice (an interface is layer3 or
    layer2, an address ip-netmask or fqdn): refused before anything changes."""
    try:
        current, steps = _start(config, steps, create=False)
    except PathError:  # no vsys1 yet: nothing to conflict with
        return
    owner = None  # the schema node of `current`
    for node, word in steps:
        if current is None:
            return
        if node.kind == "keyword":
            choice = owner.notes.get("choice", "").split(",") if owner is not None else []
            if node.name in choice:
                taken = [c for c in choice if c != node.name and current.find(c) is not None]
                if taken:  # inferred text, in the style of PAN-OS's path errors
                    raise PathError(f"{node.name} unexpected here: {taken[0]} is already set (one of {', '.join(choice)})")
            current, owner = _child(current, node.name, False), node
        elif node.name == "name":
            current, owner = _child(current, "entry", False, word), node


@dataclass
class Applied:
    previous: str | None  # the last leaf's text before the set
    touched: list  # the elements the set changed: each leaf and member list, or the entry or node it ends at


def apply_set(config: PanConfig, steps: list[tuple[Node, object]]) -> Applied:
    """Create or change what a `set` path names (leaves, members, entries, presence nodes).
    A second member of a choice raises PathError."""
    _check_choices(config, steps)
    (current, steps), previous = _start(config, steps, create=True), None
    pending: etree._Element | None = None  # a leaf or member list waiting for its value
    touched = []
    for node, word in steps:
        if node.kind == "keyword":
            element = _child(current, node.name, True)
            if node.holds_values:
                pending = element
            else:
                current = element
        elif node.name == "name":
            current = _child(current, "entry", True, word)
        elif node.name == "value":
            previous, pending.text = pending.text, word
            touched.append(pending)
            pending = None
        elif node.name == "member":
            have = {m.text for m in pending.findall("member")}
            for member in word if isinstance(word, list) else [word]:
                if member not in have:
                    etree.SubElement(pending, "member").text = member
                    have.add(member)
            touched.append(pending)
            pending = None
    return Applied(previous, touched or [current])


def find_target(config: PanConfig, steps: list[tuple[Node, object]]) -> Target:
    """Follow a path without creating anything; the element is None when absent."""
    (current, steps), members = _start(config, steps, create=False), None
    for node, word in steps:
        if current is None:
            break
        if node.kind == "keyword":
            current = _child(current, node.name, False)
        elif node.name == "name":
            current = _child(current, "entry", False, word)
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
            target.element.getparent().remove(target.element)
        return location
    target.element.getparent().remove(target.element)
    return location


def path_words(steps: list[tuple[Node, object]]) -> list[str]:
    """The typed words of a path, for `[edit ...]` and the set format."""
    words = []
    for _node, word in steps:
        words += word if isinstance(word, list) else [word]
    return words


# -- list entries: what `rename`, `copy` and `move` (and the API's rename, clone, move) do --------


def _free(entry: etree._Element, name: str) -> str:
    if entry.getparent().xpath("entry[@name=$n]", n=name):
        raise PathError(f"{name} already exists")
    return name


def rename_entry(entry: etree._Element, name: str) -> None:
    entry.set("name", _free(entry, name))


def clone_entry(entry: etree._Element, name: str) -> etree._Element:
    """A copy of entry named name, right after it."""
    clone = deepcopy(entry)
    clone.set("name", _free(entry, name))
    entry.addnext(clone)
    return clone


def move_entry(entry: etree._Element, where: str, ref: str = "") -> None:
    """To the top or bottom of its list, or before or after the entry named ref."""
    parent = entry.getparent()
    if where in ("before", "after"):
        other = next(iter(parent.xpath("entry[@name=$n]", n=ref)), None)
        if other is None or other is entry:
            raise PathError(f"{ref} does not exist")
        (other.addprevious if where == "before" else other.addnext)(entry)
    elif where == "top":
        parent.insert(0, entry)
    elif where == "bottom":
        parent.append(entry)
    else:
        raise PathError("where is top, bottom, before or after")
