"""A device's candidate configuration on disk: a snapshot, and a journal of the changes since.

Writing the whole candidate after each change costs what the candidate weighs (milliseconds a
`set` on a 10,000-object config). So a change appends to the journal, for each place it was
recorded at (its locations, backend/partial.py), what the candidate holds there now: the
innermost list entry around the place (or the element itself outside any), as XML or null when
gone, with the sibling each step of its path follows, to place what a replay has to create.
Loading applies the journal to the snapshot, in order. A new snapshot (and journal) is written
when the candidate was replaced (a commit's HA-Sync, revert, load), when a change cannot be
placed by name (a whole-config load, entries that share a name), when a change was not recorded
where it happened, or once the journal has grown past the snapshot: saving costs what changed,
and a journal never outweighs its snapshot. Where the candidate has no files of its own (a new
lab, an HA-Sync or import just replaced it: it is the running config), its first change copies
the running config's file as the snapshot, with no serializing (on a 10,000-object config the
passive's first `set` after a sync went from 32 to 18 ms holding the lab).

The journal's first line names the snapshot it continues (its digest): an older journal next
to a newer snapshot (a kill between writing the one and starting the other) is ignored. Lines
are appended; a line cut short by a kill is the last, and is skipped (the next append drops it).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from lxml import etree

from .config import PanConfig, parse_fragment
from .device import Device
from .partial import Location, step_children
from .storage import CANDIDATE_CONFIG as SNAPSHOT
from .storage import CANDIDATE_JOURNAL as JOURNAL
from .storage import RUNNING_CONFIG, DeviceStore, journal_line, read_json


@dataclass(frozen=True, eq=False)
class Saved:
    """What the files on disk hold: the candidate as it was, with its edit count and pending list."""

    candidate: PanConfig
    edits: int
    pending: list
    count: int  # changes of the pending list the files hold
    journal_bytes: int = 0
    snapshot_bytes: int = 0  # 0: no journal may be appended to (a snapshot is due at the next change)
    is_running: bool = False  # no files of the candidate's own: it is the running config's file


def on_disk(device: Device, journal_bytes: int = 0, snapshot_bytes: int = 0) -> Saved:
    """The device's candidate as its files hold it already: as loaded (with the sizes load gave:
    the next change appends to that journal), or, once DeviceStore.write_running replaced the
    candidate's files, the running config it was made of."""
    return Saved(device.candidate, device.candidate_edits, device.pending, len(device.pending),
                 journal_bytes, snapshot_bytes, is_running=not device.store.exists(SNAPSHOT))


def load(store: DeviceStore) -> tuple[PanConfig | None, tuple[int, int]]:
    """The candidate the files hold (None without a snapshot: the candidate is the running config),
    and the sizes of its journal and snapshot where the journal continues that snapshot (else 0, 0:
    the next change writes a snapshot)."""
    data = store.read(SNAPSHOT)
    if data is None:
        return None, (0, 0)
    config = PanConfig.from_bytes(data)
    head, _, lines = (store.read(JOURNAL) or b"").partition(b"\n")
    if head != _header(data):
        return config, (0, 0)
    for line in lines.splitlines():
        _replay(config, line)
    return config, (len(lines), len(data))


def save(store: DeviceStore, device: Device, saved: Saved | None) -> Saved:
    """Bring the files up to the device's candidate; returns what they hold then."""
    candidate, pending = device.candidate, device.pending
    if saved is not None and saved.candidate is candidate and saved.edits == device.candidate_edits:
        if saved.pending is pending:
            return saved
        # a commit's new pending list: what it holds is on disk, so later changes still journal
        return Saved(candidate, saved.edits, pending, len(pending), saved.journal_bytes, saved.snapshot_bytes)
    if saved is not None and saved.candidate is candidate and saved.pending is pending and saved.count < len(pending):
        lines = _journal_lines(candidate, [location for _admin, location in pending[saved.count:]])
        if lines is not None and saved.journal_bytes + len(lines) <= saved.snapshot_bytes:
            store.append(JOURNAL, lines)
            return Saved(candidate, device.candidate_edits, pending, len(pending),
                         saved.journal_bytes + len(lines), saved.snapshot_bytes)
        running = store.read(RUNNING_CONFIG) if lines is not None and saved.is_running else None
        if running is not None and len(lines) <= len(running):  # the candidate was the running config
            store.remove(JOURNAL)  # (a journal left beside no snapshot must not meet this one)
            store.write(SNAPSHOT, running, durable=False)
            store.write(JOURNAL, _header(running) + b"\n" + lines, durable=False)
            return Saved(candidate, device.candidate_edits, pending, len(pending), len(lines), len(running))
    data = candidate.to_bytes()
    store.write(SNAPSHOT, data, durable=False)
    store.write(JOURNAL, _header(data) + b"\n", durable=False)
    return Saved(candidate, device.candidate_edits, pending, len(pending), 0, len(data))


def _header(data: bytes) -> bytes:
    return json.dumps({"snapshot": hashlib.blake2b(data, digest_size=16).hexdigest()}).encode()


def _unit(location: Location) -> Location:
    """What a change at location is journalled as: the innermost list entry around it (past the
    device and vsys entries), else the element itself (a member list for one of its members)."""
    if location[-1] == ("member", None):
        location = location[:-1]
    scope = 0  # past the device entry, and a vsys entry in it
    if len(location) > 2 and location[0][0] == "devices" and location[1][0] == "entry":
        scope = 4 if len(location) > 4 and location[2][0] == "vsys" and location[3][0] == "entry" else 2
    for inner in range(len(location) - 1, scope - 1, -1):
        if location[inner][0] == "entry":
            return location[:inner + 1]
    return location


def _journal_lines(config: PanConfig, locations: list[Location]) -> bytes | None:
    """The journal lines for changes at locations, each place once: [its steps, the XML there or
    null]; None if one cannot be journalled."""
    if not locations or not all(locations):  # nothing recorded, or the whole configuration
        return None
    walked: dict[Location, tuple | None] = {(): (config.root, [])}
    lines = []
    for unit in dict.fromkeys(_unit(location) for location in locations):
        found = _walk(config, unit, walked)
        if found is None:
            return None
        element, steps = found
        lines.append(journal_line([steps, None if element is None else etree.tostring(element, encoding="unicode")]))
    return b"".join(lines)


def _walk(config: PanConfig, path: Location, walked: dict) -> tuple | None:
    """(the element at path or None if absent, its steps as journalled: [tag, name, the previous
    sibling's tag and name] each); None when a step names several elements. Remembered
    in walked, which starts with the root: the records of one save share their paths' beginnings."""
    if path not in walked:
        above = _walk(config, path[:-1], walked)
        if above is None:
            walked[path] = None
        else:
            (element, steps), (tag, name) = above, path[-1]
            found = [] if element is None else step_children(config, element, tag, name)
            element = found[0] if len(found) == 1 else None
            before = None if element is None else _previous(element)
            step = (tag, name, *((None, None) if before is None else (before.tag, before.get("name"))))
            walked[path] = None if len(found) > 1 else (element, [*steps, step])
    return walked[path]


def _previous(element: etree._Element) -> etree._Element | None:
    before = element.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    return before


def _replay(config: PanConfig, line: bytes) -> None:
    """Make config hold what a journal line says its place holds."""
    try:
        steps, xml = read_json(line)
        _apply(config, steps, xml)
    except (ValueError, TypeError, etree.LxmlError):  # cut short by a kill
        return


def _apply(config: PanConfig, steps: list, xml: str | None) -> None:
    element = config.root
    for depth, (tag, name, before_tag, before_name) in enumerate(steps, 1):
        found, last = next(iter(step_children(config, element, tag, name)), None), depth == len(steps)
        if found is None and xml is None:
            return  # gone already
        if found is None:
            found = parse_fragment(xml) if last else etree.Element(tag, **({} if name is None else {"name": name}))
            _place(config, element, found, before_tag, before_name)
        elif last and xml is None:
            config.remove(found)
        elif last:
            config.replace(found, parse_fragment(xml))
        element = found


def _place(config: PanConfig, parent: etree._Element, child: etree._Element, before_tag: str | None,
           before_name: str | None) -> None:
    """Put a new child after the sibling it followed (first if none; last if that one is not there)."""
    before = None if before_tag is None else next(iter(step_children(config, parent, before_tag, before_name)), None)
    if before is not None:
        before.addnext(child)
    elif before_tag is None:
        parent.insert(0, child)
    else:
        parent.append(child)
    config.placed(child)
