"""Partial commits: only some administrators' changes, or the candidate without some of its
parts (`commit partial admin [ a b ] device-and-network excluded`; the API's
`<commit><partial>...`).

Every change to a candidate is kept as (administrator, location) until a commit takes it: the
location is the element the change touched, as (tag, entry name or None) steps down from
`<config>`. A partial commit by administrator starts from the running config and copies in, at
each location those administrators changed, what the candidate holds there (or its absence).
An excluded part is then put back as it runs. A move is kept as its whole list (the order of a
list is one thing), so it carries the list's other entries' changes with it.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from .config import PanConfig

Location = tuple[tuple[str, str | None], ...]

# The parts a partial commit may leave out, as PAN-OS's commit dialog splits the firewall's
# config: its location prefixes (a None name stands for any entry).
PARTS: dict[str, tuple[Location, ...]] = {
    "device-and-network": ((("devices", None), ("entry", None), ("deviceconfig", None)),
                           (("devices", None), ("entry", None), ("network", None)),
                           (("mgt-config", None),)),
    "policy-and-objects": ((("devices", None), ("entry", None), ("vsys", None)),),
    "shared-object": ((("shared", None),),),
}


@dataclass(frozen=True)
class Scope:
    admins: tuple[str, ...] | None = None  # None: every administrator's changes
    excluded: frozenset[str] = frozenset()  # names of PARTS left out

    def takes(self, admin: str, location: Location) -> bool:
        return (self.admins is None or admin in self.admins) and not any(
            _within(location, prefix) for part in self.excluded for prefix in PARTS[part])


def location_of(element: etree._Element) -> Location:
    steps = []
    while element.getparent() is not None:
        steps.append((element.tag, element.get("name")))
        element = element.getparent()
    return tuple(reversed(steps))


def _within(location: Location, prefix: Location) -> bool:
    return len(location) >= len(prefix) and all(
        tag == want_tag and (want_name is None or name == want_name)
        for (tag, name), (want_tag, want_name) in zip(location, prefix))


def step_children(config: PanConfig, parent: etree._Element, tag: str, name: str | None) -> list[etree._Element]:
    """The children of parent a location step names: one at most, but where names are shared
    (an entry is found through the config's index)."""
    if tag == "entry" and name is not None and config.names_unique(parent):
        found = config.entry(parent, name)
        return [] if found is None else [found]
    return [c for c in parent.iterchildren(tag) if c.get("name") == name]


def _step(config: PanConfig, parent: etree._Element, tag: str, name: str | None) -> etree._Element | None:
    return next(iter(step_children(config, parent, tag, name)), None)


def _find(config: PanConfig, location: Location) -> etree._Element | None:
    element = config.root
    for tag, name in location:
        element = _step(config, element, tag, name)
        if element is None:
            return None
    return element


def _matches(root: etree._Element, prefix: Location) -> list[Location]:
    """The locations under root that a part's prefix names (its None names stand for any entry)."""
    found: list[tuple[etree._Element, Location]] = [(root, ())]
    for tag, name in prefix:
        found = [(child, at + ((tag, child.get("name")),)) for element, at in found for child in element
                 if child.tag == tag and (name is None or child.get("name") == name)]
    return [at for _, at in found]


def _copy(source: PanConfig, target: PanConfig, location: Location) -> None:
    """Make target hold at location what source holds there (or nothing, if source has nothing)."""
    if not location:  # the whole configuration (a `load config`)
        target.root[:] = [deepcopy(child) for child in source.root]
        target.entries_changed()
        return
    have, want = _find(target, location), _find(source, location)
    if want is None:
        if have is not None:
            target.remove(have)
        return
    if have is not None:
        target.replace(have, deepcopy(want))
        return
    parent = target.root
    for depth, (tag, name) in enumerate(location[:-1], 1):
        child = _step(target, parent, tag, name)
        if child is None:
            child = etree.Element(tag, **({"name": name} if name is not None else {}))
            _insert(target, parent, child, _find(source, location[:depth]))
        parent = child
    _insert(target, parent, deepcopy(want), want)


def _insert(config: PanConfig, parent: etree._Element, child: etree._Element, original: etree._Element) -> None:
    """Place child in parent after the nearest of original's earlier siblings parent has."""
    sibling = original.getprevious()
    while sibling is not None:
        there = _step(config, parent, sibling.tag, sibling.get("name"))
        if there is not None:
            there.addnext(child)
            break
        sibling = sibling.getprevious()
    else:
        parent.insert(0, child)
    config.placed(child)


def scoped(running: PanConfig, candidate: PanConfig, pending: list, scope: Scope) -> PanConfig:
    """The configuration a commit of scope makes running."""
    if scope.admins is None:
        config = candidate.copy()
    else:
        config = running.copy()
        for admin, location in pending:
            if scope.takes(admin, location):
                _copy(candidate, config, location)
    for part in scope.excluded:
        for prefix in PARTS[part]:
            for location in {*_matches(config.root, prefix), *_matches(running.root, prefix)}:
                _copy(running, config, location)
    return config


def left_after(pending: list, scope: Scope) -> list:
    """The changes still to commit after a commit of scope."""
    return [(admin, location) for admin, location in pending if not scope.takes(admin, location)]
