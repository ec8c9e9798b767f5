"""The configuration schema: real configs replay and round-trip; what its annotations say
(references, required children, choices, limits, sync class, defaults) holds."""
import re
from pathlib import Path

import pytest
from conftest import START, run
from lxml import etree

from panshell.backend import schema
from panshell.backend.clock import FixedClock
from panshell.backend.config import PanConfig
from panshell.backend.synced import synced_view
from panshell.backend.lab import Lab
from panshell.render.config import config_set_lines, render
from panshell.session import Session

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "panos-configs"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared PAN-OS config corpus is not beside the repo")
EMPTY = b'<config version="10.2.0"><devices><entry name="localhost.localdomain"/></devices></config>'
PANORAMA_ONLY = re.compile(r"set (device-group|template|policy panorama|log-collector|readonly|shared admin-role \S+ role panorama)")
XML_FILES = ["aws-gwlb-vmseries_bootstrap.xml", "azure-vmseries-ha_bootstrap.xml", "iron-skillet_panos_full_mgmt-static.xml",
             "napalm-panos_running_config.xml", "skilletlib_example_config.xml"]
SET_FILES = ["batfish_ignored-lines.set", "batfish_interface.set", "batfish_interface-units.set",
             "batfish_nat-high-availability.set", "iron-skillet_panos_full_set.conf"]


def empty_device() -> Session:
    """A configure-mode session on a device whose candidate holds nothing."""
    lab = Lab.ephemeral(FixedClock(START))
    device = lab.devices["fw1"]
    device.candidate = PanConfig.from_bytes(EMPTY)
    session = Session(lab, device)
    run(session, "configure")
    return session


def replay(session: Session, lines) -> list[str]:
    """Run set/delete lines; the ones refused. A line that asks (a password) is given up, as
    Ctrl-C does: a file cannot answer it."""
    refused = []
    for line in lines:
        if not session.execute(line).ok or session.question:
            refused.append(line)
            session.question = None
    return refused


def canonical(config: PanConfig) -> bytes:
    """The XML as the set format can carry it: entry names, no other attributes (uuid, min:
    PAN-OS's metadata), the root's children in a fixed order."""
    root = etree.fromstring(config.to_bytes(), etree.XMLParser(remove_blank_text=True))
    for element in root.iter():
        for key in [k for k in element.attrib if k != "name" or element.tag != "entry"]:
            del element.attrib[key]
    root[:] = sorted(root, key=lambda e: e.tag)
    return etree.tostring(root, method="c14n")


def set_lines_of(path: Path) -> list[str]:
    lines = [line.strip() for line in path.read_text().splitlines()]
    return [line for line in lines if line and not line.startswith(("#", "!"))]


@needs_corpus
@pytest.mark.parametrize("name", XML_FILES)
def test_an_exported_config_round_trips_through_the_set_format(name):
    config = PanConfig.from_bytes((CORPUS / name).read_bytes())
    session = empty_device()
    assert replay(session, config_set_lines(config)) == []
    assert canonical(session.device.candidate) == canonical(config)


@needs_corpus
@pytest.mark.parametrize("name", SET_FILES)
def test_a_set_file_replays_on_an_empty_device_and_round_trips(name):
    lines = set_lines_of(CORPUS / name)
    session = empty_device()
    refused = replay(session, lines)
    panorama = [line for line in lines if PANORAMA_ONLY.match(line)]
    assert set(panorama) <= set(refused)  # a firewall has no device groups, templates ...
    assert all(session.execute(line).output.startswith("Invalid syntax.") for line in panorama)
    firewall_lines = len(lines) - len(panorama)
    assert (firewall_lines - len(refused) + len(panorama)) / firewall_lines >= 0.99, refused
    again = empty_device()
    assert replay(again, config_set_lines(session.device.candidate)) == []
    assert canonical(again.device.candidate) == canonical(session.device.candidate)


def test_the_values_that_exist_are_offered_first(fw1):
    run(fw1, "configure")
    assert fw1.help("set rulebase security rules r1 from ").splitlines()[:5] == [
        "  any      Zone or any", "  dmz      Zone or any", "  trust    Zone or any", "  untrust  Zone or any",
        "  <value>  Zone or any",
    ]
    assert fw1.completions("set rulebase security rules r1 to u") == ["untrust"]
    assert fw1.completions("set address web") == ["web-server", "web-server-public"]  # the entries there are
    assert fw1.completions("set rulebase security rules r1 source dns") == ["dns-servers"]
    assert fw1.completions("set zone dmz network layer3 ethernet1/") == [f"ethernet1/{n}" for n in range(1, 9)]


def test_a_reference_to_nothing_fails_the_commit(fw1):
    run(fw1, "configure")
    run(fw1, "set address-group grp static [ web-server ghost ]")
    out = run(fw1, "commit", ok=False)
    assert " address-group -> grp -> static 'ghost' is not a valid reference\n address-group -> grp -> static is invalid\n" in out
    assert "Commit failed" in out


def test_required_children_fail_the_commit(fw1):
    run(fw1, "configure")
    run(fw1, 'set address typeless description "no type"')
    run(fw1, "set rulebase security rules half from trust to untrust")
    out = run(fw1, "commit", ok=False)
    assert " address -> typeless is missing 'ip-netmask' or 'ip-range' or 'fqdn' or 'ip-wildcard'\n" in out
    for child in ("source", "destination", "application", "service", "action"):
        assert f" rulebase -> security -> rules -> half is missing '{child}'\n" in out
    assert "'from'" not in out and "Commit failed" in out


def test_a_second_choice_is_refused_and_changes_nothing(fw1):
    run(fw1, "configure")
    run(fw1, "set address a1 ip-netmask 10.1.1.1")
    before = fw1.device.candidate.to_bytes()
    out = fw1.execute("set address a1 fqdn www.example.com").output
    assert out.startswith("Server error : fqdn unexpected here: ip-netmask is already set")
    assert fw1.device.candidate.to_bytes() == before
    run(fw1, "set address a1 ip-netmask 10.1.1.2")  # the same choice again is a change of value


def test_names_have_limits(fw1):
    run(fw1, "configure")
    out = fw1.execute("set address " + "a" * 100_000 + " ip-netmask 10.0.0.1").output
    assert out.endswith(" is longer than 63 characters\nInvalid syntax.\n[edit]\n") and len(out) < 200
    assert fw1.execute('set deviceconfig system hostname "bad host name!"').output == (
        "hostname: bad host name! is not a valid hostname\nInvalid syntax.\n[edit]\n")
    assert fw1.execute("set deviceconfig system hostname " + "h" * 32).output.startswith("hostname: ")
    run(fw1, "set deviceconfig system hostname " + "h" * 31)


def test_device_local_subtrees_come_from_the_schema_and_do_not_sync(lab):
    assert schema.index().local == {("deviceconfig", "system"), ("deviceconfig", "setting"),
                                    ("deviceconfig", "high-availability")}
    fw1 = lab.devices["fw1"].running
    before = synced_view(fw1)
    fw1.find("deviceconfig/system/hostname").text = "renamed"
    assert synced_view(fw1) == before
    etree.SubElement(fw1.find("deviceconfig"), "extra")  # deviceconfig's other parts do sync
    assert synced_view(fw1) != before


def test_defaults_come_from_the_schema(lab):
    device = lab.devices["fw1"]
    group = device.running.find("deviceconfig/high-availability/group")
    priority = group.find("election-option/device-priority")
    priority.getparent().remove(priority)
    assert device.ha_priority == 100 and schema.default("deviceconfig/setting/jumbo-frame/mtu") == "9192"


def test_an_entry_without_a_name_is_shown():
    config = PanConfig.from_bytes(
        b"<config><devices><entry name='localhost.localdomain'/></devices><shared><report-group>"
        b"<entry name='g'><all><entry><page-break>yes</page-break></entry></all></entry></report-group></shared></config>")
    assert "entry {" in render(config, None, "default")
    assert "set shared report-group g all entry page-break yes" in config_set_lines(config)


def test_set_config_names_the_root_element(fw1):
    run(fw1, "configure")
    run(fw1, "set config shared log-settings system critical send-email")
    assert fw1.device.candidate.root.find("shared/log-settings/system/critical/send-email") is not None
    assert fw1.device.candidate.root.find("config") is None


def test_an_unknown_subtree_is_kept_shown_and_committed(fw1):
    """A well-formed part the schema does not know (a newer release's setting, say) stays."""
    config = fw1.device.candidate
    unknown = etree.SubElement(config.find("deviceconfig/setting"), "future-feature")
    etree.SubElement(unknown, "knob").text = "on"
    run(fw1, "configure")
    assert "  future-feature {\n    knob on;\n  }\n" in run(fw1, "show deviceconfig setting")
    assert "Configuration committed successfully" in run(fw1, "commit")
    assert fw1.device.running.text("deviceconfig/setting/future-feature/knob") == "on"
    assert b"<future-feature>" in fw1.device.running.to_bytes()


def test_a_password_is_asked_twice_and_kept_as_its_md5_crypt_hash(fw1):
    from panshell.backend.passwords import md5_crypt

    run(fw1, "configure")
    assert run(fw1, "set mgt-config users trainee password") == ""
    assert fw1.prompt() == "Enter password   : " and fw1.completions("") == []
    run(fw1, "paloalto1")
    assert fw1.prompt() == "Confirm password : "
    assert run(fw1, "paloalto1") == "\n[edit]\n"
    phash = fw1.device.candidate.root.findtext("mgt-config/users/entry[@name='trainee']/phash")
    assert phash == md5_crypt("paloalto1", phash.split("$")[2]) and md5_crypt("password", "saltsalt") == (
        "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/")  # as `openssl passwd -1 -salt saltsalt password`
    run(fw1, "set mgt-config users trainee password")
    run(fw1, "one")
    assert run(fw1, "two", ok=False) == "Passwords do not match\n[edit]\n"
    assert fw1.device.candidate.root.findtext("mgt-config/users/entry[@name='trainee']/phash") == phash
