"""The installed `panshell` on a pipe: a session log on stdout."""
import re
import subprocess
import sys

CLOCK = ["--ephemeral", "--clock", "2026-11-25T00:00:00Z"]


def test_two_commands_print_prompts_and_outputs(panshell):
    proc = panshell(*CLOCK, stdin="show clock\nshow system info\n")
    assert proc.returncode == 0 and proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert lines[:4] == ["admin@fw1(active)> show clock", "", "Wed Nov 25 00:00:00 UTC 2026", ""]
    assert lines[4] == "admin@fw1(active)> show system info"
    assert lines[-2:] == ["device-certificate-status: None", ""]


def test_fw2_is_the_passive_peer(panshell):
    proc = panshell(*CLOCK, "--device", "fw2", stdin="show system info | match hostname\n")
    assert proc.stdout == "admin@fw2(passive)> show system info | match hostname\nhostname: fw2\n"


def test_no_ansi_codes_and_no_output_line_ends_like_a_prompt(panshell):
    commands = "show system info\nshow interface all\nshow interface management\nshow cli settings\nshow ?\nfoo\n"
    proc = panshell(*CLOCK, stdin=commands)
    assert "\x1b" not in proc.stdout
    output_lines = [line for line in proc.stdout.splitlines() if not line.startswith("admin@fw1(active)> ")]
    assert not [line for line in output_lines if re.search(r"[>#$]\s?$", line)]


def test_help_request_on_a_pipe(panshell):
    proc = panshell(*CLOCK, stdin="show interface ?\n")
    assert proc.stdout == (
        "admin@fw1(active)> show interface ?\n"
        "  <value>     Interface name\n"
        "> all         Show all interface information\n"
        "> hardware    Show hardware interface information\n"
        "> logical     Show logical interface information\n"
        "> management  Show management interface information\n"
    )


def test_exit_status_follows_the_last_command(panshell):
    assert panshell(*CLOCK, stdin="foo\nshow clock\n").returncode == 0
    proc = panshell(*CLOCK, stdin="show clock\nfoo\n")
    assert proc.returncode == 1 and proc.stdout.endswith("admin@fw1(active)> foo\nUnknown command: foo\n")
    assert panshell(*CLOCK, stdin="").returncode == 0


def test_exit_ends_the_run(panshell):
    proc = panshell(*CLOCK, stdin="exit\nshow clock\n")
    assert proc.returncode == 0 and proc.stdout == "admin@fw1(active)> exit\n"


def test_garbage_never_shows_a_traceback(panshell):
    garbage = "\x00\x01\x02\nshow \"\n" + "z" * 100_000 + "\n\xff\xfe bad\n|||\n   \nshow clock | match [\n"
    proc = panshell(*CLOCK, stdin=garbage)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stderr == ""


def test_bad_clock_option_is_a_clear_error(panshell):
    proc = panshell("--ephemeral", "--clock", "yesterday", stdin="show clock\n")
    assert proc.returncode == 2 and proc.stderr == "panshell: --clock: not an ISO-8601 time: yesterday\n"


def test_clock_from_the_environment(panshell):
    proc = panshell("--ephemeral", stdin="show clock\n", env={"PANSHELL_CLOCK": "2027-03-01T12:30:00Z"})
    assert "Mon Mar  1 12:30:00 UTC 2027" in proc.stdout


def test_realistic_clock_without_a_fixed_start(panshell):
    proc = panshell("--ephemeral", stdin="show clock\n", env={"PANSHELL_CLOCK": ""})
    assert re.fullmatch(r"admin@fw1\(active\)> show clock\n\n\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\n\n", proc.stdout)


def test_bytes_that_are_not_utf8_are_bad_input_not_a_crash():
    proc = subprocess.run(
        [sys.executable, "-m", "panshell", "--ephemeral"], input=b"\xff\xfe\x80 show\nshow clock | match UTC\n",
        capture_output=True, timeout=60,
    )
    assert proc.returncode == 0 and proc.stderr == b""
    lines = proc.stdout.decode().splitlines()
    assert lines[:2] == ["admin@fw1(active)> \ufffd\ufffd\ufffd show", "Unknown command: \ufffd\ufffd\ufffd"]
    assert lines[2] == "admin@fw1(active)> show clock | match UTC" and re.search(r" UTC \d{4}$", lines[3])


def test_a_reader_that_goes_away_is_no_traceback():
    proc = subprocess.run(
        f"{sys.executable} -m panshell --ephemeral < /dev/stdin | head -1",
        shell=True, input="show interface all\n" * 2000, capture_output=True, text=True, timeout=60,
    )
    assert proc.stdout == "admin@fw1(active)> show interface all\n"
    assert proc.stderr == ""


def test_a_failed_commit_fails_the_run_with_its_text_unchanged(panshell):
    broken = "configure\nset zone dmz network layer3 ethernet1/9\ncommit\n"
    proc = panshell(*CLOCK, stdin=broken)
    assert proc.returncode == 1
    assert proc.stdout.endswith("Commit failed\n\n[edit]\n")
    assert panshell(*CLOCK, stdin=broken + "revert config\n").returncode == 0
    assert panshell(*CLOCK, stdin="configure\nset deviceconfig system hostname fw1-lab\ncommit\n").returncode == 0
