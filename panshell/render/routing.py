"""`show routing resource`, `show routing summary`, `show routing fib`, `show routing protocol bgp summary`.

Layouts: `resource` and `bgp summary` are ntc-templates' fixtures (tests/paloalto_panos/
show_routing_resource, show_routing_protocol_bgp_summary), which the templates parse; `fib` is
transcribed from a published PAN-OS 8.x capture (Zscaler's PAN-OS IPSec guide: blank lines were lost
there, so none are printed inside the table). No public sample of `summary` was found (see
routing_summary)."""
from __future__ import annotations

from ..backend.routing import Bgp, Fib, RouteCounts
from . import display

ROUTE_LIMIT = 10000  # the fixture's limits
FIB_LIMIT = 2500  # the capture's
RULE = "-" * 80
FIB_FLAGS = "flags: u - up, h - host, g - gateway, e - ecmp, * - preferred path"


def _route_count_lines(counts: RouteCounts, limit: str = "") -> list[str]:
    """The route counts of `show routing resource`, the totals followed by limit."""
    def line(label: str, value: int, suffix: str = "") -> str:
        return f"  {label:<24}{value:>15}{suffix}"

    return [
        "  ==========",
        line("All      Routes (total):", counts.total, limit),
        line("All IPv4 Routes (total):", counts.ipv4, limit),
        line("All IPv6 Routes (total):", 0, limit),
        line("All     Routes (active):", counts.active),
        "  ==========",
        line("Static   Routes (total):", counts.static),
        line("Connect  Routes (total):", counts.connect),
        line("BGP      Routes (total):", counts.bgp),
        line("OSPF     Routes (total):", counts.ospf),
        line("RIP      Routes (total):", counts.rip),
    ]


def routing_resource(counts: RouteCounts) -> str:
    limit = f" \t(limit {ROUTE_LIMIT:>8})"
    return display("\n".join(["GLOBAL ROUTING RESOURCE USAGE:", *_route_count_lines(counts, limit)]))


def routing_summary(routers: list[tuple[int, str, RouteCounts]]) -> str:
    """One block per virtual router (id, name, its route counts). No public sample of this output
    was found (only XML API clients that read its result: route-category entries, then one
    `<entry name="VR">` per virtual router). The layout is inferred: `show routing route`'s
    `VIRTUAL ROUTER: NAME (id N)` head over `show routing resource`'s counts, without the device-wide
    limits. An unknown virtual router prints nothing (PAN-OS's answer to one is not public)."""
    blocks = ["\n".join([f"VIRTUAL ROUTER: {name} (id {vr_id})", *_route_count_lines(counts)])
              for vr_id, name, counts in routers]
    return display("\n\n".join(blocks)) if blocks else "\n"


def _count(label: str, value: int) -> str:
    return f"{label:<51}{value}"


def routing_fib(fibs: list[Fib]) -> str:
    """One block per virtual router; its interfaces four to a line, as in the capture."""
    device_entries = sum(len(f.entries) for f in fibs)
    lines = [f"{'total virtual-router shown :':<42}{len(fibs)}"]
    for fib in fibs:
        lines += [RULE, f"virtual-router name: {fib.vr}", "interfaces:"]
        lines += [" ".join(fib.interfaces[i:i + 4]) for i in range(0, len(fib.interfaces), 4)]
        lines += [
            "route table:", FIB_FLAGS,
            _count("maximum of fib entries for device:", FIB_LIMIT),
            _count("maximum of IPv4 fib entries for device:", FIB_LIMIT),
            _count("maximum of IPv6 fib entries for device:", FIB_LIMIT),
            _count("number of fib entries for device:", device_entries),
            _count("maximum of fib entries for this fib:", FIB_LIMIT),
            _count("number of fib entries for this fib:", len(fib.entries)),
            _count("number of fib entries shown:", len(fib.entries)),
            "id      destination           nexthop            flags  interface          mtu",
            RULE,
            *(f"{e.id:<8}{e.destination:<22}{e.nexthop:<19}{e.flags:<7}{e.interface:<19}{e.mtu}" for e in fib.entries),
        ]
    return display("\n".join(lines))


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def bgp_summary(instances: list[Bgp]) -> str:
    """One block per BGP instance. Words for settings the fixture shows only one way are inferred:
    `deny` (redistributing the default route not allowed), `not supported` (graceful restart off).
    Prefix counts are 0: panshell's peers exchange no routes. With no BGP running PAN-OS's output is
    not public: nothing is printed."""
    blocks = []
    for bgp in instances:
        fields = [
            ("router id:", bgp.router_id),
            ("virtual router:", bgp.vr),
            ("reject default route:", _yes_no(bgp.reject_default)),
            ("redist default route:", "allow" if bgp.redist_default else "deny"),
            ("Install BGP routes:", _yes_no(bgp.install_routes)),
            ("Graceful Restart:", "supported" if bgp.graceful_restart else "not supported"),
            ("AS size:", 2 if int(bgp.local_as or 0) < 65536 else 4),
            ("Local AS:", bgp.local_as),
            ("Local member AS:", bgp.member_as),
            ("Cluster id:", bgp.cluster_id),
            ("Default local preference:", bgp.local_preference),
            ("Always compare MED:", _yes_no(bgp.always_compare_med)),
            ("Aggregate regardless MED:", _yes_no(bgp.aggregate_med)),
            ("Deterministic MED processing:", _yes_no(bgp.deterministic_med)),
            ("Accept ORF:", "no"),
            ("Accept CISCO style prefix:", "yes"),
            ("mp-bgp-enable:", "yes"),
            ("afi-safi-ipv4-unicast:", "yes"),
            ("rib-out entries:", "current 0, peak 0 "),
        ]
        lines = ["  ==========", *(f"  {label:<31}{value}" for label, value in fields)]
        for peer in bgp.peers:
            lines += [f"    peer {peer.name}: AS {peer.peer_as}, {peer.state}, IP {peer.address}",
                      f"      {'bgpAfiIpv4/unicast pfx:':<27}Accepted pfx: 0, Advertised pfx: 0"]
        blocks.append("\n".join(lines))
    return display("\n\n".join(blocks)) if blocks else "\n"
