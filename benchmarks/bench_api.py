"""Figures for the XML API (not a test): an op command and a config `get` over HTTPS, side by
side with the same op command over SSH (netmiko's send_command), against one `panshell serve`.

    python benchmarks/bench_api.py [--requests N]

Each request is timed whole, from the client's call to its parsed answer; keys are made once.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import pan.xapi
from bench_ssh import free_port  # a sibling script
from netmiko import ConnectHandler

VSYS = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']"


def timed(func, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def report(what: str, times: list[float]) -> None:
    ms = sorted(t * 1000 for t in times)
    print(f"{what}: median {statistics.median(ms):.1f} ms, p90 {ms[int(len(ms) * 0.9)]:.1f} ms "
          f"(min {ms[0]:.1f}, max {ms[-1]:.1f}; {len(ms)} requests)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    ssh_port = free_port(4)  # fw1 and fw2 over SSH, then over the API
    api_port = ssh_port + 2
    server = subprocess.Popen([sys.executable, "-m", "panshell", "serve", "--ephemeral", "--port", str(ssh_port),
                               "--api-port", str(api_port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        server.stdout.readline(), server.stdout.readline()
        api = pan.xapi.PanXapi(hostname=f"127.0.0.1:{api_port}", api_username="admin", api_password="admin")
        api.keygen()
        report("API op `show system info`", timed(lambda: api.op(cmd="show system info", cmd_xml=True), args.requests))
        report("API config get (an address list)", timed(lambda: api.get(xpath=f"{VSYS}/address"), args.requests))
        with ConnectHandler(device_type="paloalto_panos", host="127.0.0.1", port=ssh_port,
                            username="admin", password="admin") as conn:
            report("SSH `show system info` (netmiko send_command)",
                   timed(lambda: conn.send_command("show system info"), args.requests))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
