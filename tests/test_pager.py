"""The CLI pager: long output on an interactive terminal, a screenful at a time."""
import asyncio
import io
import re

import asyncssh
import pytest
from conftest import run
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from test_ssh import PROMPT, Server

from panshell.shell.interactive import run_shell
from panshell.shell.lineedit import LineEditor
from panshell.shell.pipe import PipeLog

LONG = "show system info"  # 46 lines
PAGER_PROMPT = re.compile(r"lines \d+-\d+ $")


def erase(prompt: str) -> str:
    return "\r" + " " * len(prompt) + "\r"


class Screen:
    """The SSH line editor on a terminal of `rows` rows (0: the client did not say)."""

    def __init__(self, session, rows=0, terminal=True):
        self.shown = []
        self.editor = LineEditor(session, self.shown.append, terminal, rows)
        self.editor.start()

    def keys(self, keys: str) -> str:
        self.shown.clear()
        self.editor.feed(keys)
        return "".join(self.shown).replace("\r\n", "\n")


@pytest.fixture
def frozen(fw1, monkeypatch):
    """fw1 with a clock that does not tick, so a command's output is the same on every run."""
    now = fw1.lab.clock.now()
    monkeypatch.setattr(fw1.lab.clock, "now", lambda: now)
    return fw1


def test_a_screenful_then_space_enter_and_q(frozen):
    expected = run(frozen, LONG).splitlines(keepends=True)
    screen = Screen(frozen)
    screen.keys("set cli terminal height 10\r")
    first = screen.keys(LONG + "\r")
    assert first == "show system info\radmin@fw1(active)> show system info\n" + "".join(expected[:9]) + "lines 1-9 "
    assert screen.keys(" ") == erase("lines 1-9 ") + "".join(expected[9:18]) + "lines 10-18 "
    assert screen.keys("\r") == erase("lines 10-18 ") + expected[18] + "lines 11-19 "
    assert screen.keys("\r\n") == erase("lines 11-19 ") + expected[19] + "lines 12-20 "  # \r\n is one Enter
    assert screen.keys("xyz") == ""  # other keys do nothing
    assert screen.keys("q") == erase("lines 12-20 ") + "admin@fw1(active)> "
    assert screen.keys("show clock\r").endswith("UTC 2026\n\nadmin@fw1(active)> ")  # back at the CLI


def test_paging_to_the_end_shows_the_whole_output_then_the_prompt(frozen):
    expected = run(frozen, LONG)
    screen = Screen(frozen, rows=20)
    seen = screen.keys(LONG + "\r").partition("\n")[2]
    while PAGER_PROMPT.search(seen):
        seen += screen.keys(" ")
    assert seen.endswith("\nadmin@fw1(active)> ")
    assert re.sub(r"lines \d+-\d+ \r +\r", "", seen) == expected + "admin@fw1(active)> "
    assert "lines 1-19 " in seen and "lines 20-38 " in seen  # the terminal's 20 rows


def test_q_stops_only_the_display_the_command_has_run(fw1):
    screen = Screen(fw1, rows=5)
    screen.keys("configure\r")
    assert screen.keys("show\r").endswith("lines 1-4 ")  # the whole candidate, paged
    assert screen.keys("q") == erase("lines 1-4 ") + "[edit]\nadmin@fw1(active)# "  # [edit] is not paged
    screen.keys("set address paged ip-netmask 10.0.0.1\r")
    assert "ip-netmask 10.0.0.1;" in run(fw1, "show address paged")


def test_terminal_height_wins_over_the_window_and_short_output_is_not_paged(fw1):
    screen = Screen(fw1, rows=50)
    assert not PAGER_PROMPT.search(screen.keys(LONG + "\r"))  # 46 lines fit in 50 rows
    screen.keys("set cli terminal height 30\r")
    assert screen.keys(LONG + "\r").endswith("lines 1-29 ")
    screen.keys("q")
    screen.editor.rows = 3  # the window shrinks: the height set still rules
    assert screen.keys("show clock\r").endswith("UTC 2026\n\nadmin@fw1(active)> ")
    assert screen.keys(LONG + "\r").endswith("lines 1-29 ")


def test_a_window_of_unknown_size_uses_the_default_height(fw1):
    assert Screen(fw1).keys(LONG + "\r").endswith("lines 1-23 ")  # `Terminal Height: 24`


@pytest.mark.parametrize("setting", ["set cli pager off", "set cli scripting-mode on"])
def test_pager_off_and_scripting_mode_never_page(fw1, setting):
    screen = Screen(fw1, rows=10)
    screen.keys(setting + "\r")
    out = screen.keys(LONG + "\r")
    assert not PAGER_PROMPT.search(out) and out.endswith("admin@fw1(active)> ")
    assert out.count("\n") > 46


def test_a_terminal_less_channel_and_a_pipe_never_page(fw1, fw2):
    out = Screen(fw1, rows=10, terminal=False).keys(LONG + "\n")
    assert out.endswith("device-certificate-status: None\n\nadmin@fw1(active)> ") and "lines 1-" not in out
    log = PipeLog(fw2).feed(b"set cli terminal height 5\nshow system info\n")
    assert log.endswith("device-certificate-status: None\n\n") and "lines 1-" not in log


# -- over SSH, and on the prompt_toolkit shell ------------------------------------------------------


@pytest.fixture(scope="module")
def server():
    running = Server("--ephemeral", "--clock", "2026-11-25T00:00:00Z")
    yield running
    assert running.stop() == 0


async def read_until(stream, pattern: re.Pattern, seen: str = "") -> str:
    while not pattern.search(seen):
        chunk = await asyncio.wait_for(stream.read(65536), 30)
        if not chunk:
            raise EOFError(seen)
        seen += chunk
    return seen


def test_over_ssh_the_window_size_pages_and_a_resize_changes_it(server):
    async def session():
        async with asyncssh.connect("127.0.0.1", server.port, username="admin", password="admin",
                                    known_hosts=None) as conn:
            process = await conn.create_process(term_type="vt100", term_size=(80, 12), encoding="utf-8")
            await read_until(process.stdout, PROMPT)
            process.stdin.write(LONG + "\r")
            first = await read_until(process.stdout, PAGER_PROMPT)
            process.stdin.write(" ")
            second = await read_until(process.stdout, PAGER_PROMPT)
            process.stdin.write("q")
            await read_until(process.stdout, PROMPT)
            process.change_terminal_size(80, 8)
            process.stdin.write(LONG + "\r")
            resized = await read_until(process.stdout, PAGER_PROMPT)
            process.stdin.write("q")
            await read_until(process.stdout, PROMPT)
            return first, second, resized

    first, second, resized = asyncio.run(session())
    assert first.endswith("\r\nlines 1-11 ") and second.endswith("\r\nlines 12-22 ") and resized.endswith("lines 1-7 ")


def test_netmiko_turns_the_pager_off_and_reads_long_output_whole(server):
    from test_ssh import netmiko

    with netmiko(server) as conn:
        out = conn.send_command(LONG)
    assert out.rstrip().endswith("device-certificate-status: None") and "lines 1-" not in out


def test_the_prompt_toolkit_shell_pages_at_the_terminal_height(fw1):
    ansi = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]")
    screen = io.StringIO()

    async def session():
        with create_pipe_input() as keyboard:
            output = Vt100_Output(screen, lambda: Size(rows=10, columns=80), term="xterm")
            with create_app_session(input=keyboard, output=output):
                shell = asyncio.create_task(run_shell(fw1))

                async def after(keys: str, pattern: str) -> str:
                    keyboard.send_text(keys)
                    for _ in range(500):
                        await asyncio.sleep(0.01)
                        if re.search(pattern, ansi.sub("", screen.getvalue()), re.S):
                            return ansi.sub("", screen.getvalue())
                    raise AssertionError(repr(screen.getvalue()[-2000:]))

                await after("", r"admin@fw1\(active\)>")
                await after(LONG + "\r", r"lines 1-9 $")
                await after(" ", r"lines 10-18 $")
                await after("\r", r"lines 11-19 $")
                seen = await after("q", r"lines 11-19 \r +\r.*admin@fw1\(active\)>")
                keyboard.send_text("exit\r")
                await asyncio.wait_for(shell, 10)
                return seen

    seen = asyncio.run(session())
    assert "/64\r\nlines 1-9 " + erase("lines 1-9 ") + "ipv6-default-gateway: \r\n" in seen
    assert "\r\nlines 10-18 " + erase("lines 10-18 ") + "global-protect-client-package-version: 0.0.0\r\n" in seen
