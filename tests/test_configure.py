"""Configure mode: the shared candidate, set/delete/edit/show, commit jobs, save/load."""
import json

import pytest
from conftest import run
from lxml import etree

from panshell.backend.config import PanConfig
from panshell.render.config import config_set_lines
from panshell.session import Session


@pytest.fixture
def cfg(fw1):
    run(fw1, "configure")
    return fw1


def candidate_text(session, path):
    return session.device.candidate.text(path)


def test_configure_and_exit_prompts_and_edit_lines(fw1):
    assert run(fw1, "configure") == "Entering configuration mode\n[edit]\n"
    assert fw1.prompt() == "admin@fw1(active)# "
    assert run(fw1, "") == "[edit]\n"  # a bare Enter too
    assert run(fw1, "set deviceconfig system timezone UTC") == "\n[edit]\n"
    assert run(fw1, "exit") == "Exiting configuration mode\n"
    assert fw1.prompt() == "admin@fw1(active)> "


def test_set_leaves_members_and_presence(cfg):
    run(cfg, 'set address web2 ip-netmask 10.51.8.11 description "second web"')
    entry = cfg.device.candidate.find("vsys/entry[@name='vsys1']/address/entry[@name='web2']")
    assert entry.findtext("ip-netmask") == "10.51.8.11" and entry.findtext("description") == "second web"
    run(cfg, "set rulebase security rules allow-web-inbound destination [ web-server-public web2 ]")
    run(cfg, "set rulebase security rules allow-web-inbound destination web2")  # set merges members
    rule = cfg.device.candidate.find("vsys/entry[@name='vsys1']/rulebase/security/rules/entry[@name='allow-web-inbound']")
    assert [m.text for m in rule.findall("destination/member")] == ["web-server-public", "web2"]
    run(cfg, "set deviceconfig setting jumbo-frame")
    assert cfg.device.candidate.find("deviceconfig/setting/jumbo-frame") is not None
    assert cfg.device.running.find("deviceconfig/setting/jumbo-frame") is None  # only the candidate changed


def test_edit_up_top_and_relative_paths(cfg):
    assert run(cfg, "edit network interface aggregate-ethernet ae1 layer3 units ae1.518") == (
        "\n[edit network interface aggregate-ethernet ae1 layer3 units ae1.518]\n"
    )
    run(cfg, "set mtu 1400 comment 'VLAN 518'")
    unit = cfg.device.candidate.find("network/interface/aggregate-ethernet/entry/layer3/units/entry[@name='ae1.518']")
    assert unit.findtext("mtu") == "1400" and unit.findtext("comment") == "VLAN 518"
    assert run(cfg, "show mtu") == "mtu 1400;\n[edit network interface aggregate-ethernet ae1 layer3 units ae1.518]\n"
    assert run(cfg, "up").endswith("[edit network interface aggregate-ethernet ae1 layer3]\n")
    assert run(cfg, "top") == "\n[edit]\n"
    assert run(cfg, "edit deviceconfig system hostname", ok=False) == "Invalid syntax.\n[edit]\n"


def test_help_and_completion_follow_the_schema(cfg):
    assert cfg.help("set deviceconfig setting jumbo-frame mtu ") == "  <value>  <512-9216>  MTU (default 9192)\n"
    assert cfg.help("set deviceconfig setting jumbo-frame ") == (
        "> mtu      Jumbo frame MTU\n  <Enter>  Finish input\n  |        Pipe through a command\n"
    )
    assert "<Enter>" not in cfg.help("set ")
    assert cfg.completions("set deviceconfig sys") == ["system"]
    run(cfg, "edit deviceconfig")
    assert cfg.completions("set se") == ["setting"]  # relative to the edit level


@pytest.mark.parametrize(
    "line, error",
    [
        ("set deviceconfig system hostname", "Invalid syntax."),
        ("set deviceconfig bogus 1", "Invalid syntax."),
        ("set", "Invalid syntax."),
        ("set deviceconfig setting jumbo-frame mtu 100", "mtu: 100 is out of range (512-9216)\nInvalid syntax."),
        ("set deviceconfig setting jumbo-frame mtu big", "mtu: big is not a valid integer\nInvalid syntax."),
        ("set zone z network layer3 [ eth9 ]", "layer3: eth9 is not a valid interface name\nInvalid syntax."),
        ("set rulebase security rules x from [ a b", "Invalid syntax."),
        ("set network interface ethernet ethernet1/1 layer3 units ethernet1/1.5 tag 5000",
         "tag: 5000 is out of range (1-4094)\nInvalid syntax."),
        ("delete address nothere", "Server error : Object doesn't exist"),
        ("delete rulebase security rules allow-web-inbound application dns", "Server error : Object doesn't exist"),
        ("move rulebase security rules nothere top", "Server error : Object doesn't exist"),
        ("move rulebase security rules deny-all before nothere", "Server error : nothere does not exist"),
        ("rename address web-server to dmz-net", "Server error : dmz-net already exists"),
        ("load config from nothing.xml", "Server error : nothing.xml not found"),
        ("edit address web-server ip-netmask", "Invalid syntax."),
    ],
)
def test_errors_change_nothing(cfg, line, error):
    before = cfg.device.candidate.to_bytes()
    assert run(cfg, line, ok=False) == error + "\n[edit]\n"
    assert cfg.device.candidate.to_bytes() == before


def test_delete_leaf_entry_and_member(cfg):
    run(cfg, "delete deviceconfig system timezone")
    assert candidate_text(cfg, "deviceconfig/system/timezone") is None
    run(cfg, "delete rulebase security rules allow-web-inbound application ssl")
    rule = cfg.device.candidate.find("vsys/entry[@name='vsys1']/rulebase/security/rules/entry[@name='allow-web-inbound']")
    assert [m.text for m in rule.findall("application/member")] == ["web-browsing"]
    run(cfg, "delete address web-server")
    assert cfg.device.candidate.find("vsys/entry[@name='vsys1']/address/entry[@name='web-server']") is None


def rule_names(session):
    return [e.get("name") for e in session.device.candidate.entries("vsys/entry[@name='vsys1']/rulebase/security/rules")]


def test_rename_copy_and_move(cfg):
    run(cfg, "rename rulebase security rules deny-all to default-deny")
    run(cfg, "copy rulebase security rules allow-dmz-dns to allow-dmz-ntp")
    assert rule_names(cfg) == ["allow-inside-out", "allow-web-inbound", "allow-dmz-dns", "allow-dmz-ntp", "default-deny"]
    run(cfg, "move rulebase security rules default-deny top")
    run(cfg, "move rulebase security rules allow-inside-out bottom")
    run(cfg, "move rulebase security rules allow-dmz-ntp before allow-web-inbound")
    run(cfg, "move rulebase security rules default-deny after allow-dmz-dns")
    assert rule_names(cfg) == ["allow-dmz-ntp", "allow-web-inbound", "allow-dmz-dns", "default-deny", "allow-inside-out"]


def test_show_formats(cfg):
    assert run(cfg, "show deviceconfig system dns-setting") == (
        "dns-setting {\n  servers {\n    primary 192.168.1.53;\n    secondary 192.168.1.54;\n  }\n}\n[edit]\n"
    )
    assert run(cfg, "show address web-server") == (
        'web-server {\n  ip-netmask 10.51.8.10/32;\n  description "public web server";\n}\n[edit]\n'
    )
    run(cfg, "run set cli config-output-format set")
    assert run(cfg, "show address web-server") == (
        "set address web-server ip-netmask 10.51.8.10/32\n"
        'set address web-server description "public web server"\n[edit]\n'
    )
    run(cfg, "run set cli config-output-format xml")
    assert run(cfg, "show address web-server") == (
        '<entry name="web-server">\n  <ip-netmask>10.51.8.10/32</ip-netmask>\n'
        "  <description>public web server</description>\n</entry>\n[edit]\n"
    )
    run(cfg, "run set cli config-output-format json")
    shown = run(cfg, "show address web-server").removesuffix("[edit]\n")
    assert json.loads(shown) == {
        "entry": {"@name": "web-server", "ip-netmask": "10.51.8.10/32", "description": "public web server"}
    }


def _canonical(config: PanConfig) -> bytes:
    """The tree, less what `set` cannot carry: <config>'s own attributes and top-level order."""
    root = etree.fromstring(config.to_bytes(), etree.XMLParser(remove_blank_text=True))
    root.attrib.clear()
    root[:] = sorted(root, key=lambda e: e.tag)
    return etree.tostring(root, method="c14n")


def test_set_format_replayed_with_set_rebuilds_the_same_xml(lab, fw1):
    lines = config_set_lines(fw1.device.running)
    assert len(lines) > 100 and all(line.startswith("set ") for line in lines)
    fw1.device.candidate = PanConfig.from_bytes(b"<config><devices><entry name='localhost.localdomain'/></devices></config>")
    run(fw1, "configure")
    for line in lines:
        run(fw1, line)
    assert _canonical(fw1.device.candidate) == _canonical(fw1.device.running)


def test_run_an_operational_command(cfg):
    assert run(cfg, "run show clock") == "\nWed Nov 25 00:00:01 UTC 2026\n\n[edit]\n"
    assert run(cfg, "run show system info | match serial") == "serial: 012801096512\n[edit]\n"


def test_candidate_is_shared_by_the_sessions_of_a_device(lab, cfg):
    other = Session(lab, lab.devices["fw1"])
    peer = Session(lab, lab.devices["fw2"])
    run(cfg, "set address shared-obj ip-netmask 10.9.9.9")
    for session in (other, peer):
        run(session, "configure")
    assert "shared-obj" in run(other, "show address shared-obj")
    assert run(peer, "show address shared-obj") == "[edit]\n"
    assert run(other, "run show config diff").startswith("@@ ")


def test_exit_warns_about_uncommitted_changes(cfg):
    run(cfg, "set address a1 ip-netmask 10.0.0.1")
    assert run(cfg, "exit") == "Warning: the candidate configuration has uncommitted changes\nExiting configuration mode\n"


def test_revert_save_and_load(cfg):
    run(cfg, "set deviceconfig system hostname edge1")
    assert run(cfg, "save config to edge1.xml") == "Config saved to edge1.xml\n[edit]\n"
    run(cfg, "revert config")
    assert candidate_text(cfg, "deviceconfig/system/hostname") == "fw1"
    assert run(cfg, "load config from edge1.xml") == "Config loaded from edge1.xml\n[edit]\n"
    assert candidate_text(cfg, "deviceconfig/system/hostname") == "edge1"
    assert run(cfg, "load config from running-config.xml") == "Config loaded from running-config.xml\n[edit]\n"
    assert candidate_text(cfg, "deviceconfig/system/hostname") == "fw1"
    assert "hostname edge1;" in run(cfg, "run show config saved edge1.xml")


def test_load_of_a_malformed_file_changes_nothing(lab, cfg):
    cfg.device.store.save_named("broken.xml", b"<config><devices>")
    before = cfg.device.candidate.to_bytes()
    out = run(cfg, "load config from broken.xml", ok=False)
    assert out.startswith("Server error : broken.xml: malformed XML")
    assert cfg.device.candidate.to_bytes() == before
