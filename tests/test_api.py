"""The XML API, driven by the real clients (pan-python's pan.xapi, pan-os-python) against
`panshell serve`: keys, op commands in their XML form, config actions on XPaths, commits as
jobs, and the same pair the CLI and SSH see."""
import ssl
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pan.xapi
import pytest
import requests
from lxml import etree
from panos.firewall import Firewall
from panos.objects import AddressObject
from test_ssh import Server, netmiko

VSYS = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']"


@pytest.fixture(scope="module")
def served():
    running = Server("--ephemeral", "--clock", "2026-11-25T00:00:00Z")
    yield running
    assert running.stop() == 0


def xapi(served, device="fw1", **login) -> pan.xapi.PanXapi:
    login = login or {"api_username": "admin", "api_password": "admin"}
    return pan.xapi.PanXapi(hostname=f"127.0.0.1:{served.api_port_of(device)}", **login)


def raw(served, device="fw1", **params) -> tuple[int, etree._Element]:
    """A request as any client sends it: POSTed form parameters."""
    context = ssl._create_unverified_context()
    data = urllib.parse.urlencode(params).encode()
    url = f"https://127.0.0.1:{served.api_port_of(device)}/api/"
    try:
        with urllib.request.urlopen(url, data=data, context=context, timeout=30) as reply:
            return reply.status, etree.fromstring(reply.read())
    except urllib.error.HTTPError as exc:
        return exc.code, etree.fromstring(exc.read())


def test_keygen_gives_a_key_and_refuses_bad_credentials(served):
    api = xapi(served)
    api.keygen()
    assert api.api_key and api.api_key == xapi(served).keygen()  # the same user, the same key
    status, reply = raw(served, type="keygen", user="admin", password="wrong")
    assert status == 403 and reply.findtext("result/msg") == "Invalid Credential"
    status, reply = raw(served, type="op", cmd="<show><clock/></show>", key="not-a-key")
    assert status == 403


def test_op_commands_answer_in_their_xml_form(served):
    api = xapi(served)
    api.op(cmd="show system info", cmd_xml=True)
    system = api.element_root.find("result/system")
    assert system.findtext("hostname") == "fw1" and system.findtext("sw-version") == "10.2.9-h1"
    assert system.findtext("multi-vsys") == "off" and system.findtext("model") == "PA-3220"
    api.op(cmd='show jobs id "1"', cmd_xml=True)
    job = api.element_root.find("result/job")
    assert (job.findtext("id"), job.findtext("type"), job.findtext("status"), job.findtext("result")) == (
        "1", "AutoCom", "FIN", "OK")
    api.op(cmd="show high-availability state", cmd_xml=True)
    group = api.element_root.find("result/group")
    assert api.element_root.findtext("result/enabled") == "yes"
    assert group.findtext("local-info/state") == "active" and group.findtext("running-sync") == "synchronized"
    api.op(cmd="<show><jobs><all/></jobs></show>")
    assert [j.findtext("type") for j in api.element_root.findall("result/job")][-1] == "AutoCom"
    api.op(cmd="<show><clock/></show>")
    assert api.element_root.findtext("result").startswith("Wed Nov 25 ")
    with pytest.raises(pan.xapi.PanXapiError, match="Invalid syntax"):
        api.op(cmd="<show><nothing/></show>")


def test_config_actions_on_xpaths(served):
    api = xapi(served)
    api.set(xpath=f"{VSYS}/address", element="<entry name='api-web'><ip-netmask>192.0.2.10/32</ip-netmask></entry>")
    assert api.status_code == "20"
    api.get(xpath=f"{VSYS}/address/entry[@name='api-web']")
    assert api.element_root.findtext("result/entry/ip-netmask") == "192.0.2.10/32"
    api.get(xpath="/config/devices/entry/vsys/entry/address/entry/@name")  # no name predicates, names only
    assert "api-web" in [e.get("name") for e in api.element_root.findall("result/entry")]
    api.edit(xpath=f"{VSYS}/address/entry[@name='api-web']",
             element="<entry name='api-web'><fqdn>www.example.com</fqdn></entry>")
    api.get(xpath=f"{VSYS}/address/entry[@name='api-web']")
    assert api.element_root.find("result/entry/ip-netmask") is None
    with pytest.raises(pan.xapi.PanXapiError, match="No such node"):  # show reads the running config
        api.show(xpath=f"{VSYS}/address/entry[@name='api-web']")
    api.delete(xpath=f"{VSYS}/address/entry[@name='api-web']")
    api.get(xpath=f"{VSYS}/address/entry[@name='api-web']")
    assert len(api.element_root.find("result")) == 0


def test_what_the_schema_refuses_changes_nothing(served):
    api = xapi(served)
    api.get(xpath=f"{VSYS}/address")
    before = api.xml_result()
    for element, problem in (
        ("<entry name='bad'><ip-netmask>not-an-ip</ip-netmask></entry>", "is invalid"),
        ("<entry name='bad'><no-such-thing>x</no-such-thing></entry>", "unexpected here"),
        ("<entry name='bad'", "Malformed element"),
        ('<!DOCTYPE x [<!ENTITY e "boom">]><entry name="e">&e;</entry>', "Malformed element"),
    ):
        with pytest.raises(pan.xapi.PanXapiError, match=problem):
            api.set(xpath=f"{VSYS}/address", element=element)
    with pytest.raises(pan.xapi.PanXapiError, match="unexpected here"):
        api.set(xpath=f"{VSYS}/no-such-list", element="<entry name='x'/>")
    api.get(xpath=f"{VSYS}/address")
    assert api.xml_result() == before
    for params, text in (({"type": "nonsense"}, "Unknown type"), ({"type": "config", "action": "frob"}, "Unknown action"),
                         ({"type": "op", "cmd": "<show>"}, "Malformed command"),
                         ({"type": "op", "cmd": '<!DOCTYPE x [<!ENTITY e "all">]><show><arp><entry name="&e;"/></arp></show>'},
                          "Malformed command: entities are not allowed")):
        status, reply = raw(served, key=api.api_key or xapi(served).keygen(), **params)
        assert status == 200 and reply.get("status") == "error" and text in reply.findtext("msg/line")


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")  # the lab's own certificate
def test_a_parameter_sent_as_a_file_part_is_its_content(served):
    """curl -F element=@entry.xml: the element arrives as a file part, and is set, not ignored."""
    key = xapi(served).keygen()
    entry = b"<entry name='from-file'><ip-netmask>192.0.2.55/32</ip-netmask></entry>"
    reply = requests.post(f"https://127.0.0.1:{served.api_port_of('fw1')}/api/", verify=False, timeout=30,
                          data={"type": "config", "action": "set", "key": key, "xpath": f"{VSYS}/address"},
                          files={"element": ("entry.xml", entry)})
    assert etree.fromstring(reply.content).get("status") == "success"
    status, got = raw(served, key=key, type="config", action="get", xpath=f"{VSYS}/address/entry[@name='from-file']")
    assert got.findtext("result/entry/ip-netmask") == "192.0.2.55/32"


def test_pan_os_python_objects_commit_and_the_peer_gets_them(served):
    fw = Firewall("127.0.0.1", "admin", "admin", port=served.api_port_of("fw1"))
    assert fw.refresh_system_info().version == "10.2.9-h1"
    address = AddressObject("pp-host", "192.0.2.77/32")
    fw.add(address)
    address.create()
    address.value = "192.0.2.78/32"
    address.apply()
    assert "pp-host" in [o.name for o in AddressObject.refreshall(fw, add=False)]
    result = fw.commit(sync=True)
    assert result["success"] and result["result"] == "OK"
    with netmiko(served, "fw2") as conn:  # HA-synced: fw2's CLI has it
        assert "192.0.2.78/32" in conn.send_command("show config running | match 192.0.2.78")
    with netmiko(served, "fw1") as conn:  # and a CLI change shows over the API
        conn.send_config_set(["set address from-cli ip-netmask 198.51.100.5"])
    api = xapi(served)
    api.get(xpath=f"{VSYS}/address/entry[@name='from-cli']")
    assert api.element_root.findtext("result/entry/ip-netmask") == "198.51.100.5"


def test_a_failing_commit_reports_its_details(served):
    fw = Firewall("127.0.0.1", "admin", "admin", port=served.api_port_of("fw2"))
    fw.xapi.set(xpath="/config/devices/entry[@name='localhost.localdomain']/network/interface/ethernet/entry"
                      "[@name='ethernet1/1']/layer3", element="<mtu>9000</mtu>")
    result = fw.commit(sync=True)
    assert not result["success"] and result["result"] == "FAIL"
    assert "device: device is not in jumbo-frame mode but interface ethernet1/1 mtu is greater than 1500" in (
        result["messages"])
    assert fw.commit(sync=True) is not None  # still pending: committed again, failing again
    fw.xapi.delete(xpath="/config/devices/entry/network/interface/ethernet/entry[@name='ethernet1/1']/layer3/mtu")


def test_config_log_names_the_api_as_web(served):
    api = xapi(served)
    api.set(xpath=f"{VSYS}/tag", element="<entry name='api-tag'/>")
    with netmiko(served, "fw1") as conn:
        log = conn.send_command("show log config direction equal backward")
    line = next(line for line in log.splitlines() if "api-tag" in line)
    assert " Web " in line and " admin " in line and "set" in line


def test_pan_os_python_ha_workflow_and_failover(tmp_path):
    served = Server("--lab", str(tmp_path), "--clock", "2026-11-25T00:00:00Z")
    try:
        fw1 = Firewall("127.0.0.1", "admin", "admin", port=served.api_port_of("fw1"))
        fw2 = Firewall("127.0.0.1", "admin", "admin", port=served.api_port_of("fw2"))
        key = xapi(served).keygen()
        fw1.set_ha_peers(fw2)
        fw1.refresh_system_info(), fw2.refresh_system_info()
        fw1.refresh_ha_active()
        assert fw1.active() is fw1 and fw1.config_synced()
        assert fw1.synchronize_config() is True  # sync-to-remote, then synchronized
        fault = subprocess.run([sys.executable, "-m", "panshell", "lab", "fault", "--lab", str(tmp_path),
                                "fw1", "power", "off"], capture_output=True, text=True, timeout=60)
        assert fault.returncode == 0, fault.stderr
        address = AddressObject("after-failover", "203.0.113.9/32")
        fw1.add(address)
        address.create()  # fw1 does not answer: the client marks it failed and retries on fw2
        assert fw1.active() is fw2
        assert fw1.active().commit(sync=True)["result"] == "OK"
        api = xapi(served, "fw2")
        api.show(xpath=f"{VSYS}/address/entry[@name='after-failover']")
        assert api.element_root.findtext("result/entry/ip-netmask") == "203.0.113.9/32"
    finally:
        assert served.stop() == 0
    certificate = (tmp_path / "api-cert.pem").read_bytes()  # kept with the lab, the key unreadable to others
    assert oct((tmp_path / "api-key.pem").stat().st_mode & 0o777) == "0o600"
    again = Server("--lab", str(tmp_path))
    try:
        assert (tmp_path / "api-cert.pem").read_bytes() == certificate
        assert xapi(again, "fw2").keygen() == key  # keys stay valid across restarts (fw1 is still off)
    finally:
        assert again.stop() == 0


def test_pending_changes_log_queries_and_export(served):
    api = xapi(served, "fw2")
    api.op(cmd="<check><pending-changes></pending-changes></check>")
    assert api.element_root.findtext("result") == "no"
    api.set(xpath=f"{VSYS}/tag", element="<entry name='pending'/>")
    api.op(cmd="check pending-changes", cmd_xml=True)
    assert api.element_root.findtext("result") == "yes"
    api.log(log_type="config", nlogs=10)  # pan.xapi submits the query job and polls it
    entries = api.element_root.findall("result/log/logs/entry")
    assert entries and any(e.findtext("client") == "Web" and "pending" in (e.findtext("path") or "") for e in entries)
    status, reply = raw(served, "fw2", type="log", **{"log-type": "system", "query": "(subtype eq ha)"},
                        key=api.api_key or xapi(served, "fw2").keygen())
    job = reply.findtext("result/job")
    status, reply = raw(served, "fw2", type="log", action="get", **{"job-id": job}, key=xapi(served, "fw2").keygen())
    assert reply.findtext("result/job/status") == "FIN"
    assert {e.findtext("subtype") for e in reply.findall("result/log/logs/entry")} <= {"ha"}
    api.export(category="configuration")
    assert "<hostname>fw2</hostname>" in api.xml_document
    assert "\n          <hostname>fw2</hostname>\n" in api.xml_document  # indented for a person, unlike the lab's own files


def test_rename_clone_and_move(served):
    api = xapi(served, "fw2")
    rules = f"{VSYS}/rulebase/security/rules"
    api.clone(xpath=rules, xpath_from=f"{rules}/entry[@name='allow-inside-out']", newname="allow-in-2")
    api.rename(xpath=f"{rules}/entry[@name='allow-in-2']", newname="allow-in-copy")
    api.move(xpath=f"{rules}/entry[@name='allow-in-copy']", where="top")
    api.get(xpath=f"{rules}/entry/@name")
    names = [e.get("name") for e in api.element_root.findall("result/entry")]
    assert names[0] == "allow-in-copy" and "allow-inside-out" in names and "allow-in-2" not in names
    with pytest.raises(pan.xapi.PanXapiError, match="already exists"):
        api.rename(xpath=f"{rules}/entry[@name='allow-in-copy']", newname="allow-inside-out")
    api.delete(xpath=f"{rules}/entry[@name='allow-in-copy']")


def test_locks_save_load_and_a_forced_commit(served):
    api = xapi(served, "fw2")
    api.op(cmd="<request><config-lock><add><comment>api maintenance</comment></add></config-lock></request>")
    with netmiko(served, "fw2") as conn:
        assert "api maintenance" in conn.send_command("show config-locks")
    api.op(cmd="<request><config-lock><remove></remove></config-lock></request>")
    api.op(cmd="<save><config><to>api-backup.xml</to></config></save>")
    api.set(xpath=f"{VSYS}/tag", element="<entry name='to-be-reverted'/>")
    api.op(cmd="<load><config><from>api-backup.xml</from></config></load>")
    api.get(xpath=f"{VSYS}/tag/entry[@name='to-be-reverted']")
    assert len(api.element_root.find("result")) == 0
    api.commit(cmd="<commit><force></force></commit>", sync=True)
    assert api.element_root.findtext("result/job/result") == "OK"
    status, reply = raw(served, "fw2", type="op", cmd="<show>" + "x" * (5 * 1024 * 1024) + "</show>")
    assert status == 200 and reply.findtext("msg/line") == "Request too large"


def test_interfaces_as_napalm_reads_them(served):
    api = xapi(served)
    api.op(cmd="<show><interface>all</interface></show>")  # napalm-panos get_facts / get_interfaces
    hw = {e.findtext("name"): e for e in api.element_root.findall("result/hw/entry")}
    assert hw["ethernet1/1"].findtext("state") == "up" and hw["ethernet1/1"].findtext("speed") == "1000"
    assert hw["ethernet1/1"].findtext("mac") == "00:1b:17:00:01:10"
    assert "ethernet1/1" in [e.findtext("name") for e in api.element_root.findall("result/ifnet/entry")]


def test_napalm_panos_facts_interfaces_and_a_merge(served):
    from napalm import get_network_driver

    device = get_network_driver("panos")(hostname=f"127.0.0.1:{served.api_port_of('fw1')}", username="admin",
                                        password="admin", optional_args={"port": served.port_of("fw1")})
    device.open()
    try:
        facts = device.get_facts()
        assert (facts["hostname"], facts["os_version"], facts["model"]) == ("fw1", "10.2.9-h1", "PA-3220")
        interfaces = device.get_interfaces()
        assert interfaces["ethernet1/1"]["is_up"] and interfaces["ethernet1/1"]["speed"] == 1000.0
        arp = device.get_arp_table()  # `<show><arp><entry name = 'all'/></arp></show>`
        assert arp and all(entry["mac"] and entry["age"] > 0 for entry in arp)
        routes = device.get_route_to("10.1.1.5")  # `show routing route destination 10.1.1.5`
        assert sorted(routes) == ["0.0.0.0/0", "10.1.1.0/24"]
        assert routes["10.1.1.0/24"][0]["protocol"] == "connect" and routes["0.0.0.0/0"][0]["next_hop"] == "203.0.113.1"
        assert list(device.get_route_to("10.1.1.5", protocol="static")) == ["0.0.0.0/0"]
        device.hostname = "127.0.0.1"  # napalm's SSH takes the hostname as it is, without the API's port
        device.load_merge_candidate(config="set address napalm-added ip-netmask 192.0.2.123")
        assert "+            napalm-added {" in device.compare_config()
        device.commit_config()
        assert device.compare_config() == ""
    finally:
        device.close()


def test_pan_os_python_security_rules_and_deletes(served):
    from panos.policies import Rulebase, SecurityRule

    fw = Firewall("127.0.0.1", "admin", "admin", port=served.api_port_of("fw2"))
    rulebase = fw.add(Rulebase())
    rule = rulebase.add(SecurityRule("pp-rule", fromzone=["trust"], tozone=["untrust"], source=["any"],
                                     destination=["any"], application=["web-browsing"], service=["application-default"],
                                     action="allow"))
    rule.create()
    rule.action = "deny"
    rule.apply()
    rules = SecurityRule.refreshall(rulebase, add=False)
    assert [r.action for r in rules if r.name == "pp-rule"] == ["deny"]
    assert fw.commit(sync=True)["result"] == "OK"
    rule.delete()
    address = fw.add(AddressObject("pp-gone", "192.0.2.200/32"))
    address.create()
    address.delete()
    assert {"pp-rule", "pp-gone"}.isdisjoint(o.name for o in
                                             SecurityRule.refreshall(rulebase, add=False) + AddressObject.refreshall(fw, add=False))
    with pytest.raises(pan.xapi.PanXapiError, match="Cannot override"):
        xapi(served, "fw2").override(xpath=f"{VSYS}/address", element="<entry name='x'/>")


def test_napalm_panos_replaces_the_configuration_from_a_file(served, tmp_path):
    from napalm import get_network_driver

    api = xapi(served, "fw2")
    api.export(category="configuration")
    replacement = tmp_path / "replacement.xml"
    replacement.write_text(api.xml_document.replace("</address>", "<entry name='replaced-in'><ip-netmask>192.0.2.250/32</ip-netmask>"
                                                  "</entry></address>", 1))
    device = get_network_driver("panos")(hostname=f"127.0.0.1:{served.api_port_of('fw2')}", username="admin",
                                        password="admin", optional_args={"port": served.port_of("fw2")})
    device.open()
    try:
        device.load_replace_candidate(filename=str(replacement))  # type=import, then load config from
        api.get(xpath=f"{VSYS}/address/entry[@name='replaced-in']")
        assert api.element_root.findtext("result/entry/ip-netmask") == "192.0.2.250/32"
        device.discard_config()
        api.get(xpath=f"{VSYS}/address/entry[@name='replaced-in']")
        assert len(api.element_root.find("result")) == 0
    finally:
        device.close()
    status, reply = raw(served, "fw2", type="import", category="configuration", key=xapi(served, "fw2").keygen())
    assert reply.findtext("msg/line") == "No file uploaded"


def test_show_config_answers_with_the_configuration_itself(served):
    api = xapi(served, "fw2")
    api.op(cmd="<show><config><running></running></config></show>")
    assert api.element_root.findtext("result/config/devices/entry/deviceconfig/system/hostname") == "fw2"


def test_a_bug_is_an_error_response_not_a_traceback(monkeypatch, lab):
    from panshell.api.protocol import Api, Keys, Request

    keys = Keys(b"secret", lambda user, password: password == "admin")
    api = Api(lab, lab.devices["fw1"], keys, lambda: ["admin"])
    monkeypatch.delenv("PANSHELL_DEBUG")
    monkeypatch.setattr(Api, "_version", lambda self, session, params: 1 / 0)
    status, body = api.handle(Request({"type": "version", "key": keys.key_for("admin")}))
    reply = etree.fromstring(body)
    assert status == 200 and reply.get("status") == "error"
    assert reply.findtext("msg/line") == "internal error (ZeroDivisionError: division by zero)"
    lab.devices["fw1"].powered = False
    assert api.handle(Request({"type": "keygen", "user": "admin", "password": "admin"})) == (503, b"")


def test_runtime_tables_answer_in_xml(served):
    api = xapi(served)
    api.op(cmd="show arp all", cmd_xml=True)
    assert api.element_root.findtext("result/total") == str(len(api.element_root.findall("result/entries/entry")))
    api.op(cmd="show routing route", cmd_xml=True)
    routes = api.element_root.findall("result/entry")
    assert routes and {r.findtext("virtual-router") for r in routes} >= {"default"}
    api.op(cmd="show counter global", cmd_xml=True)
    names = [e.findtext("name") for e in api.element_root.findall("result/global/counters/entry")]
    assert names and all(names)
    api.op(cmd="show session all", cmd_xml=True)
    sessions = api.element_root.findall("result/entry")
    assert sessions and all(s.findtext("state") == "ACTIVE" and s.findtext("idx") for s in sessions)


def test_pan_os_python_locks_read_pan_os_messages(served):
    fw = Firewall("127.0.0.1", "admin", "admin", port=served.api_port_of("fw1"))
    assert fw.add_config_lock(comment="pan-os-python") is True
    assert fw.check_config_locks() is True and fw.check_commit_locks() is False
    assert fw.add_config_lock(exceptions=False) is False  # "You already own a config lock for scope"
    assert fw.remove_config_lock() is True
    assert fw.remove_config_lock(exceptions=False) is False  # "Config is not currently locked for scope"
    assert fw.add_commit_lock() is True
    assert fw.remove_commit_lock() is True
    assert fw.remove_commit_lock(exceptions=False) is False  # "Commit lock is not currently held"


def test_pan_os_python_software_updater(served):
    fw = Firewall("127.0.0.1", "admin", "admin", port=served.api_port_of("fw2"))
    fw.software.check()
    assert fw.version == "10.2.9-h1" and fw.software.versions["10.2.10-h2"]["downloaded"] is False
    assert fw.software.download("10.2.10-h2", sync=True)["success"]
    assert fw.software.install("10.2.10-h2", sync=True)["success"]  # the CLI's question is answered for the API
    fw.software.info()
    assert fw.software.versions["10.2.10-h2"]["downloaded"] is True and fw.version == "10.2.9-h1"  # until a restart


def test_an_op_argument_with_quotes_stays_one_word(served):
    api = xapi(served, "fw2")
    api.op(cmd='<request><commit-lock><add><comment>say "hi" there</comment></add></commit-lock></request>')
    api.op(cmd="show commit-locks", cmd_xml=True)
    assert api.element_root.findtext("result/commit-locks/entry/comment") == 'say "hi" there'
    api.op(cmd="<request><commit-lock><remove/></commit-lock></request>")


def test_an_api_commit_takes_the_commit_lock_and_logs_web(lab):
    from panshell.api.protocol import Api, Keys, Request
    from panshell.backend import locks

    keys = Keys(b"secret", lambda user, password: True)
    api = Api(lab, lab.devices["fw1"], keys, lambda: ["admin", "bob"])
    device = lab.devices["fw1"]
    api.handle(Request({"type": "config", "action": "set", "xpath": f"{VSYS}/tag", "element": "<entry name='t'/>",
                        "key": keys.key_for("bob")}, host="192.0.2.9"))
    locks.add(device, "commit", "admin", "", lab.clock.now())
    status, body = api.handle(Request({"type": "commit", "cmd": "<commit/>", "key": keys.key_for("bob")}))
    assert etree.fromstring(body).findtext("msg/line") == "Commit is locked by admin"  # as the CLI refuses it
    locks.remove(device, "commit", "admin")
    status, body = api.handle(Request({"type": "commit", "cmd": "<commit/>", "key": keys.key_for("bob")},
                                      host="192.0.2.9"))
    assert etree.fromstring(body).findtext("result/job") == str(device.jobs.jobs[-1].id)
    commit_entry = device.logs.config_log[-1]
    assert (commit_entry.command, commit_entry.admin, commit_entry.client, commit_entry.host) == (
        "commit", "bob", "Web", "192.0.2.9")
