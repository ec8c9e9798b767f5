"""Views: a command's result with two renderings, PAN-OS's text for the CLI and PAN-OS's XML
answer for the XML API (`<response status="success"><result>...`), as PAN-OS's CLI itself
formats the management server's XML. A handler returns a View, or plain text (which the API
answers as the result's text).

The XML element names follow what the API's clients read (../shared/panos-xmlapi.md): system
info's fields, a job's `tenq`/`tfin`/`result`/`details`, HA state's `enabled` and
`group/local-info/state`, `running-sync`, `running-sync-enabled`. Where a client reads nothing
more, the rest is left out rather than guessed.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from ..backend.device import Device
from ..backend.ha.pair import HAPair
from ..backend.iftraffic import InterfaceTraffic
from ..backend.interfaces import InterfaceDetail, InterfaceTables
from ..backend.jobs import Job
from ..backend.runtime import COUNTERS
from ..backend.software import catalog, current, downloaded
from . import display, local_time
from .config import brace
from .ha import ha_xml
from .interface import (interface_all, interface_detail, interface_hardware, interface_logical,
                        interface_management)
from .jobs import job_detail, job_table
from .runtime import ARP_MAXIMUM, ARP_TIMEOUT, ROUTE_FLAGS, arp_all, counter_global, counter_rate, routing_route
from .session import session_all
from .updates import update_info


class View:
    def text(self) -> str:
        raise NotImplementedError

    def response(self) -> etree._Element:
        response = etree.Element("response", status="success")
        self.fill(etree.SubElement(response, "result"))
        return response

    def fill(self, result: etree._Element) -> None:
        raise NotImplementedError


def text_response(text: str) -> etree._Element:
    """A command with no XML form of its own: its text as the result (PAN-OS answers many
    commands so, e.g. `show clock`)."""
    response = etree.Element("response", status="success")
    etree.SubElement(response, "result").text = text.strip("\n") or None
    return response


def _add(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    element.text = text
    return element


@dataclass
class Fields(View):
    """`key: value` lines (`show system info`); in XML `<element><key>value</key>...`."""

    element: str
    fields: list[tuple[str, str]]

    def text(self) -> str:
        return display("".join(f"{key}: {value}\n" for key, value in self.fields))

    def fill(self, result):
        holder = _add(result, self.element)
        for key, value in self.fields:
            _add(holder, key, value)


@dataclass
class Message(View):
    """A one-line answer the API gives as `<msg><line>` directly under `<response>`
    (`request high-availability sync-to-remote`, which pan-os-python reads there)."""

    line: str
    blank_after: bool = False  # the CLI prints an empty line after it

    def text(self) -> str:
        return self.line + ("\n\n" if self.blank_after else "\n")

    def response(self):
        response = etree.Element("response", status="success")
        _add(_add(response, "msg"), "line", self.line)
        return response


@dataclass
class JobView(View):
    """`show jobs id N`."""

    job: Job
    timezone: str

    def text(self) -> str:
        return job_detail(self.job, self.timezone)

    def fill(self, result):
        _job_element(result, self.job, self.timezone)


@dataclass
class JobsView(View):
    """`show jobs all|pending|processed`: the table; in XML one `job` per job, newest first."""

    jobs: list[Job]
    timezone: str

    def text(self) -> str:
        return job_table(self.jobs, self.timezone)

    def fill(self, result):
        for job in reversed(self.jobs):
            _job_element(result, job, self.timezone)


def _job_element(result: etree._Element, one: Job, timezone: str) -> None:
    """A job as `show jobs` answers it in XML (the fields pan-os-python polls)."""

    def stamp(iso: str) -> str:
        return f"{local_time(datetime.fromisoformat(iso), timezone):%Y/%m/%d %H:%M:%S}"

    job = _add(result, "job")
    for tag, text in (("tenq", stamp(one.enqueued)), ("tdeq", stamp(one.dequeued)[-8:]), ("id", str(one.id)),
                      ("user", one.user), ("type", one.type), ("status", one.status), ("queued", "NO"),
                      ("stoppable", "no"), ("result", one.result),
                      ("tfin", stamp(one.completed)[-8:] if one.completed else None),
                      ("description", one.description or None), ("positionInQ", "0"),
                      ("progress", "100" if one.status == "FIN" else "0")):
        _add(job, tag, text)
    for tag, lines in (("details", one.details), ("warnings", one.warnings)):
        holder = _add(job, tag)
        for line in lines:
            _add(holder, "line", line)


@dataclass
class Rendered(View):
    """A view whose CLI text its handler has rendered already."""

    rendered: str

    def text(self) -> str:
        return self.rendered


@dataclass
class HAStateView(Rendered):
    """`show high-availability state|all` (the text from render/ha.py): both answer the same XML."""

    pair: HAPair = None
    device: Device = None

    def fill(self, result):
        ha_xml(result, self.pair, self.device)


@dataclass
class InterfacesView(View):
    """`show interface all|logical|hardware`: in XML `ifnet` (logical) and `hw` (hardware)
    entries, or the one half the command names, with the fields napalm-panos and published
    scripts read (`name`, `zone`, `ip`; `state`, `speed`, `duplex`, `mac`)."""

    tables: InterfaceTables
    part: str = "all"

    def text(self) -> str:
        render = {"all": interface_all, "logical": interface_logical, "hardware": interface_hardware}[self.part]
        return render(self.tables)

    def fill(self, result):
        if self.part in ("all", "logical"):
            ifnet = _add(result, "ifnet")
            for row in self.tables.logical:
                entry = _add(ifnet, "entry")
                for tag, text in (("name", row.name), ("zone", row.zone or None), ("fwd", row.forwarding),
                                  ("vsys", str(row.vsys)), ("tag", str(row.tag)), ("ip", row.addresses[0]),
                                  ("id", str(row.id))):
                    _add(entry, tag, text)
        if self.part in ("all", "hardware"):
            hw = _add(result, "hw")
            for port in self.tables.hardware:
                speed, duplex, state = port.speed_duplex_state
                entry = _add(hw, "entry")
                for tag, text in (("name", port.name), ("duplex", duplex), ("type", "0"), ("state", state),
                                  ("st", port.link), ("mac", port.mac), ("mode", "(autoneg)"), ("speed", speed),
                                  ("id", str(port.id))):
                    _add(entry, tag, text)


@dataclass
class InterfaceView(View):
    """`show interface NAME`: the port (speed, duplex, state, MAC), its logical interface (mode,
    router, zone, addresses) and their counters (render/interface.py). In XML, `hw` (with
    `state_c`, the configured state, which napalm-panos reads) and `ifnet`."""

    detail: InterfaceDetail
    traffic: InterfaceTraffic

    def text(self) -> str:
        return interface_detail(self.detail, self.traffic)

    def fill(self, result):
        logical, port = self.detail.logical, self.detail.port
        if logical is not None:
            ifnet = _add(result, "ifnet")
            for tag, text in (("name", logical.name), ("zone", logical.zone or None),
                              ("vsys", str(logical.vsys)), ("mode", self.detail.mode), ("fwd", logical.forwarding),
                              ("tag", str(logical.tag)), ("id", str(logical.id))):
                _add(ifnet, tag, text)
            addresses = _add(ifnet, "addr")
            for address in logical.addresses:
                if address != "N/A":
                    _add(addresses, "member", address)
        if port is not None:
            speed, duplex, state = port.speed_duplex_state
            hw = _add(result, "hw")
            for tag, text in (("name", port.name), ("id", str(port.id)), ("speed", speed),
                              ("duplex", duplex), ("state", state.split("(")[0]), ("state_c", self.detail.configured[2]),
                              ("mac", port.mac), ("mode", "(autoneg)")):
                _add(hw, tag, text)


@dataclass
class ConfigView(View):
    """`show config running|candidate|saved`: the brace tree; in XML the `<config>` itself
    (napalm-panos reads its interfaces' comments from it)."""

    config: object  # PanConfig

    def text(self) -> str:
        return "\n".join(brace(self.config.root)) + "\n\n"

    def fill(self, result):
        result.append(deepcopy(self.config.root))


# The XML of these runtime tables follows published captures of PAN-OS's answers (`show arp
# all`, `show routing route`, `show counter global`) and a client's test sample (`show session
# all`).


@dataclass
class ArpView(View):
    """`show arp all`."""

    entries: list
    now: datetime

    def text(self) -> str:
        return arp_all(self.entries, self.now)

    def fill(self, result):
        for tag, text in (("max", str(ARP_MAXIMUM)), ("total", str(len(self.entries))), ("timeout", str(ARP_TIMEOUT)),
                          ("dp", "dp0")):
            _add(result, tag, text)
        entries = _add(result, "entries")
        for arp in self.entries:
            entry = _add(entries, "entry")
            for tag, text in (("status", f"  {arp.status}  "), ("ip", arp.ip), ("mac", arp.mac),
                              ("ttl", str(arp.ttl(self.now, ARP_TIMEOUT))), ("interface", arp.interface),
                              ("port", arp.interface)):
                _add(entry, tag, text)


@dataclass
class RoutesView(View):
    """`show routing route`."""

    routes: list
    routers: list[tuple[int, str]]  # (id, name): the routers shown

    def text(self) -> str:
        return routing_route(self.routes, self.routers)

    def fill(self, result):
        _add(result, "flags", " ".join(ROUTE_FLAGS.split()))
        for route in self.routes:
            entry = _add(result, "entry")
            for tag, text in (("virtual-router", route.vr), ("destination", str(route.destination)),
                              ("nexthop", route.nexthop), ("metric", str(route.metric)), ("flags", route.flags),
                              ("age", None), ("interface", route.interface or None), ("route-table", "unicast")):
                _add(entry, tag, text)


@dataclass
class CountersView(View):
    """`show counter global [filter ...]`: the counters chosen, with their rates; `id` is a
    counter's place in COUNTERS."""

    values: dict[str, int]
    previous: dict[str, int]
    elapsed: float

    def text(self) -> str:
        return counter_global(self.values, self.previous, self.elapsed)

    def fill(self, result):
        holder = _add(result, "global")
        _add(holder, "t", str(int(self.elapsed)))
        counters = _add(holder, "counters")
        numbers = {name: number for number, name in enumerate(COUNTERS, 1)}
        for name, value in self.values.items():
            severity, category, aspect, description = COUNTERS[name]
            rate = counter_rate(value, self.previous.get(name, 0), self.elapsed)
            entry = _add(counters, "entry")
            for tag, text in (("category", category), ("severity", severity), ("value", str(value)),
                              ("rate", str(rate)), ("aspect", aspect), ("desc", description), ("id", str(numbers[name])),
                              ("name", name)):
                _add(entry, tag, text)
        _add(result, "dp", "dp0")


@dataclass
class SessionsView(View):
    """`show session all`: in XML one `entry` per session, with its flows' addresses and ports."""

    sessions: dict

    def text(self) -> str:
        return session_all(self.sessions)

    def fill(self, result):
        for session in sorted(self.sessions.values(), key=lambda s: s.id):
            entry = _add(result, "entry")
            for tag, text in (("idx", str(session.id)), ("vsys", session.vsys), ("application", session.application),
                              ("state", session.state), ("type", session.type), ("flags", session.flag or None),
                              ("proto", str(session.proto)), ("from", session.from_zone), ("to", session.to_zone),
                              ("source", session.source), ("sport", str(session.sport)),
                              ("dst", session.destination), ("dport", str(session.dport)),
                              ("xsource", session.xsource), ("xsport", str(session.xsport)),
                              ("xdst", session.xdestination), ("xdport", str(session.xdport)),
                              ("start-time", f"{session.start:%a %b %d %H:%M:%S %Y}"),
                              ("nat", str(bool(session.flag))), ("srcnat", str(session.flag in ("NS", "NB"))),
                              ("dstnat", str(session.flag in ("ND", "NB"))), ("proxy", "False"),
                              ("decrypt-mirror", "False"), ("security-rule", session.rule),
                              ("ingress", session.ingress), ("egress", session.egress)):
                _add(entry, tag, text)


@dataclass
class JobEnqueued(View):
    """A request that starts a job (`Download job enqueued with jobid 50`); in XML the line and
    the job id, as pan-os-python's own fixtures of these answers have them."""

    line: str
    job: int

    def text(self) -> str:
        return self.line + "\n"

    def response(self):
        response = etree.Element("response", status="success", code="19")
        result = _add(response, "result")
        _add(_add(result, "msg"), "line", self.line)
        _add(result, "job", str(self.job))
        return response


@dataclass
class UpdatesView(View):
    """`request system software info|check`, `request content|anti-virus upgrade info|check`: the
    release table; in XML `sw-updates/versions/entry` (what pan-os-python's updater reads:
    `version`, `current`, `downloaded`) or `content-updates/entry`."""

    device: Device
    kind: str

    def text(self) -> str:
        return update_info(self.device, self.kind)

    def fill(self, result):
        software = self.kind == "software"
        holder = _add(_add(result, "sw-updates"), "versions") if software else _add(result, "content-updates")
        for release in catalog()[self.kind]:
            entry = _add(holder, "entry")
            for tag, text in (("version", release.version), ("size", release.size.rstrip("MB")),
                              ("released-on", release.released),
                              ("downloaded", "yes" if downloaded(self.device, self.kind, release.version) else "no"),
                              ("current", "yes" if release.version == current(self.device, self.kind) else "no")):
                _add(entry, tag, text)


@dataclass
class LocksView(View):
    """`show config-locks|commit-locks`: this lab's locks are of scope shared. In XML an `entry`
    per lock under `config-locks` or `commit-locks` (pan-os-python looks for an entry; the
    element names beyond it are inferred)."""

    kind: str  # config or commit
    lock: object  # backend.locks.Lock, or None
    timezone: str

    def text(self) -> str:
        lines = [f"{self.kind.capitalize()} locks:", f"  {'Admin':<16}{'Location':<10}{'Created':<21}Comment"]
        if self.lock:
            created = local_time(self.lock.created, self.timezone)
            lines.append(f"  {self.lock.admin:<16}{'shared':<10}{created:%Y/%m/%d %H:%M:%S}  {self.lock.comment}")
        return display("\n".join(lines))

    def fill(self, result):
        holder = _add(result, f"{self.kind}-locks")
        if self.lock:
            entry = etree.SubElement(holder, "entry", name=self.lock.admin)
            for tag, text in (("name", self.lock.admin), ("vsys", "shared"), ("comment", self.lock.comment or None),
                              ("created", f"{local_time(self.lock.created, self.timezone):%Y/%m/%d %H:%M:%S}")):
                _add(entry, tag, text)


@dataclass
class FlatView(Rendered):
    """Fields directly under `result`, a dict value a nested element: `show session info`, `show
    session id N` (its flows as `c2s` and `s2c`), and the one-line answers clients read as
    `result/member`: `clear session` (`sessions cleared`, as a published capture has it) and
    `show session all filter count yes` (no match: an empty result, as its clients report)."""

    fields: dict = field(default_factory=dict)

    def fill(self, result):
        _fill_entry(result, self.fields)


@dataclass
class ManagementView(View):
    """`show interface management`: `result/info` (the names clients read, `state_c` and all)
    and `result/counters`."""

    info: dict[str, str]
    counters: list[tuple[str, str, int]]

    def text(self) -> str:
        return interface_management(self.info, self.counters)

    def fill(self, result):
        info = _add(result, "info")
        for tag, value in self.info.items():
            _add(info, tag, value or None)
        counters = _add(result, "counters")
        for _label, tag, value in self.counters:
            _add(counters, tag, str(value))


@dataclass
class RowsView(Rendered):
    """A table: some fields, then one `entry` per row, directly under `result` or in a holder
    element, then more fields. A row's `@name` is the entry's attribute, a dict value a nested
    element. `show vpn ike-sa` (entries with name, created, expires, gwid, role, mode, algo) and
    `show vpn ipsec-sa` (`ntun`, the tunnels configured, then `entries/entry`; the peer address
    padded to 22 characters, SPIs in decimal), as published captures have them; the others are
    named where their rows are made."""

    rows: list[dict] = field(default_factory=list)
    fields: tuple[tuple[str, str], ...] = ()
    holder: str | None = None
    trailer: tuple[tuple[str, str], ...] = ()

    def fill(self, result):
        for tag, value in self.fields:
            _add(result, tag, value)
        parent = _add(result, self.holder) if self.holder else result
        for row in self.rows:
            _fill_entry(_add(parent, "entry"), row)
        for tag, value in self.trailer:
            _add(result, tag, value)


def _fill_entry(entry: etree._Element, row: dict) -> None:
    for tag, value in row.items():
        if tag.startswith("@"):
            entry.set(tag[1:], value)
        elif isinstance(value, dict):
            _fill_entry(_add(entry, tag), value)
        else:
            _add(entry, tag, value)
