"""The XML forms of the newer op commands, as their clients read them: pan-os-python's methods run
unmodified against fw1's API (in process: pan.xapi's HTTP call answered by the Api), and the
shapes of published answers (licences, policy matches, interface halves, VPN flows)."""
import urllib.parse
from datetime import date

import pan.xapi
import pytest
from conftest import run
from lxml import etree
from panos.firewall import Firewall
from panos.network import EthernetInterface
from test_runtime import add_tunnel

from panshell.api.protocol import Api, Keys, Request


@pytest.fixture
def api(lab):
    keys = Keys(b"secret", lambda user, password: True)
    return Api(lab, lab.devices["fw1"], keys, lambda: ["admin"]), keys.key_for("admin")


@pytest.fixture
def op(api):
    """An op command on fw1's API (as pan.xapi sends it), answered as an element."""
    handler, key = api

    def answer(cmd: str) -> etree._Element:
        status, body = handler.handle(Request({"type": "op", "cmd": cmd, "key": key}))
        assert status == 200
        return etree.fromstring(body)

    return answer


class _Reply:
    def __init__(self, body: bytes):
        self.body = body

    def read(self) -> bytes:
        return self.body

    def getheader(self, name: str):
        return "application/xml; charset=UTF-8" if name.lower() == "content-type" else None

    def info(self):
        return {}


@pytest.fixture
def firewall(api, monkeypatch):
    """pan-os-python's Firewall, its requests answered by fw1's Api."""
    handler, key = api

    def urlopen(url, **_):
        params = dict(urllib.parse.parse_qsl(url.data.decode()))
        return _Reply(handler.handle(Request(params))[1])

    monkeypatch.setattr(pan.xapi, "urlopen", urlopen)
    fw = Firewall("fw1.lab", api_key=key)
    fw._set_version_and_version_info("10.2.9-h1")
    return fw


def test_pan_os_python_reads_the_licences(firewall, fw1, lab):
    licenses = firewall.request_license_info()
    text = run(fw1, "request license info")
    assert [f"Feature: {lic.feature}" for lic in licenses] == [line for line in text.splitlines()
                                                             if line.startswith("Feature: ")]
    serial = lab.devices["fw1"].identity["serial"]
    assert {lic.serial for lic in licenses} == {serial} and {lic.authcode for lic in licenses} == {None}
    dns = next(lic for lic in licenses if lic.feature == "DNS Security")
    assert (dns.issued, dns.expires, dns.expired) == (date(2024, 1, 10), date(2026, 1, 9), True)
    assert not any(lic.expired for lic in licenses if lic.feature != "DNS Security")


def test_pan_os_python_whoami_and_ha_state(firewall):
    assert firewall.whoami() == "admin"
    state, answer = firewall.show_highavailability_state()
    assert state == "active" and answer.findtext("result/group/peer-info/state") == "passive"


def test_pan_os_python_security_policy_match(firewall, fw1):
    matched = firewall.test_security_policy_match("10.1.1.5", "8.8.8.8", 17, port=53, from_zone="trust",
                                                   to_zone="untrust", application="dns")
    text = run(fw1, "test security-policy-match from trust to untrust source 10.1.1.5 destination 8.8.8.8 "
                    "protocol 17 destination-port 53 application dns")
    assert len(matched) == 1
    name, index, action = matched[0]["name"], matched[0]["index"], matched[0]["action"]
    assert text.startswith(f'"{name}; index: {index}" {{\n') and f"        action {action};\n" in text
    every = firewall.test_security_policy_match("10.1.1.5", "8.8.8.8", 17, port=53, from_zone="trust",
                                                 to_zone="untrust", show_all=True)
    assert every[0] == matched[0] or every[0]["index"] <= index


def test_a_policy_match_answer_and_no_match(op, lab):
    answer = op("<test><security-policy-match><from>trust</from><to>untrust</to><source>10.1.1.5</source>"
                "<destination>8.8.8.8</destination><protocol>6</protocol><destination-port>443</destination-port>"
                "</security-policy-match></test>")
    entry = answer.find("result/rules/entry")
    assert [child.tag for child in entry] == ["index", "from", "source", "to", "destination", "action"]
    assert (entry.findtext("from"), entry.findtext("to")) == ("trust", "untrust")
    rules = lab.devices["fw1"].running.find("vsys/entry/rulebase/security/rules")
    rules.remove(rules.find("entry[@name='deny-all']"))
    none = op("<test><security-policy-match><source>192.0.2.1</source><destination>192.0.2.2</destination>"
              "<protocol>6</protocol></security-policy-match></test>")
    assert none.get("status") == "success" and len(none.find("result/rules")) == 0


def test_pan_os_python_interface_state(firewall, lab):
    interface = firewall.add(EthernetInterface("ethernet1/1"))
    assert interface.refresh_state() == "up"


def test_interface_halves_are_those_of_show_interface_all(op):
    whole = op("<show><interface>all</interface></show>").find("result")
    hardware = op("<show><interface>hardware</interface></show>").find("result")
    logical = op("<show><interface>logical</interface></show>").find("result")
    assert [e.tag for e in hardware] == ["hw"] and [e.tag for e in logical] == ["ifnet"]
    assert etree.tostring(hardware.find("hw")) == etree.tostring(whole.find("hw"))
    assert etree.tostring(logical.find("ifnet")) == etree.tostring(whole.find("ifnet"))


def test_vpn_flow_as_the_capture_names_it(op, lab, fw1):
    empty = op("<show><vpn><flow/></vpn></show>").find("result")
    assert [(e.tag, e.text) for e in empty] == [("total", "0"), ("num_ipsec", "0"), ("IPSec", None), ("dp", "dp0"),
                                                ("num_sslvpn", "0")]
    add_tunnel(lab.devices["fw1"])  # its peer is routable: the SA comes up
    flow = op("<show><vpn><flow/></vpn></show>").find("result")
    entry = flow.find("IPSec/entry")
    assert (flow.findtext("total"), flow.findtext("num_ipsec")) == ("1", "1")
    assert [entry.findtext(t) for t in ("name", "id", "gwid", "state", "peerip", "monitor/on", "type", "proto")] == [
        "branch-tunnel", "1", "1", "active", "198.51.100.7", "False", "IPSec", "ESP"]
    text = run(fw1, "show vpn flow")
    assert f"{'active':<8}{'off':<8}{entry.findtext('localip'):<30}{entry.findtext('peerip')}" in text


def test_admins_and_the_text_answers(op):
    admins = op("<show><admins/></show>").find("result/admins/entry")
    assert admins.findtext("admin") == "admin" and admins.find("self") is not None
    for cmd in ("<show><system><resources/></system></show>", "<debug><swm><status/></swm></debug>",
                "<show><routing><resource/></routing></show>"):
        result = op(cmd).find("result")
        assert len(result) == 0 and result.text  # PAN-OS's text, as the CLI prints it
    assert op("<show><lldp><neighbors>all</neighbors></lldp></show>").find("result").text is None


def test_pan_os_python_reads_the_system_resources(firewall, fw1):
    resources = firewall.show_system_resources()  # the text answer, parsed by its 9.0+ regex (`KiB Mem :`)
    text = run(fw1, "show system resources")
    memory = next(line for line in text.splitlines() if line.startswith("KiB Mem :")).split()
    assert resources["mem_total"] == int(memory[3]) and resources["mem_free"] == int(memory[5])
    assert 0 < resources["cpu"] < 100
