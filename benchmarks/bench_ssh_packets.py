"""Packets from the server per typed command over SSH (not a test; no timing at all).

    python benchmarks/bench_ssh_packets.py [--runs N]

`panshell serve` on an ephemeral pair; an asyncssh client with a terminal (as netmiko and
scrapli open one) types each line and waits for the next prompt. Counted per line, from
the line sent to the next prompt, as the median over N runs:
  - SSH channel data messages the client received (one `data_received` call each);
  - TCP segments with data the client's socket received (Linux TCP_INFO `tcpi_data_segs_in`;
    pure ACKs are not counted; `-` where the kernel does not say). asyncssh sends an
    SSH_MSG_IGNORE before every packet, so a data message is two segments unless the
    kernel happens to coalesce them.
"Whole line" sends the line and its Enter in one write, as automation does; "key by key"
sends one key per write and waits for its echo, as a person types.
"""
from __future__ import annotations

import argparse
import asyncio
import re
import socket
import statistics
import struct
import subprocess
import sys

import asyncssh

from bench_ssh import free_port  # a sibling script

PROMPT = re.compile(r"[\w.-]+@[\w.()-]+[>#] $")
SETTLE = 0.05  # seconds to wait after the prompt for any packet that straggles in
TCP_INFO_DATA_SEGS_IN = 152  # offset of tcpi_data_segs_in in Linux's struct tcp_info
OPERATIONAL = ["show clock", "show system info", "show high-availability all"]
CONFIGURE = ["set address bench-a1 ip-netmask 192.0.2.1/32", "commit"]
SETUP = {"commit": "set address bench-{run} fqdn bench.example"}  # uncounted, so each commit has a change


class Terminal(asyncssh.SSHClientSession):
    def __init__(self):
        self.text, self.messages, self.arrived = "", 0, asyncio.Event()

    def data_received(self, data: str, datatype) -> None:
        self.text += data
        self.messages += 1
        self.arrived.set()

    async def wait_for(self, pattern: re.Pattern) -> None:
        while not pattern.search(self.text):
            self.arrived.clear()
            await self.arrived.wait()


def data_segments_in(conn: asyncssh.SSHClientConnection) -> int | None:
    sock = conn.get_extra_info("socket")
    if not hasattr(socket, "TCP_INFO"):
        return None
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256)
    return struct.unpack_from("I", info, TCP_INFO_DATA_SEGS_IN)[0] if len(info) >= TCP_INFO_DATA_SEGS_IN + 4 else None


async def run_line(channel, terminal: Terminal, line: str) -> None:
    terminal.text = ""
    channel.write(line + "\n")
    await terminal.wait_for(PROMPT)


async def count(conn, channel, terminal: Terminal, line: str, key_by_key: bool) -> tuple[int, int | None]:
    """(data messages, TCP data segments) from sending `line` to its next prompt."""
    await asyncio.sleep(SETTLE)
    messages, segments = terminal.messages, data_segments_in(conn)
    if key_by_key:
        terminal.text = ""
        for typed in range(1, len(line) + 1):
            channel.write(line[typed - 1])
            await terminal.wait_for(re.compile(re.escape(line[:typed]) + "$"))  # its echo, before the next key
        await run_line(channel, terminal, "")
    else:
        await run_line(channel, terminal, line)
    await asyncio.sleep(SETTLE)
    after = data_segments_in(conn)
    return terminal.messages - messages, None if segments is None else after - segments


async def measure(port: int, runs: int) -> list[tuple[str, str, float, float | None]]:
    async with asyncssh.connect("127.0.0.1", port, username="admin", password="admin", known_hosts=None) as conn:
        channel, terminal = await conn.create_session(Terminal, term_type="vt100", encoding="utf-8")
        await terminal.wait_for(PROMPT)
        await run_line(channel, terminal, "set cli pager off")  # as netmiko and scrapli do
        rows, run = [], 0
        for line in OPERATIONAL + ["configure"] + CONFIGURE:
            if line == "configure":  # uncounted: the mode the next lines need
                await run_line(channel, terminal, line)
                continue
            for key_by_key in (False, True):
                figures = []
                for _ in range(runs):
                    run += 1
                    if line in SETUP:
                        await run_line(channel, terminal, SETUP[line].format(run=run))
                    figures.append(await count(conn, channel, terminal, line, key_by_key))
                messages = statistics.median(m for m, _ in figures)
                segments = None if figures[0][1] is None else statistics.median(s for _, s in figures)
                rows.append((line, "key by key" if key_by_key else "whole line", messages, segments))
        channel.close()
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    port = free_port(2)
    server = subprocess.Popen([sys.executable, "-m", "panshell", "serve", "--ephemeral", "--port", str(port),
                               "--api-port", "0", "--clock", "2026-11-25T00:00:00Z"], stdout=subprocess.PIPE, text=True)
    try:
        server.stdout.readline()
        rows = asyncio.run(measure(port, args.runs))
    finally:
        server.terminate()
        server.wait()
    print(f"{'typed line':48}{'how':>12}{'SSH data msgs':>15}{'TCP data segs':>15}")
    for line, how, messages, segments in rows:
        shown = "-" if segments is None else f"{segments:g}"
        print(f"{line:48}{how:>12}{messages:15g}{shown:>15}")
    print("(per line, from sending it to its next prompt, median of", args.runs, "runs; target: whole line <= 3)")


if __name__ == "__main__":
    main()
