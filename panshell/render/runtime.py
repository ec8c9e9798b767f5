"""`show arp all`, `show routing route`, `show counter global`: layouts of real PAN-OS output
(the ntc-templates fixtures), which the strict templates parse."""
from __future__ import annotations

from datetime import datetime

from ..backend.runtime import COUNTERS, ArpEntry, Route
from . import display

ARP_TIMEOUT = 1800
ARP_MAXIMUM = 1500
ROUTE_FLAGS = (
    "flags: A:active, ?:loose, C:connect, H:host, S:static, ~:internal, R:rip, O:ospf, B:bgp, \n"
    "       Oi:ospf intra-area, Oo:ospf inter-area, O1:ospf ext-type-1, O2:ospf ext-type-2, E:ecmp, M:multicast\n"
    "\n"
    "  "
)
ROUTE_HEADER = ("destination", "nexthop", "metric", "flags", "age", "interface", "next-AS")
ROUTE_WIDTHS = (44, 40, 7, 11, 6, 19, 11)
COUNTER_HEADER = "name                                   value     rate severity  category  aspect    description"
RULE = "-" * 80


def arp_all(entries: list[ArpEntry], now: datetime) -> str:
    lines = [
        f"{'maximum of entries supported :':<36}{ARP_MAXIMUM}",
        f"{'default timeout:':<36}{ARP_TIMEOUT} seconds",
        f"{'total ARP entries in table :':<36}{len(entries)}",
        f"{'total ARP entries shown :':<36}{len(entries)}",
        "status: s - static, c - complete, e - expiring, i - incomplete",
        "",
        "interface         ip address      hw address        port              status   ttl",
        RULE,
        *(f"{e.interface:<18}{e.ip:<16}{e.mac:<18}{e.interface:<20}{e.status:<7}{e.ttl(now, ARP_TIMEOUT)}"
          for e in entries),
    ]
    return display("\n".join(lines))


def _route_line(values) -> str:
    return "".join(f"{value!s:<{width}}" for value, width in zip(values, ROUTE_WIDTHS))


def routing_route(routes: list[Route], routers: list[tuple[int, str]]) -> str:
    """One block per virtual router (routers: its id, its place in the config, and name; a router
    only the routes name comes after them), every row padded to full width."""
    known = {name for _, name in routers}
    unknown = sorted({r.vr for r in routes} - known)
    after = max((vr_id for vr_id, _ in routers), default=0)
    blocks = []
    for vr_id, name in routers + list(enumerate(unknown, after + 1)):
        rows = [
            _route_line((r.destination, r.nexthop, r.metric, r.flags, "", r.interface, ""))
            for r in routes if r.vr == name
        ]
        blocks.append("\n".join([f"VIRTUAL ROUTER: {name} (id {vr_id})", "  ==========", _route_line(ROUTE_HEADER),
                                 *rows, f"total routes shown: {len(rows)}"]))
    return display(ROUTE_FLAGS + "\n" + "\n\n".join(blocks))


def counter_rate(value: int, previous: int, elapsed: float) -> int:
    return int((value - previous) / elapsed) if elapsed > 0 else 0


def counter_global(values: dict[str, int], previous: dict[str, int], elapsed: float) -> str:
    """The counters given (values: their values, or with `delta yes` their changes, since the last
    sampling), each with its rate: the change per second since that sampling. PAN-OS's filters keep
    this layout (no public sample of a filtered listing: inferred)."""
    rows = []
    for name, value in values.items():
        severity, category, aspect, description = COUNTERS[name]
        rate = counter_rate(value, previous.get(name, 0), elapsed)
        rows.append(f"{name:<38}{value:>6}{rate:>9} {severity:<10}{category:<10}{aspect:<10}{description}")
    lines = ["Global counters:", f"Elapsed time since last sampling: {elapsed:.3f} seconds", "", COUNTER_HEADER, RULE,
             *rows, RULE, f"Total counters shown: {len(rows)}", RULE]
    return display("\n".join(lines))
