"""SSH figures for panshell against another emulator in the same run (not a test).

    pip install -e '.[test,bench]' && python benchmarks/bench_ssh.py

Compares `panshell serve` (fw1) with the `fakenos` package's own paloalto_panos
device on the same machine, same client, same command (`show system info`):
  (a) the emulator's own latency: a minimal asyncssh client times command sent
      -> next prompt received (median, p99); target median < 5 ms;
  (b) netmiko send_command end to end (netmiko's read loop sets a floor near
      80-90 ms); target within 10% of that floor. With netmiko's paloalto_panos
      driver (keyboard-interactive login only) and, for a like-for-like
      figure, its generic driver;
  (c) sessions established per second (login + first prompt, 50 at once).
"""
from __future__ import annotations

import argparse
import asyncio
import re
import socket
import statistics
import subprocess
import sys
import time

import asyncssh
from netmiko import ConnectHandler

PROMPT = re.compile(r"[>#] ?$")
COMMAND = "show system info"


def free_port(count: int = 1) -> int:
    while True:
        sockets = [socket.socket() for _ in range(count)]
        try:
            sockets[0].bind(("127.0.0.1", 0))
            port = sockets[0].getsockname()[1]
            for offset, s in enumerate(sockets[1:], 1):
                s.bind(("127.0.0.1", port + offset))
            return port
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()


def start_panshell(port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "panshell", "serve", "--ephemeral", "--port", str(port)],
                            stdout=subprocess.PIPE, text=True)
    proc.stdout.readline()
    return proc


def start_fakenos(port: int):
    from fakenos import FakeNOS

    inventory = {"hosts": {"PA-VM": {"username": "admin", "password": "admin", "port": port, "platform": "paloalto_panos"}}}
    net = FakeNOS(inventory=inventory)
    net.start()
    return net


async def read_prompt(process) -> str:
    text = ""
    while not PROMPT.search(text):
        text += await process.stdout.read(65536)
    return text


async def open_terminal(port: int):
    conn = await asyncssh.connect("127.0.0.1", port, username="admin", password="admin", known_hosts=None)
    process = await conn.create_process(term_type="vt100", encoding="utf-8", errors="replace")
    await read_prompt(process)
    return conn, process


async def latency(port: int, runs: int) -> list[float]:
    conn, process = await open_terminal(port)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        process.stdin.write(COMMAND + "\n")
        await read_prompt(process)
        times.append(time.perf_counter() - start)
    conn.close()
    return times


async def sessions_per_second(port: int, count: int) -> float:
    async def one():
        conn, _ = await open_terminal(port)
        conn.close()

    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(count)))
    return count / (time.perf_counter() - start)


def netmiko_times(port: int, runs: int, driver: str) -> list[float]:
    """send_command times, or [] when the driver cannot log in."""
    try:
        conn = ConnectHandler(device_type=driver, host="127.0.0.1", port=port, username="admin", password="admin")
    except Exception as exc:  # noqa: BLE001  (the figure is "cannot log in", with the reason)
        print(f"  netmiko {driver} on port {port}: {type(exc).__name__}: {str(exc).splitlines()[-1]}")
        return []
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        conn.send_command(COMMAND)
        times.append(time.perf_counter() - start)
    conn.disconnect()
    return times


def p99(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * 0.99))]


def measure(port: int, runs: int) -> dict[str, float]:
    lat = asyncio.run(latency(port, runs))
    figures = {"latency median ms": statistics.median(lat) * 1000, "latency p99 ms": p99(lat) * 1000}
    for driver in ("paloalto_panos", "generic"):
        times = netmiko_times(port, max(10, runs // 10), driver)
        figures[f"netmiko {driver} send_command ms"] = statistics.median(times) * 1000 if times else float("nan")
    figures["sessions/s (50 at once)"] = asyncio.run(sessions_per_second(port, 50))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    panshell_port, fakenos_port = free_port(2), free_port()
    server = start_panshell(panshell_port)
    fake = start_fakenos(fakenos_port)
    try:
        ours, theirs = measure(panshell_port, args.runs), measure(fakenos_port, args.runs)
    finally:
        server.terminate()
        server.wait()
        fake.stop()
    print(f"{'':40}{'panshell':>12}{'fakenos':>12}{'ratio':>10}")
    for name in ours:
        ratio = ours[name] / theirs[name] if theirs[name] else float("nan")
        print(f"{name:40}{ours[name]:12.1f}{theirs[name]:12.1f}{ratio:10.2f}")
    print("(latency and netmiko: lower is better; sessions/s: higher is better; nan: could not log in)")


if __name__ == "__main__":
    main()
