"""The dataplane's view of the committed rules, in PAN-OS 10.2's layout: `show running
security-policy|nat-policy` and what `test security-policy-match|nat-policy-match` print.

A rule is `"name; index: N" {`, then its fields indented 8 spaces, each ending in `;` except
`icmp-unreachable: no`; several values print as `[ a b ]`, numbered application/service and
service entries as `[0:a 1:b ]`. Verbatim sources: ntc-templates' test_security-policy-match and
show_running_nat-policy fixtures (10.x), show_running_security-policy (the trailer lines). Inferred:
the default rules' blocks in the numbered layout, the translate-to texts other than dynamic-ip-and-port
and `dst: ADDRESS`, and a NAT rule without translation (no translate-to line).
"""
from __future__ import annotations

from ..backend.config import PanConfig
from ..backend.policy import DefaultRule, Policy, Rule, names


def _value_list(values: list[str]) -> str:
    return values[0] if len(values) == 1 else "[ " + " ".join(values) + " ]"


def _numbered(values: list[str]) -> str:
    """PAN-OS 10's numbered entries: `0:a`, or `[0:a 1:b ]`."""
    items = [f"{i}:{v}" for i, v in enumerate(values)]
    return items[0] if len(items) == 1 else "[" + " ".join(items) + " ]"


def _block(name: str, index: int, fields: list[tuple[str, str]]) -> str:
    body = "".join(f"        {key}: {value}\n" if key == "icmp-unreachable" else f"        {key} {value};\n"
                   for key, value in fields)
    return f'"{name}; index: {index}" {{\n{body}}}\n'


def _security_fields(rule: Rule) -> list[tuple[str, str]]:
    entry, objects = rule.entry, rule.objects
    action = entry.findtext("action", "allow")
    return [
        ("from", _value_list(names(entry, "from"))),
        ("source", _value_list(objects.addresses(names(entry, "source")))),
        ("source-region", "none"),
        ("to", _value_list(names(entry, "to"))),
        ("destination", _value_list(objects.addresses(names(entry, "destination")))),
        ("destination-region", "none"),
        ("user", _value_list(names(entry, "source-user"))),
        ("source-device", "any"),
        ("destinataion-device", "any"),  # sic: PAN-OS spells it so
        ("category", _value_list(names(entry, "category"))),
        ("application/service", _numbered(objects.app_services(names(entry, "application"), names(entry, "service")))),
        ("action", action),
        ("icmp-unreachable", "no"),
        ("terminal", "yes" if action == "allow" else "no"),
    ]


def _default_fields(rule: DefaultRule, with_user: bool) -> list[tuple[str, str]]:
    users = [("user", "any"), ("source-device", "any"), ("destinataion-device", "any")] if with_user else []
    return [("from", "any"), ("source", "any"), ("source-region", "none"), ("to", "any"), ("destination", "any"),
            ("destination-region", "none"), *users, ("category", "any"), ("application/service", "0:any/any/any/any"),
            ("action", rule.action), ("icmp-unreachable", "no"), ("terminal", "yes")]


def security_policy(config: PanConfig) -> str:
    policy = Policy(config)
    blocks = [_block(r.name, r.index, _security_fields(r)) for r in policy.security.rules]
    blocks += [_block(d.name, d.index, _default_fields(d, with_user=False) + [("type", d.kind)])
               for d in policy.default_rules]
    return "\n".join(blocks) + "\ndynamic url: no\npol objs matched\n\n"


def security_match(rules: list[Rule | DefaultRule]) -> str:
    """`test security-policy-match`: the rules the flow matches, each as `show running` prints it
    (a default rule without its `type` line, which the ntc-templates parser refuses). No sample shows
    a flow that matches nothing (zones not given, no rule for any zone): it prints nothing."""
    return "\n".join(_block(r.name, r.index, _default_fields(r, with_user=True) if isinstance(r, DefaultRule)
                            else _security_fields(r)) for r in rules)


def security_match_rows(rules: list[Rule | DefaultRule]) -> list[dict[str, str]]:
    """The API's `rules/entry`: the rule's name as the entry's attribute, then `index` and `action`
    (what pan-os-python reads) and the zones and addresses, valued as the text block has them (a
    published parser's note of PAN-OS 8.0.10 shows `<entry name=..><index>..<from>..<source>..`)."""
    rows = []
    for rule in rules:
        fields = dict(_default_fields(rule, with_user=True) if isinstance(rule, DefaultRule) else _security_fields(rule))
        rows.append({"@name": rule.name, "index": str(rule.index),
                     **{key: fields[key] for key in ("from", "source", "to", "destination", "action")}})
    return rows


def _host(text: str) -> str:
    return text[:-3] if text.endswith("/32") else text


def _translation(rule: Rule, pool: int) -> str | None:
    entry, objects = rule.entry, rule.objects
    parts = []
    source = entry.find("source-translation")
    if source is not None and len(source):
        kind = source[0]
        interface = kind.findtext("interface-address/interface")
        if interface:
            ip = kind.findtext("interface-address/ip")
            address = objects.addresses([ip])[0].split("/")[0] if ip else objects.interface_ip(interface)
            targets = [interface, address or ""]
        else:
            wanted = [m.text for m in kind.findall("translated-address/member")] or [kind.findtext("translated-address", "")]
            targets = [_host(a) for a in objects.addresses(wanted)]
        pooled = f" (pool idx: {pool})" if kind.tag != "static-ip" else ""
        parts.append(f"src: {' '.join(targets)} ({kind.tag}){pooled}")
    target = entry.find("destination-translation")
    if target is not None:
        address = _host(objects.addresses([target.findtext("translated-address", "")])[0])
        port = target.findtext("translated-port")
        parts.append(f"dst: {address}:{port}" if port else f"dst: {address}")
    return " ".join(parts) or None


def _pools(policy: Policy) -> dict[str, int]:
    """The dynamic source translations' pool numbers, counted from 1 in rule order."""
    dynamic = [r.name for r in policy.nat.rules
               if r.entry.find("source-translation/dynamic-ip-and-port") is not None
               or r.entry.find("source-translation/dynamic-ip") is not None]
    return {name: i for i, name in enumerate(dynamic, 1)}


def _nat_block(rule: Rule, pool: int) -> str:
    entry, objects = rule.entry, rule.objects
    service = entry.findtext("service", "any")
    ports = [f"{proto}/any/{port}" for proto, port in objects.service_ports([service])] if service != "any" else []
    to_interface = entry.findtext("to-interface", "any")
    fields = [
        ("nat-type", entry.findtext("nat-type", "ipv4")),
        ("from", _value_list(names(entry, "from"))),
        ("source", _value_list(objects.addresses(names(entry, "source")))),
        ("to", _value_list(names(entry, "to"))),
        ("to-interface", ("" if to_interface == "any" else to_interface) + " "),
        ("destination", _value_list(objects.addresses(names(entry, "destination")))),
        ("service", _numbered(ports or ["any/any/any"])),
    ]
    translation = _translation(rule, pool)
    if translation:
        fields.append(("translate-to", f'"{translation}"'))
    return _block(rule.name, rule.index, fields + [("terminal", "no")])


def nat_policy(config: PanConfig) -> str:
    policy = Policy(config)
    pools = _pools(policy)
    return "".join(_nat_block(r, pools.get(r.name, 0)) + "\n" for r in policy.nat.rules)


def nat_match(policy: Policy, rule: Rule | None) -> str:
    """`test nat-policy-match`: the matching rule as `show running nat-policy` prints it (inferred:
    no public sample; nothing when no rule matches)."""
    return "" if rule is None else _nat_block(rule, _pools(policy).get(rule.name, 0))
