"""Policy lookups over the running rulebases and the dataplane's view of the rules:
`test security-policy-match`, `test nat-policy-match`, `show running security-policy|nat-policy`."""
from conftest import run
from ntc_templates.parse import parse_output

from panshell.backend.policy import Policy

MATCH_OUT = "test security-policy-match from trust to untrust source 10.1.1.5 destination 8.8.8.8 protocol 6 destination-port 443"
INSIDE_OUT = (
    '"allow-inside-out; index: 1" {\n'
    "        from trust;\n"
    "        source 10.1.1.0/24;\n"
    "        source-region none;\n"
    "        to untrust;\n"
    "        destination any;\n"
    "        destination-region none;\n"
    "        user any;\n"
    "        source-device any;\n"
    "        destinataion-device any;\n"
    "        category any;\n"
    "        application/service 0:any/any/any/any;\n"
    "        action allow;\n"
    "        icmp-unreachable: no\n"
    "        terminal yes;\n"
    "}\n"
)
OUTBOUND_SNAT = (
    '"outbound-snat; index: 1" {\n'
    "        nat-type ipv4;\n"
    "        from trust;\n"
    "        source 10.1.1.0/24;\n"
    "        to untrust;\n"
    "        to-interface  ;\n"
    "        destination any;\n"
    "        service 0:any/any/any;\n"
    '        translate-to "src: ethernet1/1 203.0.113.2 (dynamic-ip-and-port) (pool idx: 1)";\n'
    "        terminal no;\n"
    "}\n"
)
WEB_DNAT = (
    '"web-dnat; index: 2" {\n'
    "        nat-type ipv4;\n"
    "        from untrust;\n"
    "        source any;\n"
    "        to untrust;\n"
    "        to-interface  ;\n"
    "        destination 203.0.113.10/32;\n"
    "        service 0:any/any/any;\n"
    '        translate-to "dst: 10.51.8.10";\n'
    "        terminal no;\n"
    "}\n"
)


def matched(session, flow: str) -> list[str]:
    """The names of the rules `test security-policy-match <flow>` prints, as ntc-templates reads them."""
    out = run(session, f"test security-policy-match {flow}")
    return [r["name"] for r in parse_output(platform="paloalto_panos", command="test security-policy-match", data=out)]


def commit(session, *lines):
    run(session, "configure")
    for line in lines:
        run(session, line)
    assert "Configuration committed successfully" in run(session, "commit")
    run(session, "exit")


def test_security_match_prints_the_first_rule_in_pan_os_layout(fw1):
    assert run(fw1, MATCH_OUT) == INSIDE_OUT


def test_security_match_parses_with_ntc_templates_as_the_lab_configures_it(fw1):
    records = parse_output(platform="paloalto_panos", command="test security-policy-match", data=run(fw1, MATCH_OUT))
    rule = fw1.device.running.find("vsys/entry/rulebase/security/rules/entry[@name='allow-inside-out']")
    inside = fw1.device.running.find("vsys/entry/address/entry[@name='inside-net']")
    assert len(records) == 1
    record = records[0]
    assert (record["name"], record["index"]) == (rule.get("name"), "1")
    assert (record["from"], record["to"]) == (rule.findtext("from/member"), rule.findtext("to/member"))
    assert record["source"] == inside.findtext("ip-netmask")  # the object, resolved
    assert (record["action"], record["terminal"], record["destination_device"]) == ("allow", "yes", "any")


def test_security_match_follows_zones_addresses_ranges_and_application_default(fw1):
    inbound = "from untrust to dmz source 198.51.100.9 destination 203.0.113.10 protocol 6"
    assert matched(fw1, f"{inbound} destination-port 80") == ["allow-web-inbound"]
    assert matched(fw1, f"{inbound} destination-port 443 application ssl") == ["allow-web-inbound"]
    assert matched(fw1, f"{inbound} destination-port 80 application ssl") == ["deny-all"]  # not ssl's port
    assert matched(fw1, f"{inbound} destination-port 22") == ["deny-all"]
    dns = "from dmz to trust source 10.51.8.7 protocol 17 destination-port 53"
    assert matched(fw1, f"{dns} destination 10.1.1.54") == ["allow-dmz-dns"]  # inside the ip-range
    assert matched(fw1, f"{dns} destination 10.1.1.55") == ["deny-all"]
    assert matched(fw1, f"{inbound} destination-port 80 show-all yes") == [
        "allow-web-inbound", "deny-all", "interzone-default"]


def test_security_match_resolves_groups_shared_objects_and_services(fw1):
    commit(fw1, "set shared address shared-host ip-netmask 198.51.100.7",
           "set rulebase security rules allow-8443 from dmz to untrust source internal-nets"
           " destination [ shared-host 192.0.2.0/28 ] application any service tcp-8443 action allow",
           "move rulebase security rules allow-8443 before deny-all")
    flow = "from dmz to untrust source 10.51.8.7 protocol 6"
    assert matched(fw1, f"{flow} destination 198.51.100.7 destination-port 8443") == ["allow-8443"]
    assert matched(fw1, f"{flow} destination 192.0.2.15 destination-port 8443") == ["allow-8443"]
    assert matched(fw1, f"{flow} destination 192.0.2.16 destination-port 8443") == ["deny-all"]
    assert matched(fw1, f"{flow} destination 198.51.100.7 destination-port 8444") == ["deny-all"]
    out = run(fw1, f"test security-policy-match {flow} destination 198.51.100.7 destination-port 8443")
    assert "        source [ 10.1.1.0/24 10.51.8.0/24 ];\n" in out  # the group's members
    assert "        application/service 0:any/tcp/any/8443;\n" in out


def test_without_an_explicit_match_the_default_rules_or_nothing(fw1):
    commit(fw1, "set rulebase security rules deny-all disabled yes")
    assert matched(fw1, "from dmz to dmz source 10.51.8.7 destination 10.51.8.8 protocol 6") == ["intrazone-default"]
    out = run(fw1, "test security-policy-match from dmz to untrust source 10.51.8.7 destination 8.8.8.8 protocol 6")
    assert out.startswith('"interzone-default; index: 5" {\n') and "        action deny;\n" in out
    assert run(fw1, "test security-policy-match source 10.51.8.7 destination 8.8.8.8 protocol 6") == ""


def test_nat_match_finds_the_first_nat_rule(fw1):
    assert run(fw1, "test nat-policy-match from trust to untrust source 10.1.1.5 destination 8.8.8.8 protocol 6"
                    " destination-port 443") == OUTBOUND_SNAT
    assert run(fw1, "test nat-policy-match from untrust to untrust source 198.51.100.9 destination 203.0.113.10"
                    " protocol 6 destination-port 80 to-interface ethernet1/1") == WEB_DNAT
    assert run(fw1, "test nat-policy-match from untrust to untrust source 198.51.100.9 destination 203.0.113.11"
                    " protocol 6") == ""
    assert run(fw1, "test nat-policy-match from dmz to untrust source 10.1.1.5 destination 8.8.8.8 protocol 6") == ""


def test_show_running_nat_policy_parses_with_ntc_templates(fw1):
    out = run(fw1, "show running nat-policy")
    assert out == OUTBOUND_SNAT + "\n" + WEB_DNAT + "\n"
    records = parse_output(platform="paloalto_panos", command="show running nat-policy", data=out)
    rules = fw1.device.running.entries("vsys/entry/rulebase/nat/rules")
    assert [r["name"] for r in records] == [f'"{rule.get("name")}; index: {i}"' for i, rule in enumerate(rules, 1)]
    assert records[1]["destination"] == "203.0.113.10/32"
    assert records[1]["translate_to"] == "dst: 10.51.8.10"


def test_show_running_security_policy_is_the_10_2_layout(fw1):
    out = run(fw1, "show running security-policy")
    assert out.startswith(INSIDE_OUT + "\n")
    records = parse_output(platform="paloalto_panos", command="show running security-policy", data=out)
    assert [r["name"] for r in records][-2:] == ['"intrazone-default; index: 5"', '"interzone-default; index: 6"']
    assert records[-1]["type"] == "interzone"


def test_bad_input_is_refused_and_changes_nothing(fw1):
    flow = "source 10.1.1.5 destination 8.8.8.8"
    assert run(fw1, f"test security-policy-match {flow}", ok=False) == (
        "Server error : test -> security-policy-match is missing 'protocol'\n")
    assert run(fw1, "test nat-policy-match source 10.1.1.5 protocol 6", ok=False) == (
        "Server error : test -> nat-policy-match is missing 'destination'\n")
    assert run(fw1, f"test security-policy-match {flow} protocol 256", ok=False) == (
        "protocol: 256 is out of range (1-255)\nInvalid syntax.\n")
    assert run(fw1, f"test security-policy-match {flow} protocol 6 destination-port 0", ok=False) == (
        "destination-port: 0 is out of range (1-65535)\nInvalid syntax.\n")
    assert run(fw1, "test security-policy-match source 10.1.1 destination 8.8.8.8 protocol 6", ok=False) == (
        "source: 10.1.1 is not a valid IPv4 address\nInvalid syntax.\n")
    assert run(fw1, f"test security-policy-match {flow} protocol 6 show-all maybe", ok=False) == (
        "show-all: maybe is not a valid choice\nInvalid syntax.\n")
    assert run(fw1, f"test security-policy-match {flow} protocol 6 protocol 17", ok=False) == "Invalid syntax.\n"
    assert run(fw1, "check pending-changes") == "no\n"


def test_one_resolver_for_lookups_and_renderers(fw1):
    policy = Policy(fw1.device.running)
    assert policy.objects.addresses(["internal-nets", "dns-servers", "192.0.2.1"]) == [
        "10.1.1.0/24", "10.51.8.0/24", "10.1.1.53-10.1.1.54", "192.0.2.1"]
    assert policy.objects.ports(["service-http", "tcp-8443"]) == [(6, 80, 80), (6, 8080, 8080), (6, 8443, 8443)]
    assert policy.objects.flow_service("dns") == (17, 53) and policy.objects.flow_service("ping") == (1, 8)
    assert [r.name for r in policy.security.rules] == [
        e.get("name") for e in fw1.device.running.entries("vsys/entry/rulebase/security/rules")]
