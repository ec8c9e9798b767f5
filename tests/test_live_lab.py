"""A live lab, through the real `panshell` command in subprocesses: the whole state on disk,
one holder serving it to attached sessions, faults and status from another process."""
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from test_ssh import Server, netmiko

CLOCK = "2026-11-25T00:00:00Z"


def lab_run(panshell, lab, *args, stdin=""):
    """One piped panshell run on the lab; it must not crash."""
    proc = panshell("--lab", str(lab), *args, stdin=stdin)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def lab_command(*args):
    return subprocess.run([sys.executable, "-m", "panshell", "lab", *args], capture_output=True, text=True, timeout=60)


class Attached:
    """A `panshell --lab L` process on a pipe that stays open: lines in, its log read as it comes."""

    def __init__(self, lab, *args):
        self.proc = subprocess.Popen([sys.executable, "-m", "panshell", "--lab", str(lab), *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue = queue.Queue()
        self.seen = ""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def until(self, pattern: str, timeout: float = 20) -> str:
        """What it printed from now until a line matches pattern."""
        out, deadline = "", time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            if line is None:
                raise EOFError(out)
            out += line
            if re.search(pattern, line):
                return out

    def run(self, line: str, until: str) -> str:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.until(until)

    def close(self) -> tuple[int, str]:
        if not self.proc.stdin.closed:
            self.proc.stdin.close()
        code = self.proc.wait(timeout=30)
        return code, self.proc.stderr.read()


def test_state_kept_by_one_process_is_what_the_next_one_sees(panshell, tmp_path):
    out = lab_run(panshell, tmp_path, "--clock", CLOCK,
                  stdin="request high-availability state suspend\nshow clock\n").stdout
    assert "Successfully changed HA state to suspended" in out
    assert out.endswith("admin@fw1(suspended)> show clock\n\nWed Nov 25 00:00:01 UTC 2026\n\n")
    # a second process, on the lab's own clock: fw2 took over and fw1 is still suspended, time went on
    out = lab_run(panshell, tmp_path, "--device", "fw2",
                  stdin="show high-availability state | match 'State|Reason'\nshow system info | match uptime\n").stdout
    assert out == (
        "admin@fw2(active)> show high-availability state | match 'State|Reason'\n"
        "    State: active (last 2 seconds)\n"
        "    State Synchronization: Complete; type: ethernet\n"
        "    State: suspended (last 2 seconds)\n"
        "    State Reason: User requested\n"
        "admin@fw2(active)> show system info | match uptime\n"
        "uptime: 0 days, 0:00:03\n"
    )
    out = lab_run(panshell, tmp_path, stdin="request high-availability state functional\nshow high-availability transitions\n")
    assert out.returncode == 0
    assert out.stdout.splitlines()[-4:] == [
        "    2026/11/25 00:00:00  active          suspended       User requested",
        "    2026/11/25 00:00:04  suspended       initial         User requested",
        "    2026/11/25 00:00:04  initial         passive         User requested",
        "",
    ]


def test_the_candidate_and_locks_survive_the_session_and_the_process(panshell, tmp_path):
    lab_run(panshell, tmp_path, "--clock", CLOCK, stdin="request config-lock add comment training\nconfigure\n"
            "set address kept-for-later ip-netmask 10.9.9.9\n")  # the pipe ends in configure mode
    out = lab_run(panshell, tmp_path, stdin="show config-locks\nconfigure\nshow address kept-for-later\nexit\n").stdout
    assert "  admin           shared    2026/11/25 00:00:00  training\n" in out
    assert "kept-for-later {\n  ip-netmask 10.9.9.9;\n}\n" in out
    assert "Warning: the candidate configuration has uncommitted changes\nExiting configuration mode\n" in out


def test_kill_9_of_the_holder_mid_commit_loses_nothing_committed(panshell, tmp_path):
    holder = Attached(tmp_path, "--clock", CLOCK)
    holder.run("configure", "Entering configuration mode")
    for i in range(200):
        holder.proc.stdin.write(f"set address bulk-{i} ip-netmask 10.1.{i}.1\nset deviceconfig system hostname gen-{i}\n"
                                "commit\n")
    holder.proc.stdin.flush()
    holder.until("Configuration committed successfully")
    time.sleep(0.3)
    holder.proc.send_signal(signal.SIGKILL)
    holder.proc.wait(timeout=30)
    out = lab_run(panshell, tmp_path, stdin="show jobs all | match Commit\nshow system info | match hostname\n")
    assert out.returncode == 0
    jobs = [line for line in out.stdout.splitlines() if "Commit" in line and "FIN" in line]
    hostname = out.stdout.splitlines()[-1]
    assert jobs and hostname.startswith("hostname: gen-")
    # every commit whose job is on disk is in the running config
    committed = int(hostname.split("-")[-1])
    assert committed >= len(jobs) - 1
    status = lab_command("status", "--lab", str(tmp_path), "--json")
    assert status.returncode == 0 and json.loads(status.stdout)["devices"]["fw1"]["hostname"].startswith("gen-")


def test_an_attached_session_and_its_holder_exiting(tmp_path):
    holder = Attached(tmp_path, "--clock", CLOCK)
    holder.run("show clock", "UTC 2026")
    fw2 = Attached(tmp_path, "--device", "fw2")
    out = fw2.run("show high-availability state | match 'State:'", r"State: active")
    assert out == ("admin@fw2(passive)> show high-availability state | match 'State:'\n"
                   "    State: passive (last 1 second)\n    State: active (last 1 second)\n")
    # the shared candidate: fw2's attached edit is what the holder's own fw2 session would see
    fw2.run("configure", "Entering configuration mode")
    fw2.run("set address from-attached ip-netmask 10.5.5.5", r"^\[edit\]")
    status = lab_command("status", "--lab", str(tmp_path), "--json")
    data = json.loads(status.stdout)
    assert data["holder"] == holder.proc.pid
    assert data["devices"]["fw2"]["sessions"] == [{"user": "admin", "via": "attach"}]
    assert data["devices"]["fw1"]["sessions"] == [{"user": "admin", "via": "local"}]
    assert data["devices"]["fw2"]["pending-changes"] is True
    assert holder.close() == (0, "")
    code, err = fw2.close()
    assert code == 1
    assert err == f"\npanshell: the lab's holder (process {holder.proc.pid}) has exited; the session is closed\n"
    # nothing was lost: the candidate edit is still there for the next session
    again = subprocess.run([sys.executable, "-m", "panshell", "--lab", str(tmp_path), "--device", "fw2"],
                           input="configure\nshow address from-attached\n", capture_output=True, text=True, timeout=60)
    assert "from-attached {\n  ip-netmask 10.5.5.5;\n}\n" in again.stdout


@pytest.fixture
def served(tmp_path):
    running = Server("--lab", str(tmp_path), "--clock", CLOCK)
    yield running
    assert running.stop() == 0


def test_a_fault_from_another_process_reaches_ssh_and_attached_sessions(served, tmp_path):
    ssh = netmiko(served, "fw2")
    attached = Attached(tmp_path)
    try:
        assert ssh.find_prompt() == "admin@fw2(passive)>"
        attached.run("show high-availability state | match 'State:|Connection status'", "^    State: passive")
        for link in ("ha1", "ha1-backup"):
            proc = lab_command("fault", "--lab", str(tmp_path), link, "down")
            assert (proc.returncode, proc.stderr) == (0, "")
        assert proc.stdout == "HA1 backup link down\n"
        # split brain: each side hears nobody and goes active, seen at the next command
        assert ssh.find_prompt() == "admin@fw2(active)>"
        out = attached.run("show high-availability state | match 'State:|Connection status'", "^    Connection status")
        prompt, state, connection = out.splitlines()
        assert prompt == "admin@fw1(active)> show high-availability state | match 'State:|Connection status'"
        assert re.fullmatch(r"    State: active \(last \d+ seconds\)", state) and connection == "    Connection status: down"
        assert "Connection status: down" in ssh.send_command("show high-availability state")
        # restored: the election puts fw2 back as passive (fw1 wins on priority)
        assert lab_command("fault", "--lab", str(tmp_path), "ha1", "up").returncode == 0
        assert ssh.find_prompt() == "admin@fw2(passive)>"
        out = attached.run("show high-availability state | match 'Connection status'", "^    Connection status")
        assert out.splitlines()[-1] == "    Connection status: up"
        status = json.loads(lab_command("status", "--lab", str(tmp_path), "--json").stdout)
        assert status["links"] == {"ha1": "up", "ha1-backup": "down", "ha2": "up"}
        assert sorted(s["via"] for d in status["devices"].values() for s in d["sessions"]) == ["attach", "ssh"]
    finally:
        ssh.disconnect()
        attached.close()


def test_powering_a_device_off_ends_its_sessions_and_it_boots_back_as_passive(served, tmp_path):
    fw2 = Attached(tmp_path, "--device", "fw2")
    fw2.run("show clock", "UTC 2026")
    assert lab_command("fault", "--lab", str(tmp_path), "fw2", "power", "off").stdout == "fw2 powered off\n"
    assert fw2.close() == (1, "\npanshell: fw2 is powered off; the session is closed\n")
    refused = subprocess.run([sys.executable, "-m", "panshell", "--lab", str(tmp_path), "--device", "fw2"],
                             input="show clock\n", capture_output=True, text=True, timeout=60)
    assert (refused.returncode, refused.stderr) == (2, "panshell: fw2 is powered off; the session is closed\n")
    ssh = netmiko(served, "fw1")
    try:
        assert "Connection status: down" in ssh.send_command("show high-availability state")
        assert lab_command("fault", "--lab", str(tmp_path), "fw2", "power", "on").stdout == "fw2 powered on: booting\n"
        status = json.loads(lab_command("status", "--lab", str(tmp_path), "--json").stdout)
        assert status["devices"]["fw2"]["ha"]["state"] == "initial"
        assert status["devices"]["fw2"]["jobs"][0]["type"] == "AutoCom"
        time.sleep(0.1)
        for _ in range(12):  # one second of the lab clock per command: the boot hold is 8 s
            ssh.send_command("show clock")
        assert "Peer Information:\n    Connection status: up\n    Version: 1\n    Mode: Active-Passive\n" \
               "    State: passive" in ssh.send_command("show high-availability state")
    finally:
        ssh.disconnect()


def test_status_screen_and_offline_faults(tmp_path):
    assert lab_command("fault", "--lab", str(tmp_path / "lab"), "ha2", "down").stderr == \
        f"panshell: no lab at {tmp_path / 'lab'}\n"
    (tmp_path / "lab").mkdir()
    assert lab_command("status", "--lab", str(tmp_path / "lab")).stderr == \
        f"panshell: {tmp_path / 'lab'} is not a lab (no lab.json)\n"
    subprocess.run([sys.executable, "-m", "panshell", "--lab", str(tmp_path / "lab"), "--clock", CLOCK],
                   input="show clock\n", capture_output=True, text=True, timeout=60, check=True)
    assert lab_command("fault", "--lab", str(tmp_path / "lab"), "fw1", "port", "ethernet1/1", "down").stdout == \
        "fw1 port ethernet1/1 down\n"
    bad = lab_command("fault", "--lab", str(tmp_path / "lab"), "ha3", "down")
    assert bad.returncode == 2 and bad.stderr == (
        "panshell: unknown fault 'ha3 down'; the faults are:\n"
        "  ha1|ha1-backup|ha2 down|up\n  fw1|fw2 port <interface> down|up\n"
        "  fw1|fw2 path <ip-address> down|up\n  fw1|fw2 power off|on\n")
    screen = subprocess.run([sys.executable, "-m", "panshell", "lab", "status", "--lab", str(tmp_path / "lab")],
                            capture_output=True, text=True, timeout=60, env={**os.environ, "COLUMNS": "120"})
    assert screen.returncode == 0
    assert "fw1 (fw1)" in screen.stdout and "fw2 (fw2)" in screen.stdout
    assert "ethernet1/1" in screen.stdout and "not held" in screen.stdout
    assert "HA links: ha1 up, ha1-backup up, ha2 up" in screen.stdout


def test_a_holder_that_does_not_answer_and_a_stale_socket(tmp_path):
    holder = Attached(tmp_path, "--clock", CLOCK)
    holder.run("show clock", "UTC 2026")
    holder.proc.send_signal(signal.SIGSTOP)
    try:
        proc = lab_command("status", "--lab", str(tmp_path))
        assert proc.returncode == 2
        assert proc.stderr == f"panshell: lab {tmp_path} is held by process {holder.proc.pid}, which does not answer\n"
    finally:
        holder.proc.send_signal(signal.SIGCONT)
    holder.proc.send_signal(signal.SIGKILL)
    holder.proc.wait(timeout=30)
    assert (tmp_path / ".panshell.sock").exists()  # a dead holder leaves its socket behind
    proc = lab_command("status", "--lab", str(tmp_path), "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["holder"] is None
    assert not (tmp_path / ".panshell.sock").exists()


def test_a_client_that_vanishes_mid_session_leaves_the_lab_consistent(tmp_path):
    holder = Attached(tmp_path, "--clock", CLOCK)
    holder.run("show clock", "UTC 2026")
    for garbage in (b"", b"H\x00\x00\x00\x05{\"dev", b"Zjunk", b'H\x00\x00\x00\x10{"device":"fw1"}D\x00\x00\x00\x09configure'):
        client = socket.socket(socket.AF_UNIX)
        client.connect(str(tmp_path / ".panshell.sock"))
        client.sendall(garbage)
        client.close()
    out = holder.run("show clock", "UTC 2026")
    assert out.lstrip("\n").startswith("admin@fw1(active)> show clock")
    assert (tmp_path / ".panshell.sock").stat().st_mode & 0o777 == 0o600
    assert holder.close() == (0, "")


def test_an_attached_terminal_gets_the_line_editor_tab_help_and_history(tmp_path):
    import pty
    import select

    holder = Attached(tmp_path, "--clock", CLOCK)
    holder.run("show clock", "UTC 2026")
    master, slave = pty.openpty()
    client = subprocess.Popen([sys.executable, "-m", "panshell", "--lab", str(tmp_path), "--device", "fw2"],
                              stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    screen = ""

    def until(text: str) -> str:
        nonlocal screen
        deadline = time.monotonic() + 20
        while text not in screen and time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                screen += os.read(master, 65536).decode(errors="replace")
        assert text in screen, screen
        shown, screen = screen, ""
        return shown

    try:
        until("admin@fw2(passive)> ")
        os.write(master, b"show clo\t")
        assert until("show clock ").endswith("show clo" + "ck ")  # Tab completed the word
        os.write(master, b"\r")
        assert "Wed Nov 25 00:00:01 UTC 2026" in until("admin@fw2(passive)> ")
        os.write(master, b"show jobs ?")
        assert "all" in until("processed")
        os.write(master, b"\x15\x1b[A")  # Ctrl-U, then Up: the last line from the history
        until("show clock")
        os.write(master, b"\x15configure\r")
        until("admin@fw2(passive)# ")
        os.write(master, b"\x04\x04")  # Ctrl-D leaves configure mode, a second one ends the session
        until("Exiting configuration mode")
        assert client.wait(timeout=30) == 0
    finally:
        os.close(master)
        if client.poll() is None:
            client.kill()
        holder.close()


def test_import_config_into_a_held_lab(tmp_path):
    holder = Attached(tmp_path, "--clock", CLOCK, "--device", "fw2")
    holder.run("show clock", "UTC 2026")
    data = os.path.join(os.path.dirname(__file__), "data", "branch-office.xml")
    proc = lab_command("import-config", "--lab", str(tmp_path), "--device", "fw2", data)
    assert proc.stdout == f"imported {data} as the running configuration of fw2 (hostname branch-fw)\n"
    out = holder.run("show system info | match ^hostname", "^hostname")
    assert out.lstrip("\n") == "admin@branch-fw> show system info | match ^hostname\nhostname: branch-fw\n"
    bad = lab_command("import-config", "--lab", str(tmp_path), "--device", "fw9", data)
    assert (bad.returncode, bad.stderr) == (2, f"panshell: {data}: lab has no device fw9 (devices: fw1, fw2)\n")
    assert holder.close() == (0, "")
