"""`show running security-policy`: the dataplane's view of the committed rules."""
from __future__ import annotations

from ..backend.config import PanConfig
from .config import quote

VSYS = "vsys/entry[@name='vsys1']"
# application -> the protocol/port its application-default service means
APP_DEFAULTS = {
    "web-browsing": [("tcp", "80")],
    "ssl": [("tcp", "443")],
    "dns": [("udp", "53"), ("tcp", "53")],
    "ssh": [("tcp", "22")],
    "ping": [("icmp", "any")],
    "ntp": [("udp", "123")],
}
PREDEFINED_SERVICES = {"service-http": [("tcp", "80"), ("tcp", "8080")], "service-https": [("tcp", "443")]}
DEFAULT_RULES = (("intrazone-default", "allow", "intrazone"), ("interzone-default", "deny", "interzone"))


def _value_list(values: list[str]) -> str:
    return values[0] if len(values) == 1 else "[ " + " ".join(values) + " ]"


class _Resolver:
    def __init__(self, config: PanConfig):
        self.addresses = {e.get("name"): e for e in config.entries(f"{VSYS}/address")}
        self.groups = {e.get("name"): e for e in config.entries(f"{VSYS}/address-group")}
        self.services = {e.get("name"): e for e in config.entries(f"{VSYS}/service")}
        self.service_groups = {e.get("name"): e for e in config.entries(f"{VSYS}/service-group")}

    def addresses_of(self, name: str, seen: frozenset = frozenset()) -> list[str]:
        if name in self.addresses:
            entry = self.addresses[name]
            return [entry.findtext("ip-netmask") or entry.findtext("ip-range") or entry.findtext("fqdn") or name]
        if name in self.groups and name not in seen:
            return [a for m in self.groups[name].findall("static/member") for a in self.addresses_of(m.text, seen | {name})]
        return [name]

    def ports_of(self, name: str, seen: frozenset = frozenset()) -> list[tuple[str, str]]:
        if name in PREDEFINED_SERVICES:
            return PREDEFINED_SERVICES[name]
        if name in self.services:
            protocol = self.services[name].find("protocol")
            return [(p.tag, p.findtext("port", "any")) for p in (protocol if protocol is not None else [])]
        if name in self.service_groups and name not in seen:
            return [p for m in self.service_groups[name].findall("members/member") for p in self.ports_of(m.text, seen | {name})]
        return [("any", "any")]

    def app_services(self, apps: list[str], services: list[str]) -> list[str]:
        combos = []
        for app in apps:
            for service in services:
                if service == "application-default":
                    ports = APP_DEFAULTS.get(app, [("any", "any")])
                elif service == "any":
                    ports = [("any", "any")]
                else:
                    ports = self.ports_of(service)
                combos += [f"{app}/{proto}/any/{port}" for proto, port in ports]
        return list(dict.fromkeys(combos))


def _block(name: str, fields: list[tuple[str, str]]) -> str:
    body = "".join(
        f"        {key}: {value}\n" if key == "icmp-unreachable" else f"        {key}{value};\n" for key, value in fields
    )
    return f"{quote(name)} {{\n{body}}}\n"


def security_policy(config: PanConfig) -> str:
    resolve = _Resolver(config)
    blocks = []
    for rule in config.entries(f"{VSYS}/rulebase/security/rules"):
        if rule.findtext("disabled") == "yes":
            continue

        def members(field, rule=rule):
            return [m.text for m in rule.findall(f"{field}/member")] or ["any"]

        sources = [a for m in members("source") for a in resolve.addresses_of(m)]
        destinations = [a for m in members("destination") for a in resolve.addresses_of(m)]
        combos = resolve.app_services(members("application"), members("service"))
        action = rule.findtext("action", "allow")
        blocks.append(_block(rule.get("name"), [
            ("from", " " + _value_list(members("from"))),
            ("source", " " + _value_list(sources)),
            ("source-region", " none"),
            ("to", " " + _value_list(members("to"))),
            ("destination", " " + _value_list(destinations)),
            ("destination-region", " none"),
            ("user", " " + _value_list(members("source-user"))),
            ("category", " " + _value_list(members("category"))),
            ("application/service", ("  " + combos[0]) if len(combos) == 1 else " " + _value_list(combos)),
            ("action", " " + action),
            ("icmp-unreachable", "no"),
            ("terminal", " yes" if action == "allow" else " no"),
        ]))
    for name, action, kind in DEFAULT_RULES:
        blocks.append(_block(name, [
            ("from", " any"), ("source", " any"), ("source-region", " none"), ("to", " any"),
            ("destination", " any"), ("destination-region", " none"), ("category", " any"),
            ("application/service", "  any/any/any/any"), ("action", f" {action}"),
            ("icmp-unreachable", "no"), ("terminal", " yes"), ("type", f" {kind}"),
        ]))
    return "\n".join(blocks) + "\ndynamic url: no\npol objs matched\n\n"
