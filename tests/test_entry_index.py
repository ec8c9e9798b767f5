"""The index of named entries (backend/config.py): every edit keeps it right, so a lookup by name
answers what a scan of the siblings would, whatever was renamed, deleted, moved, copied, loaded or
reverted before it."""
import pytest
from conftest import run
from lxml import etree

from panshell.backend import configapi
from panshell.backend.config import PanConfig
from panshell.backend.partial import Scope, scoped

ADDRESS = "vsys/entry[@name='vsys1']/address"
RULES = "vsys/entry[@name='vsys1']/rulebase/security/rules"


def assert_index_right(config: PanConfig) -> None:
    """Each name of each list answers its first entry; a name no list holds answers None."""
    for parent in config.root.iter():
        entries = list(parent.iterchildren("entry"))
        for entry in entries:
            first = next(e for e in entries if e.get("name") == entry.get("name"))
            assert config.entry(parent, entry.get("name")) is first
        assert config.entry(parent, "no-such-entry") is None


def names(config: PanConfig, path: str) -> list[str]:
    return [e.get("name") for e in config.entries(path)]


@pytest.fixture
def cfg(fw1):
    run(fw1, "configure")
    for line in ("set address a1 ip-netmask 10.0.0.1", "set address a2 ip-netmask 10.0.0.2",
                 "set address a3 ip-netmask 10.0.0.3",
                 "set rulebase security rules r1 from trust to untrust source a1 destination a2"
                 " application any service any action allow",
                 "set rulebase security rules r2 from trust to untrust source a2 destination a3"
                 " application any service any action allow"):
        run(fw1, line)
    return fw1


def test_rename_frees_the_old_name_and_takes_the_new(cfg):
    run(cfg, "rename address a2 to b2")
    candidate = cfg.device.candidate
    assert_index_right(candidate)
    run(cfg, "set address a2 ip-netmask 10.9.9.2")  # a new a2, b2 untouched
    assert candidate.find(f"{ADDRESS}/entry[@name='b2']/ip-netmask").text == "10.0.0.2"
    assert candidate.find(f"{ADDRESS}/entry[@name='a2']/ip-netmask").text == "10.9.9.2"
    assert run(cfg, "rename address a1 to b2", ok=False) == "Server error : b2 already exists\n[edit]\n"
    assert_index_right(candidate)


def test_delete_then_set_makes_the_entry_anew(cfg):
    run(cfg, "delete address a1")
    candidate = cfg.device.candidate
    assert_index_right(candidate)
    assert run(cfg, "show address a1") == "[edit]\n"
    run(cfg, "set address a1 fqdn example.com")  # no ip-netmask left to conflict with
    assert candidate.find(f"{ADDRESS}/entry[@name='a1']/fqdn").text == "example.com"
    run(cfg, "delete address")  # the whole list, and the index of what it held
    assert_index_right(candidate)
    run(cfg, "set address a3 ip-netmask 10.0.0.33")
    assert names(candidate, "vsys/entry[@name='vsys1']/address") == ["a3"]
    assert_index_right(candidate)


def test_copy_and_move_keep_every_name_found(cfg):
    run(cfg, "copy rulebase security rules r1 to r1-copy")
    run(cfg, "move rulebase security rules r2 top")
    run(cfg, "move rulebase security rules r1-copy after r2")
    candidate = cfg.device.candidate
    order = names(candidate, RULES)
    assert order[:2] == ["r2", "r1-copy"] and order.index("r1") > 1
    assert_index_right(candidate)
    run(cfg, "set rulebase security rules r1-copy description copied")
    assert candidate.find(f"{RULES}/entry[@name='r1-copy']/description").text == "copied"
    assert candidate.find(f"{RULES}/entry[@name='r1']/description") is None
    assert run(cfg, "move rulebase security rules r1 before nothing", ok=False) == (
        "Server error : nothing does not exist\n[edit]\n")


def test_load_and_revert_give_a_candidate_whose_names_are_found(cfg):
    run(cfg, "save config to with-a3.xml")
    run(cfg, "delete address a3")
    run(cfg, "load config from with-a3.xml")
    assert "a3" in names(cfg.device.candidate, "vsys/entry[@name='vsys1']/address")
    run(cfg, "set address a3 description loaded")
    assert cfg.device.candidate.find(f"{ADDRESS}/entry[@name='a3']/description").text == "loaded"
    assert_index_right(cfg.device.candidate)
    run(cfg, "revert config")
    assert run(cfg, "show address a3") == "[edit]\n"
    run(cfg, "set address a3 ip-netmask 10.0.0.3")
    assert names(cfg.device.candidate, "vsys/entry[@name='vsys1']/address")[-1] == "a3"
    assert_index_right(cfg.device.candidate)


def test_commit_and_partial_commit_copies_are_indexed_on_their_own(cfg):
    run(cfg, "commit")
    running = cfg.device.running
    assert running is not cfg.device.candidate
    run(cfg, "rename address a1 to c1")
    assert running.entry(running.find("vsys/entry[@name='vsys1']/address"), "a1") is not None
    partial = scoped(running, cfg.device.candidate, cfg.device.pending, Scope(admins=("admin",)))
    assert "c1" in names(partial, "vsys/entry[@name='vsys1']/address")
    assert "a1" not in names(partial, "vsys/entry[@name='vsys1']/address")
    for config in (running, cfg.device.candidate, partial):
        assert_index_right(config)


def test_api_edits_keep_the_index(cfg):
    candidate = cfg.device.candidate
    base = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']"
    target = configapi.ensure(candidate, f"{base}/address")
    for element in configapi.parse_element("<entry name='api1'><fqdn>a.example</fqdn></entry>"):
        configapi.merge(candidate, target, element)
    configapi.replace(candidate, f"{base}/address/entry[@name='a2']",
                      configapi.parse_element("<entry name='a2'><fqdn>b.example</fqdn></entry>")[0])
    assert_index_right(candidate)
    run(cfg, "set address api1 description merged")
    run(cfg, "set address a2 description replaced")
    assert candidate.find(f"{ADDRESS}/entry[@name='api1']/description").text == "merged"
    assert candidate.find(f"{ADDRESS}/entry[@name='a2']/fqdn").text == "b.example"
    candidate.remove(candidate.find(f"{ADDRESS}/entry[@name='api1']"))
    assert_index_right(candidate)


def test_entries_that_share_a_name_are_found_as_an_xpath_finds_them():
    config = PanConfig(etree.fromstring(
        "<config><devices><entry name='localhost.localdomain'><vsys><entry name='vsys1'><address>"
        "<entry name='dup'><fqdn>first</fqdn></entry><entry name='dup'><fqdn>second</fqdn></entry>"
        "<entry name='other'/></address></entry></vsys></entry></devices></config>"))
    address = config.find("vsys/entry/address")
    assert config.entry(address, "dup").findtext("fqdn") == "first"
    config.remove(config.entry(address, "dup"))
    assert config.entry(address, "dup").findtext("fqdn") == "second"
    config.rename(config.entry(address, "other"), "dup")  # shared again
    assert config.entry(address, "dup").findtext("fqdn") == "second"
    assert_index_right(config)


@pytest.mark.parametrize("xpath", [
    "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']/address/entry[@name='b2']",
    "/config/devices/entry/vsys/entry/address/entry",
    "/config/devices/entry/vsys/entry/address/entry[@name=\"a3\"]",
    "/config/devices/entry/vsys/entry/address/entry[@name='a2']",
    "/config/devices/entry/vsys/entry/address/entry/@name",
    "/config/devices/entry/vsys/entry/rulebase/security/rules/entry[@name='r1']/source/member",
    "/config/devices/entry/vsys/entry/address/entry[last()]",
    "/config/devices/entry/vsys/entry/address/..",
])
def test_an_api_xpath_names_what_the_xpath_engine_finds(cfg, xpath):
    run(cfg, "rename address a2 to b2")
    candidate = cfg.device.candidate
    assert configapi.select(candidate, xpath) == candidate.root.getroottree().xpath(xpath)
