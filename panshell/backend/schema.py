"""What the configuration schema (grammar/config-*.grammar) knows beyond what may be typed,
read from its annotations (grammarfile.NOTES): which lists define the names of a kind, which
values refer to them, what HA1 does not carry, what a commit needs, and defaults.

Paths here are XML paths below a scope: the device entry (`vsys/entry/address/entry`) or the
config root (`shared/address/entry`). The top level's vsys1 objects are found under `vsys`.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from lxml import etree

from ..grammarfile import GrammarError, Node, compiled
from .config import PanConfig

DEVICE, ROOT = "device", "root"
SKIPPED_INCLUDES = {("config-schema", "config-vsys"), ("config-schema", "config-root")}  # aliases at the top level: vsys1's objects, and what stands beside the device
PREDEFINED = {  # names PAN-OS has without any configuration
    "address": {"panw-bulletproof-ip-list", "panw-highrisk-ip-list", "panw-known-ip-list", "panw-torexit-ip-list"},
    "service": {"service-http", "service-https"},
    "virus-profile": {"default"},
    "spyware-profile": {"default", "strict"},
    "vulnerability-profile": {"default", "strict"},
    "url-filtering-profile": {"default"},
    "file-blocking-profile": {"basic file blocking", "strict file blocking"},
    "wildfire-analysis-profile": {"default"},
    "ike-crypto-profile": {"default", "Suite-B-GCM-128", "Suite-B-GCM-256"},
    "ipsec-crypto-profile": {"default", "Suite-B-GCM-128", "Suite-B-GCM-256"},
}


@dataclass
class Index:
    defines: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))  # kind -> (scope, path)
    local: set[tuple[str, ...]] = field(default_factory=set)  # device-relative tag paths HA1 does not carry
    defaults: dict[str, str] = field(default_factory=dict)  # device-relative leaf path -> default


def roots() -> list[tuple[str, Node]]:
    trees = compiled()
    return [(DEVICE, trees["config-schema"]), (ROOT, trees["config-root"])]


def _children(node: Node, parent_grammar: str) -> Iterator[Node]:
    """A node's children, includes expanded (but not the top level's vsys1 alias)."""
    for child in node.children:
        if child.kind == "include":
            if (parent_grammar, child.name) not in SKIPPED_INCLUDES or node.kind != "root":
                yield from _children(child.target, child.name)
        else:
            yield child


def child_node(node: Node, kind: str, name: str) -> Node | None:
    """The keyword (or value) child of a schema node, looking through includes."""
    for child in node.children:
        if child.kind == kind and child.name == name:
            return child
    for child in node.children:
        if child.kind == "include":
            found = child_node(child.target, kind, name)
            if found is not None:
                return found
    return None


@cache
def index() -> Index:
    found = Index()

    def visit(node: Node, grammar: str, scope: str, tags: tuple[str, ...], depth: int) -> None:
        for child in _children(node, grammar):
            if depth == 0 and child.name == "config":
                continue  # `config` names the root element: the same subtrees again
            if child.kind == "keyword":
                here = tags + (child.name,)
                if child.notes.get("sync") == "local" and scope == DEVICE:
                    found.local.add(here)
                visit(child, child.grammar, scope, here, depth + 1)
            elif child.kind == "value" and child.name == "name":
                here = tags + ("entry",)
                if "defines" in child.notes:
                    found.defines[child.notes["defines"]].append((scope, "/".join(here)))
                visit(child, child.grammar, scope, here, depth + 1)
            elif child.kind == "value" and "default" in child.notes and scope == DEVICE:
                found.defaults["/".join(tags)] = child.notes["default"]

    for scope, root in roots():
        visit(root, root.grammar, scope, (), 0)
    deep = [path for path in found.local if len(path) > 2]
    if deep:  # what synced.synced_view can leave out
        raise GrammarError(f"sync=local marks {'/'.join(deep[0])}: at most two levels below the device")
    return found


def default(path: str) -> str:
    """The default of a device setting (`deviceconfig/setting/jumbo-frame/mtu`), "" if none."""
    return index().defaults.get(path, "")


def names(config: PanConfig, kind: str) -> set[str]:
    """Every name of a kind the config defines (any vsys, then shared), and PAN-OS's own."""
    found = set(PREDEFINED.get(kind, ()))
    for scope, path in index().defines.get(kind, ()):
        base = config.device if scope == DEVICE else config.root
        found.update(base.xpath(f"{path}/@name"))
    return found


def walk(config: PanConfig) -> Iterator[tuple[etree._Element, Node]]:
    """Every element of the configuration in an annotated part of the schema, with its schema
    node (an entry with its `<name:...>` node, a leaf or member list with its keyword), in
    document order. Unknown subtrees, and those the annotations never reach, are skipped."""
    stack = []
    for scope, root in reversed(roots()):
        base = config.device if scope == DEVICE else config.root
        for element in reversed(base):
            node = _child(root, "keyword", element.tag) if element.tag != "devices" else None
            if node is not None and not (scope == DEVICE and node.grammar == "config-root"):
                stack.append((element, node))
    while stack:
        element, node = stack.pop()
        yield element, node
        below = known_below(node, annotated_only=True)
        stack.extend(reversed([(child, below[child.tag]) for child in element if child.tag in below]))


def known_below(node: Node, annotated_only: bool = False) -> dict[str, Node]:
    """Element tag -> schema node for what may stand below node (`entry` for a list's entries);
    with annotated_only, the annotated parts only. Remembered per node."""
    key = (id(node), annotated_only)
    if key not in _below_of:
        found = {}
        for child in _children(node, node.grammar):
            tag = "entry" if child.kind == "value" and child.name == "name" else child.name if child.kind == "keyword" else None
            if tag and tag not in found and (not annotated_only or _annotated_below(child)):
                found[tag] = child
        _below_of[key] = found
    return _below_of[key]


_below_of: dict[tuple[int, bool], dict[str, Node]] = {}


def _annotated_below(node: Node, seen: frozenset = frozenset()) -> bool:
    """Whether the node or anything below it carries an annotation (remembered per node)."""
    key = id(node)
    if key not in _annotated:
        if key in seen:  # an include that comes back round
            return False
        found = bool(node.notes) or any(_annotated_below(c.target if c.kind == "include" else c, seen | {key})
                                        for c in node.children)
        _annotated[key] = found
    return _annotated[key]


_annotated: dict[int, bool] = {}


def reference(node: Node) -> dict[str, str] | None:
    """The annotations of a leaf's or member list's value when it is a reference (`ref=`)."""
    if id(node) not in _references:
        value = _child(node, "value", "value") or _child(node, "value", "member")
        _references[id(node)] = value.notes if value is not None and "ref" in value.notes else None
    return _references[id(node)]


_references: dict[int, dict[str, str] | None] = {}


_children_of: dict[tuple[int, str, str], Node | None] = {}


def _child(node: Node, kind: str, name: str) -> Node | None:
    """child_node, remembered: the schema does not change in a process."""
    key = (id(node), kind, name)
    if key not in _children_of:
        _children_of[key] = child_node(node, kind, name)
    return _children_of[key]


def path_text(config: PanConfig, element: etree._Element) -> str:
    """`rulebase -> security -> rules -> r1 -> from`: an element's path as PAN-OS's errors
    write it (vsys1's objects without their vsys, as on a single-vsys firewall)."""
    words = []
    while element is not None and element is not config.device and element is not config.root:
        words.append(element.get("name") if element.tag == "entry" else element.tag)
        element = element.getparent()
    words.reverse()
    if words[:2] == ["vsys", "vsys1"]:
        words = words[2:]
    return " -> ".join(words)
