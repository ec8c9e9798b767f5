"""The terminal shell: prompt_toolkit line editing, Tab completion, `?` help.

It serves the local terminal, and people over SSH with `panshell serve
--terminal prompt-toolkit` (automation is better served by the default plain
line editor, which writes no escape codes).
"""
from __future__ import annotations

import asyncio

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.application import get_app_session, run_in_terminal
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.key_binding import KeyBindings

from ..parser import tokenize
from ..session import Session
from .pager import pager_for


class GrammarCompleter(Completer):
    def __init__(self, session: Session):
        self.session = session

    def get_completions(self, document, complete_event):
        text = document.text_before_cursor
        partial = tokenize(text, allow_partial=True).partial or ""
        for word in self.session.completions(text):
            yield Completion(word + " ", start_position=-len(partial), display=word)


def help_key(session: Session) -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("?")
    def _(event):
        text = event.current_buffer.document.text_before_cursor
        listing = session.help(text)
        run_in_terminal(lambda: print_formatted_text(session.prompt() + text + "\n" + listing, end=""))

    return bindings


async def run_shell(session: Session) -> None:
    """Read, run and print lines until the session ends (exit, quit or Ctrl-D)."""
    prompt = PromptSession(
        completer=GrammarCompleter(session),
        key_bindings=help_key(session),
        complete_while_typing=False,
    )
    while not session.closed:
        try:
            line = await prompt.prompt_async(session.prompt())
        except KeyboardInterrupt:
            continue
        except EOFError:  # Ctrl-D: leaves configure mode as `exit` does, else ends the session
            if session.closed or session.mode != "config":
                break
            print_formatted_text(session.prompt() + "exit")
            line = "exit"
        await show(session, session.execute(line).output)


async def show(session: Session, text: str) -> None:
    """A command's output; long output goes through the pager, which reads the keys."""
    terminal = get_app_session()
    pager = pager_for(session, text, terminal.output.get_size().rows)
    if pager is None:
        print_formatted_text(text, end="")
        return

    def write(shown: str) -> None:  # as it is: the pager's `\r` must reach the terminal
        terminal.output.write_raw(shown.replace("\n", "\r\n"))
        terminal.output.flush()

    write(pager.start())
    while not pager.done:
        for key in await read_keys(terminal.input):
            write(pager.key(key))


async def read_keys(keyboard) -> str:
    """The next keys typed, as the characters they send (q when the input has ended)."""
    typed = asyncio.get_running_loop().create_future()

    def ready() -> None:
        data = "".join(press.data for press in keyboard.read_keys())
        if (data or keyboard.closed) and not typed.done():
            typed.set_result(data or "q")

    with keyboard.raw_mode(), keyboard.attach(ready):
        return await typed


def run_interactive(session: Session) -> int:
    asyncio.run(run_shell(session))
    return 0
