"""The terminal shell: prompt_toolkit line editing, Tab completion, `?` help."""
from __future__ import annotations

from prompt_toolkit import PromptSession
from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.key_binding import KeyBindings

from ..parser import tokenize
from ..session import Session


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
        run_in_terminal(lambda: print(session.prompt() + text + "\n" + listing, end=""))

    return bindings


def run_interactive(session: Session) -> int:
    prompt = PromptSession(
        completer=GrammarCompleter(session),
        key_bindings=help_key(session),
        complete_while_typing=False,
    )
    while not session.closed:
        try:
            line = prompt.prompt(session.prompt())
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        print(session.execute(line).output, end="")
    return 0
