"""Security and NAT policy as the dataplane reads it: one resolver for the objects rules name, and
first-match lookups over a vsys's rulebases.

A vsys sees its own address, address-group, service, service-group, application and
application-group entries, then the shared ones (its own win). What a name stands for:

- addresses: an ip-netmask or ip-range object, a static group's members (nested; a cycle is cut),
  or a literal address, prefix or range. An FQDN object shows its name and matches no address
  (nothing resolves names here);
- services: the tcp/udp ports of service objects and groups, PAN-OS's predefined service-http and
  service-https, `any`, and `application-default`: the application's own default ports (a custom
  application's `default port`, else the built-in table below; an unknown application any port);
- applications: names, application groups expanded.

Its users: the `test security-policy-match|nat-policy-match` commands, the session generator
(backend/runtime.py), commit validation (literal addresses) and the `show running ...-policy`
renderers, which only read.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from ipaddress import ip_address, ip_network

from .config import PanConfig

ANY = None  # a member list of `any`
VSYS1 = "vsys1"
MAX_DEPTH = 8  # how deep groups nest before a cycle is assumed
PROTOCOLS = {"icmp": 1, "tcp": 6, "udp": 17}
APPLICATIONS = {  # application -> its default (protocol, port) pairs, PAN-OS's App-ID defaults
    "ssl": (("tcp", "443"),), "web-browsing": (("tcp", "80"),), "dns": (("udp", "53"), ("tcp", "53")),
    "ping": (("icmp", "any"),), "icmp": (("icmp", "any"),), "ntp": (("udp", "123"),), "ssh": (("tcp", "22"),),
    "smtp": (("tcp", "25"),), "ftp": (("tcp", "21"),), "ldap": (("tcp", "389"),), "ms-rdp": (("tcp", "3389"),),
    "snmp": (("udp", "161"),), "syslog": (("udp", "514"),),
}
SERVICES = {"service-http": (("tcp", "80"), ("tcp", "8080")), "service-https": (("tcp", "443"),)}  # predefined
ICMP_ECHO = 8  # an ICMP flow's type stands where a port would
DEFAULT_RULES = (("intrazone-default", "allow", "intrazone"), ("interzone-default", "deny", "interzone"))
_KINDS = ("address", "address-group", "service", "service-group", "application", "application-group")


def network_range(text: str) -> tuple[int, int]:
    net = ip_network(text, strict=False)
    return int(net.network_address), int(net.broadcast_address)


def literal_range(text: str) -> tuple[int, int] | None:
    """(first, last) of a literal address, prefix or `a-b` range; None if text is none of them."""
    try:
        if "-" in text:
            first, last = text.split("-", 1)
            return int(ip_address(first)), int(ip_address(last))
        return network_range(text)
    except ValueError:
        return None


def is_literal_address(text: str) -> bool:
    return literal_range(text) is not None


def names(entry, path: str) -> list[str]:
    """A rule's member list as configured (`any` when empty)."""
    return [m.text for m in entry.findall(f"{path}/member") if m.text] or ["any"]


def members(entry, path: str) -> list[str] | None:
    """A rule's member list; ANY for `any` (or nothing)."""
    found = names(entry, path)
    return ANY if "any" in found else found


def _port_spans(text: str) -> Iterator[tuple[int, int]]:
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        if first.isdigit() and (last.isdigit() or not last):
            yield int(first), int(last or first)


class Objects:
    """The address, service and application objects a vsys sees (its own, then shared)."""

    def __init__(self, config: PanConfig, vsys):
        self.config = config
        scopes = [s for s in (vsys, config.root.find("shared")) if s is not None]
        self.entries = {
            kind: {e.get("name"): e for scope in reversed(scopes) for e in scope.findall(f"{kind}/entry")}
            for kind in _KINDS
        }

    def _address_leaves(self, wanted: list[str], depth: int = 0) -> Iterator[tuple[str, object]]:
        """(name, address entry or None for a literal) of every address the names stand for."""
        for name in wanted:
            group = self.entries["address-group"].get(name)
            if group is None:
                yield name, self.entries["address"].get(name)
            elif depth < MAX_DEPTH:
                yield from self._address_leaves([m.text for m in group.findall("static/member")], depth + 1)

    def addresses(self, wanted: list[str]) -> list[str]:
        """The addresses names stand for, as PAN-OS prints them (prefix, range, FQDN or literal)."""
        return [name if entry is None else (entry.findtext("ip-netmask") or entry.findtext("ip-range")
                                            or entry.findtext("fqdn") or name)
                for name, entry in self._address_leaves(wanted)]

    def ranges(self, wanted: list[str] | None) -> list[tuple[int, int]] | None:
        """The address ranges (first, last) names stand for; ANY for any."""
        if wanted is ANY:
            return ANY
        out = []
        for name, entry in self._address_leaves(wanted):
            text = name if entry is None else entry.findtext("ip-netmask") or entry.findtext("ip-range")
            span = literal_range(text) if text else None
            if span is not None:
                out.append(span)
        return out

    def first_ip(self, wanted: list[str]) -> str | None:
        ranges = self.ranges(wanted)
        return str(ip_address(ranges[0][0])) if ranges else None

    def service_ports(self, wanted: list[str], depth: int = 0) -> list[tuple[str, str]]:
        """(protocol, port text) of services and service groups, as configured."""
        out = []
        for name in wanted:
            group, entry = self.entries["service-group"].get(name), self.entries["service"].get(name)
            if group is not None:
                if depth < MAX_DEPTH:
                    out += self.service_ports([m.text for m in group.findall("members/member")], depth + 1)
            elif entry is not None:
                out += [(p.tag, p.findtext("port", "any")) for p in entry.findall("protocol/*")]
            else:
                out += SERVICES.get(name, ())
        return out

    def ports(self, wanted: list[str]) -> list[tuple[int, int, int]]:
        """(IP protocol, first port, last port) of services."""
        return [(PROTOCOLS[proto], first, last) for proto, text in self.service_ports(wanted)
                if proto in PROTOCOLS for first, last in _port_spans(text)]

    def applications(self, wanted: list[str] | None, depth: int = 0) -> list[str] | None:
        """Application names with groups expanded; ANY for any."""
        if wanted is ANY:
            return ANY
        out = []
        for name in wanted:
            group = self.entries["application-group"].get(name)
            if group is None:
                out.append(name)
            elif depth < MAX_DEPTH:
                out += self.applications([m.text for m in group.findall("members/member")], depth + 1) or []
        return out

    def default_ports(self, app: str) -> list[tuple[str, str]] | None:
        """An application's default (protocol, port text) pairs; None when unknown (any port)."""
        entry = self.entries["application"].get(app)
        if entry is not None:
            found = [m.text.partition("/")[::2] for m in entry.findall("default/port/member") if m.text]
            return found or None
        return list(APPLICATIONS[app]) if app in APPLICATIONS else None

    def flow_service(self, app: str) -> tuple[int, int] | None:
        """The (IP protocol, port) a flow of the application uses by default."""
        for proto, text in self.default_ports(app) or ():
            if proto == "icmp":
                return PROTOCOLS[proto], ICMP_ECHO
            spans = list(_port_spans(text))
            if proto in PROTOCOLS and spans:
                return PROTOCOLS[proto], spans[0][0]
        return None

    def serves(self, app: str, proto: int, port: int | None) -> bool:
        """Whether the application's default ports take this flow (no port given: any)."""
        defaults = self.default_ports(app)
        if defaults is None:
            return True
        return any(PROTOCOLS.get(p) == proto and (p == "icmp" or port is None
                                                   or any(a <= port <= b for a, b in _port_spans(text)))
                   for p, text in defaults)

    def app_services(self, apps: list[str], services: list[str]) -> list[str]:
        """`app/protocol/any/port` for each application with each service, as `show running` prints them."""
        combos = []
        for app in apps:
            for service in services:
                if service == "application-default":
                    ports = self.default_ports(app)
                elif service == "any":
                    ports = None
                else:
                    ports = self.service_ports([service])
                combos += [f"{app}/{proto}/any/{port}" for proto, port in ports or [("any", "any")]]
        return list(dict.fromkeys(combos))

    def interface_ip(self, interface: str) -> str | None:
        """The first address of a layer-3 interface, without its mask."""
        for port in self.config.findall(f"network/interface//entry[@name='{interface}']"):
            ip = port.find("layer3/ip/entry") if port.find("layer3") is not None else port.find("ip/entry")
            if ip is not None:
                return self.addresses([ip.get("name")])[0].split("/")[0]
        return None


class Rule:
    """A security or NAT rule, as the lookups need it (addresses resolved on first use); index
    counts the enabled rules from 1, as the dataplane numbers them."""

    def __init__(self, entry, objects: Objects, index: int):
        self.entry, self.name, self.objects, self.index = entry, entry.get("name"), objects, index
        self.from_zones, self.to_zones = members(entry, "from"), members(entry, "to")
        self.allow = entry.findtext("action") == "allow"

    @cached_property
    def source(self):
        return self.objects.ranges(members(self.entry, "source"))

    @cached_property
    def destination(self):
        return self.objects.ranges(members(self.entry, "destination"))

    @cached_property
    def applications(self):
        return self.objects.applications(members(self.entry, "application"))

    def in_zones(self, from_zone: str | None, to_zone: str | None) -> bool:
        """Whether the rule takes traffic between these zones (None: any zone)."""
        kind = self.entry.findtext("rule-type", "universal")
        if kind != "universal" and from_zone and to_zone and (from_zone == to_zone) != (kind == "intrazone"):
            return False
        return ((from_zone is None or self.from_zones is ANY or from_zone in self.from_zones)
                and (to_zone is None or self.to_zones is ANY or to_zone in self.to_zones))

    def matches(self, src: int, dst: int) -> bool:
        return (_contains(self.source, src) != (self.entry.findtext("negate-source") == "yes")
                and _contains(self.destination, dst) != (self.entry.findtext("negate-destination") == "yes"))


def _contains(ranges, ip: int) -> bool:
    return ranges is ANY or any(first <= ip <= last for first, last in ranges)


class Rulebase:
    """Enabled rules in order, indexed by zone pair: the first rule that matches a flow."""

    def __init__(self, entries, objects: Objects):
        enabled = [e for e in entries if e.findtext("disabled") != "yes"]
        self.rules = [Rule(e, objects, i) for i, e in enumerate(enabled, 1)]
        self._by_zones: dict[tuple[str, str], list[Rule]] = {}

    def first(self, from_zone: str, to_zone: str, src: int, dst: int, also=lambda rule: True) -> Rule | None:
        key = (from_zone, to_zone)
        if key not in self._by_zones:
            self._by_zones[key] = [r for r in self.rules if r.in_zones(from_zone, to_zone)]
        return next((r for r in self._by_zones[key] if r.matches(src, dst) and also(r)), None)

    def matching(self, from_zone: str | None, to_zone: str | None, src: int, dst: int,
                 also: Callable[[Rule], bool]) -> list[Rule]:
        """Every rule that matches, in order (a zone None: any)."""
        return [r for r in self.rules if r.in_zones(from_zone, to_zone) and r.matches(src, dst) and also(r)]


def allows(rule: Rule, app: str | None, proto: int, port: int | None) -> bool:
    """Whether a security rule's applications and services take the flow (app or port None: any)."""
    apps = rule.applications
    if app is not None and apps is not ANY and app not in apps:
        return False
    services = [m.text for m in rule.entry.findall("service/member")]
    if "any" in services or not services:
        return True
    if "application-default" in services:
        candidates = [app] if app is not None else apps
        return candidates is ANY or any(rule.objects.serves(a, proto, port) for a in candidates)
    return any(p == proto and (port is None or first <= port <= last) for p, first, last in rule.objects.ports(services))


def user_ok(rule: Rule, user: str | None) -> bool:
    users = members(rule.entry, "source-user")
    if users is ANY:
        return True
    return "unknown" in users if user is None else user in users or "known-user" in users


def nat_service_ok(rule: Rule, proto: int, port: int | None) -> bool:
    service = rule.entry.findtext("service", "any")
    return service == "any" or any(p == proto and (port is None or a <= port <= b)
                                   for p, a, b in rule.objects.ports([service]))


class DefaultRule:
    """intrazone-default or interzone-default, after the rulebase (`rulebase default-security-rules`
    may change its action)."""

    def __init__(self, vsys, name: str, action: str, kind: str, index: int):
        override = vsys.find(f"rulebase/default-security-rules/rules/entry[@name='{name}']") if vsys is not None else None
        self.name, self.kind, self.index = name, kind, index
        self.action = (override.findtext("action") if override is not None else None) or action
        self.allow = self.action == "allow"


def _rules(vsys, rulebase: str) -> list:
    return vsys.findall(f"rulebase/{rulebase}/rules/entry") if vsys is not None else []


class Policy:
    """A vsys's objects and its security and NAT rulebases."""

    def __init__(self, config: PanConfig, vsys_name: str = VSYS1):
        vsys = config.find(f"vsys/entry[@name='{vsys_name}']")
        self.objects = Objects(config, vsys)
        self.security = Rulebase(_rules(vsys, "security"), self.objects)
        self.nat = Rulebase(_rules(vsys, "nat"), self.objects)
        after = len(self.security.rules)
        self.default_rules = [DefaultRule(vsys, name, action, kind, after + i)
                              for i, (name, action, kind) in enumerate(DEFAULT_RULES, 1)]

    def security_match(self, from_zone: str | None, to_zone: str | None, src: int, dst: int, proto: int,
                       port: int | None, app: str | None = None, user: str | None = None,
                       show_all: bool = False) -> list[Rule | DefaultRule]:
        """The rule a flow meets first (show_all: every rule it matches). With both zones known, the
        default rule for their pair closes the rulebase."""
        found = self.security.matching(from_zone, to_zone, src, dst,
                                       lambda r: allows(r, app, proto, port) and user_ok(r, user))
        if from_zone and to_zone and (show_all or not found):
            found.append(self.default_rules[0 if from_zone == to_zone else 1])
        return found if show_all else found[:1]

    def nat_match(self, from_zone: str | None, to_zone: str | None, src: int, dst: int, proto: int,
                  port: int | None, to_interface: str | None = None) -> Rule | None:
        """The first NAT rule the (pre-NAT) flow matches."""
        def takes(rule: Rule) -> bool:
            wanted = rule.entry.findtext("to-interface", "any")
            return nat_service_ok(rule, proto, port) and (to_interface is None or wanted in ("any", to_interface))
        return next(iter(self.nat.matching(from_zone, to_zone, src, dst, takes)), None)
