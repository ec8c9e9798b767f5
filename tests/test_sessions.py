"""Sessions and counters: `show session all filter`, the time to live of `show session id`,
`clear session all [filter ...]|id` (on this device and, over HA2, its passive peer) and `show counter
global filter` with its deltas."""
import re
from datetime import timedelta

import pytest
import test_api_views
from conftest import run
from ntc_templates.parse import parse_output
from test_runtime import configure

from panshell.backend import runtime

op = test_api_views.op  # the fixture: an op command on fw1's API

SESSION_57675 = """
--------------------------------------------------------------------------------
ID          Application    State   Type Flag  Src[Sport]/Zone/Proto (translated IP[Port])
Vsys                                          Dst[Dport]/Zone (translated IP[Port])
--------------------------------------------------------------------------------
57675        ssl            ACTIVE  FLOW  NS   10.1.1.155[53330]/trust/6  (203.0.113.2[44339])
vsys1                                          142.250.80.46[443]/untrust  (142.250.80.46[443])

"""


def ids(out: str) -> list[int]:
    """The session ids of a `show session all` table."""
    return [int(line.split()[0]) for line in out.splitlines() if line[:1].isdigit()]


def sessions(session) -> dict:
    return runtime.tables(session.device).sessions


# -- show session all filter ---------------------------------------------------------------


def test_a_filter_keeps_the_sessions_it_names(fw1):
    assert run(fw1, "show session all filter source 10.1.1.155") == SESSION_57675
    assert run(fw1, "show session all filter") == run(fw1, "show session all")


NAT = {"NS": "source", "ND": "destination", "NB": "both", "": "none"}
FILTERS = [  # (the filter, which sessions of the lab's table it keeps)
    ("destination 203.0.113.10", lambda s: s.destination == "203.0.113.10"),
    ("destination-port 53", lambda s: s.dport == 53),
    ("source-port 53330", lambda s: s.sport == 53330),
    ("protocol 17", lambda s: s.proto == 17),
    ("protocol 6 from untrust", lambda s: s.proto == 6 and s.from_zone == "untrust"),
    ("application dns to trust", lambda s: s.application == "dns" and s.to_zone == "trust"),
    ("rule allow-inside-out", lambda s: s.rule == "allow-inside-out"),
    ("nat source", lambda s: NAT[s.flag] == "source"),
    ("nat destination", lambda s: NAT[s.flag] == "destination"),
    ("nat none", lambda s: NAT[s.flag] == "none"),
    ("nat both", lambda s: NAT[s.flag] == "both"),
    ("state active type flow", lambda s: s.state == "ACTIVE" and s.type == "FLOW"),
    ("state discard", lambda s: s.state == "DISCARD"),
    ("type predict", lambda s: s.type == "PRED"),
]


@pytest.mark.parametrize("words, keeps", FILTERS, ids=[words for words, _ in FILTERS])
def test_filters_match_the_lab_table(fw1, words, keeps):
    expected = sorted(sid for sid, s in sessions(fw1).items() if keeps(s))
    out = run(fw1, f"show session all filter {words}")
    assert ids(out) == expected
    if not expected:
        assert out == "\nNo Active Sessions\n\n"
    assert run(fw1, f"show session all filter {words} count yes") == (
        f"\nNumber of sessions that match filter: {len(expected)}\n\n")


def test_filter_keys_come_in_any_order_each_once(fw1):
    one = run(fw1, "show session all filter nat destination protocol 6 from untrust count no")
    assert ids(one) and one == run(fw1, "show session all filter from untrust count no protocol 6 nat destination")
    assert run(fw1, "show session all filter protocol 6 protocol 17", ok=False) == "Invalid syntax.\n"


@pytest.mark.parametrize("words, error", [
    ("source 10.1.1", "source: 10.1.1 is not a valid IPv4 address"),
    ("destination-port 0", "destination-port: 0 is out of range (1-65535)"),
    ("protocol 256", "protocol: 256 is out of range (1-255)"),
    ("nat sideways", "nat: sideways is not a valid choice"),
    ("state asleep", "state: asleep is not a valid choice"),
    ("count maybe", "count: maybe is not a valid choice"),
])
def test_a_bad_filter_value_is_refused(fw1, words, error):
    assert run(fw1, f"show session all filter {words}", ok=False) == f"{error}\nInvalid syntax.\n"


def test_the_count_over_the_api(op):
    assert op("<show><session><all><filter><nat>source</nat><count>yes</count></filter></all></session></show>"
              ).findtext("result/member") == "Number of sessions that match filter: 4"
    nothing = op("<show><session><all><filter><rule>nope</rule><count>yes</count></filter></all></session></show>")
    assert nothing.get("status") == "success" and len(nothing.find("result")) == 0
    entries = op("<show><session><all><filter><protocol>17</protocol></filter></all></session></show>")
    assert {e.findtext("proto") for e in entries.findall("result/entry")} == {"17"}


# -- show session id: time to live -------------------------------------------------------


def test_the_time_to_live_follows_the_timeout_while_traffic_flows(lab, fw1, fw2, op):
    for sid, timeout in ((57675, 3600), (26508, 30), (117683, 6)):
        out = run(fw1, f"show session id {sid}")
        assert (f"        {'timeout':<37}: {timeout} sec\n        {'time to live':<37}: {timeout} sec\n"
                f"        {'total byte count(c2s)':<37}: ") in out
        lab.clock.advance(timedelta(minutes=10))  # every second's packets restart the idle timer
        assert f"        {'time to live':<37}: {timeout} sec\n" in run(fw2, f"show session id {sid}")
        assert op(f"<show><session><id>{sid}</id></session></show>").findtext("result/ttl") == str(timeout)


# -- clear session ---------------------------------------------------------------------


def test_clear_session_id_ends_the_session_on_both_members(fw1, fw2, op):
    before = dict(sessions(fw1))
    packets = runtime.counter_values(fw1.device, fw1.lab.clock.now())["pkt_recv"]
    assert run(fw1, "clear session id 57675") == "\nSession 57675 cleared\n\n"
    assert set(sessions(fw1)) == set(before) - {57675} == set(sessions(fw2))  # HA2 carried the deletion
    for session in (fw1, fw2):
        assert run(session, "show session id 57675", ok=False) == "Session 57675 is not valid\n"
        assert run(session, "show session all filter source 10.1.1.155") == "\nNo Active Sessions\n\n"
    assert run(fw1, "clear session id 57675", ok=False) == "Session 57675 is not valid\n"
    assert f"{'Number of allocated sessions:':<49}{len(before) - 1}\n" in run(fw1, "show session info")
    assert runtime.counter_values(fw1.device, fw1.lab.clock.now())["pkt_recv"] > packets  # its packets stay counted
    assert op("<clear><session><id>39360</id></session></clear>").findtext("result/member") == "Session 39360 cleared"


def test_clear_session_all_empties_both_tables_and_no_rebuild_brings_them_back(fw1, fw2):
    cleared = set(sessions(fw1))
    assert run(fw1, "clear session all") == "\nsessions cleared\n\n"
    assert run(fw1, "show session all") == run(fw2, "show session all") == "\nNo Active Sessions\n\n"
    assert "Number of sessions created since bootup:         12\n" in run(fw1, "show session info")
    configure(fw1, "set rulebase security rules dns-out from trust to untrust source any destination any "
                   "application dns service application-default action allow")  # a commit rebuilds the mix
    new = set(sessions(fw1))
    assert new and not new & cleared  # only the new rule's flows, under ids of their own
    run(fw1, "request high-availability sync-to-remote runtime-state")
    assert set(sessions(fw2)) == new
    run(fw1, "request high-availability state suspend")  # fw2 takes over the traffic
    runtime.invalidate(fw2.device)  # a commit on the new active: it originates the traffic itself
    assert fw2.device.ha_state == "active" and set(runtime.tables(fw2.device).own.sessions) == new


def test_clear_session_all_filter_ends_only_the_matching_sessions_on_both_members(fw1, fw2, op):
    every = dict(sessions(fw1))
    dns_from_dmz = {sid for sid, s in every.items() if s.application == "dns" and s.from_zone == "dmz"}
    assert dns_from_dmz and dns_from_dmz != set(every)
    assert run(fw1, "clear session all filter application dns from dmz") == "\nsessions cleared\n\n"
    assert set(sessions(fw1)) == set(every) - dns_from_dmz == set(sessions(fw2))  # HA2 carried the deletions
    assert run(fw2, "show session all filter application dns from dmz") == "\nNo Active Sessions\n\n"
    assert run(fw1, "show session all filter application dns count yes") == (
        "\nNumber of sessions that match filter: 1\n\n")
    assert run(fw1, "clear session all filter source 192.0.2.99") == "\nsessions cleared\n\n"  # none match
    assert len(sessions(fw1)) == len(every) - len(dns_from_dmz)
    cleared = op("<clear><session><all><filter><protocol>6</protocol></filter></all></session></clear>")
    assert cleared.findtext("result/member") == "sessions cleared"
    assert {s.proto for s in sessions(fw1).values()} == {1, 17} and sessions(fw1).keys() == sessions(fw2).keys()


def test_clear_session_all_filter_takes_the_show_filter_keys_but_count(fw1):
    keys = fw1.help("show session all filter ")
    assert fw1.help("clear session all filter ") == keys.replace(
        "+ count             Show only the number of matching sessions\n", "")
    before = set(sessions(fw1))
    for line, error in (("clear session all filter destination-port 70000",
                         "destination-port: 70000 is out of range (1-65535)\nInvalid syntax.\n"),
                        ("clear session all filter source 10.1.1",
                         "source: 10.1.1 is not a valid IPv4 address\nInvalid syntax.\n"),
                        ("clear session all filter state gone",
                         "state: gone is not a valid choice\nInvalid syntax.\n"),
                        ("clear session all filter count yes", "Invalid syntax.\n"),
                        ("clear session all filter rule a rule b", "Invalid syntax.\n")):
        assert run(fw1, line, ok=False) == error
    assert set(sessions(fw1)) == before  # a failing command changes nothing


def test_the_passive_clears_only_its_copies_until_the_next_sync(fw1, fw2, op):
    every = set(sessions(fw1))
    assert run(fw2, "clear session all") == "\nsessions cleared\n\n"
    assert run(fw2, "show session all") == "\nNo Active Sessions\n\n" and set(sessions(fw1)) == every
    run(fw1, "request high-availability sync-to-remote runtime-state")
    assert set(sessions(fw2)) == every
    cleared = op("<clear><session><all/></session></clear>")
    assert (cleared.get("status"), cleared.findtext("result/member")) == ("success", "sessions cleared")
    assert sessions(fw1) == sessions(fw2) == {}


def test_cleared_sessions_stay_cleared_when_the_lab_reopens(panshell, tmp_path):
    env = {"PANSHELL_LAB": str(tmp_path / "lab"), "PANSHELL_CLOCK": "2026-11-25T00:00:00Z"}
    assert panshell(stdin="clear session id 57675\n", env=env).returncode == 0
    proc = panshell(stdin="show session all | match 10.1.1.155\nshow session info | match allocated\n", env=env)
    assert proc.stdout == (
        "admin@fw1(active)> show session all | match 10.1.1.155\n"
        "admin@fw1(active)> show session info | match allocated\n"
        "Number of allocated sessions:                    11\n")
    passive = panshell("--device", "fw2", stdin="show session id 57675\n", env=env)
    assert passive.stdout.endswith("Session 57675 is not valid\n")


# -- show counter global filter --------------------------------------------------------


def counters_text(elapsed: str, rows: list[str]) -> str:
    return "\n".join([
        "", "Global counters:", f"Elapsed time since last sampling: {elapsed} seconds", "",
        "name                                   value     rate severity  category  aspect    description",
        "-" * 80, *rows, "-" * 80, f"Total counters shown: {len(rows)}", "-" * 80, "", ""])


def test_delta_shows_the_changes_since_the_previous_delta_query(lab, fw1):
    lab.clock.advance(timedelta(seconds=9))
    first = run(fw1, "show counter global filter delta yes category packet")
    assert first == counters_text("9.000", [  # the first since boot
        "pkt_recv                                2988      332 info      packet    pktproc   Packets received",
        "pkt_sent                                2988      332 info      packet    pktproc   Packets transmitted"])
    run(fw1, "show counter global")  # a plain sampling leaves the delta's alone
    assert run(fw1, "show counter global filter category packet delta yes") == counters_text("2.000", [
        "pkt_recv                                 664      332 info      packet    pktproc   Packets received",
        "pkt_sent                                 664      332 info      packet    pktproc   Packets transmitted"])
    assert run(fw1, "show counter global filter delta yes aspect resource") == counters_text("1.000", [])


def test_delta_rows_parse_with_ntc_templates(lab, fw1):
    run(fw1, "show counter global filter delta yes")
    before = runtime.counter_values(fw1.device, lab.clock.now())
    run(fw1, "request high-availability sync-to-remote runtime-state")
    out = run(fw1, "show counter global filter delta yes")
    after = runtime.counter_values(fw1.device, lab.clock.now())
    records = parse_output(platform="paloalto_panos", command="show counter global filter delta yes", data=out)
    assert {r["name"]: int(r["value"]) for r in records} == {
        name: after[name] - before[name] for name in after if after[name] != before[name]}
    assert {r["name"] for r in records} >= {"pkt_recv", "ha_state_sync_sent", "ha_sess_sync_sent"}


@pytest.mark.parametrize("words, keeps", [
    ("severity info", lambda severity, category, aspect: severity == "info"),
    ("severity drop", lambda severity, category, aspect: severity == "drop"),
    ("category ha aspect session", lambda severity, category, aspect: (category, aspect) == ("ha", "session")),
    ("aspect resource", lambda severity, category, aspect: aspect == "resource"),
])
def test_severity_category_and_aspect_keep_the_counters_they_name(lab, fw1, words, keeps):
    lab.clock.advance(timedelta(seconds=5))
    out = run(fw1, f"show counter global filter {words}")
    values = runtime.counter_values(fw1.device, lab.clock.now())
    shown = re.findall(r"^(\w+) +\d+ +\d+ ", out, re.M)
    assert shown == [name for name, value in values.items() if value and keeps(*runtime.COUNTERS[name][:3])]


def test_value_all_shows_the_zero_counters_too(fw1, fw2):
    out = run(fw2, "show counter global filter value all category packet")
    assert re.findall(r"^(\w+) +(\d+) ", out, re.M) == [("pkt_recv", "0"), ("pkt_sent", "0")]
    assert "Total counters shown: 0\n" in run(fw2, "show counter global filter value non-zero category packet")


@pytest.mark.parametrize("words, error", [
    ("severity fatal", "severity: fatal is not a valid choice"),
    ("delta maybe", "delta: maybe is not a valid choice"),
    ("aspect nowhere", "aspect: nowhere is not a valid choice"),
])
def test_a_bad_counter_filter_is_refused_and_samples_nothing(fw1, words, error):
    assert run(fw1, f"show counter global filter {words}", ok=False) == f"{error}\nInvalid syntax.\n"
    assert runtime.tables(fw1.device).sampled is None and runtime.tables(fw1.device).delta_sampled is None


def test_delta_over_the_api_gives_the_changes_with_their_counters_ids(lab, op):
    op("<show><counter><global><filter><delta>yes</delta></filter></global></counter></show>")
    lab.clock.advance(timedelta(seconds=9))
    answer = op("<show><counter><global><filter><delta>yes</delta><category>packet</category></filter></global>"
                "</counter></show>").find("result/global")
    entries = answer.findall("counters/entry")
    assert answer.findtext("t") == "10" and [(e.findtext("name"), e.findtext("value"), e.findtext("rate"),
                                              e.findtext("id")) for e in entries] == [
        ("pkt_recv", "3320", "332", "1"), ("pkt_sent", "3320", "332", "2")]
