"""Op commands over the XML API answer in their XML form, from the same result the CLI prints:
the shapes of published captures (HA state, VPN SAs, routes, counters) and of the fields the
API's clients read (sessions, the management port)."""
import pytest
from conftest import run
from lxml import etree
from test_runtime import add_tunnel

from panshell.api.protocol import Api, Keys, Request


@pytest.fixture
def op(lab):
    """An op command on fw1's API (as pan.xapi sends it), answered as an element."""
    keys = Keys(b"secret", lambda user, password: True)
    api = Api(lab, lab.devices["fw1"], keys, lambda: ["admin"])

    def answer(cmd: str) -> etree._Element:
        status, body = api.handle(Request({"type": "op", "cmd": cmd, "key": keys.key_for("admin")}))
        assert status == 200
        return etree.fromstring(body)

    return answer


def test_high_availability_state_has_the_captures_fields(op, lab):
    group = op("<show><high-availability><all/></high-availability></show>").find("result/group")
    local, peer = group.find("local-info"), group.find("peer-info")
    assert (local.findtext("state"), peer.findtext("state"), peer.findtext("conn-status")) == ("active", "passive", "up")
    assert local.findtext("build-rel") == peer.findtext("build-rel") == "10.2.9-h1"
    assert [local.findtext(tag) for tag in ("build-compat", "app-compat", "av-compat", "threat-compat")] == ["Match"] * 4
    assert (local.findtext("ha1-port"), local.findtext("ha2-port"), local.findtext("state-sync")) == ("ha1-a", "hsci",
                                                                                                     "Complete")
    assert peer.findtext("conn-ha2/conn-ka-enbled") == "no"  # PAN-OS's own spelling
    assert (local.findtext("max-flaps"), local.findtext("preempt-flap-cnt")) == ("3", "0")
    assert group.find("link-monitoring/groups") is not None and group.find("path-monitoring/virtual-router") is not None
    assert (group.findtext("running-sync"), group.findtext("running-sync-enabled")) == ("synchronized", "yes")
    state = op("<show><high-availability><state/></high-availability></show>").find("result/group")
    assert [e.tag for e in state.iter()] == [e.tag for e in group.iter()]  # `state` answers as `all` does


def test_suspend_answers_as_the_api_guide_shows_and_the_state_says_why(op, lab):
    answer = op("<request><high-availability><state><suspend/></state></high-availability></request>")
    assert answer.findtext("result") == "Successfully changed HA state to suspended"
    local = op("<show><high-availability><all/></high-availability></show>").find("result/group/local-info")
    assert (local.findtext("state"), local.findtext("last-error-state"), local.findtext("last-error-reason")) == (
        "suspended", "suspended", "User requested")
    peer = lab.devices["fw2"]
    assert op("<show><high-availability><state/></high-availability></show>").findtext(
        "result/group/peer-info/state") == peer.ha_state == "active"


def test_a_dark_peer_is_unknown(op, lab):
    from panshell.backend.ha import faults

    faults.power(lab.pair, lab.devices["fw2"], False)
    peer = op("<show><high-availability><all/></high-availability></show>").find("result/group/peer-info")
    assert (peer.findtext("conn-status"), peer.findtext("state"), peer.findtext("conn-ha1/conn-status")) == (
        "down", "unknown", "down")


def test_session_info_and_one_session(op, fw1):
    info = op("<show><session><info/></session></show>").find("result")
    sessions = op("<show><session><all/></session></show>").findall("result/entry")
    assert info.findtext("num-active") == str(len(sessions)) and int(info.findtext("num-max")) > len(sessions)
    assert (info.findtext("tmo-tcp"), info.findtext("tcp-nonsyn-rej"), info.findtext("dp")) == ("3600", "True", "*.dp0")
    assert f"{'Number of allocated sessions:':<49}{len(sessions)}\n" in run(fw1, "show session info")
    first = sessions[0]
    one = op(f"<show><session><id>{first.findtext('idx')}</id></session></show>").find("result")
    assert (one.findtext("c2s/source"), one.findtext("c2s/sport"), one.findtext("s2c/source")) == (
        first.findtext("source"), first.findtext("sport"), first.findtext("xdst"))
    assert (one.findtext("application"), one.findtext("rule"), one.findtext("igr-if")) == (
        first.findtext("application"), first.findtext("security-rule"), first.findtext("ingress"))
    text = run(fw1, f"show session id {first.findtext('idx')}")
    assert f"        {'rule':<37}: {one.findtext('rule')}\n" in text
    assert f"        {'timeout':<37}: {one.findtext('timeout')} sec\n" in text
    wrong = op("<show><session><id>1</id></session></show>")
    assert (wrong.get("status"), wrong.findtext("msg/line")) == ("error", "Session 1 is not valid")


def test_the_management_port(op, fw1):
    result = op("<show><interface>management</interface></show>").find("result")
    assert [result.findtext(f"info/{tag}") for tag in ("state", "state_c", "speed", "duplex_c")] == [
        "up", "auto", "1000", "auto"]
    text = run(fw1, "show interface management")
    assert f"Ip address: {result.findtext('info/ip')}\n" in text
    assert int(result.findtext("counters/tx-packets")) >= 87 and f"{'packets transmitted':<34}" in text


def test_vpn_security_associations(op, lab):
    empty = op("<show><vpn><ipsec-sa/></vpn></show>").find("result")
    assert (empty.findtext("ntun"), len(empty.find("entries"))) == ("0", 0)
    assert len(op("<show><vpn><ike-sa/></vpn></show>").find("result")) == 0
    add_tunnel(lab.devices["fw1"])
    ike = op("<show><vpn><ike-sa/></vpn></show>").find("result/entry")
    assert [ike.findtext(t) for t in ("name", "created", "expires", "gwid", "role", "mode", "algo")] == [
        "branch-gw", "Nov.24 23:45:56", "Nov.25 07:45:56", "1", "Init", "Main", "PSK/ DH2/ A128/SHA1"]
    ipsec = op("<show><vpn><ipsec-sa/></vpn></show>").find("result")
    sa = ipsec.find("entries/entry")
    assert ipsec.findtext("ntun") == "1"
    assert [sa.findtext(t) for t in ("name", "gateway", "tid", "remote", "i_spi", "o_spi", "life")] == [
        "branch-tunnel", "branch-gw", "1", "198.51.100.7          ", str(0xBBB1088D), str(0xBB63A315), "2753"]


def test_tables_and_texts(op):
    routes = op("<show><routing><route/></routing></show>").find("result")
    assert routes.findtext("flags").startswith("flags: A:active, ?:loose") and routes.find("entry") is not None
    counters = op("<show><counter><global/></counter></show>").find("result")
    assert counters.findtext("dp") == "dp0" and counters.findtext("global/t") is not None
    clock = op("<show><clock/></show>").findtext("result")
    assert clock.endswith("2026") and len(clock.split()) == 6
