"""Load command grammars from the data files in grammar/ into a tree of nodes.

A grammar file is an indented tree, one token per line (two spaces per level):

    show                     "Show operational information"
      clock                  "Show the system time"          => show_clock
      cli                    "Show CLI information"
        settings             "Show CLI settings"             => show_cli_settings
    set                      "Set operational parameters"
      cli                    "Set CLI parameters"
        pager                "Enable/disable pager"
          <state:on|off>     "Pager state"                   => set_cli_pager
    show
      jobs                   "Show job information"
        id                   "Show job by id"
          <id:job-id>        "Job id"                        => show_job
            +verbose         "Show details"                  (an option, see below)

A token is a keyword (`clock`), a typed value (`<name:type>`, bound under `name`
for the handler) or an option (`+keyword`). `=> handler` marks a node where a
command may end and names the function that runs it. A token may appear again
under the same parent (to add children); its help text is given once.

Options (`+keyword`, with an optional chain of values below it) belong to the
nearest ancestor with a handler; they may follow that command in any order,
each at most once. A command takes another command's options, besides its own,
with the annotation `options-of=word/word/...` naming that command's path from
the top (`filter "..." options-of=clear/session/all/filter => show_session_all`):
one list of options serves both, each command owning its copy.

Value types: `int(LO-HI)`, `ipv4`, `ipv4-prefix`, `interface`, `job-id`,
`string`, `regex`, and choices `a|b|c`.

`@other` includes another grammar's top level at that point (configure mode's
`set`, `delete`, `edit` and `show` continue into the configuration schema);
`@other => handler` runs handler for any path walked into it, and
`@other full-path => handler` only for paths that do not stop where a value is
still due. Lines indented under an include may follow the included path
(`rename <path> to <name>`).

A schema grammar (the configuration tree, loaded with schema=True) names its
values by what they are in PAN-OS's XML: `<name:T>` is the key of a list entry
(`<entry name="...">`), `<value:T>` a leaf's text, `<member:T>` one member of
a member list (`[ a b ]` sets several). After a leaf or member value the walk
returns to the container, so one `set` line can set several leaves.
"""
from __future__ import annotations

import hashlib
import ipaddress
import os
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from importlib import resources
from pathlib import Path


class GrammarError(Exception):
    """A malformed grammar file; the message names the file and line."""


# -- value types ------------------------------------------------------------


class ValueType:
    """A typed value: `check` returns an error message, or None when valid."""

    label = ""  # shown in `?` help before the help text, e.g. <1-500>

    def check(self, text: str) -> str | None:
        return None

    def choices(self) -> list[str]:
        return []


class StringType(ValueType):
    pass


@dataclass
class ParsedType(ValueType):
    """A value that `parse` accepts (raising ValueError otherwise)."""

    parse: Callable[[str], object]
    what: str  # for the error: `<text> is not a valid <what>`

    def check(self, text):
        try:
            self.parse(text)
        except (ValueError, re.error):
            return f"{text} is not a valid {self.what}"
        return None


@dataclass
class IntRange(ValueType):
    low: int
    high: int

    def check(self, text):
        if not re.fullmatch(r"-?\d+", text):
            return f"{text} is not a valid integer"
        if not self.low <= int(text) <= self.high:
            return f"{text} is out of range ({self.low}-{self.high})"
        return None

    @property
    def label(self):
        return f"<{self.low}-{self.high}>"


class JobIdType(IntRange):
    def __init__(self):
        super().__init__(1, 2**31 - 1)

    label = ""


@dataclass
class ChoiceType(ValueType):
    options: list[str]

    def check(self, text):
        if text not in self.options:
            return f"{text} is not a valid choice"
        return None

    def choices(self):
        return list(self.options)


@dataclass
class TextType(ValueType):
    """Text of at most `longest` characters (descriptions: 1023), matching `pattern` if given."""

    longest: int
    pattern: str = ""  # a regex the whole text must match
    what: str = ""  # for the error: `<text> is not a valid <what>`

    def check(self, text):
        if len(text) > self.longest:
            shown = text if len(text) <= 40 else text[:37] + "..."
            return f"{shown} is longer than {self.longest} characters"
        if self.pattern and not self.compiled.fullmatch(text):
            return f"{text} is not a valid {self.what}"
        return None

    @cached_property
    def compiled(self) -> re.Pattern:
        return re.compile(self.pattern)


# PAN-OS's object names: letters, digits, spaces, '.', '-', '_', starting with a letter, digit
# or '_'; up to 63 characters (31 for a hostname, which takes no spaces). From PAN-OS's
# documentation of the name fields.
NAME_PATTERN = r"[A-Za-z0-9_][A-Za-z0-9 ._-]*"
HOSTNAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]*"


# parsers for ParsedType (module-level, so that compiled grammars pickle)
INTERFACE = re.compile(r"(ethernet\d+/\d+|ae\d+|tunnel|loopback|vlan)(\.\d+)?|ha1-a|ha1-b|hsci|management")
FILENAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def _matching(pattern: re.Pattern, text: str) -> str:
    if not pattern.fullmatch(text):
        raise ValueError(text)
    return text


def _interface(text: str) -> str:
    return _matching(INTERFACE, text)


def _filename(text: str) -> str:
    return _matching(FILENAME, text)


def _ipv4_prefix(text: str):
    if "/" not in text:
        raise ValueError(text)
    return ipaddress.IPv4Network(text, strict=False)


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_PLAIN_IPV4_NETMASK = re.compile(rf"(?:{_OCTET}\.){{3}}{_OCTET}(?:/(?:3[0-2]|[12]?[0-9]))?")


def _ip_netmask(text: str):
    if _PLAIN_IPV4_NETMASK.fullmatch(text):  # the usual a.b.c.d/n: valid without building a network (slower)
        return text
    return ipaddress.ip_network(text, strict=False)


def _ip_range(text: str):
    first, _, last = text.partition("-")
    if ipaddress.ip_address(first) > ipaddress.ip_address(last):
        raise ValueError(text)


SIMPLE_TYPES = {
    "string": StringType,
    "regex": lambda: ParsedType(re.compile, "regular expression"),
    "ipv4": lambda: ParsedType(ipaddress.IPv4Address, "IPv4 address"),
    "ipv4-prefix": lambda: ParsedType(_ipv4_prefix, "IPv4 prefix"),
    "ip-netmask": lambda: ParsedType(_ip_netmask, "IP address/netmask"),
    "ip-range": lambda: ParsedType(_ip_range, "IP range"),
    "interface": lambda: ParsedType(_interface, "interface name"),
    "filename": lambda: ParsedType(_filename, "file name"),
    "job-id": JobIdType,
}


# -- the tree ---------------------------------------------------------------


@dataclass(eq=False)
class Node:
    """One token of the grammar tree."""

    kind: str  # "root", "keyword", "value", "option" or "include"
    name: str  # the keyword, the value's binding name, or the included grammar
    help: str = ""
    vtype: ValueType | None = None
    handler: str | None = None
    children: list[Node] = field(default_factory=list)
    owner: Node | None = None  # where the walk returns after this node (options, schema leaves)
    grammar: str = ""  # the grammar file the node comes from
    target: Node | None = None  # for an include: the included grammar's root
    full_path: bool = False  # for an include: a path may not stop where a value is still due
    notes: dict[str, str] = field(default_factory=dict)  # a schema's annotations (see NOTES)
    _next: list[Node] | None = field(default=None, repr=False)

    @property
    def next(self) -> list[Node]:
        """The children, with includes replaced by what they include."""
        if self._next is None:
            self._next = [
                n for c in self.children for n in (c.target.next if c.kind == "include" else [c])
            ]
        return self._next

    @property
    def values(self) -> list[Node]:
        return [c for c in self.children if c.kind == "value"]

    @property
    def options(self) -> list[Node]:
        return [c for c in self.children if c.kind == "option"]

    def child(self, kind: str, name: str) -> Node | None:
        for c in self.children:
            if c.kind == kind and c.name == name:
                return c
        return None

    @cached_property  # the tree is complete before anything asks
    def awaits_value(self) -> bool:
        """A leaf's keyword, which must be followed by its value. A member list or an entry list
        may stay empty (`set shared log-settings system critical send-email`, as real configs have)."""
        return (
            self.kind == "keyword" and bool(self.children)
            and all(c.kind == "value" and c.name == "value" for c in self.children)
        )

    @cached_property  # the tree is complete before anything asks
    def next_by_name(self) -> tuple[dict[str, list[Node]], list[Node]]:
        """What may follow: the keywords and options by name, and the values, each in help order."""
        by_name: dict[str, list[Node]] = {}
        for c in self.next:
            if c.kind != "value":
                by_name.setdefault(c.name, []).append(c)
        return by_name, [c for c in self.next if c.kind == "value"]

    @cached_property  # the tree is complete before anything asks
    def after(self) -> Node:
        """Where a walk stands once this node is matched: an option's chain, or a schema leaf,
        returns to its owner."""
        return self.owner if (self.owner and not self.children) else self

    @cached_property  # the tree is complete before anything asks
    def includes_with_tail(self) -> bool:
        """Whether an include below it carries its command's own words after the path (rename's `to <name>`)."""
        return any(c.kind == "include" and c.children for c in self.children)

    @cached_property  # the tree is complete before anything asks
    def holds_values(self) -> bool:
        """A leaf's keyword or a member list's: its words set the element's text or members."""
        return self.kind == "keyword" and bool(self.children) and all(
            c.kind == "value" and c.name in ("value", "member") for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


# -- the file format --------------------------------------------------------

@cache
def _line_grammar():
    """One grammar line, as pyparsing reads it (built on first use: a cached load needs none)."""
    import pyparsing as pp

    word = pp.Regex(r"[A-Za-z0-9][A-Za-z0-9_\-./]*")  # XML element names (a few, like CA, are upper case)
    keyword = word("keyword")
    option = pp.Combine(pp.Suppress("+") + word)("option")
    include = pp.Combine(pp.Suppress("@") + word)("include")
    value = pp.Group(
        pp.Suppress("<") + pp.Regex(r"[a-z][a-z0-9_\-]*")("name") + pp.Suppress(":")
        + pp.Regex(r"[^>]+")("type") + pp.Suppress(">")
    )("value")
    help_text = pp.QuotedString('"', esc_char="\\")("help")
    note = pp.Regex(r"[a-z][a-z-]*=[^\s\"]+")
    notes = pp.Group(pp.OneOrMore(note))("notes")
    handler = pp.Suppress("=>") + pp.Regex(r"[a-z_][a-z0-9_]*")("handler")
    full_path = pp.Keyword("full-path")("full_path")
    return include + pp.Optional(full_path) + pp.Optional(handler) + pp.StringEnd() | (
        (value | option | keyword) + pp.Optional(help_text) + pp.Optional(notes) + pp.Optional(handler)
        + pp.StringEnd()
    ), pp.ParseException


_INT_RANGE = re.compile(r"int\((-?\d+)-(-?\d+)\)")
_SIZED = re.compile(r"(string|name)\((\d+)\)")


def _parse_type(spec: str) -> ValueType:
    spec = spec.strip()
    if spec in SIMPLE_TYPES:
        return SIMPLE_TYPES[spec]()
    if spec == "name":
        return TextType(63, NAME_PATTERN, "name")
    if spec == "hostname":
        return TextType(31, HOSTNAME_PATTERN, "hostname")
    sized = _SIZED.fullmatch(spec)
    if sized:
        kind, longest = sized.group(1), int(sized.group(2))
        return TextType(longest, NAME_PATTERN, "name") if kind == "name" else TextType(longest)
    m = _INT_RANGE.fullmatch(spec)
    if m:
        low, high = int(m.group(1)), int(m.group(2))
        if low > high:
            raise ValueError(f"empty range {spec}")
        return IntRange(low, high)
    if "|" in spec:
        options = spec.split("|")
        if all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_\-.]*", o) for o in options):
            return ChoiceType(options)
    raise ValueError(f"unknown value type '{spec}'")


SCHEMA_VALUES = ("name", "value", "member")
NOTES = {  # a line's `key=value` annotations: a schema's, read by backend/schema.py, and options-of
    "defines": "on <name:...>: the list's entries are names of this kind (zone, address ...)",
    "ref": "on <value:...> or <member:...>: names one of these kinds (a|b), checked at commit",
    "literals": "with ref: words that are no reference (any|application-default), or `ip` for addresses",
    "sync": "sync=local on a keyword: HA1 does not carry this subtree (each device's own)",
    "required": "on <name:...> or a keyword: children a commit needs (a,b|c: a, and b or c)",
    "choice": "on <name:...> or a keyword: children of which one at most may be set (a,b,c)",
    "default": "on <value:...>: the value PAN-OS uses when the leaf is absent",
    "prompt": "prompt=password on a keyword: `set` asks for a password twice and keeps its hash (phash)",
    "options-of": "on a command (any grammar): it also takes the options of the command at this path (a/b/c)",
}


def parse_grammar(
    text: str, source: str = "<grammar>", schema: bool = False, name: str = "", fragment: bool = False
) -> Node:
    """Parse grammar text into a tree; raise GrammarError naming source:line.

    Every node remembers `name`, the grammar it comes from."""
    root = Node("root", "", grammar=name)
    stack: list[tuple[int, Node]] = [(-1, root)]
    for lineno, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        where = f"{source}:{lineno}"
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise GrammarError(f"{where}: indent with spaces, not tabs")
        indent = len(raw) - len(raw.lstrip(" "))
        if indent % 2:
            raise GrammarError(f"{where}: indentation must be a multiple of two spaces")
        line_grammar, parse_error = _line_grammar()
        try:
            tokens = line_grammar.parse_string(stripped, parse_all=True)
        except parse_error as exc:
            raise GrammarError(f"{where}: cannot read '{stripped}' (column {exc.col + indent})") from None
        while stack[-1][0] >= indent:
            stack.pop()
        parent_indent, parent = stack[-1]
        if indent > parent_indent + 2:
            raise GrammarError(f"{where}: indented too deep under '{parent.name or 'top level'}'")
        node = _add_token(parent, tokens, where, name, fragment)
        if schema and node.kind == "value" and node.name not in SCHEMA_VALUES:
            raise GrammarError(f"{where}: a schema value is <name:...>, <value:...> or <member:...>")
        stack.append((indent, node))
    _link_options(root)
    if schema:
        _link_leaves(root)
    return root


def _add_token(parent: Node, tokens, where: str, source: str, fragment: bool = False) -> Node:
    if "include" in tokens:
        node = Node("include", tokens["include"], handler=tokens.get("handler"), grammar=source)
        node.full_path = "full_path" in tokens
        parent.children.append(node)
        return node
    help_text = tokens.get("help")
    handler = tokens.get("handler")
    if "value" in tokens:
        kind, name = "value", tokens["value"]["name"]
        try:
            vtype = _parse_type(tokens["value"]["type"])
        except ValueError as exc:
            raise GrammarError(f"{where}: {exc}") from None
    else:
        kind = "option" if "option" in tokens else "keyword"
        name, vtype = tokens.get("option") or tokens["keyword"], None
    node = parent.child(kind, name)
    if node is None:
        if help_text is None and not fragment:  # a fragment may reopen a keyword of its grammar
            raise GrammarError(f"{where}: '{name}' needs a quoted help text the first time it appears")
        node = Node(kind, name, help_text or "", vtype, grammar=source)
        parent.children.append(node)
    elif help_text is not None and help_text != node.help:
        raise GrammarError(f"{where}: '{name}' already has the help text \"{node.help}\"")
    for text in tokens.get("notes", []):
        key, _, value = text.partition("=")
        if key not in NOTES:
            raise GrammarError(f"{where}: unknown annotation '{key}' (known: {', '.join(NOTES)})")
        node.notes[key] = value
    if handler:
        if node.handler and node.handler != handler:
            raise GrammarError(f"{where}: '{name}' already runs {node.handler}")
        node.handler = handler
    return node


def _link_options(root: Node) -> None:
    """Point every node inside an option at the command the option belongs to."""

    def visit(node: Node, command: Node | None):
        for child in node.children:
            if child.kind == "option":
                if command is None:
                    raise GrammarError(f"option '+{child.name}' has no command above it")
                _mark(child, command)
            else:
                visit(child, child if child.handler else command)

    visit(root, None)


def _mark(node: Node, command: Node):
    node.owner = command
    for c in node.children:
        _mark(c, command)


def _copied(node: Node) -> Node:
    return replace(node, children=[_copied(c) for c in node.children], _next=None)


def share_options(root: Node, source: str) -> None:
    """Give each `options-of=PATH` command a copy of the options of the command at PATH that it
    lacks (copies, so that each option's walk returns to its own command)."""
    for node in list(root.walk()):
        path = node.notes.get("options-of")
        if path is None:
            continue
        donor = root
        for word in path.split("/"):
            donor = donor.child("keyword", word) if donor is not None else None
        if donor is None or not node.handler:
            raise GrammarError(f"{source}: options-of={path} on '{node.name}' needs a command there and here")
        own = {o.name for o in node.options}
        for option in donor.options:
            if option.name not in own:
                copy = _copied(option)
                _mark(copy, node)
                node.children.append(copy)


def _link_leaves(root: Node) -> None:
    """In a schema, a leaf's value returns the walk to the leaf's container."""

    def visit(node: Node, parent: Node):
        for child in node.children:
            if child.kind == "value" and child.name in ("value", "member") and not child.children:
                child.owner = parent
            visit(child, node)

    visit(root, root)


def load_grammar(name: str, schema: bool = False) -> Node:
    """Load grammar/<name>.grammar, merged with its fragments grammar/<name>-*.grammar.

    A fragment adds commands to a grammar (operational-ha.grammar adds the HA
    commands to operational mode); keywords both files have are merged."""
    folder = resources.files("panshell.grammar")
    root = parse_grammar(folder.joinpath(f"{name}.grammar").read_text(encoding="utf-8"), f"grammar/{name}.grammar", schema, name)
    fragments = sorted(p.name for p in folder.iterdir() if p.name.startswith(f"{name}-") and p.name.endswith(".grammar"))
    for fragment in fragments:
        text = folder.joinpath(fragment).read_text(encoding="utf-8")
        merge(root, parse_grammar(text, f"grammar/{fragment}", schema, name, fragment=True), f"grammar/{fragment}")
    share_options(root, f"grammar/{name}.grammar")
    return root


def merge(into: Node, other: Node, source: str) -> None:
    """Add other's tree to into's: same tokens merge, new ones are appended."""
    for child in other.children:
        same = into.child(child.kind, child.name) if child.kind != "include" else None
        if same is None:
            missing = next((n for n in child.walk() if n.kind != "include" and not n.help), None)
            if missing is not None:
                raise GrammarError(f"{source}: '{missing.name}' needs a quoted help text")
            into.children.append(child)
            continue
        if child.handler and same.handler and child.handler != same.handler:
            raise GrammarError(f"{source}: '{child.name}' already runs {same.handler}")
        same.handler = same.handler or child.handler
        for key, value in child.notes.items():
            if same.notes.get(key, value) != value:
                raise GrammarError(f"{source}: '{child.name}' already has {key}={same.notes[key]}")
            same.notes[key] = value
        merge(same, child, source)


def link_includes(trees: dict[str, Node]) -> None:
    """Point every `@name` include at the grammar it names."""
    for tree in trees.values():
        for node in tree.walk():
            if node.kind == "include":
                if node.name not in trees:
                    raise GrammarError(f"grammar/{node.grammar}.grammar includes unknown grammar '@{node.name}'")
                node.target = trees[node.name]


CACHE_FORMAT = 3  # bump when Node or the loaders change shape


def cache_dir() -> Path:
    base = os.environ.get("PANSHELL_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "panshell"


def schema_grammar_names() -> tuple[str, ...]:
    """Every `config-*.grammar`: the configuration schema and the subtrees it includes with `@`
    (without the fragments, `config-schema-network.grammar` and the like, which merge into them)."""
    folder = resources.files("panshell.grammar")
    names = [p.name[:-len(".grammar")] for p in folder.iterdir()
             if p.name.startswith("config-") and p.name.endswith(".grammar")]
    return tuple(sorted(n for n in names if not any(n.startswith(f"{other}-") for other in names)))


def load_grammars(commands: tuple[str, ...], schemas: tuple[str, ...]) -> dict[str, Node]:
    """Every grammar, loaded and linked; kept as a pickle keyed by the files' contents,
    so a start-up reads it in a millisecond instead of parsing the files again."""
    folder = resources.files("panshell.grammar")
    files = sorted((p for p in folder.iterdir() if p.name.endswith(".grammar")), key=lambda p: p.name)
    digest = hashlib.sha256(repr((CACHE_FORMAT, commands, schemas)).encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    cached = cache_dir() / f"grammar-{digest.hexdigest()[:20]}.pickle"
    try:
        return pickle.loads(cached.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError):
        pass
    trees = {name: load_grammar(name) for name in commands}
    trees.update({name: load_grammar(name, schema=True) for name in schemas})
    link_includes(trees)
    try:
        from .atomicfile import atomic_write

        atomic_write(cached, pickle.dumps(trees, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only home only costs the parse
    return trees


COMMAND_GRAMMARS = ("operational", "configure", "pipe")


@cache
def compiled() -> dict[str, Node]:
    """Every grammar of panshell, command grammars and schema, once per process."""
    return load_grammars(COMMAND_GRAMMARS, schema_grammar_names())
