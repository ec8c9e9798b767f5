"""Abuse of a served lab (`panshell serve --lab`): a storm of wrong passwords, clients that never
read, never finish the handshake or vanish mid-command, and hostile XML on every import path.

- 200 wrong-password logins at once: a legitimate session's commands go on (its latencies are
  printed; run with `-s`), and each attempt is an auth-fail entry of `show log system`, on disk too.
- Slow readers, half-open TCP connections and abrupt disconnects, in rounds: after each the lab's
  session list (`panshell lab status`) holds the legitimate sessions only and the server has as
  many files open as after the first (its memory is printed, with `-s`); its stderr has at most a
  line per dropped connection, never a traceback.
- XML bombs, external entities, deep nesting, bytes that are not UTF-8 and huge files through
  `load config from` a named file, the XML API's `type=import` and `type=config&action=set`, and
  `panshell lab import-config`: each is refused with an error, changes nothing, expands no entity
  and reads no local file.
"""
import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import asyncssh
import pytest
import requests
from lxml import etree
from test_ssh import Server, Terminal

from panshell.api import protocol
from panshell.backend import config, configapi
from panshell.backend.clock import Clock
from panshell.backend.lab import Lab

pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")

ADDRESSES = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']/address"
MARKER = "panshell-abuse-marker-41d7"  # the local file's content, which no answer may ever hold


@pytest.fixture
def served(tmp_path):
    running = Server("--lab", str(tmp_path / "lab"))
    yield running
    if running.proc.poll() is None:
        running.stop()


def lab_command(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "panshell", "lab", *args], capture_output=True, text=True,
                          timeout=timeout)


def sessions_on(lab: Path) -> dict:
    proc = lab_command("status", "--lab", str(lab), "--json")
    assert proc.returncode == 0, proc.stderr
    return {name: device["sessions"] for name, device in json.loads(proc.stdout)["devices"].items()}


def rss_kib(pid: int) -> int:
    return int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1))


def open_files(pid: int) -> int:
    """The process's open file descriptors: its sockets among them (Linux)."""
    return len(os.listdir(f"/proc/{pid}/fd"))


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    return (f"{len(ordered)} commands, p50 {ordered[len(ordered) // 2] * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms")


async def timed_commands(terminal: Terminal, until: asyncio.Future | None, count: int = 0) -> list[float]:
    """`show clock` back to back, until `until` is done (or count times); each reply's latency."""
    times = []
    while (until is not None and not until.done()) or len(times) < count:
        start = time.perf_counter()
        assert "UTC" in await terminal.run("show clock")
        times.append(time.perf_counter() - start)
    return times


# -- wrong passwords ----------------------------------------------------------------------------


def test_a_storm_of_wrong_passwords_neither_stalls_others_nor_goes_unlogged(served, tmp_path):
    async def storm():
        terminal = await Terminal.open(served.port)
        await terminal.run("set cli pager off")
        quiet = await timed_commands(terminal, None, 10)

        async def intruder():
            with pytest.raises(asyncssh.PermissionDenied):
                await asyncssh.connect("127.0.0.1", served.port, username="intruder", password="guess",
                                       known_hosts=None, preferred_auth=["password"])

        attempts = asyncio.ensure_future(asyncio.gather(*(intruder() for _ in range(200))))
        busy = await timed_commands(terminal, attempts)
        await attempts
        log = await terminal.run("show log system subtype equal auth")
        terminal.close()
        return quiet, busy, log

    quiet, busy, log = asyncio.run(storm())
    print(f"\nshow clock alone: {percentiles(quiet)}; during 200 wrong-password logins: {percentiles(busy)}")
    assert max(busy) < 5  # generous: slowed a little at most, never stalled
    assert log.count("User intruder failed authentication for CLI from 127.0.0.1\n") == 200
    assert served.stop() == 0
    lab = Lab.open(tmp_path / "lab", Clock())
    try:  # each was saved too: logged under the lab's guard, not beside a worker saving the logs
        assert sum(e.event == "auth-fail" and "User intruder " in e.description
                   for e in lab.devices["fw1"].logs.system_log) == 200
    finally:
        lab.close()


# -- slow, silent and vanishing clients ------------------------------------------------------------


LEGIT_ONLY = {"fw1": [{"user": "admin", "via": "ssh"}], "fw2": [{"user": "admin", "via": "ssh"}]}
ROUNDS = 4  # of bad clients: once the first has warmed the server up, each must leave it as it found it


async def bad_clients(served, legit: Terminal) -> tuple[int, list[float]]:
    """One round: half-open connections, slow readers and clients gone mid-command; how many
    connections it dropped, and the latencies of legit's `show clock` while the slow readers and
    half-open connections were still there."""
    dropped = 0
    silent = [socket.create_connection(("127.0.0.1", served.port)) for _ in range(20)]  # no handshake
    for sock in silent[:5]:
        sock.sendall(b"SSH-2.0-stalled\r\n")  # a version line, then nothing
    slow = []
    for device in ("fw1", "fw2", "fw1"):  # they never read what they asked for
        terminal = await Terminal.open(served.port_of(device))
        terminal.process.stdin.write("set cli pager off\n" + "show interface all\n" * 300)
        slow.append(terminal)
    for line in ("show interface all\n", "show log system\n", "configure\nset address abrupt ip-netmask "
                 "10.77.0.1/32\ncommit\n", "configure\nset address abrupt-2 ip-netmask 10.77.0.2/32\n"):
        for delay in (0, 0.05, 0.2):  # gone before, during and after its command runs
            terminal = await Terminal.open(served.port)
            terminal.process.stdin.write(line)
            await asyncio.sleep(delay)
            terminal.conn.abort()
            dropped += 1
    during = await timed_commands(legit, None, 10)
    for terminal in slow:
        terminal.conn.abort()
    for sock in silent:
        sock.close()
    return dropped + len(slow) + len(silent), during


async def settled(observe, expected):
    """What observe() returns once it is expected, or after 20 s: the server notices each lost
    client on its own time."""
    seen = None
    for _ in range(100):
        seen = observe()
        if seen == expected:
            break
        await asyncio.sleep(0.2)
    return seen


def test_bad_clients_leave_no_session_no_socket_and_no_traceback(served, tmp_path):
    lab = tmp_path / "lab"
    dropped, resident, files = 0, [], []

    async def abuse():
        nonlocal dropped
        legit = [await Terminal.open(served.port_of(device)) for device in ("fw1", "fw2")]
        for terminal in legit:
            await terminal.run("set cli pager off")
        during = []
        for _ in range(ROUNDS):
            gone, latencies = await bad_clients(served, legit[0])
            dropped, during = dropped + gone, during + latencies
            assert await settled(lambda: sessions_on(lab), LEGIT_ONLY) == LEGIT_ONLY
            # no socket of a gone client stays open (the first round may open what the server keeps)
            pid = served.proc.pid
            files.append(await settled(lambda: open_files(pid), files[0]) if files else open_files(pid))
            resident.append(rss_kib(pid))
        after = [await terminal.run("show system info | match ^hostname") for terminal in legit]
        for terminal in legit:
            terminal.close()
        return during, after

    during, after = asyncio.run(abuse())
    print(f"\nshow clock beside the bad clients: {percentiles(during)};"
          f" server RSS after each round: {', '.join(f'{kib // 1024} MiB' for kib in resident)}")
    assert max(during) < 5  # generous: slow readers hold nobody else up
    assert files == files[:1] * ROUNDS, files  # open files (sockets among them) after each round
    assert "hostname: fw1\n" in after[0] and "hostname: fw2\n" in after[1]
    assert asyncio.run(settled(lambda: sessions_on(lab), {"fw1": [], "fw2": []})) == {"fw1": [], "fw2": []}
    assert served.stop() == 0
    stderr = served.stderr()
    assert "Traceback" not in stderr and len(stderr.splitlines()) <= dropped, stderr


# -- hostile XML on every import path --------------------------------------------------------------


def device_config(hostname: str = "hostile", inside: str = "") -> str:
    return (f"<config><devices><entry name='localhost.localdomain'><deviceconfig><system><hostname>{hostname}"
            f"</hostname></system></deviceconfig><vsys><entry name='vsys1'><address>{inside}</address></entry></vsys>"
            "</entry></devices></config>")


def laughs(levels: int = 10) -> str:
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, levels))
    return f'<!DOCTYPE config [<!ENTITY l0 "lol">{entities}]>'


def hostile_configs(secret: Path) -> dict[str, bytes]:
    xxe = f'<!DOCTYPE config [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    return {
        "billion laughs": (laughs() + device_config("&l9;")).encode(),
        "billion laughs in an attribute": (laughs() + device_config(inside="<entry name='&l9;'/>")).encode(),
        "an entity in an attribute": ('<!DOCTYPE config [<!ENTITY e "quiet">]>'
                                      + device_config(inside="<entry name='&e;'><ip-netmask>10.0.0.1</ip-netmask>"
                                                             "</entry>")).encode(),
        "an external entity": (xxe + device_config("&xxe;")).encode(),
        "an external entity in an attribute": (xxe + device_config(inside="<entry name='&xxe;'/>")).encode(),
        "an external parameter entity": (f'<!DOCTYPE config [<!ENTITY % xxe SYSTEM "file://{secret}"> %xxe;]>'
                                         + device_config()).encode(),
        "deep nesting": device_config(inside="<a>" * 100_000 + "</a>" * 100_000).encode(),
        "bytes that are not UTF-8": device_config("caf\udce9").encode("utf-8", "surrogateescape"),
        "a text node over 10 MB": device_config("x" * 11_000_000).encode(),
    }


def hostile_elements(secret: Path) -> dict[str, str]:
    return {
        "billion laughs": laughs() + "<entry name='x'>&l9;</entry>",
        "an undeclared entity": "<entry name='x'><description>&l9;</description></entry>",
        "an external entity": f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]><entry name="x">&xxe;</entry>',
        "deep nesting": "<entry name='deep'>" + "<a>" * 100_000 + "</a>" * 100_000 + "</entry>",
        "a huge element": "<entry name='big'><description>" + "x" * 200_000 + "</description></entry>",
    }


class Api:
    """Raw requests to one device's XML API, as any client could send them."""

    def __init__(self, port: int):
        self.url = f"https://127.0.0.1:{port}/api/"
        reply = requests.get(self.url, params={"type": "keygen", "user": "admin", "password": "admin"},
                             verify=False, timeout=60)
        self.key = etree.fromstring(reply.content).findtext("result/key")

    def post(self, data, files=None, **headers) -> etree._Element:
        return self._answer(requests.post(self.url, data=data, files=files, headers=headers, verify=False,
                                          timeout=120))

    @staticmethod
    def _answer(reply: requests.Response) -> etree._Element:
        assert reply.status_code == 200 and MARKER not in reply.text, reply.text
        return etree.fromstring(reply.content)

    def set(self, element: str) -> etree._Element:
        return self.post({"type": "config", "action": "set", "key": self.key, "xpath": ADDRESSES, "element": element})

    def set_raw(self, element: bytes) -> list[etree._Element]:
        """An element percent-encoded from bytes: in a urlencoded form, and in the query."""
        query = f"type=config&action=set&key={self.key}&xpath={requests.utils.quote(ADDRESSES)}&element=" + \
            "".join(f"%{byte:02X}" for byte in element)
        return [self.post(query, **{"Content-Type": "application/x-www-form-urlencoded"}),
                self._answer(requests.get(f"{self.url}?{query}", verify=False, timeout=120))]

    def pending(self) -> str:
        return self.post({"type": "op", "key": self.key, "cmd": "<check><pending-changes/></check>"}).findtext("result")


def refused(reply: etree._Element) -> str:
    assert reply.get("status") == "error", etree.tostring(reply)
    return " ".join(line.text or "" for line in reply.iter("line"))


def test_hostile_xml_on_every_import_path(served, tmp_path):
    lab = tmp_path / "lab"
    secret = tmp_path / "secret.txt"
    secret.write_text(MARKER)
    configs = hostile_configs(secret)
    configs["a file over 64 MiB"] = device_config().encode() + b" " * config.MAX_CONFIG_BYTES
    running = {name: (lab / name / "running-config.xml").read_bytes() for name in ("fw1", "fw2")}
    seen = []  # every answer, to look for the secret in

    # `load config from` a named file (as `save config to` or an import leaves one)
    async def load_each():
        terminal = await Terminal.open(served.port)
        await terminal.run("configure")
        for n, data in enumerate(configs.values()):
            (lab / "fw1" / "saved-configs").mkdir(exist_ok=True)
            (lab / "fw1" / "saved-configs" / f"hostile-{n}.xml").write_bytes(data)
            seen.append(await terminal.run(f"load config from hostile-{n}.xml"))
        seen.append(await terminal.run("exit"))
        seen.append(await terminal.run("check pending-changes"))
        terminal.close()

    asyncio.run(load_each())
    for n, reply in enumerate(seen[:len(configs)]):
        assert re.search(rf"\nServer error : hostile-{n}\.xml: .+\n\[edit\]\nadmin@fw1\(active\)# $", reply), reply
    assert seen[-2].endswith("\nExiting configuration mode\nadmin@fw1(active)> ")  # no uncommitted changes
    assert "\nno\n" in seen[-1]

    # the XML API: type=import, and type=config&action=set
    api = Api(served.api_port)
    for name, data in configs.items():
        reply = api.post({"type": "import", "category": "configuration", "key": api.key},
                         files={"file": ("uploaded.xml", data)})
        seen.append(refused(reply))
    assert not (lab / "fw1" / "saved-configs" / "uploaded.xml").exists()
    for name, element in hostile_elements(secret).items():
        seen.append(refused(api.set(element)))
    seen.append(refused(api.set("<entry name='x'>" + "<a>" * 1_000_000 + "</entry>")))  # over 4 MiB
    seen += [refused(reply) for reply in api.set_raw(b"<entry name='cafe'><description>caf\xe9</description>"
                                                     b"<ip-netmask>10.0.0.9</ip-netmask></entry>")]
    seen.append(refused(api.post({"type": "config", "action": "set", "key": api.key, "xpath": ADDRESSES,
                                  "element": "<entry name='cafe'><description>caf\xe9</description></entry>"
                                  .encode("latin-1")}, files={"unused": ("x", b"")})))  # a multipart field
    assert seen[-3:] == ["Invalid request: a parameter is not UTF-8"] * 3
    assert api.pending() == "no"

    # `panshell lab import-config` from another process
    for n, data in enumerate(configs.values()):
        path = tmp_path / f"import-{n}.xml"
        path.write_bytes(data)
        proc = lab_command("import-config", "--lab", str(lab), "--device", "fw2", str(path))
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert re.fullmatch(rf"panshell: {re.escape(str(path))}: .+; nothing was changed\n", proc.stderr), proc.stderr
        seen.append(proc.stdout + proc.stderr)
        path.unlink()

    assert {name: (lab / name / "running-config.xml").read_bytes() for name in running} == running
    assert not any(MARKER in text for text in seen)
    assert served.stop() == 0
    assert served.stderr() == ""
    for path in lab.rglob("*"):  # nothing of the secret reached the lab either
        if path.is_file() and "saved-configs" not in path.parts:
            assert MARKER.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("parser", [config._PARSER, configapi._PARSER, protocol._PARSER],
                         ids=["config files", "API elements", "API commands"])
def test_the_parsers_resolve_no_entity_reach_no_network_and_refuse_huge_trees(parser, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(MARKER)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/dtd"
    try:
        root = etree.fromstring(f'<!DOCTYPE x SYSTEM "{url}" [<!ENTITY f SYSTEM "file://{secret}">'
                                f'<!ENTITY n SYSTEM "{url}">]><x>&f;&n;</x>'.encode(), parser)
        assert MARKER not in etree.tostring(root).decode()
        assert [type(node) for node in root] == [etree._Entity, etree._Entity]  # kept as references
        with pytest.raises(socket.timeout):
            listener.accept()  # neither the DTD nor the entity was fetched
    finally:
        listener.close()
    for huge in ("<x>" + "a" * 11_000_000 + "</x>", "<x>" * 300 + "</x>" * 300):
        with pytest.raises(etree.XMLSyntaxError):
            etree.fromstring(huge.encode(), parser)
