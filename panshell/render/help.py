"""The `?` listing: next words with PAN-OS's markers and help text.

`>` a keyword that leads further, `+` an option, no marker for a value or a
choice, then `<Enter>` when the command may end here and `|` when its output
can be piped.
"""
from __future__ import annotations

from ..grammarfile import Node


def help_entries(candidates: list[Node], prefix: str, can_end: bool, can_pipe: bool,
                 existing: dict[Node, list[str]] | None = None) -> list[tuple[str, str, str]]:
    """(marker, name, help) for each next token that fits the word being typed; the names that
    exist for a value (`existing`: zones, addresses, entries ...) come first, as on PAN-OS."""
    entries, first = [], []
    for node, names in (existing or {}).items():
        first += [(" ", name, node.help) for name in sorted(names) if name.startswith(prefix)]
    for node in candidates:
        if node.kind == "value" and node.vtype.choices():
            entries += [(" ", c, c) for c in node.vtype.choices() if c.startswith(prefix)]
        elif node.kind == "value":
            if not prefix or node.vtype.check(prefix) is None:
                label = node.vtype.label
                entries.append((" ", "<value>", f"{label}  {node.help}" if label else node.help))
        elif node.name.startswith(prefix):
            entries.append(("+" if node.kind == "option" else ">", node.name, node.help))
    entries.sort(key=lambda entry: entry[1])
    entries = first + entries
    if can_end and not prefix:
        entries.append((" ", "<Enter>", "Finish input"))
        if can_pipe:
            entries.append((" ", "|", "Pipe through a command"))
    return entries


def render_help(entries: list[tuple[str, str, str]]) -> str:
    if not entries:
        return ""
    width = max(len(name) for _, name, _ in entries) + 2
    return "".join(f"{marker} {name:<{width}}{text}".rstrip() + "\n" for marker, name, text in entries)
