"""Bad input gets PAN-OS's error text, changes nothing and never a traceback."""
import pytest


def test_empty_and_blank_lines_print_nothing(fw1):
    for line in ("", "   ", "\t"):
        result = fw1.execute(line)
        assert result.output == "" and result.ok


@pytest.mark.parametrize(
    "line, error",
    [
        ("foo", "Unknown command: foo"),
        ("sh system info", "Unknown command: sh"),
        ("SHOW clock", "Unknown command: SHOW"),
        ("show", "Invalid syntax."),
        ("show system", "Invalid syntax."),
        ("show system info extra", "Invalid syntax."),
        ("show clock | ", "Invalid syntax."),
        ("show clock | match", "Invalid syntax."),
        ("show clock | grep x", "Invalid syntax."),
        ("show clock | match (", "pattern: ( is not a valid regular expression\nInvalid syntax."),
        ("set cli pager maybe", "state: maybe is not a valid choice\nInvalid syntax."),
        ("set cli terminal width 0", "width: 0 is out of range (1-500)\nInvalid syntax."),
        ("set cli terminal width 501", "width: 501 is out of range (1-500)\nInvalid syntax."),
        ("set cli terminal height wide", "height: wide is not a valid integer\nInvalid syntax."),
        ('show clock | match "unbalanced', "Invalid syntax."),
        ("set cli pager 'on", "Invalid syntax."),
    ],
)
def test_error_texts(fw1, line, error):
    result = fw1.execute(line)
    assert result.output == error + "\n"
    assert not result.ok


def test_a_failing_command_changes_nothing(fw1):
    fw1.execute("set cli terminal width 501")
    fw1.execute("set cli pager maybe")
    assert fw1.settings.width == 80 and fw1.settings.pager is True


def test_control_characters_are_dropped_like_a_line_editor_does(fw1):
    assert fw1.execute("show\x07 clo\x01ck").output == "\nWed Nov 25 00:00:00 UTC 2026\n\n"
    assert fw1.execute("\x1b\x00").output == ""


def test_a_100000_character_line(fw1):
    result = fw1.execute("a" * 100_000)
    assert result.output == "Unknown command: " + "a" * 100_000 + "\n"
    result = fw1.execute("show " + "x" * 100_000)
    assert result.output == "Invalid syntax.\n"


def test_a_bug_in_a_handler_is_a_server_error_not_a_crash(fw1, monkeypatch):
    def broken(ctx):
        raise KeyError("serial")

    monkeypatch.delenv("PANSHELL_DEBUG", raising=False)
    monkeypatch.setitem(fw1.handlers, "show_clock", broken)
    result = fw1.execute("show clock")
    assert result.output == "Server error : internal error (KeyError: 'serial')\n" and not result.ok
    assert fw1.execute("show system info | match hostname").output == "hostname: fw1\n"
