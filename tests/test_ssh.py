"""`panshell serve`: both firewalls over SSH, driven by netmiko, scrapli and plain clients."""
import asyncio
import os
import random
import re
import select
import signal
import socket
import subprocess
import sys
import time

import asyncssh
import pytest
from netmiko import ConnectHandler
from scrapli import Cli
from scrapli.auth import Options as AuthOptions

from panshell.backend.clock import Clock
from panshell.backend.lab import Lab

PROMPT = re.compile(r"[\w.-]+@[\w.()-]+[>#] $")


def free_port_pair() -> int:
    for _ in range(100):
        port = random.randint(20000, 60000)
        sockets = []
        try:
            for p in (port, port + 1):
                s = socket.socket()
                s.bind(("127.0.0.1", p))
                sockets.append(s)
            return port
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free port pair")


class Server:
    """`panshell serve` on free ports: SSH (fw1, fw2) and the XML API (fw1, fw2)."""

    def __init__(self, *args: str):
        self.port = free_port_pair()
        self.api_port = free_port_pair()
        env = {**os.environ, "PANSHELL_DEBUG": ""}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "panshell", "serve", "--port", str(self.port), "--api-port", str(self.api_port),
             *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        line = self.proc.stdout.readline()
        assert line == f"panshell: fw1 on 127.0.0.1:{self.port}, fw2 on 127.0.0.1:{self.port + 1}\n", (
            line + self.proc.stderr.read()
        )
        line = self.proc.stdout.readline()
        assert line == (f"panshell: XML API: fw1 on https://127.0.0.1:{self.api_port}/api/,"
                        f" fw2 on https://127.0.0.1:{self.api_port + 1}/api/\n"), line + self.proc.stderr.read()

    def port_of(self, device: str) -> int:
        return self.port + (device == "fw2")

    def api_port_of(self, device: str) -> int:
        return self.api_port + (device == "fw2")

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)

    def stderr(self) -> str:
        """What the stopped server wrote to stderr (read with a deadline: a server that crashed
        may leave worker processes holding the pipe open for a while)."""
        fd, chunks = self.proc.stderr.fileno(), []
        while select.select([fd], [], [], 2)[0] and (chunk := os.read(fd, 65536)):
            chunks.append(chunk)
        return b"".join(chunks).decode(errors="replace")


@pytest.fixture
def server():
    running = Server("--ephemeral", "--clock", "2026-11-25T00:00:00Z")
    yield running
    assert running.stop() == 0


def netmiko(server, device="fw1", **extra):
    return ConnectHandler(device_type="paloalto_panos", host="127.0.0.1", port=server.port_of(device),
                          username="admin", password="admin", **extra)


class Terminal:
    """A minimal SSH client with a terminal: send a line, read until the next prompt."""

    def __init__(self, conn, process):
        self.conn, self.process = conn, process

    @classmethod
    async def open(cls, port, username="admin", password="admin", **options):
        conn = await asyncssh.connect("127.0.0.1", port, username=username, password=password,
                                      known_hosts=None, **options)
        process = await conn.create_process(term_type="vt100", encoding="utf-8")
        terminal = cls(conn, process)
        await terminal.read_prompt()
        return terminal

    async def read_prompt(self) -> str:
        text = ""
        while not PROMPT.search(text):
            chunk = await asyncio.wait_for(self.process.stdout.read(65536), 30)
            if not chunk:
                raise EOFError(text)
            text += chunk
        return text

    async def run(self, line: str) -> str:
        self.process.stdin.write(line + "\n")
        return (await self.read_prompt()).replace("\r\n", "\n")

    def close(self):
        self.conn.close()


# -- netmiko and scrapli -------------------------------------------------------------


def test_netmiko_reads_parse_with_ntc_templates(server):
    with netmiko(server) as conn:
        [info] = conn.send_command("show system info", use_textfsm=True)
        assert (info["hostname"], info["serial"], info["model"]) == ("fw1", "012801096512", "PA-3220")
        interfaces = conn.send_command("show interface all", use_textfsm=True)
        assert {"ethernet1/1", "ae1.518", "hsci"} <= {r["interface"] for r in interfaces}
        [ha] = conn.send_command("show high-availability all", use_textfsm=True)
        assert (ha["state"], ha["running_configuration"]) == ("active", "synchronized")
        assert re.fullmatch(r"Wed Nov 25 00:00:\d\d UTC 2026", conn.send_command("show clock").strip())
        assert "\x1b" not in conn.send_command("show interface management")


def test_a_commit_over_ssh_on_fw1_reaches_fw2_over_ssh(server):
    with netmiko(server, "fw1") as fw1, netmiko(server, "fw2") as fw2:
        output = fw1.send_config_set(["set address via-ssh ip-netmask 10.22.0.1", "set address via-ssh description x"])
        assert "Invalid syntax" not in output
        assert "Configuration committed successfully" in fw1.commit()
        assert fw2.send_command("show config running | match via-ssh").strip() == "via-ssh {"
        jobs = fw2.send_command("show jobs all")
        assert re.search(r" 2 +HA-Sync +FIN +OK ", jobs)
        assert fw2.find_prompt() == "admin@fw2(passive)>"


def test_the_jumbo_frame_story_over_ssh(server):
    with netmiko(server, "fw1") as fw1, netmiko(server, "fw2") as fw2:
        fw1.send_config_set(["set deviceconfig setting jumbo-frame mtu 9192",
                             "set network interface aggregate-ethernet ae1 layer3 units ae1.518 mtu 9000"])
        fw1.commit()
        detail = fw2.send_command("show jobs id 2")
        assert re.search(r" 2 +HA-Sync +FIN +FAIL ", detail)
        assert ("Details:device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500\n"
                "interface configuration error\nCommit failed") in detail
        assert "not synchronized" in fw2.send_command("show high-availability all | match Running")
        fw2.send_config_set(["set deviceconfig setting jumbo-frame mtu 9192"])
        fw2.commit()
        assert fw1.send_command("request high-availability sync-to-remote running-config",
                                expect_string=r"\(y or n\)").strip() == (
            "Executing this command will overwrite the candidate configuration on the peer and trigger a commit on"
            " the peer. Do you want to continue? (y or n)")
        assert fw1.send_command_timing("y").strip() == (
            "HA synchronization job has been queued on peer. Please check job status on peer.")
        assert re.search(r" 4 +HA-Sync +FIN +OK ", fw2.send_command("show jobs id 4"))
        for conn in (fw1, fw2):
            [ha] = conn.send_command("show high-availability all", use_textfsm=True)
            assert ha["running_configuration"] == "synchronized"


def test_scrapli_in_exec_and_configuration_modes(server):
    cli = Cli("127.0.0.1", port=server.port_of("fw2"), definition_file_or_name="paloalto_panos",
              auth_options=AuthOptions(username="admin", password="admin"))
    with cli as conn:
        result = conn.send_input("show system info")
        assert not result.failed and "hostname: fw2\n" in result.result
        results = conn.send_inputs(["show clock", "show high-availability state | match State:"])
        assert re.fullmatch(r" *State: passive \(last \d+ seconds\)\n    State: active \(last \d+ seconds\)", results.results[1])
        result = conn.send_input("set address from-scrapli ip-netmask 10.5.5.5", requested_mode="configuration")
        assert not result.failed and result.result == "[edit]"
        result = conn.send_input("commit", requested_mode="configuration")
        assert "Configuration committed successfully" in result.result
        assert conn.send_input("show bogus", requested_mode="exec").failed
        assert conn.send_input("bogus").result == "Unknown command: bogus"


# -- authentication and keys -----------------------------------------------------------


def test_wrong_password_is_refused_after_a_delay_and_logged(server):
    async def attempt():
        start = time.perf_counter()
        with pytest.raises(asyncssh.PermissionDenied):
            await asyncssh.connect("127.0.0.1", server.port, username="admin", password="nope", known_hosts=None,
                                   preferred_auth=["password"])
        return time.perf_counter() - start

    assert asyncio.run(attempt()) >= 1.0

    async def log():
        terminal = await Terminal.open(server.port)
        out = await terminal.run("show log system subtype equal auth")
        terminal.close()
        return out

    out = asyncio.run(log())
    assert "User admin failed authentication for CLI from 127.0.0.1" in out
    assert "User admin authenticated for CLI from 127.0.0.1" in out


def test_keyboard_interactive_only(server):
    async def login():
        terminal = await Terminal.open(server.port, preferred_auth=["keyboard-interactive"])
        out = await terminal.run("show system info | match hostname")
        terminal.close()
        return out

    assert "hostname: fw1\n" in asyncio.run(login())


def test_public_key_login_and_users_file(tmp_path):
    key = asyncssh.generate_private_key("ssh-ed25519")
    (tmp_path / "keys").write_text(key.export_public_key().decode())
    (tmp_path / "users").write_text("# lab users\nalice s3cret\n")
    running = Server("--ephemeral", "--users-file", str(tmp_path / "users"), "--authorized-keys", str(tmp_path / "keys"))
    try:
        async def login():
            terminal = await Terminal.open(running.port, username="alice", password=None, client_keys=[key])
            prompt = await terminal.run("")
            terminal.close()
            with pytest.raises(asyncssh.PermissionDenied):
                await asyncssh.connect("127.0.0.1", running.port, username="admin", password="admin",
                                       known_hosts=None, client_keys=None, preferred_auth=["password"])
            return prompt

        assert asyncio.run(login()).endswith("alice@fw1(active)> ")
    finally:
        assert running.stop() == 0


def test_the_host_key_is_kept_with_the_lab(tmp_path):
    async def fingerprint(port):
        conn = await asyncssh.connect("127.0.0.1", port, username="admin", password="admin", known_hosts=None)
        key = conn.get_server_host_key().get_fingerprint()
        conn.close()
        return key

    first = Server("--lab", str(tmp_path))
    seen = asyncio.run(fingerprint(first.port))
    assert first.stop() == 0
    second = Server("--lab", str(tmp_path))
    try:
        assert asyncio.run(fingerprint(second.port)) == seen
        assert oct((tmp_path / "ssh_host_ed25519_key").stat().st_mode & 0o777) == "0o600"
    finally:
        assert second.stop() == 0


# -- packets -------------------------------------------------------------------------------


class CountingTerminal(asyncssh.SSHClientSession):
    """A terminal that keeps each SSH data message it receives apart."""

    def __init__(self):
        self.messages, self.arrived = [], asyncio.Event()

    def data_received(self, data: str, datatype) -> None:
        self.messages.append(data)
        self.arrived.set()

    async def wait_for(self, until: re.Pattern) -> None:
        while not until.search("".join(self.messages)):
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), 30)

    async def answer(self, channel, keys: str, until: re.Pattern = PROMPT) -> list[str]:
        self.messages.clear()
        channel.write(keys)
        await self.wait_for(until)
        return list(self.messages)


def test_a_line_sent_whole_is_answered_in_one_packet_and_a_typed_key_is_echoed_at_once(server):
    async def chat():
        async with asyncssh.connect("127.0.0.1", server.port, username="admin", password="admin",
                                    known_hosts=None) as conn:
            channel, terminal = await conn.create_session(CountingTerminal, term_type="vt100", encoding="utf-8")
            await terminal.wait_for(PROMPT)  # the login's
            whole = await terminal.answer(channel, "show clock\n")
            typed = [await terminal.answer(channel, key, re.compile(re.escape(key) + "$")) for key in "show clock"]
            return whole, typed, await terminal.answer(channel, "\n")

    whole, typed, enter = asyncio.run(chat())
    assert whole == ["show clock\radmin@fw1(active)> show clock\r\n\r\nWed Nov 25 00:00:00 UTC 2026\r\n\r\n"
                     "admin@fw1(active)> "]  # echo, output and next prompt in one message
    assert typed == [[key] for key in "show clock"]
    assert enter == ["\radmin@fw1(active)> show clock\r\n\r\nWed Nov 25 00:00:01 UTC 2026\r\n\r\nadmin@fw1(active)> "]


# -- bad clients ---------------------------------------------------------------------------


def test_a_resized_window_keeps_the_session(server):
    async def resize():
        terminal = await Terminal.open(server.port)
        terminal.process.change_terminal_size(132, 50)
        out = await terminal.run("show system info | match hostname")
        terminal.close()
        return out

    assert "hostname: fw1\n" in asyncio.run(resize())


def test_exec_sftp_and_forwarding_are_refused_cleanly(server):
    async def misuse():
        async with asyncssh.connect("127.0.0.1", server.port, username="admin", password="admin",
                                    known_hosts=None) as conn:
            result = await conn.run("show clock")
            assert result.exit_status == 1 and "exec requests are not supported" in result.stderr
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.start_sftp_client()
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.open_connection("127.0.0.1", 80)
        terminal = await Terminal.open(server.port)
        out = await terminal.run("show clock")
        terminal.close()
        return out

    assert "UTC 2026" in asyncio.run(misuse())


def test_garbage_and_vanishing_clients_do_not_hurt_others(server):
    async def abuse():
        rude = await Terminal.open(server.port)
        rude.process.stdin.write("\x00\xff\x1b[999~\x1b\x07" + "z" * 50_000 + "\n?\t\t\x03\x15show\x7f\x7f")
        quitter = await Terminal.open(server.port)
        quitter.process.stdin.write("configure\nset address half ip-netmask 1.1.1.1\ncommi")
        quitter.close()  # gone mid-command
        silent = await Terminal.open(server.port_of("fw2"))
        silent.process.stdin.write("show interface all\n" * 200)  # never reads its output
        polite = await Terminal.open(server.port)
        out = await polite.run("show system info | match hostname")
        for terminal in (rude, silent, polite):
            terminal.close()
        return out

    assert "hostname: fw1\n" in asyncio.run(abuse())
    with netmiko(server) as conn:
        assert conn.send_command("show clock").strip().endswith("UTC 2026")


def test_port_already_in_use_is_a_clear_error():
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    try:
        proc = subprocess.run([sys.executable, "-m", "panshell", "serve", "--ephemeral", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.strip() == f"panshell: cannot listen on 127.0.0.1:{port}: address already in use"
    finally:
        blocker.close()


def test_sigterm_keeps_committed_state(tmp_path):
    running = Server("--lab", str(tmp_path))
    try:
        with netmiko(running) as conn:
            conn.send_config_set(["set address durable ip-netmask 10.44.0.1"])
            conn.commit()
    finally:
        assert running.stop() == 0
    lab = Lab.open(tmp_path, Clock())
    try:
        for name in ("fw1", "fw2"):  # committed on fw1, HA-synced to fw2
            assert lab.devices[name].running.find("vsys/entry/address/entry[@name='durable']") is not None
    finally:
        lab.close()


# -- many sessions -----------------------------------------------------------------------------


def test_fifty_concurrent_sessions_across_both_devices(server):
    """25 sessions on each device. fw1's sessions change the shared candidate and some commit;
    fw2's only read (its candidate is replaced whenever a commit on fw1 syncs over HA1)."""

    async def worker(n: int) -> None:
        device = "fw1" if n % 2 == 0 else "fw2"
        terminal = await Terminal.open(server.port_of(device))
        try:
            info = await terminal.run("show system info | match ^hostname")
            assert f"hostname: {device}\n" in info
            assert "Entering configuration mode" in await terminal.run("configure")
            if device == "fw1":
                await terminal.run(f"set address worker-{n} ip-netmask 10.200.{n}.1")
                shown = await terminal.run(f"show address worker-{n}")
                assert f"worker-{n} {{\n  ip-netmask 10.200.{n}.1;\n}}\n[edit]\n" in shown
                if n % 10 == 0:  # a commit takes every session's changes (one shared candidate)
                    out = await terminal.run("commit")
                    assert re.search(r"\nConfiguration committed successfully\n|\nThere are no changes to commit\.\n", out)
            else:
                assert "web-server {\n  ip-netmask 10.51.8.10/32;" in await terminal.run("show address web-server")
            assert "Exiting configuration mode" in await terminal.run("exit")
            assert re.search(r"\n\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC 2026\n", await terminal.run("show clock"))
        finally:
            terminal.close()

    async def all_workers():
        await asyncio.gather(*(worker(n) for n in range(50)))

    asyncio.run(all_workers())
    with netmiko(server, "fw2") as fw2:  # what fw1's commits carried over HA1
        assert fw2.send_command("show config running | match worker-0 ").strip() == "worker-0 {"


def test_the_prompt_toolkit_terminal_for_people():
    running = Server("--ephemeral", "--terminal", "prompt-toolkit")
    ansi = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

    async def session():
        conn = await asyncssh.connect("127.0.0.1", running.port, username="admin", password="admin", known_hosts=None)
        process = await conn.create_process(term_type="xterm", term_size=(100, 30), encoding="utf-8")
        seen = ""

        async def until(pattern):
            nonlocal seen
            while not re.search(pattern, ansi.sub("", seen)):
                seen += await asyncio.wait_for(process.stdout.read(65536), 30)

        await until(r"admin@fw1\(active\)>")
        process.stdin.write("show high-availability state | match State:\r")
        await until(r"State: passive")
        process.stdin.write("exit\r")
        await asyncio.wait_for(process.wait_closed(), 30)
        conn.close()
        return seen

    try:
        seen = asyncio.run(session())
        assert "\x1b[" in seen  # a full-screen line editor: escape codes, unlike the default terminal
        assert "State: active" in ansi.sub("", seen)
    finally:
        assert running.stop() == 0
