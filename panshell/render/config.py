"""The configuration as text: PAN-OS's brace format, `set` commands, XML and JSON."""
from __future__ import annotations

import difflib
import json
import re

from lxml import etree

from ..backend.config import PanConfig

_PLAIN = re.compile(r"[^\s\"';{}\[\]|#]+")


def quote(text: str) -> str:
    """A value as typed: bare, or in double quotes with `\\`, `\"` and line breaks (`\n`)
    escaped, so that a set line stays one line (inferred: no sample of PAN-OS's own escapes)."""
    if _PLAIN.fullmatch(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _kind(element) -> str:
    children = list(element)
    if not children:
        return "leaf" if element.text is not None else "empty"
    tags = {child.tag for child in children}
    if tags == {"member"}:
        return "members"
    return "container"


def _label(element) -> str:
    """A list entry's name, an element's tag; an `<entry>` without a name (exports have them,
    e.g. under `shared report-group ... all`) shows as `entry`."""
    if element.tag == "entry" and element.get("name") is not None:
        return quote(element.get("name"))
    return element.tag


def _value(element) -> str:
    """A leaf's or a member list's value as typed: `x`, `"a b"`, `[ a b ]`."""
    if len(element) == 0:
        return quote(element.text)
    members = [quote(m.text or "") for m in element]
    return members[0] if len(members) == 1 else "[ " + " ".join(members) + " ]"


# -- brace format ------------------------------------------------------------


def brace(element, depth: int = 0) -> list[str]:
    """An element as PAN-OS's curly-brace tree, two spaces per level."""
    pad, label, kind = "  " * depth, _label(element), _kind(element)
    if kind == "empty":
        return [f"{pad}{label};"]
    if kind in ("leaf", "members"):
        return [f"{pad}{label} {_value(element)};"]
    lines = [f"{pad}{label} {{"]
    for child in element:
        lines += brace(child, depth + 1)
    return lines + [f"{pad}}}"]


# -- set format --------------------------------------------------------------


def set_lines(element, words: list[str]) -> list[str]:
    """`set` commands that rebuild element under the path `words`."""
    here, kind = words + [_label(element)], _kind(element)
    if kind == "empty":
        return ["set " + " ".join(here)]
    if kind in ("leaf", "members"):
        return ["set " + " ".join(here + [_value(element)])]
    lines = []
    for child in element:
        lines += set_lines(child, here)
    return lines


def top_level_words(config: PanConfig, element) -> list[str]:
    """The words of the path above element, as typed at the top of configure mode."""
    device, path = config.device, []
    node = element.getparent()
    while node is not None and node is not config.root and node is not device:
        path.append(node)
        node = node.getparent()
    path.reverse()
    words = [_label(e) for e in path]
    # vsys1's objects stand at the top level, as on a single-vsys firewall
    if words[:2] == ["vsys", "vsys1"]:
        words = words[2:]
    return words


def config_set_lines(config: PanConfig, element=None) -> list[str]:
    """The whole configuration (or one element of it) as `set` commands."""
    if element is None:
        roots = [e for e in config.root if e.tag != "devices"] + list(config.device)
        return [line for e in roots for line in config_set_lines(config, e)]
    if element is config.device.find("vsys/entry[@name='vsys1']") or element is config.device or element is config.root:
        return [line for child in element for line in config_set_lines(config, child)]
    if element is config.device.find("vsys"):
        return [line for entry in element for line in config_set_lines(config, entry)]
    return set_lines(element, top_level_words(config, element))


# -- xml and json -------------------------------------------------------------


def xml_text(element) -> str:
    return etree.tostring(element, pretty_print=True, encoding="unicode").rstrip("\n")


def _as_json(element):
    kind = _kind(element)
    if kind in ("empty", "leaf"):
        value = element.text
    elif kind == "members":
        value = {"member": [m.text for m in element]}
    else:
        value = {}
        for child in element:
            if child.tag == "entry":
                value.setdefault("entry", []).append(_as_json(child))
            else:
                value[child.tag] = _as_json(child)
    if element.tag == "entry":
        value = {"@name": element.get("name"), **(value if isinstance(value, dict) else {})}
    return value


def json_text(element) -> str:
    label = "entry" if element.tag == "entry" else element.tag
    return json.dumps({label: _as_json(element)}, indent=2)


def render(config: PanConfig, element, fmt: str) -> str:
    """One element (or the whole config) in a `set cli config-output-format` format."""
    element = config.root if element is None else element
    if fmt == "set":
        lines = config_set_lines(config, None if element is config.root else element)
        return "\n".join(lines)
    if fmt == "xml":
        return xml_text(element)
    if fmt == "json":
        return json_text(element)
    return "\n".join(brace(element))


def config_diff(running: PanConfig, candidate: PanConfig, fmt: str = "default") -> str:
    """What committing would change, as unified-diff hunks of the shown config."""
    before = render(running, None, fmt).splitlines()
    after = render(candidate, None, fmt).splitlines()
    lines = list(difflib.unified_diff(before, after, lineterm="", n=3))
    return "\n".join(lines[2:])  # without the ---/+++ file header

