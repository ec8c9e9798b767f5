"""Golden transcripts: the format, `panshell transcript check|record`, and the pytest plugin."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from panshell import transcript as tr
from panshell.main import main
from panshell.session import grammars

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "transcripts"
CLOCK = "2026-01-01T00:00:00Z"


def check(*args: str | Path) -> int:
    return main(["transcript", "check", *map(str, args)])


def write(tmp_path: Path, text: str, name: str = "t.txt") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def run(*args: str, stdin: str = "", env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "panshell", *args], check=False,
        input=stdin, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd, timeout=120,
    )


SIMPLE = """\
# Teaches: the clock.
#! clock 2026-11-25T00:00:00Z
admin@fw1(active)> show clock

Wed Nov 25 00:00:00 UTC 2026

# Settings persist in the session.
admin@fw1(active)> set cli terminal width 120
admin@fw1(active)> show cli settings | match Width
Terminal Width:                 120
"""


# -- the library ------------------------------------------------------------


def test_the_library_passes(capsys):
    assert check(LIBRARY) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"\d+ passed, 0 failed\n", out)


def library_commands():
    for path in sorted(LIBRARY.rglob("*.txt")):
        for command in tr.parse(path.read_text(), path).commands:
            yield path, command


def test_every_library_transcript_starts_with_a_comment_saying_what_it_teaches():
    for path in sorted(LIBRARY.rglob("*.txt")):
        first = path.read_text().splitlines()[0]
        assert first.startswith("# ") and not first.startswith("#!"), path


def test_the_library_covers_every_command_and_filter(monkeypatch):
    from panshell.commands import HANDLERS

    used = set()
    for name, func in list(HANDLERS.items()):
        def recording(*args, _name=name, _func=func):
            used.add(_name)
            return _func(*args)

        monkeypatch.setitem(HANDLERS, name, recording)
    for path in sorted(LIBRARY.rglob("*.txt")):
        assert tr.check_file(path).passed, path
    handlers = {n.handler for p in grammars().values() for n in p.root.walk() if n.handler}
    assert handlers - used == set()


def test_the_library_covers_every_error_text():
    outputs = "\n".join("\n".join(c.output) for _, c in library_commands())
    for text in ("Unknown command: ", "Invalid syntax.", "is out of range (1-500)", "is not a valid choice",
                 "is not a valid integer", "is not a valid regular expression"):
        assert text in outputs
    commands = [c.command for _, c in library_commands()]
    assert any(c.count('"') % 2 for c in commands) and any(c.count("'") % 2 for c in commands)  # unbalanced quotes


def test_the_library_uses_both_firewalls_in_one_file():
    hosts = {}
    for path, command in library_commands():
        hosts.setdefault(path, set()).add(command.host)
    assert any(h == {"fw1", "fw2"} for h in hosts.values())


# -- check: a mismatch ------------------------------------------------------


def test_a_changed_byte_fails_with_a_diff_pointing_at_the_line(tmp_path, capsys):
    original = (LIBRARY / "op" / "system.txt").read_text()
    lines = original.splitlines()
    number = lines.index("Wed Nov 25 00:00:00 UTC 2026") + 1  # 1-based line of the changed byte
    lines[number - 1] = "Wed Nov 25 00:00:09 UTC 2026"
    path = write(tmp_path, "\n".join(lines) + "\n", "system.txt")

    assert check(path) == 1
    out = capsys.readouterr().out
    prompt_number = number - 2
    assert f"{path}:{prompt_number}: admin@fw1(active)> show clock\n" in out
    assert f"  -{number:>5} | Wed Nov 25 00:00:09 UTC 2026\n" in out
    assert "  +      | Wed Nov 25 00:00:00 UTC 2026\n" in out
    assert out.endswith("0 passed, 1 failed\n")
    assert "Traceback" not in out
    # only that command is reported
    assert out.count(f"{path}:") == 1


def test_a_changed_trailing_space_is_pointed_out(tmp_path):
    text = (LIBRARY / "op" / "system.txt").read_text().replace("ipv6-default-gateway: \n", "ipv6-default-gateway:\n")
    result = tr.check_file(write(tmp_path, text))
    assert result.status == "failed"
    assert "differ only in trailing whitespace" in tr.report_text(result)


def test_a_different_ha_state_in_the_prompt_is_a_failure(tmp_path):
    path = write(tmp_path, SIMPLE.replace("admin@fw1(active)> show clock", "admin@fw1(passive)> show clock"))
    result = tr.check_file(path)
    assert result.status == "failed"
    report = tr.report_text(result)
    assert f"{path}:3: admin@fw1(passive)> show clock" in report
    assert "prompt differs" in report
    assert "  -    3 | admin@fw1(passive)>\n" in report and "  +      | admin@fw1(active)>\n" in report


def test_missing_and_extra_output_lines(tmp_path):
    text = SIMPLE.replace("Terminal Width:                 120\n", "")
    result = tr.check_file(write(tmp_path, text))
    assert result.status == "failed"
    assert "  +      | Terminal Width:                 120" in tr.report_text(result)
    text = SIMPLE.replace("admin@fw1(active)> set cli terminal width 120\n",
                          "admin@fw1(active)> set cli terminal width 120\nextra line\n")
    result = tr.check_file(write(tmp_path, text))
    assert "  -    9 | extra line" in tr.report_text(result)


def test_all_files_are_checked_and_summarised(tmp_path, capsys):
    write(tmp_path, SIMPLE, "a.txt")
    write(tmp_path, SIMPLE.replace("Width:                 120", "Width:                 121"), "b.txt")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", SIMPLE, "c.txt")
    write(tmp_path, "not a transcript", "notes.md")
    assert check(tmp_path) == 1
    out = capsys.readouterr().out
    assert "b.txt" in out and "a.txt" not in out
    assert out.endswith("2 passed, 1 failed\n")


def test_the_same_file_named_twice_is_checked_once(tmp_path, capsys):
    path = write(tmp_path, SIMPLE)
    assert check(path, tmp_path) == 0
    assert capsys.readouterr().out == "1 passed, 0 failed\n"


# -- check --update ----------------------------------------------------------


def test_update_repairs_and_keeps_comments_header_and_directives(tmp_path, capsys):
    for name in ("op/system.txt", "ha/pair.txt", "op/help.txt"):
        original = (LIBRARY / name).read_text()
        lines = original.splitlines()
        # damage output lines (from the end, so indexes hold): add one, drop one, change bytes
        outputs = [i for i, line in enumerate(lines) if line and not line.startswith("#") and "@" not in line]
        lines.insert(outputs[4] + 1, "something else")
        del lines[outputs[2]]
        lines[outputs[0]] = lines[outputs[0]] + "x"
        broken = "\n".join(lines) + "\n"
        path = write(tmp_path, broken, Path(name).name)
        assert check(path) == 1
        assert check("--update", path) == 0
        assert "1 updated" in capsys.readouterr().out
        assert path.read_text() == original
        assert check(path) == 0


def test_update_fixes_a_prompt_and_fills_in_empty_outputs(tmp_path):
    path = write(tmp_path, "# A comment.\n#! clock 2026-11-25T00:00:00Z\nadmin@fw1(passive)> show clock\n"
                           "# Another.\nadmin@fw2(active)> show cli settings | match Pager\n")
    assert tr.check_file(path, update=True).status == "updated"
    assert path.read_text() == (
        "# A comment.\n#! clock 2026-11-25T00:00:00Z\nadmin@fw1(active)> show clock\n\nWed Nov 25 00:00:00 UTC 2026\n\n"
        "# Another.\nadmin@fw2(passive)> show cli settings | match Pager\nPager:                          enabled\n"
    )
    assert tr.check_file(path).status == "passed"


def test_update_does_not_touch_a_file_that_cannot_run(tmp_path, capsys):
    text = SIMPLE + "admin@fw9(active)> show clock\n"
    path = write(tmp_path, text)
    assert check("--update", path) == 1
    assert path.read_text() == text


@pytest.mark.parametrize("printed", ["x\n# looks like a comment\n", "admin@fw1(active)> looks like a prompt\n",
                                     "#! looks like a directive\n"])
def test_update_refuses_output_that_would_not_read_back(tmp_path, monkeypatch, printed):
    from panshell.commands import HANDLERS

    monkeypatch.setitem(HANDLERS, "show_clock", lambda ctx: printed)
    text = "admin@fw1(active)> show clock\nold\nadmin@fw1(active)> show cli settings | match Pager\n"
    path = write(tmp_path, text)
    result = tr.check_file(path, update=True)
    assert result.status == "error"
    assert str(result.error).startswith(f"{path}:1: --update cannot write this command's output unambiguously")
    assert path.read_text() == text


# -- the (re) escape ---------------------------------------------------------


def test_a_regex_line_must_match_the_whole_actual_line(tmp_path):
    base = 'admin@fw1(active)> show system info | match "^(serial|model):"\n'
    good = base + "model: PA-\\d+ (re)\nserial: \\d{12} (re)\n"
    assert tr.check_file(write(tmp_path, good)).status == "passed"
    partial = base + "model: PA- (re)\nserial: \\d{12} (re)\n"  # search would match, fullmatch does not
    result = tr.check_file(write(tmp_path, partial))
    assert result.status == "failed"
    report = tr.report_text(result)
    assert "  -    2 | model: PA- (re)" in report and "  +      | model: PA-3220" in report
    assert "      3 | serial: \\d{12} (re)" in report  # a matching (re) line is context


def test_update_keeps_regex_lines_that_still_match(tmp_path):
    text = 'admin@fw1(active)> show system info | match "^(serial|model|hostname):"\nmodel: PA-\\d+ (re)\nserial: x (re)\n'
    path = write(tmp_path, text)
    assert tr.check_file(path, update=True).status == "updated"
    assert path.read_text() == (
        'admin@fw1(active)> show system info | match "^(serial|model|hostname):"\n'
        "hostname: fw1\nmodel: PA-\\d+ (re)\nserial: 012801096512\n"
    )


# -- directives ---------------------------------------------------------------


def test_clock_advance_directive(tmp_path):
    text = ("#! clock 2026-11-25T00:00:00Z\n#! clock advance 90s\nadmin@fw1(active)> show clock\n\n"
            "Wed Nov 25 00:01:30 UTC 2026\n\n# later\n#! clock advance 2d\n#! clock advance 3h\n# still a comment\n"
            "#! clock advance 1m\nadmin@fw2(passive)> show system info | match uptime\nuptime: 2 days, 3:02:31\n")
    result = tr.check_file(write(tmp_path, text))
    assert result.status == "passed", tr.report_text(result)


def test_comments_and_directives_sit_right_before_a_prompt(tmp_path):
    # a `#` line at the end of the file is expected output, not a comment
    result = tr.check_file(write(tmp_path, SIMPLE + "# trailing\n"))
    assert result.status == "failed"
    assert "  -   11 | # trailing" in tr.report_text(result)


def test_an_empty_command_with_its_trailing_space_stripped(tmp_path):
    text = "admin@fw1(active)>\nadmin@fw1(active)> \nadmin@fw1(active)> show clock\n\nThu Jan  1 00:00:02 UTC 2026\n\n"
    assert tr.check_file(write(tmp_path, text)).status == "passed"


def test_configure_mode_prompts_parse():
    parsed = tr.parse("admin@fw1(active)# show\nx\nadmin@fw1> show clock\n")
    assert [(c.prompt, c.host, c.command) for c in parsed.commands] == [
        ("admin@fw1(active)#", "fw1", "show"), ("admin@fw1>", "fw1", "show clock")
    ]


# -- bad input ------------------------------------------------------------------


BAD = [
    ("", None, "no prompt lines"),
    ("# only a comment\n#! clock 2026-01-01T00:00:00Z\n", 1, "no prompt lines"),
    ("show clock\nThu Jan  1 00:00:00 UTC 2026\n", 1, "no prompt lines"),
    ("# fine\nshow clock\nadmin@fw1(active)> show clock\n", 2, "text before the first prompt line"),
    ("admin@fw1(active)> show clock\n\nThu Jan  1 00:00:00 UTC 2026\n\nadmin@fw3(active)> show clock\n", 5,
     "no device has hostname 'fw3'"),
    ("#! clock\nadmin@fw1(active)> show clock\n", 1, "malformed header line"),
    ("#! clock yesterday\nadmin@fw1(active)> show clock\n", 1, "not an ISO-8601 time: yesterday"),
    ("#! clock 2026-01-01T00:00:00Z now\nadmin@fw1(active)> show clock\n", 1, "malformed header line"),
    ("#! lab\nadmin@fw1(active)> show clock\n", 1, "malformed header line"),
    ("# x\n#! lab nope\nadmin@fw1(active)> show clock\n", 2, "unknown lab 'nope' (known: default, "),
    ("#! lab default\n#! lab default\nadmin@fw1(active)> show clock\n", 2, "given twice"),
    ("#! clock 8999-12-31T23:59:59Z\n#! lab preemption-flap\nadmin@fw1(active)> show clock\n", None,
     "lab preemption-flap cannot be set up: "),  # its setup moves the clock past the clock's end
    ("#! clock advance 1m\n#! clock 2026-01-01T00:00:00Z\nadmin@fw1(active)> show clock\n", 2,
     "must come before any directive"),
    ("admin@fw1(active)> exit\n#! clock 2026-01-01T00:00:00Z\nadmin@fw2(passive)> exit\n", 2,
     "must come before the first prompt line"),
    ("admin@fw1(active)> exit\n#! lab default\nadmin@fw2(passive)> exit\n", 2, "must come before the first prompt line"),
    ("#! frobnicate\nadmin@fw1(active)> show clock\n", 1, "unknown directive '#! frobnicate'"),
    ("#! fault ha3 down\nadmin@fw1(active)> show clock\n", 1, "'#! fault ha3 down': unknown fault 'ha3 down'; the faults are:"),
    ("#! fault ha1 sideways\nadmin@fw1(active)> show clock\n", 1, "unknown fault 'ha1 sideways'"),
    ("#! fault fw1 path 10.1.1 down\nadmin@fw1(active)> show clock\n", 1, "not an IP address: 10.1.1"),
    ("#! fault fw1 port ethernet9/9 down\nadmin@fw1(active)> show clock\n", 1, "fw1 has no port ethernet9/9"),
    ("#!\nadmin@fw1(active)> show clock\n", 1, "unknown directive"),
    ("#! clock advance\nadmin@fw1(active)> show clock\n", 1, "malformed directive"),
    ("#! clock advance 5x\nadmin@fw1(active)> show clock\n", 1, "bad duration '5x'"),
    ("#! clock advance -5m\nadmin@fw1(active)> show clock\n", 1, "bad duration '-5m'"),
    ("admin@fw1(active)> show clock\n#! clock advance 5m\n\nadmin@fw1(active)> show clock\n", 2,
     "must come right before a prompt line"),
    ("admin@fw1(active)> show clock\n\nThu Jan  1 00:00:00 UTC 2026\n\n#! clock advance 5m\n", 5,
     "must come right before a prompt line"),
    ("admin@fw1(active)> show clock\n([ (re)\n", 2, "bad regular expression"),
    ("admin@fw1(active)> exit\nadmin@fw1(active)> show clock\n", 2, "ended with `exit` at line 1"),
]


@pytest.mark.parametrize("text, line, message", BAD)
def test_bad_input_is_a_clear_error_naming_file_and_line(tmp_path, capsys, text, line, message):
    path = write(tmp_path, text, "bad.txt")
    assert check(path) == 1
    out = capsys.readouterr().out
    where = f"{path}:{line}: " if line else f"{path}: "
    assert out.startswith(where), out
    assert message in out.splitlines()[0]
    assert out.endswith("0 passed, 1 failed\n")
    assert "Traceback" not in out


def test_unreadable_input_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00admin")
    (tmp_path / "empty").mkdir()
    assert check(tmp_path / "binary.txt", tmp_path / "missing.txt", tmp_path / "empty") == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'binary.txt'}: not UTF-8 text" in out
    assert f"{tmp_path / 'missing.txt'}: no such file or directory" in out
    assert f"{tmp_path / 'empty'}: no transcripts (*.txt) in this directory" in out
    assert out.endswith("0 passed, 3 failed\n")


def test_bad_input_through_the_installed_command(tmp_path):
    path = write(tmp_path, "#! clock advance soon\nadmin@fw1(active)> show clock\n")
    proc = run("transcript", "check", str(path))
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"{path}:1: bad duration 'soon'")
    assert "Traceback" not in proc.stdout + proc.stderr
    usage = run("transcript", "frobnicate")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


# -- record ----------------------------------------------------------------------


SCRIPT = "show clock\nset cli pager off\nshow cli settings\nshow ?\nshow interface ?\nfoo\nset cli terminal width 999\n\nshow system info | match time\n"


def test_record_then_check_round_trips(tmp_path, monkeypatch, capsys):
    path = tmp_path / "rec.txt"
    monkeypatch.setattr(sys, "stdin", io.StringIO(SCRIPT))
    status = main(["transcript", "record", str(path)])
    printed = capsys.readouterr().out
    assert status == 0
    text = path.read_text()
    assert text == f"#! lab default\n#! clock {CLOCK}\n" + printed  # the file is the terminal log plus the header
    assert "admin@fw1(active)> show interface ?\n  <value>     Interface name\n> all " in text
    assert check(path) == 0


def test_record_on_fw2_with_a_clock_through_the_installed_command(tmp_path):
    path = tmp_path / "rec.txt"
    proc = run("transcript", "record", str(path), "--device", "fw2", "--clock", "2026-11-25T08:00:00Z", stdin=SCRIPT)
    assert proc.returncode == 0, proc.stderr
    text = path.read_text()
    assert text.startswith("#! lab default\n#! clock 2026-11-25T08:00:00Z\nadmin@fw2(passive)> show clock\n")
    assert "Wed Nov 25 08:00:00 UTC 2026" in text
    assert run("transcript", "check", str(path)).returncode == 0


def test_record_errors(tmp_path, capsys):
    assert main(["transcript", "record", str(tmp_path / "no" / "dir" / "x.txt")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert main(["transcript", "record", str(tmp_path / "x.txt"), "--clock", "soon"]) == 2
    assert "not an ISO-8601 time: soon" in capsys.readouterr().err


def test_the_recorder_also_records_interactive_help_and_lines():
    from panshell.backend.clock import FixedClock, parse_clock_start

    lab = tr.new_lab("default", FixedClock(parse_clock_start(CLOCK)))
    written = []
    session = tr.recording_session(lab, lab.devices["fw2"], written.append)
    session.help("show cl")  # what the `?` key does in the interactive shell
    session.execute("show\tclock")
    assert written == [
        "admin@fw2(passive)> show cl?\n> cli    Show CLI information\n> clock  Show the system time\n",
        "admin@fw2(passive)> show clock\n\nThu Jan  1 00:00:00 UTC 2026\n\n",
    ]


# -- the piped shell's output is a transcript ------------------------------------


def library_lines() -> str:
    return "".join(c.command + "\n" for path, c in library_commands() if c.host == "fw1" and c.command not in ("exit", "quit"))


@pytest.mark.parametrize("header", ["", f"#! clock {CLOCK}\n"])
def test_piped_output_is_a_valid_transcript(tmp_path, header):
    proc = run("--ephemeral", "--clock", CLOCK, stdin=library_lines() + "\n   \nexit\n")
    path = write(tmp_path, header + proc.stdout)
    result = tr.check_file(path)
    assert result.status == "passed", tr.report_text(result)
    assert len(result.outcomes) > 50


def test_the_pipe_and_the_runner_share_one_line_runner(monkeypatch):
    from panshell.shell import pipe

    seen = []
    real = pipe.run_line

    def spy(session, raw):
        seen.append(raw)
        return real(session, raw)

    monkeypatch.setattr(pipe, "run_line", spy)
    tr.replay(tr.parse(SIMPLE))
    assert seen == ["show clock", "set cli terminal width 120", "show cli settings | match Width"]
    from panshell.session import Session

    lab = tr.new_lab("default", tr.FixedClock(tr.parse(SIMPLE).clock))
    pipe.run_pipe(Session(lab, lab.devices["fw1"]), io.StringIO("show system info\n"), io.StringIO())
    assert seen[-1] == "show system info"


# -- determinism -------------------------------------------------------------------


def test_same_output_in_any_time_zone(tmp_path):
    files = []
    for zone in ("Asia/Tokyo", "UTC", "America/Los_Angeles"):
        env = {"TZ": zone, "PANSHELL_CLOCK": ""}
        proc = run("transcript", "check", str(LIBRARY), env=env)
        assert proc.returncode == 0 and proc.stdout.endswith(" passed, 0 failed\n"), proc.stdout
        path = tmp_path / f"{zone.replace('/', '-')}.txt"
        assert run("transcript", "record", str(path), stdin=SCRIPT, env=env).returncode == 0
        files.append(path.read_text())
    assert files[0] == files[1] == files[2]


def test_replaying_twice_gives_the_same_outcome():
    path = LIBRARY / "op" / "system.txt"
    first = [o.output for o in tr.check_file(path).outcomes]
    assert first == [o.output for o in tr.check_file(path).outcomes]


# -- pytest plugin ------------------------------------------------------------------


def test_pytest_collects_one_item_per_transcript_with_the_same_report(tmp_path):
    (tmp_path / "transcripts" / "op").mkdir(parents=True)
    write(tmp_path / "transcripts", SIMPLE, "good.txt")
    write(tmp_path / "transcripts" / "op", SIMPLE.replace("Width:                 120", "Width:                 121"), "bad.txt")
    write(tmp_path, "not a transcript\n", "requirements.txt")  # outside transcripts/: not collected
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "transcripts"],
        check=False, capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    out = proc.stdout
    assert proc.returncode == 1, out
    assert "1 failed, 1 passed" in out
    assert "PASSED transcripts/good.txt::good.txt" in out
    assert "FAILED transcripts/op/bad.txt::bad.txt" in out
    assert "transcripts/op/bad.txt:9: admin@fw1(active)> show cli settings | match Width\n" in out
    assert "  -   10 | Terminal Width:                 121\n" in out
    assert "  +      | Terminal Width:                 120\n" in out
    assert "Traceback" not in out and "requirements" not in out

    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--update-transcripts", "transcripts"],
        check=False, capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout
    assert (tmp_path / "transcripts" / "op" / "bad.txt").read_text() == SIMPLE


def test_plugin_only_claims_txt_files_below_a_transcripts_directory():
    from panshell.pytest_plugin import is_transcript

    root = Path("/repo")
    assert is_transcript(root / "transcripts" / "op" / "a.txt", root)
    assert not is_transcript(root / "requirements.txt", root)
    assert not is_transcript(root / "transcripts" / "a.md", root)
    assert not is_transcript(root / "docs" / "transcripts.txt", root)
    # a repository called transcripts: only its own transcripts/ directory counts ...
    repo = Path("/src/transcripts")
    assert not is_transcript(repo / "requirements.txt", repo)
    assert is_transcript(repo / "transcripts" / "a.txt", repo)
    # ... unless pytest made transcripts/ itself the rootdir (no config file)
    assert is_transcript(repo / "a.txt", repo, root_counts=True)
