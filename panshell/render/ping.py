"""`ping` and `traceroute`: PAN-OS runs Linux's iputils ping and traceroute and prints what they
print (PING banner, one reply line per echo, the statistics; `traceroute to ...` and one line
per hop). Laid out as those tools print, from memory of their output (no PAN-OS transcript was
at hand): reply times with 3 decimals under 1 ms, 2 under 10, 1 under 100 (traceroute: always
3); TTL 64 less one per router on the way; round-trip times are drawn from the host's address,
so they are the same every run. Inferred: that a pinged host takes (count - 1) seconds plus a
few milliseconds, and the wording for a source that is no interface address.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

BAD_SOURCE = "ping: bind: Cannot assign requested address"
UNREACHABLE = "connect: Network is unreachable\n"
MAX_HOPS = 30
TTL = 64


@dataclass
class Path:
    routers: list[str]  # the next hops on the way, nearest first
    answers: bool


def _rtts(host: str, routed: bool, n: int, tool: str) -> list[float]:
    """n round trips to host: its distance drawn from its address, jitter from the tool."""
    base = random.Random(host).uniform(2.0, 30.0) if routed else random.Random(host).uniform(0.2, 0.9)
    jitter = random.Random(f"{host}/{tool}")
    return [round(base * jitter.uniform(0.9, 1.1), 3) for _ in range(n)]


def _ms(rtt: float) -> str:
    return f"{rtt:.0f}" if rtt >= 100 else f"{rtt:.1f}" if rtt >= 10 else f"{rtt:.2f}" if rtt >= 1 else f"{rtt:.3f}"


def ping(host: str, source: str | None, count: int, path: Path | None) -> str:
    if path is None:
        return UNREACHABLE
    banner = f"PING {host} ({host}) {f'from {source} : ' if source else ''}56(84) bytes of data.\n"
    rtts = _rtts(host, bool(path.routers), count, "ping") if path.answers else []
    ttl = TTL - len(path.routers)
    replies = "".join(f"64 bytes from {host}: icmp_seq={n} ttl={ttl} time={_ms(rtt)} ms\n" for n, rtt in enumerate(rtts, 1))
    elapsed = (count - 1) * 1000 + int(sum(rtts)) + 1
    stats = (f"\n--- {host} ping statistics ---\n{count} packets transmitted, {len(rtts)} received, "
             f"{100 - 100 * len(rtts) // count}% packet loss, time {elapsed}ms\n")
    if rtts:
        from statistics import mean, pstdev  # here, not at start-up: the module costs a cold start ~7 ms

        stats += f"rtt min/avg/max/mdev = {min(rtts):.3f}/{mean(rtts):.3f}/{max(rtts):.3f}/{pstdev(rtts):.3f} ms\n"
    return banner + replies + stats + ("" if rtts else "\n")


def traceroute(host: str, path: Path | None) -> str:
    head = f"traceroute to {host} ({host}), {MAX_HOPS} hops max, 60 byte packets\n"
    if path is None:
        return head + UNREACHABLE
    hops = [*path.routers, host] if path.answers else path.routers
    lines = [f"{n:2d}  {ip} ({ip})  " + "  ".join(f"{t:.3f} ms" for t in _rtts(ip, n > 1, 3, "traceroute"))
             for n, ip in enumerate(hops, 1)]
    lines += [f"{n:2d}  * * *" for n in range(len(hops) + 1, MAX_HOPS + 1)] if not path.answers else []
    return head + "".join(line + "\n" for line in lines)
