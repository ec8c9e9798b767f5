"""Command handlers: what each command in grammar/ means.

A handler is a function registered under the name its grammar line gives after
`=>`. It receives a Context and returns the exact text PAN-OS prints (or None),
or raises CommandError with PAN-OS's error text.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..session import Session

HANDLERS: dict[str, Callable] = {}
WAITING: set[str] = set()  # the handlers that may let go of the lab to wait (see handler)


def handler(name: str, waits: bool = False):
    """Register func as the handler `name`. waits: it may let go of the lab's guard and wait (for a
    commit's validation in the worker process, or for its turn), so a front end must run it in a
    worker thread, never on its event loop (hub.in_lab)."""
    def register(func):
        HANDLERS[name] = func
        if waits:
            WAITING.add(name)
        return func

    return register


@dataclass(slots=True)
class Context:
    session: Session
    args: dict[str, str] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    path: list = field(default_factory=list)  # configure mode: the schema steps walked (node, word)

    @property
    def device(self):
        return self.session.device

    @property
    def lab(self):
        return self.session.lab


@dataclass
class Question:
    """A command that asks before it acts (`Do you want to continue? (y or n)`, `Enter
    password :`): set on the session, its text is the prompt until the next line answers it."""
    prompt: str
    on_answer: Callable[[str], object]  # does the work with the answer; returns its output or a View (may raise CommandError)
    secret: bool = False  # a terminal does not echo the answer


class Failed(str):
    """The text of a command that ran but did not succeed (a failed commit): printed as it is, it
    makes the session's result not ok (a pipe's exit status)."""


CONTINUE = "Do you want to continue? (y or n) "


def confirm(action: Callable[[], object], warning: str = "") -> Question:
    """`Do you want to continue? (y or n)`, after a warning on the same line if given: only y
    goes ahead."""
    return Question(warning + CONTINUE, lambda answer: action() if answer.strip().lower() in ("y", "yes") else "")


@cache
def load_handlers() -> dict[str, Callable]:
    """Import every module of this package (handlers register themselves) and return the table
    (once per process: each API request makes a session)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return HANDLERS
