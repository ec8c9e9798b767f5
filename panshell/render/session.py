"""`show session all|id|info`: PAN-OS's session table, one session, and the session settings."""
from __future__ import annotations

from datetime import datetime

from ..backend.runtime import TIMEOUT, RuntimeTables, SessionEntry
from . import ctime, display, local_time

RULE = "-" * 80
ALL_HEADER = [
    RULE,
    "ID          Application    State   Type Flag  Src[Sport]/Zone/Proto (translated IP[Port])",
    "Vsys                                          Dst[Dport]/Zone (translated IP[Port])",
    RULE,
]
TRANSLATION = {"NS": "source", "ND": "destination", "NB": "source + destination", "": "none"}


def session_all(sessions: dict[int, SessionEntry]) -> str:
    """Each session on two lines; the data rows sit one column right of the header, as on PAN-OS."""
    rows = []
    for s in sorted(sessions.values(), key=lambda s: s.id):
        rows.append(f"{s.id:<13}{s.application:<15}{s.state:<8}{s.type:<6}{s.flag:<5}"
                    f"{s.source}[{s.sport}]/{s.from_zone}/{s.proto}  ({s.xsource}[{s.xsport}])")
        rows.append(f"{s.vsys:<47}{s.destination}[{s.dport}]/{s.to_zone}  ({s.xdestination}[{s.xdport}])")
    return display("\n".join(ALL_HEADER + rows))


def _flow(source: str, zone: str, dst: str, proto: int, sport: int, dport: int, s: SessionEntry) -> list[str]:
    pad = " " * 16
    return [
        f"{pad}{'source:':<13}{source} [{zone}]",
        f"{pad}{'dst:':<13}{dst}",
        f"{pad}{'proto:':<13}{proto}",
        f"{pad}{'sport:':<13}{sport:<16}{'dport:':<12}{dport}",
        f"{pad}{'state:':<13}{s.state:<16}{'type:':<12}{s.type}",
        f"{pad}{'src user:':<13}unknown",
        f"{pad}{'dst user:':<13}unknown",
    ]


def session_detail(s: SessionEntry, tables: RuntimeTables, now: datetime, timezone: str) -> str:
    c2s_packets, s2c_packets, c2s_bytes, s2c_bytes = s.counts(now)
    fields = [
        ("start time", ctime(local_time(s.start, timezone))),
        ("timeout", f"{TIMEOUT.get(s.proto, 30)} sec"),
        ("total byte count(c2s)", c2s_bytes),
        ("total byte count(s2c)", s2c_bytes),
        ("layer7 packet count(c2s)", c2s_packets),
        ("layer7 packet count(s2c)", s2c_packets),
        ("vsys", s.vsys),
        ("application", f"{s.application}  "),
        ("rule", s.rule),
        ("service timeout override(index)", "False"),
        ("session to be logged at end", "True"),
        ("session in session ager", "True"),
        ("session updated by HA peer", str(tables.updated_by_peer(s.id))),
        ("address/port translation", TRANSLATION[s.flag]),
        *([("nat-rule", f"{s.nat_rule}({s.vsys})")] if s.nat_rule else []),
        ("layer7 processing", "enabled"),
        ("URL filtering enabled", str(s.application in ("web-browsing", "ssl"))),
        ("session via syn-cookies", "False"),
        ("session terminated on host", "False"),
        ("session traverses tunnel", "False"),
        ("session terminate tunnel", "False"),
        ("captive portal session", "False"),
        ("ingress interface", s.ingress),
        ("egress interface", s.egress),
        ("session QoS rule", "N/A (class 4)"),
        ("end-reason", "unknown"),
    ]
    lines = [
        f"{'Session':<21}{s.id}",
        "",
        "        c2s flow:",
        *_flow(s.source, s.from_zone, s.destination, s.proto, s.sport, s.dport, s),
        "",
        "        s2c flow:",
        *_flow(s.xdestination, s.to_zone, s.xsource, s.proto, s.xdport, s.xsport, s),
        "",
        *(f"        {key:<37}: {value}" for key, value in fields),
    ]
    return display("\n".join(lines))


def session_info(tables: RuntimeTables, supported: int, active: bool) -> str:
    """Counts and settings; a device not carrying traffic shows no packet or connection rate."""
    sessions = tables.sessions.values()
    by_proto = {p: sum(1 for s in sessions if s.proto == p) for p in (6, 17, 1)}
    pps = sum(2 * s.pps for s in sessions) if active else 0
    kbps = sum(s.bytes_per_second for s in sessions) * 8 // 1000 if active else 0

    def kv(key: str, value, indent: int = 0) -> str:
        return f"{' ' * indent}{key + ':':<{49 - indent}}{value}"

    lines = [
        kv("target-dp", "*.dp0"),
        RULE,
        kv("Number of sessions supported", supported),
        kv("Number of allocated sessions", len(tables.sessions)),
        kv("Number of active TCP sessions", by_proto[6]),
        kv("Number of active UDP sessions", by_proto[17]),
        kv("Number of active ICMP sessions", by_proto[1]),
        *(kv(f"Number of {kind}", 0) for kind in (
            "active GTPc sessions", "active GTPu sessions", "pending GTPu sessions", "active BCAST sessions",
            "active MCAST sessions", "active predict sessions", "active SCTP sessions", "active SCTP associations")),
        kv("Session table utilization", f"{len(tables.sessions) * 100 // supported}%"),
        kv("Number of sessions created since bootup", tables.created),
        kv("Packet rate", f"{pps}/s"),
        kv("Throughput", f"{kbps} kbps"),
        kv("New connection establish rate", "0 cps"),
        RULE,
        "Session timeout",
        *(kv(key, value, 2) for key, value in (
            ("TCP default timeout", "3600 secs"),
            ("TCP session timeout before SYN-ACK received", "5 secs"),
            ("TCP session timeout before 3-way handshaking", "10 secs"),
            ("TCP half-closed session timeout", "120 secs"),
            ("TCP session timeout in TIME_WAIT", "15 secs"),
            ("TCP session delayed ack timeout", "250 millisecs"),
            ("TCP session timeout for unverified RST", "30 secs"),
            ("UDP default timeout", "30 secs"),
            ("ICMP default timeout", "6 secs"),
            ("SCTP default timeout", "3600 secs"),
            ("SCTP timeout before INIT-ACK received", "5 secs"),
            ("SCTP timeout before COOKIE received", "60 secs"),
            ("SCTP timeout before SHUTDOWN received", "30 secs"),
            ("other IP default timeout", "30 secs"),
            ("Captive Portal session timeout", "30 secs"),
        )),
        "  Session timeout in discard state:",
        "    TCP: 90 secs, UDP: 60 secs, SCTP: 60 secs, other IP protocols: 60 secs",
        RULE,
        kv("Session accelerated aging", "True"),
        kv("Accelerated aging threshold", "80% of utilization"),
        kv("Scaling factor", "2 X"),
        RULE,
        "Session setup",
        *(kv(key, value, 2) for key, value in (
            ("TCP - reject non-SYN first packet", "True"),
            ("Hardware session offloading", "True"),
            ("Hardware UDP session offloading", "True"),
            ("IPv6 firewalling", "True"),
            ("Strict TCP/IP checksum", "True"),
            ("Strict TCP RST sequence", "True"),
            ("Reject TCP small initial window", "False"),
            ("ICMP Unreachable Packet Rate", "200 pps"),
        )),
        RULE,
        "Application trickling scan parameters:",
        *(kv(key, value, 2) for key, value in (
            ("Timeout to determine application trickling", "10 secs"),
            ("Resource utilization threshold to start scan", "80%"),
            ("Scan scaling factor over regular aging", "8"),
        )),
        RULE,
        kv("Session behavior when resource limit is reached", "drop"),
        RULE,
        "Pcap token bucket rate : 10485760",
        RULE,
        "Max pending queued mcast packets per session : 0",
        RULE,
    ]
    return display("\n".join(lines))
