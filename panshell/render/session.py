"""`show session all|id|info`: PAN-OS's session table, one session, and the session settings;
what `clear session` answers."""
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
    """Each session on two lines; the data rows sit one column right of the header, as on PAN-OS.
    No session at all: `No Active Sessions` (a published capture, of a filter nothing matched)."""
    if not sessions:
        return display("No Active Sessions")
    rows = []
    for s in sorted(sessions.values(), key=lambda s: s.id):
        rows.append(f"{s.id:<13}{s.application:<15}{s.state:<8}{s.type:<6}{s.flag:<5}"
                    f"{s.source}[{s.sport}]/{s.from_zone}/{s.proto}  ({s.xsource}[{s.xsport}])")
        rows.append(f"{s.vsys:<47}{s.destination}[{s.dport}]/{s.to_zone}  ({s.xdestination}[{s.xdport}])")
    return display("\n".join(ALL_HEADER + rows))


def session_count(matching: int) -> str:
    """`show session all filter count yes` (the line as the API's clients read it)."""
    return display(f"Number of sessions that match filter: {matching}")


SESSIONS_CLEARED = "sessions cleared"  # `clear session all`, as a published capture (text and XML) has it


def sessions_cleared() -> str:
    return display(SESSIONS_CLEARED)


def session_cleared(session_id: int) -> str:
    """`clear session id N`: no public sample; inferred from the `Session N` wording of `show session id`."""
    return display(f"Session {session_id} cleared")


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


# `show session id N`: (label, XML tag) of each line after the flows. The tags are those two
# clients of the XML API read; no captured answer of this command is public (`ttl` is inferred).
# `time to live` sits after `timeout`, as a published KB text has it.
DETAIL = [
    ("start time", "start-time"), ("timeout", "timeout"), ("time to live", "ttl"),
    ("total byte count(c2s)", "c2s-octets"), ("total byte count(s2c)", "s2c-octets"),
    ("layer7 packet count(c2s)", "c2s-packets"),
    ("layer7 packet count(s2c)", "s2c-packets"), ("vsys", "vsys"), ("application", "application"), ("rule", "rule"),
    ("service timeout override(index)", "override"), ("session to be logged at end", "sess-log"),
    ("session in session ager", "sess-ager"), ("session updated by HA peer", "sess-ha-sync"),
    ("address/port translation", "nat"), ("nat-rule", "nat-rule"), ("layer7 processing", "l7proc"),
    ("URL filtering enabled", "url-en"), ("session via syn-cookies", "syncookie"),
    ("session terminated on host", "host-session"), ("session traverses tunnel", "tunnel-session"),
    ("session terminate tunnel", "tunnel-termination"), ("captive portal session", "captive-portal"),
    ("ingress interface", "igr-if"), ("egress interface", "egr-if"), ("session QoS rule", "qos-rule"),
    ("end-reason", "end-reason"),
]


def session_facts(s: SessionEntry, tables: RuntimeTables, now: datetime, timezone: str) -> dict[str, str]:
    """One session's fields by XML tag (`nat-rule` only for a translated session)."""
    c2s_packets, s2c_packets, c2s_bytes, s2c_bytes = s.counts(now)
    timeout = TIMEOUT.get(s.proto, 30)
    facts = {
        "start-time": ctime(local_time(s.start, timezone)), "timeout": str(timeout),
        # ttl: seconds before the idle timeout ends; every packet restarts it. This traffic model's
        # sessions carry packets each second both ways (pps >= 1) and the passive's HA2 copy
        # follows the active's counts, so the timer is always full: the whole timeout.
        "ttl": str(timeout),
        "c2s-octets": str(c2s_bytes), "s2c-octets": str(s2c_bytes), "c2s-packets": str(c2s_packets),
        "s2c-packets": str(s2c_packets), "vsys": s.vsys, "application": s.application, "rule": s.rule,
        "override": "False", "sess-log": "True", "sess-ager": "True",
        "sess-ha-sync": str(tables.updated_by_peer(s.id)), "nat": TRANSLATION[s.flag],
        "nat-rule": f"{s.nat_rule}({s.vsys})", "l7proc": "enabled",
        "url-en": str(s.application in ("web-browsing", "ssl")), "syncookie": "False", "host-session": "False",
        "tunnel-session": "False", "tunnel-termination": "False", "captive-portal": "False",
        "igr-if": s.ingress, "egr-if": s.egress, "qos-rule": "N/A", "qos-class": "4", "end-reason": "unknown",
    }
    if not s.nat_rule:
        del facts["nat-rule"]
    return facts


def session_detail(s: SessionEntry, facts: dict[str, str]) -> str:
    shown = {"timeout": f"{facts['timeout']} sec", "ttl": f"{facts['ttl']} sec",
             "application": f"{facts['application']}  ",
             "qos-rule": f"{facts['qos-rule']} (class {facts['qos-class']})"}
    lines = [
        f"{'Session':<21}{s.id}",
        "",
        "        c2s flow:",
        *_flow(s.source, s.from_zone, s.destination, s.proto, s.sport, s.dport, s),
        "",
        "        s2c flow:",
        *_flow(s.xdestination, s.to_zone, s.xsource, s.proto, s.xdport, s.xsport, s),
        "",
        *(f"        {label:<37}: {shown.get(tag, facts[tag])}" for label, tag in DETAIL if tag in facts),
    ]
    return display("\n".join(lines))


def session_flows(s: SessionEntry) -> dict[str, dict[str, str]]:
    """The c2s and s2c flows as the XML API gives them (`c2s/source`, ...)."""
    def flow(source, zone, dst, sport, dport):
        return {"source": source, "dst": dst, "proto": str(s.proto), "sport": str(sport), "dport": str(dport),
                "state": s.state, "type": s.type, "source-zone": zone, "src-user": "unknown", "dst-user": "unknown",
                "ipver": "4"}
    return {"c2s": flow(s.source, s.from_zone, s.destination, s.sport, s.dport),
            "s2c": flow(s.xdestination, s.to_zone, s.xsource, s.xdport, s.xsport)}


# (label, XML tag, value, unit): the session settings, shown by `show session info`. The XML
# tags are those of a client's test sample of this command's answer; the delayed-ack timeout,
# in ms in the text, is 25 there (in units of 10 ms, inferred).
TIMEOUTS = [
    ("TCP default timeout", "tmo-tcp", 3600, "secs"),
    ("TCP session timeout before SYN-ACK received", "tmo-tcpinit", 5, "secs"),
    ("TCP session timeout before 3-way handshaking", "tmo-tcphandshake", 10, "secs"),
    ("TCP half-closed session timeout", "tmo-tcphalfclosed", 120, "secs"),
    ("TCP session timeout in TIME_WAIT", "tmo-tcptimewait", 15, "secs"),
    ("TCP session delayed ack timeout", "tmo-tcp-delayed-ack", 250, "millisecs"),
    ("TCP session timeout for unverified RST", "tmo-tcp-unverif-rst", 30, "secs"),
    ("UDP default timeout", "tmo-udp", 30, "secs"),
    ("ICMP default timeout", "tmo-icmp", 6, "secs"),
    ("SCTP default timeout", "tmo-sctp", 3600, "secs"),
    ("SCTP timeout before INIT-ACK received", "tmo-sctpinit", 5, "secs"),
    ("SCTP timeout before COOKIE received", "tmo-sctpcookie", 60, "secs"),
    ("SCTP timeout before SHUTDOWN received", "tmo-sctpshutdown", 30, "secs"),
    ("other IP default timeout", "tmo-def", 30, "secs"),
    ("Captive Portal session timeout", "tmo-cp", 30, "secs"),
]
DISCARD = [("TCP", "dis-tcp", 90), ("UDP", "dis-udp", 60), ("SCTP", "dis-sctp", 60), ("other IP protocols", "dis-def", 60)]
SETUP = [
    ("TCP - reject non-SYN first packet", "tcp-nonsyn-rej", "True"),
    ("Hardware session offloading", "hw-offload", "True"),
    ("Hardware UDP session offloading", "hw-udp-offload", "True"),
    ("IPv6 firewalling", "ipv6-fw", "True"),
    ("Strict TCP/IP checksum", "strict-checksum", "True"),
    ("Strict TCP RST sequence", "tcp-strict-rst", "True"),
    ("Reject TCP small initial window", "tcp-reject-siw-enable", "False"),
]
OTHER_KINDS = ["active GTPc sessions", "active GTPu sessions", "pending GTPu sessions", "active BCAST sessions",
               "active MCAST sessions", "active predict sessions", "active SCTP sessions", "active SCTP associations"]


def session_counts(tables: RuntimeTables, supported: int, active: bool) -> dict[str, int]:
    """`show session info`'s numbers by XML tag; a device not carrying traffic has no packet or
    connection rate."""
    sessions = tables.sessions.values()
    return {"num-max": supported, "num-active": len(tables.sessions),
            "num-tcp": sum(1 for s in sessions if s.proto == 6), "num-udp": sum(1 for s in sessions if s.proto == 17),
            "num-icmp": sum(1 for s in sessions if s.proto == 1), "num-installed": tables.created,
            "pps": sum(2 * s.pps for s in sessions) if active else 0,
            "kbps": sum(s.bytes_per_second for s in sessions) * 8 // 1000 if active else 0, "cps": 0}


def session_utilization(counts: dict[str, int]) -> int:
    """The session table's use, in whole percent."""
    return counts["num-active"] * 100 // counts["num-max"]


def session_info(counts: dict[str, int]) -> str:
    def kv(key: str, value, indent: int = 0) -> str:
        return f"{' ' * indent}{key + ':':<{49 - indent}}{value}"

    lines = [
        kv("target-dp", "*.dp0"),
        RULE,
        kv("Number of sessions supported", counts["num-max"]),
        kv("Number of allocated sessions", counts["num-active"]),
        kv("Number of active TCP sessions", counts["num-tcp"]),
        kv("Number of active UDP sessions", counts["num-udp"]),
        kv("Number of active ICMP sessions", counts["num-icmp"]),
        *(kv(f"Number of {kind}", 0) for kind in OTHER_KINDS),
        kv("Session table utilization", f"{session_utilization(counts)}%"),
        kv("Number of sessions created since bootup", counts["num-installed"]),
        kv("Packet rate", f"{counts['pps']}/s"),
        kv("Throughput", f"{counts['kbps']} kbps"),
        kv("New connection establish rate", f"{counts['cps']} cps"),
        RULE,
        "Session timeout",
        *(kv(label, f"{value} {unit}", 2) for label, _tag, value, unit in TIMEOUTS),
        "  Session timeout in discard state:",
        "    " + ", ".join(f"{label}: {value} secs" for label, _tag, value in DISCARD),
        RULE,
        kv("Session accelerated aging", "True"),
        kv("Accelerated aging threshold", "80% of utilization"),
        kv("Scaling factor", "2 X"),
        RULE,
        "Session setup",
        *(kv(label, value, 2) for label, _tag, value in SETUP),
        kv("ICMP Unreachable Packet Rate", "200 pps", 2),
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


def session_info_fields(counts: dict[str, int]) -> dict[str, str]:
    """The same, as the XML API's flat `result` children."""
    fields = [(tag, str(value)) for tag, value in counts.items()]
    fields += [(tag, "0") for tag in ("num-gtpc", "num-gtpu-active", "num-gtpu-pending", "num-bcast", "num-mcast",
                                      "num-predict", "num-sctp-sess", "num-sctp-assoc")]
    fields += [(tag, str(25 if tag == "tmo-tcp-delayed-ack" else value)) for _l, tag, value, _u in TIMEOUTS]
    fields += [(tag, str(value)) for _l, tag, value in DISCARD]
    fields += [("age-accel-en", "True"), ("age-accel-thresh", "80"), ("age-accel-tsf", "2")]
    fields += [(tag, value) for _l, tag, value in SETUP] + [("icmp-unreachable-rate", "200")]
    fields += [("age-scan-tmo", "10"), ("age-scan-thresh", "80"), ("age-scan-ssf", "8"), ("oor-action", "drop"),
               ("vardata-rate", "10485760"), ("max-pending-mcast", "0"), ("dp", "*.dp0")]
    return dict(fields)
