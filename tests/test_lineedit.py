"""The SSH line editor, key by key: what a terminal shows."""
import re

import pytest
from conftest import START

from panshell.backend.clock import FixedClock
from panshell.backend.lab import Lab
from panshell import session as session_module
from panshell.session import Session
from panshell.shell.lineedit import LineEditor


@pytest.fixture
def screen(fw1):
    shown = []
    editor = LineEditor(fw1, shown.append)
    editor.start()
    shown.clear()
    return editor, shown


def typed(screen, keys: str) -> str:
    editor, shown = screen
    shown.clear()
    editor.feed(keys)
    return "".join(shown)


def test_echo_and_enter_redraw_the_prompt_line_before_scripting_mode(screen):
    out = typed(screen, "show clock\r")
    assert out == (
        "show clock"  # echo, key by key
        "\radmin@fw1(active)> show clock"  # redrawn with its prompt (netmiko's `[>#].*mode on`)
        "\r\n\r\nWed Nov 25 00:00:00 UTC 2026\r\n\r\nadmin@fw1(active)> "
    )


def test_no_redraw_once_scripting_mode_is_on_and_no_escape_codes_at_all(screen):
    typed(screen, "set cli scripting-mode on\r\n")  # \r\n is one Enter
    out = typed(screen, "show clock\r")
    assert out.startswith("show clock\r\n\r\nWed Nov 25") and "\x1b" not in out


def test_backspace_ctrl_u_and_ctrl_c(screen):
    assert typed(screen, "shox\x7fw") == "shox\b \bw"
    assert typed(screen, "\x15") == "\b \b" * 4
    assert typed(screen, "show\x03") == "show^C\r\nadmin@fw1(active)> "
    assert screen[0].buffer == ""


def test_tab_completes_a_unique_word_and_lists_choices(screen):
    assert typed(screen, "show sys\t") == "show sys" + "tem "
    listing = typed(screen, "\x15show c\t")  # the words after `show c` share only "c": all are listed
    assert listing.endswith("\r\nadmin@fw1(active)> show c") and "\r\ncli  clock  commit-locks  config  " in listing
    assert typed(screen, "l\t").endswith("\r\ncli  clock\r\nadmin@fw1(active)> show cl")


def test_question_mark_lists_and_redraws_the_line(screen):
    out = typed(screen, "show interface ?")
    assert out == (
        "show interface \r\n  <value>     Interface name\r\n> all         Show all interface information\r\n"
        "> hardware    Show hardware interface information\r\n> logical     Show logical interface information\r\n"
        "> management  Show management interface information\r\nadmin@fw1(active)> show interface "
    )
    assert typed(screen, '\x15show clock | match "a?') == '\b \b' * 15 + 'show clock | match "a?'  # literal in quotes


def test_history_with_up_and_down(screen):
    typed(screen, "show clock\r")
    typed(screen, "show cli settings\r")
    assert typed(screen, "\x1b[A") == "show cli settings"
    assert typed(screen, "\x1b[A") == "\b \b" * len("show cli settings") + "show clock"
    assert typed(screen, "\x1b[B\x1b[B") == "\b \b" * len("show clock") + "show cli settings" + "\b \b" * len("show cli settings")


def test_ctrl_d_on_an_empty_line_and_exit_end_the_session(fw1, fw2):
    for session, keys in ((fw1, "\x04"), (fw2, "exit\r")):
        editor = LineEditor(session, lambda text: None)
        editor.feed(keys + "show clock\r")
        assert session.closed


def test_other_escape_sequences_are_ignored_whole(screen):
    typed(screen, "show\x1b[3~ cl\x1b[1;5Cock\x1bOH\r")  # Delete, Ctrl-Right, Home
    assert screen[0].session.lab.clock.now().second == 1  # one command ran
    assert screen[0].history == ["show clock"]


def test_ctrl_d_in_configure_mode_leaves_it_as_exit_does(screen):
    typed(screen, "configure\rset address typed-then-left ip-netmask 10.0.0.9\r")
    out = typed(screen, "\x04")
    assert out == ("exit\radmin@fw1(active)# exit\r\nWarning: the candidate configuration has uncommitted changes\r\n"
                   "Exiting configuration mode\r\nadmin@fw1(active)> ")
    assert not screen[0].session.closed
    typed(screen, "\x04")
    assert screen[0].session.closed


def test_a_question_is_the_prompt_until_answered_and_a_restart_ends_every_session(screen, lab):
    from panshell.session import Session

    other = Session(lab, lab.devices["fw1"])
    typed(screen, "request system software download version 11.0.6\r")
    out = typed(screen, "request system software install version 11.0.6\r")
    assert out.endswith("It will not take effect until system is restarted.\r\nDo you want to continue? (y or n) ")
    assert typed(screen, "\t") == "" and "Do you want" in typed(screen, "?")  # nothing to complete or list
    out = typed(screen, "\x15y\r")
    assert "Software install job enqueued with jobid 3." in out and out.endswith("admin@fw1(active)> ")
    typed(screen, "request restart system\r")
    out = typed(screen, "y\r")
    assert out.endswith("The system is going down for reboot NOW!\r\n") and screen[0].session.closed
    assert other.execute("show clock").output == "panshell: fw1 restarted; the session is closed\n"
    assert lab.devices["fw1"].next_software is None and lab.devices["fw1"].identity["sw-version"] == "11.0.6"


def test_a_password_is_not_echoed_and_ctrl_c_gives_the_question_up(screen):
    typed(screen, "configure\r")
    assert typed(screen, "set mgt-config users trainee password\r").endswith("Enter password   : ")
    assert typed(screen, "s3cr?t\t") == ""  # nothing shown; ? and Tab are characters of it
    out = typed(screen, "\r")
    assert out == "\rEnter password   : \r\n" + "Confirm password : "
    assert typed(screen, "\x03") == "^C\r\nadmin@fw1(active)# "
    assert screen[0].session.question is None


@pytest.mark.parametrize("keys", [
    "show clock\r",
    "set cli scripting-mode on\r\nshow clock\r\n",  # two lines, \r\n Enters
    "sh\tsys\t\x15shox\x7fw interface ?\x03",  # Tab, Ctrl-U, Backspace, `?`, Ctrl-C
    "set cli terminal height 10\rshow system info\r \rq",  # the pager: Space, Enter, q
    "configure\rset address fed-whole ip-netmask 10.0.0.9\rcommit\r\x04",
])
def test_keys_fed_at_once_show_in_one_write_what_they_show_key_by_key(keys):
    def fresh_editor(write) -> LineEditor:
        lab = Lab.ephemeral(FixedClock(START))
        return LineEditor(Session(lab, lab.devices["fw1"]), write)

    writes_per_key = []
    by_key = fresh_editor(lambda text: writes_per_key[-1].append(text))
    for key in keys:
        writes_per_key.append([])
        by_key.feed(key)
        assert len(writes_per_key[-1]) <= 1  # a key typed alone is written at once, in one piece
    whole_writes = []
    fresh_editor(whole_writes.append).feed(keys)
    assert whole_writes == ["".join(sum(writes_per_key, []))]


def test_a_commit_fed_whole_shows_its_progress_and_result_in_the_same_write(screen):
    editor, shown = screen
    editor.feed("configure\rset address a1 ip-netmask 10.0.0.1\rcommit\r")
    assert len(shown) == 1 and re.search(r"100%\r\n+Configuration committed successfully\r\n", shown[0])


def test_which_keys_may_run_on_the_event_loop(screen, monkeypatch):
    """Printable keys ending in at most one Enter, for a quick line; a commit, a validation, an HA
    sync, an answer to a question, control keys or several lines go to a worker thread (hub.in_lab)."""
    monkeypatch.setattr(session_module, "_SLOW", set())  # no command of earlier tests seen as slow
    editor, _ = screen
    at_once = ["show clock\r", "show clock\r\n", "sho", "show high-availability state\n", "configure\r", "nonsense\r", ""]
    for keys in at_once:
        assert editor.runs_at_once(keys), keys
    elsewhere = ["show clock\rshow clock\r", "\t", "show clock\x03", "\x1b[A", "show clock\r\r",
                 "request high-availability sync-to-remote running-config\r"]
    for keys in elsewhere:
        assert not editor.runs_at_once(keys), keys
    typed(screen, "configure\r")
    assert editor.runs_at_once("set address a ip-netmask 10.0.0.1\r")
    assert not editor.runs_at_once("commit\r") and not editor.runs_at_once("commit force\r")
    assert not editor.runs_at_once("validate full\r")
    typed(screen, "com")
    assert not editor.runs_at_once("mit\r")  # the line is what the buffer holds with the keys
    typed(screen, "\x15exit\r")
    typed(screen, "request high-availability sync-to-remote running-config\r")  # asks y or n
    assert not editor.runs_at_once("y\r")


def test_a_command_once_slower_than_the_limit_goes_to_a_worker_from_then_on(screen, monkeypatch):
    monkeypatch.setattr(session_module, "_SLOW", set())
    editor, _ = screen
    assert editor.runs_at_once("show clock\r")
    monkeypatch.setattr(session_module, "QUICK_LIMIT", 0.0)  # every command is slower than that
    typed(screen, "show clock\r")
    assert not editor.runs_at_once("show clock\r")
    assert editor.runs_at_once("show jobs all\r")  # not seen yet
