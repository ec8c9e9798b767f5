"""A PAN-OS-like line editor for a terminal reached over SSH.

It turns the keys a client sends into lines for a Session and the Session's
text into what the terminal shows: typed characters are echoed, Tab completes,
`?` lists what may come next and redraws the line, Up/Down walk the history,
Backspace, Ctrl-U, Ctrl-C and Ctrl-D work as on the device (Ctrl-D on an empty
line leaves configure mode as `exit` does, and ends the session in operational mode). It writes no ANSI
escape codes at all, so automation (netmiko, scrapli) reads plain text. Before
`set cli scripting-mode on` every entered line is redrawn after its prompt
(`\\r<prompt><line>`), as PAN-OS does, so the prompt and the command always
share one line of the output. On a terminal, long output stops at the pager's
prompt (shell/pager.py), which takes the keys until it is done.

What the keys of one `feed()` show goes to the client in one write, so a line that
arrives in one packet (as automation sends it) is answered in one SSH packet: its echo,
the command's output and the next prompt; a key typed alone is echoed at once.
"""
from __future__ import annotations

from collections.abc import Callable

from ..parser import tokenize
from ..session import Session
from .pager import Pager, pager_for

ENTER = "\r\n"
BACKSPACES = ("\x7f", "\x08")
CTRL_C, CTRL_D, CTRL_U = "\x03", "\x04", "\x15"
HISTORY_SIZE = 200


class LineEditor:
    def __init__(self, session: Session, write: Callable[[str], None], terminal: bool = True, rows: int = 0):
        self.session = session
        self.write_raw = write
        self.terminal = terminal  # a terminal pages long output; a terminal-less channel is a pipe
        self.newline = "\r\n" if terminal else "\n"
        self.rows = rows  # the terminal's height (0: not known)
        self.pager: Pager | None = None  # paging a command's output
        self.buffer = ""
        self.history: list[str] = []
        self.history_at = 0
        self._escape = ""  # an escape sequence being read
        self._last = ""  # the previous key (to read \r\n as one Enter)
        self._shown: list[str] | None = None  # what the keys being fed show, for one write

    def write(self, text: str) -> None:
        """Session text uses \\n; a terminal wants \\r\\n. Kept for one write while keys are fed."""
        text = text.replace("\n", self.newline) if self.newline != "\n" else text
        if self._shown is None:
            self.write_raw(text)
        else:
            self._shown.append(text)

    def start(self) -> None:
        self.write(self.session.prompt())

    def feed(self, data: str) -> None:
        """Handle keys as they arrive, then write what they show at once; stops early when the session ends."""
        self._shown = []
        try:
            for key in data:
                if self.session.closed:
                    return
                self._key(key)
                self._last = key
        finally:
            shown, self._shown = "".join(self._shown), None
            if shown:
                self.write_raw(shown)

    def runs_at_once(self, data: str) -> bool:
        """Whether feed(data) may run on a front end's event loop rather than in a worker thread:
        printable keys ending in at most one Enter, for a quick line (Session.quick). Anything else
        (control keys, several lines, the pager) goes to a worker."""
        body = data.rstrip("\r\n")
        if self.pager or self._escape or self.session.closed or not body.isprintable() \
                or data[len(body):] not in ("", "\r", "\n", "\r\n"):
            return False
        return body == data or self.session.quick(self.buffer + body)

    def _key(self, key: str) -> None:
        if self.pager:
            if not (key == "\n" and self._last == "\r"):
                self._page(key)
        elif self._escape:
            self._escape_key(key)
        elif key == "\x1b":
            self._escape = key
        elif key in ENTER:
            if not (key == "\n" and self._last == "\r"):
                self._enter()
        elif self._secret and (key.isprintable() or key == "\t"):
            self.buffer += key  # a password: not echoed, and `?` or Tab are characters of it
        elif key in BACKSPACES:
            if self.buffer:
                self.buffer = self.buffer[:-1]
                if not self._secret:
                    self.write("\b \b")
        elif key == CTRL_U:
            self._replace("")
        elif key == CTRL_C:
            self.buffer, self.session.question = "", None  # also gives up a question
            self.write("^C\n" + self.session.prompt())
        elif key == CTRL_D:
            if not self.buffer and self.session.mode == "config":
                self.buffer = "exit"  # leaves configure mode, with `exit`'s warning
                self.write("exit")
                self._enter()
            elif not self.buffer:
                self.session.closed = True
        elif key == "\t":
            self._complete()
        elif key == "?" and not self._in_quotes():
            self.write("\n" + self.session.help(self.buffer) + self.session.prompt() + self.buffer)
        elif key.isprintable():
            self.buffer += key
            self.write(key)

    @property
    def _secret(self) -> bool:
        """The line answers a question whose answer a terminal does not show (a password)."""
        return self.session.question is not None and self.session.question.secret

    def _escape_key(self, key: str) -> None:
        """ESC [ ... final-byte (CSI) or ESC O x (SS3): Up and Down walk the history, the rest is ignored."""
        self._escape += key
        kind = self._escape[1]
        in_csi = kind == "[" and (len(self._escape) == 2 or not "@" <= key <= "~")
        if (in_csi or kind == "O" and len(self._escape) == 2) and len(self._escape) < 16:
            return
        sequence, self._escape = self._escape, ""
        if sequence[-1] == "A" and self.history_at > 0:
            self.history_at -= 1
            self._replace(self.history[self.history_at])
        elif sequence[-1] == "B" and self.history_at < len(self.history):
            self.history_at += 1
            self._replace(self.history[self.history_at] if self.history_at < len(self.history) else "")

    def _replace(self, text: str) -> None:
        self.write("\b \b" * len(self.buffer) + text)
        self.buffer = text

    def _in_quotes(self) -> bool:
        return self.buffer.count('"') % 2 == 1 or self.buffer.count("'") % 2 == 1

    def _complete(self) -> None:
        words = self.session.completions(self.buffer)
        partial = tokenize(self.buffer, allow_partial=True).partial or ""
        if len(words) == 1:
            added = words[0][len(partial):] + " "
        else:
            common = _common_prefix(words)
            added = common[len(partial):]
            if not added and words:
                self.write("\n" + "  ".join(sorted(words)) + "\n" + self.session.prompt() + self.buffer)
                return
        self.buffer += added
        self.write(added)

    def _enter(self) -> None:
        line, self.buffer = self.buffer, ""
        secret = self._secret
        if line.strip() and not secret:
            self.history = (self.history + [line])[-HISTORY_SIZE:]
        self.history_at = len(self.history)
        shown = "" if secret else line
        redraw = "" if self.session.settings.scripting_mode else "\r" + self.session.prompt() + shown
        result = self.session.execute(line)
        if self.terminal and not self.session.closed:
            self.pager = pager_for(self.session, result.output, self.rows)
        if self.pager:
            self.write(redraw + "\n" + self.pager.start())
            return
        # one write: the command's whole output and the next prompt (netmiko's commit() needs
        # `100%` and the success line in the same read)
        tail = "" if self.session.closed else self.session.prompt()
        self.write(redraw + "\n" + result.output + tail)

    def _page(self, key: str) -> None:
        self.write(self.pager.key(key))
        if self.pager.done:
            self.pager = None
            self.write(self.session.prompt())


def _common_prefix(words: list[str]) -> str:
    if not words:
        return ""
    first, last = min(words), max(words)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]
