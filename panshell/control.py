"""The control socket: whoever holds a lab serves it there to every other panshell on that lab.

The holder (a local shell, or `panshell serve`) listens on `LAB/.panshell.sock`, a Unix socket
only its owner may open. A client sends a hello; the holder accepts it (or ends it at once,
saying why), then:

- a session: the client's keys or lines go in as data. A terminal client's keys reach the
  same PAN-OS line editor that SSH users get; a piped client's lines run as on a pipe, and
  the terminal log comes back. The holder ends the session with its exit status, and a
  message when the session did not end by itself (the holder exits, the device lost power);
- a request (`status`, `fault`, `import-config`): one reply.

Frames both ways: a kind byte, a four-byte big-endian length, the payload.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import os
import selectors
import socket
import struct
import sys
import termios
import time
import tty
from pathlib import Path

from . import labops
from .backend.lab import Lab
from .hub import Hub, in_lab, on_loop
from .session import Session, powered_off
from .shell.lineedit import LineEditor
from .shell.pipe import PipeLog

SOCKET_NAME = ".panshell.sock"
HELLO, ACCEPT, DATA, EOF, END, REPLY = b"H", b"A", b"D", b"X", b"E", b"R"
HEADER = struct.Struct(">cI")
ANSWER_TIMEOUT = 5.0  # seconds a holder has to answer a hello
CONNECT_PATIENCE = 2.0  # seconds to wait for a holder that is still starting its socket


def frame(kind: bytes, payload: bytes = b"") -> bytes:
    return HEADER.pack(kind, len(payload)) + payload


def socket_path(directory: Path) -> Path:
    return Path(directory) / SOCKET_NAME


# -- the holder's side -------------------------------------------------------------


async def _read_frame(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    kind, size = HEADER.unpack(await reader.readexactly(HEADER.size))
    return kind, await reader.readexactly(size)


class ControlServer:
    """The holder's listener on its lab's control socket."""

    def __init__(self, lab: Lab, hub: Hub):
        self.lab, self.hub = lab, hub
        self.path = socket_path(lab.directory)
        self._server: asyncio.AbstractServer | None = None
        self._clients: set[asyncio.Task] = set()

    async def start(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # a dead holder's socket: we hold the lab now
        old_umask = os.umask(0o177)  # the socket is born readable by its owner only
        try:
            self._server = await asyncio.start_unix_server(self._client, path=str(self.path))
        except OSError as exc:  # e.g. a path longer than a Unix socket's 107 bytes
            print(f"panshell: lab {self.lab.directory} is not served to other processes: {exc}", file=sys.stderr)
        finally:
            os.umask(old_umask)

    async def close(self) -> None:
        """Every attached session ends, told why; the socket goes."""
        self.hub.end_all(f"panshell: the lab's holder (process {os.getpid()}) has exited; the session is closed\n")
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
        if self._clients:  # let each client's handler see its connection end
            await asyncio.wait(self._clients, timeout=ANSWER_TIMEOUT)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._clients.add(task)
        task.add_done_callback(self._clients.discard)
        try:
            kind, payload = await _read_frame(reader)
            hello = json.loads(payload) if kind == HELLO else {}
            if "op" in hello:
                answer = await in_lab(self.lab, labops.request, self.lab, self.hub, hello)
                writer.write(frame(REPLY, json.dumps(answer).encode()))
            elif "device" in hello:
                await self._session(hello, reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError, KeyError):
            pass  # a client that went away or spoke nonsense: the lab is as the last command left it
        except asyncio.CancelledError:
            pass  # the holder is exiting; a handler left cancelled makes asyncio's stream callback print a traceback
        finally:
            writer.close()

    async def _session(self, hello: dict, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        name = hello["device"] or next(iter(self.lab.devices))  # none asked for: the lab's first
        device = self.lab.devices.get(name)
        if device is None or not device.powered:
            reason = powered_off(device) if device else f"panshell: --device: the lab has no device {name}" \
                f" (devices: {', '.join(self.lab.devices)})\n"
            writer.write(frame(END, json.dumps({"status": 2, "message": reason}).encode()))
            return
        session = Session(self.lab, device, hello.get("user") or "admin")

        def write(text: str) -> None:
            if text:
                writer.write(frame(DATA, text.encode()))

        send = on_loop(write)  # the line editor writes from a worker

        def end(message: str = "", status: int = 0) -> None:
            if not writer.is_closing():
                writer.write(frame(END, json.dumps({"status": status, "message": message}).encode()))
                writer.close()
            session.closed = True

        live = self.hub.add(device, session.user, "attach", lambda message: end(message, 1))
        writer.write(frame(ACCEPT))
        editor = LineEditor(session, send) if hello.get("terminal") else None
        log = None if editor else PipeLog(session)
        if editor:
            editor.start()
        try:
            while not session.closed:
                kind, payload = await _read_frame(reader)
                if kind == DATA and editor:
                    await in_lab(self.lab, editor.feed, payload.decode(errors="replace"))
                elif kind == DATA:
                    write(await in_lab(self.lab, log.feed, payload))
                elif kind == EOF:  # the client's input ended (a piped log runs its last line)
                    if log:
                        write(await in_lab(self.lab, log.finish))
                    break
                await writer.drain()
            end(status=log.status if log else 0)
        finally:
            self.hub.remove(live)


# -- the client's side -------------------------------------------------------------


class NoAnswer(Exception):
    """The lab is held, but its holder does not answer."""


def _connect(directory: Path, holder: str) -> socket.socket:
    deadline = time.monotonic() + CONNECT_PATIENCE
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(socket_path(directory)))
            return sock
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            if time.monotonic() > deadline:
                raise NoAnswer(f"lab {directory} is held by {holder}, which does not answer") from None
            time.sleep(0.05)


class _Frames:
    """Frames read from a blocking socket."""

    def __init__(self, sock: socket.socket):
        self.sock, self.buffer = sock, b""

    def fill(self) -> bool:
        chunk = self.sock.recv(65536)
        self.buffer += chunk
        return bool(chunk)

    def pop(self) -> tuple[bytes, bytes] | None:
        if len(self.buffer) < HEADER.size:
            return None
        kind, size = HEADER.unpack_from(self.buffer)
        if len(self.buffer) < HEADER.size + size:
            return None
        payload = self.buffer[HEADER.size:HEADER.size + size]
        self.buffer = self.buffer[HEADER.size + size:]
        return kind, payload

    def next(self) -> tuple[bytes, bytes]:
        while (found := self.pop()) is None:
            if not self.fill():
                raise ConnectionError("the holder closed the connection")
        return found


def _open(directory: Path, holder: str, hello: dict) -> tuple[socket.socket, _Frames, tuple[bytes, bytes]]:
    """Connect, say hello, and read the holder's first answer (within ANSWER_TIMEOUT)."""
    sock = _connect(directory, holder)
    sock.settimeout(ANSWER_TIMEOUT)
    frames = _Frames(sock)
    try:
        sock.sendall(frame(HELLO, json.dumps(hello).encode()))
        first = frames.next()
    except (TimeoutError, ConnectionError, OSError):
        sock.close()
        raise NoAnswer(f"lab {directory} is held by {holder}, which does not answer") from None
    sock.settimeout(None)
    return sock, frames, first


def request(directory: Path, holder: str, hello: dict) -> dict:
    """A lab control run by the holder; its reply."""
    sock, _, (kind, payload) = _open(directory, holder, hello)
    sock.close()
    return json.loads(payload)


def attach(directory: Path, holder: str, device: str | None, user: str) -> int:
    """A CLI session on the held lab, on this process's stdin and stdout; its exit status."""
    stdin, stdout = sys.stdin.fileno(), sys.stdout.fileno()
    terminal = os.isatty(stdin) and os.isatty(stdout)
    sock, frames, (kind, payload) = _open(directory, holder, {"device": device, "user": user, "terminal": terminal})
    if kind == END:
        return _ended(json.loads(payload))
    saved = termios.tcgetattr(stdin) if terminal else None
    if terminal:
        tty.setraw(stdin)
    selector = selectors.SelectSelector()  # select() also takes a regular file as stdin
    selector.register(stdin, selectors.EVENT_READ)
    selector.register(sock, selectors.EVENT_READ)
    try:
        ready = [(sock, 0)]  # first the frames that came with the holder's answer, read already
        while True:
            for fileobj, events in ready:
                if fileobj is sock:
                    if events and not frames.fill():
                        raise ConnectionError("the holder closed the connection")
                    while (found := frames.pop()) is not None:
                        kind, payload = found
                        if kind == DATA:
                            os.write(stdout, payload)
                        elif kind == END:
                            if saved:
                                termios.tcsetattr(stdin, termios.TCSADRAIN, saved)
                                saved = None
                            return _ended(json.loads(payload))
                else:
                    data = os.read(stdin, 65536)
                    if not data:
                        selector.unregister(stdin)
                    sock.sendall(frame(DATA, data) if data else frame(EOF))
            ready = [(key.fileobj, events) for key, events in selector.select()]
    except (ConnectionError, BrokenPipeError):
        return _ended({"status": 1, "message": f"panshell: lab {directory}: the holder went away\n"})
    finally:
        if saved:
            termios.tcsetattr(stdin, termios.TCSADRAIN, saved)
        sock.close()


def _ended(end: dict) -> int:
    if end.get("message"):
        sys.stdout.flush()
        sys.stderr.write(("\n" if end["status"] == 1 else "") + end["message"])
    return end["status"]
