"""Any request the API is sent gets a PAN-OS answer (never a bug), and a refused one changes
nothing: requests made of the API's own words, realistic XPaths and elements, and noise."""
from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from panshell.api.protocol import Api, Keys, Request
from panshell.backend.clock import FixedClock
from panshell.backend.lab import Lab

DEVICE = "/config/devices/entry[@name='localhost.localdomain']"
XPATHS = [DEVICE + "/vsys/entry[@name='vsys1']/address", DEVICE + "/vsys/entry[@name='vsys1']/address/entry[@name='a']",
          DEVICE + "/vsys/entry[@name='vsys1']/rulebase/security/rules", DEVICE + "/deviceconfig/system",
          DEVICE + "/network/interface/ethernet/entry[@name='ethernet1/1']", "/config/shared", "/config", "",
          "/config/nowhere", "//entry", DEVICE + "/vsys/entry[@name='vsys1']/address/entry[@name=']"]
ELEMENTS = ["<entry name='a'><ip-netmask>10.0.0.1/32</ip-netmask></entry>", "<hostname>x</hostname>",
            "<entry name='a'><ip-netmask>not-an-ip</ip-netmask></entry>", "<bogus/>", "<entry/>", "<a><b>",
            '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><hostname>&e;</hostname>', "", "<mtu>9000</mtu>"]
CMDS = ["<show><system><info/></system></show>", "<show><jobs><all/></jobs></show>", "<commit/>",
        "<commit><partial><admin><member>admin</member></admin></partial></commit>", "<commit><force/></commit>",
        "<show><bogus/></show>", "<request><high-availability><state><suspend/></state></high-availability></request>",
        "<load><config><from>nope.xml</from></config></load>", "<revert><config/></revert>", "show clock", "<", ""]
words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
params = st.fixed_dictionaries(
    {"type": st.sampled_from(["op", "config", "commit", "version", "log", "export", "keygen", "import"]) | words},
    optional={"action": st.sampled_from(["get", "show", "set", "edit", "delete", "rename", "clone", "move",
                                         "override", "get"]) | words,
              "xpath": st.sampled_from(XPATHS) | words, "element": st.sampled_from(ELEMENTS) | words,
              "cmd": st.sampled_from(CMDS) | words, "newname": st.sampled_from(["b", "a", ""]) | words,
              "where": st.sampled_from(["top", "bottom", "before", "after"]) | words,
              "dst": st.sampled_from(["a", "b"]), "from": st.sampled_from(XPATHS),
              "log-type": st.sampled_from(["system", "config", "traffic"]) | words,
              "nlogs": st.sampled_from(["5", "-1", "x", "999999"]), "category": st.sampled_from(["configuration", "x"]),
              "user": st.sampled_from(["admin", "x"]), "password": st.sampled_from(["admin", "x"])})

LAB = Lab.ephemeral(FixedClock(datetime(2026, 11, 25, tzinfo=timezone.utc)))
KEYS = Keys(b"secret", lambda user, password: (user, password) == ("admin", "admin"))
API = Api(LAB, LAB.devices["fw1"], KEYS, lambda: ["admin"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params, st.booleans())
def test_any_request_gets_a_pan_os_answer_and_a_refusal_changes_nothing(request, keyed):
    device = LAB.devices["fw1"]
    if keyed:
        request["key"] = KEYS.key_for("admin")
    before = device.candidate.to_bytes(), device.running.to_bytes()
    status, body = API.handle(Request(request))
    assert status in (200, 403, 503)
    if request.get("type") == "export" and status == 200 and keyed and request.get("category") == "configuration":
        return  # the configuration itself
    answer = etree.fromstring(body)
    assert answer.tag == "response" and answer.get("status") in ("success", "error")
    assert "internal error" not in "".join(answer.itertext())
    if answer.get("status") == "error" or status != 200:
        assert (device.candidate.to_bytes(), device.running.to_bytes()) == before
