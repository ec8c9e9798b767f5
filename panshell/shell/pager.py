"""PAN-OS's CLI pager: a command's long output on an interactive terminal, a screenful at a time.

Shared by both interactive front ends (the SSH line editor and the prompt_toolkit shell); a
pipe, a terminal-less SSH channel and the XML API never page, nor does scripting mode.

PAN-OS pages through `less`: below each screen it waits at less's prompt for input of unknown
length, `lines 43-84 ` (the first and last line on the screen). Evidence: PAN-OS drivers wait for
exactly that, e.g. the netdriver project's paloalto plugin matches `(--more--)|(lines \\d+-\\d+ )`
with the sample `lines 43-84 `; netmiko's `--more--` is only a docstring. Space shows the next
screen, Enter the next line, q quits the rest. Inferred, from no public sample: output that fits
on one screen is not paged and the pager leaves at the end of the output (less -F -E), and the
prompt is written without less's reverse video and erased with blanks (the line editor writes
no escape codes), and configure mode's `[edit]` comes after the pager, even on q.
"""
from __future__ import annotations

from ..session import Session

NEXT_SCREEN = " "
NEXT_LINE = ("\r", "\n")
QUIT = ("q", "Q")


class Pager:
    def __init__(self, lines: list[str], rows: int, footer: str = ""):
        self.lines = lines  # each with its newline
        self.footer = footer  # shown when the pager leaves, even on q (configure mode's `[edit]`)
        self.screen = max(rows - 1, 1)  # a screen's rows, less the prompt's
        self.shown = 0  # lines written so far
        self.prompt = ""  # the pager prompt on the screen, if any
        self.done = False

    def start(self) -> str:
        """The first screen and the prompt below it."""
        return self._more(self.screen)

    def key(self, key: str) -> str:
        """What the terminal shows after a key at the prompt (other keys do nothing)."""
        if self.done:
            return ""
        if key in QUIT:
            self.done = True
            return self._erase() + self.footer
        if key == NEXT_SCREEN:
            return self._erase() + self._more(self.screen)
        if key in NEXT_LINE:
            return self._erase() + self._more(1)
        return ""

    def _more(self, count: int) -> str:
        start, self.shown = self.shown, min(self.shown + count, len(self.lines))
        text = "".join(self.lines[start:self.shown])
        if self.shown == len(self.lines):
            self.done = True
            return text + self.footer
        self.prompt = f"lines {self.shown - self.screen + 1}-{self.shown} "
        return text + self.prompt

    def _erase(self) -> str:
        blank, self.prompt = "\r" + " " * len(self.prompt) + "\r", ""
        return blank


def pager_for(session: Session, text: str, terminal_rows: int = 0) -> Pager | None:
    """A pager for a command's output on an interactive terminal of terminal_rows rows
    (0: not known), or None when it is shown whole."""
    settings = session.settings
    if not settings.pager or settings.scripting_mode:
        return None
    rows = settings.height if settings.height_set or terminal_rows <= 0 else terminal_rows
    footer = session.context_line() if session.mode == "config" else ""
    body = text.removesuffix(footer)
    pager = Pager(body.splitlines(keepends=True), rows, text[len(body):])
    return pager if len(pager.lines) > pager.screen else None
