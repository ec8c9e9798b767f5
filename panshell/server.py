"""`panshell serve`: every firewall of one lab over SSH (fw1 on port P, fw2 on P+1, ...).

Every session is served by one asyncio loop on one lab, so a commit over SSH on fw1
HA-syncs to fw2 and every other session sees it at once; each command runs in a worker thread
(panshell/hub.py), so no session waits for another's commit. Logins: password,
keyboard-interactive (netmiko's PAN-OS driver uses only that) and public keys.
A lab on disk is also served on its control socket, so `panshell --lab` and
`panshell lab ...` from other processes act on the same pair.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
from prompt_toolkit import print_formatted_text
from prompt_toolkit.contrib.ssh import PromptToolkitSSHServer

from . import heap
from .api.http import start as start_api
from .api.http import tls
from .api.protocol import Api, Keys
from .atomicfile import atomic_write
from .backend import offload
from .backend.device import Device
from .backend.lab import Lab, LabError
from .backend.storage import LabBusy
from .control import ControlServer
from .hub import Hub, in_lab, on_loop
from .labopen import ArgumentError, add_clock_argument, add_lab_arguments, make_clock, open_lab
from .session import Session, powered_off
from .shell.interactive import run_shell
from .shell.lineedit import LineEditor

HOST_KEY = "ssh_host_ed25519_key"
FAILED_LOGIN_DELAY = 1.0  # seconds before a wrong password is refused
LOGIN_NOTICE = "Number of failed attempts since last successful login: {failed}\n\n"


@dataclass
class Users:
    passwords: dict[str, str] = field(default_factory=lambda: {"admin": "admin"})
    keys: list[asyncssh.SSHKey] = field(default_factory=list)  # accepted for every user

    @classmethod
    def from_file(cls, path: Path) -> Users:
        """`name password` per line; `#` comments."""
        passwords = {}
        for line in path.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                name, _, password = line.strip().partition(" ")
                passwords[name] = password.strip()
        return cls(passwords)


class PanSSHServer(asyncssh.SSHServer):
    """Authentication for one device's listener."""

    def __init__(self, lab: Lab, device: Device, users: Users):
        self.lab, self.device, self.users = lab, device, users
        self.peer, self.username = "unknown", ""

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.peer = (conn.get_extra_info("peername") or ("unknown",))[0]
        banner = self.device.running.text("deviceconfig/system/login-banner")
        if banner:
            conn.send_auth_banner(banner + "\n")

    def begin_auth(self, username: str) -> bool:
        self.username = username
        return True

    def password_auth_supported(self) -> bool:
        return True

    def kbdint_auth_supported(self) -> bool:
        return True

    def public_key_auth_supported(self) -> bool:
        return bool(self.users.keys)

    async def validate_password(self, username: str, password: str) -> bool:
        ok = self.users.passwords.get(username) == password
        await self._log_login(username, ok)
        if not ok:
            await asyncio.sleep(FAILED_LOGIN_DELAY)
        return ok

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str):
        return "", "", "", [("Password: ", False)]

    async def validate_kbdint_response(self, username: str, responses):
        return len(responses) == 1 and await self.validate_password(username, responses[0])

    async def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        ok = username in self.users.passwords and any(key == k for k in self.users.keys)
        await self._log_login(username, ok)
        return ok

    async def _log_login(self, username: str, ok: bool) -> None:
        what = "authenticated" if ok else "failed authentication"

        def log() -> None:
            self.device.logs.system(self.lab.clock.now(), event="auth-success" if ok else "auth-fail",
                                    subtype="auth", severity="informational" if ok else "medium",
                                    description=f"User {username} {what} for CLI from {self.peer}")

        await in_lab(self.lab, log)  # holding the lab's guard: a worker may be saving the logs meanwhile


class PromptToolkitPanServer(PanSSHServer, PromptToolkitSSHServer):
    """`--terminal prompt-toolkit`: the full prompt_toolkit shell, for people."""

    def __init__(self, lab: Lab, device: Device, users: Users, hub: Hub):
        PanSSHServer.__init__(self, lab, device, users)
        PromptToolkitSSHServer.__init__(self, self._interact, enable_cpr=False)
        self.hub = hub

    async def _interact(self, ssh_session) -> None:
        print_formatted_text(LOGIN_NOTICE.format(failed=0), end="")
        session = Session(self.lab, self.device, self.username)
        live = self.hub.add(self.device, self.username, "ssh",
                            lambda message: setattr(session, "closed", True))
        try:
            await run_shell(session)
        finally:
            self.hub.remove(live)


async def run_session(lab: Lab, hub: Hub, device: Device, process: asyncssh.SSHServerProcess) -> None:
    """One SSH channel: the CLI on a terminal, or refused if it asks to run a command."""
    if process.command is not None:
        process.stderr.write("exec requests are not supported; open a shell\n")
        process.exit(1)
        return
    session = Session(lab, device, process.get_extra_info("username"))
    terminal = process.get_terminal_type() is not None

    def send(text: str) -> None:
        if not process.is_closing():  # the client may have gone while a worker ran its command
            process.stdout.write(text)

    editor = LineEditor(session, on_loop(send), terminal, process.get_terminal_size()[1])

    def end(message: str) -> None:  # the holder is leaving, or the device lost power
        editor.write(message)
        session.closed = True
        process.exit(1)

    if not device.powered:
        editor.write(powered_off(device))
        process.exit(1)
        return
    live = hub.add(device, session.user, "ssh", end)
    editor.write(LOGIN_NOTICE.format(failed=0))
    editor.start()
    try:
        while not session.closed:
            try:
                data = await process.stdin.read(4096)
            except asyncssh.TerminalSizeChanged as resized:
                editor.rows = resized.height  # the pager's next screens
                continue
            except asyncssh.BreakReceived:
                continue  # nothing to run
            if not data:
                break
            # in a worker, so that other sessions' commands go on meanwhile; or quick, at once
            await in_lab(lab, editor.feed, data, quick=editor.runs_at_once(data))
            await process.stdout.drain()
    except (asyncssh.DisconnectError, asyncssh.ConnectionLost, BrokenPipeError):
        return
    finally:
        hub.remove(live)
    if not process.is_closing():
        process.exit(0)


def host_key(lab: Lab) -> asyncssh.SSHKey:
    """Generated once per lab and kept with it, so clients never see it change."""
    if lab.directory is None:
        return asyncssh.generate_private_key("ssh-ed25519")
    path = lab.directory / HOST_KEY
    if not path.exists():
        atomic_write(path, asyncssh.generate_private_key("ssh-ed25519").export_private_key())
        path.chmod(0o600)
    return asyncssh.read_private_key(str(path))


async def _start_api(lab: Lab, host: str, api_port: int, users: Users) -> list:
    """The XML API of each device over HTTPS: fw1 on api_port, fw2 on the next."""
    context, secret = tls(lab)
    keys = Keys(secret, lambda user, password: users.passwords.get(user) == password)
    apis = [(Api(lab, device, keys, lambda: list(users.passwords)), api_port + n)
            for n, device in enumerate(lab.devices.values())]
    try:
        return await start_api(apis, host, context)
    except OSError as exc:
        reason = os.strerror(exc.errno).lower() if exc.errno else str(exc)
        raise SystemExit(f"panshell: cannot listen on {host} for the API (ports {api_port}+): {reason}") from None


async def serve(lab: Lab, host: str, port: int, users: Users, terminal: str = "line", ready=print,
                api_port: int | None = None) -> None:
    key = host_key(lab)
    offload.start()  # commits validate in a worker process (before any thread starts)
    heap.tune_for_latency()
    heap.freeze_loaded()
    hub, servers = Hub(), []
    control = ControlServer(lab, hub) if lab.directory is not None else None
    try:
        for offset, device in enumerate(lab.devices.values()):
            if terminal == "prompt-toolkit":
                options = {"server_factory": lambda device=device: PromptToolkitPanServer(lab, device, users, hub)}
            else:
                options = {
                    "server_factory": lambda device=device: PanSSHServer(lab, device, users),
                    "process_factory": lambda process, device=device: run_session(lab, hub, device, process),
                    "line_editor": False, "encoding": "utf-8", "errors": "replace",
                }
            servers.append(await asyncssh.create_server(
                host=host, port=port + offset, server_host_keys=[key], allow_scp=False, **options
            ))
    except OSError as exc:
        for server in servers:
            server.close()
        reason = os.strerror(exc.errno).lower() if exc.errno else str(exc)
        raise SystemExit(f"panshell: cannot listen on {host}:{port + len(servers)}: {reason}") from None
    api = await _start_api(lab, host, api_port, users) if api_port else []
    if control is not None:
        await control.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    listening = ", ".join(f"{name} on {host}:{port + n}" for n, name in enumerate(lab.devices))
    ready(f"panshell: {listening}", flush=True)
    if api:
        urls = ", ".join(f"{name} on https://{host}:{api_port + n}/api/" for n, name in enumerate(lab.devices))
        ready(f"panshell: XML API: {urls}", flush=True)
    await stop.wait()
    if control is not None:
        await control.close()  # attached and SSH sessions are told the lab is going away
    else:
        hub.end_all("panshell: the server is shutting down; the session is closed\n")
    for server in servers:
        server.close()
        await server.wait_closed()
    for runner in api:
        await runner.cleanup()
    offload.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="panshell serve", description="Serve the lab's firewalls over SSH.")
    add_lab_arguments(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=2222, help="fw1's port; fw2 listens on the next (default 2222)")
    add_clock_argument(parser)
    parser.add_argument("--users-file", type=Path, help="users, `name password` per line (default admin/admin)")
    parser.add_argument("--authorized-keys", type=Path, help="OpenSSH public keys accepted for every user")
    parser.add_argument("--api-port", type=int, default=8443,
                        help="fw1's XML API (HTTPS) port; fw2 listens on the next; 0: no API (default 8443)")
    parser.add_argument("--terminal", choices=("line", "prompt-toolkit"), default="line",
                        help="line: a PAN-OS-like line editor with no escape codes (for people and automation);"
                        " prompt-toolkit: the full prompt_toolkit shell, for people only")
    args = parser.parse_args(argv)
    try:
        users = Users.from_file(args.users_file) if args.users_file else Users()
        if args.authorized_keys:
            users.keys = list(asyncssh.read_public_key_list(str(args.authorized_keys)))
        lab = open_lab(args, make_clock(args.clock))
    except (ArgumentError, LabError, LabBusy, OSError, ValueError, asyncssh.KeyImportError) as exc:
        print(f"panshell: {exc}", file=sys.stderr)
        return 2
    try:
        asyncio.run(serve(lab, args.host, args.port, users, args.terminal, api_port=args.api_port))
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        lab.close()
    return 0
