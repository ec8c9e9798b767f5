"""`show log traffic`: session ends logged by the firewall that carried the session, from the
lab's own traffic (a new lab's history, `clear session`, a commit's rematch), filters, persistence."""
from conftest import START, run

from panshell.backend.clock import FixedClock
from panshell.backend.lab import Lab
from panshell.session import Session

HEADER = ("\nTime                App             From            Src Port          Source\n"
          "Rule                Action          To              Dst Port          Destination\n"
          "                    Src User                        Dst User          End Reason\n"
          "===============================================================================\n")
PING_EARLIER = ("2026/11/24 23:39:20 ping            trust           3742              10.1.1.84\n"
                "allow-inside-out    allow           untrust         8                 17.253.144.10\n"
                "                                                                      aged-out\n")
PING_CLEARED = ("2026/11/25 00:00:00 ping            trust           1283              10.1.1.84\n"
                "allow-inside-out    allow           untrust         8                 17.253.144.10\n"
                "                                                                      unknown\n")


def entries(output: str) -> list[list[str]]:
    """The entries of a listing, three lines each, as word lists."""
    lines = output.strip("\n").split("\n")[4:]
    return [" ".join(lines[i:i + 3]).split() for i in range(0, len(lines), 3)]


def test_a_new_lab_logs_each_flows_previous_connection(fw1):
    logged = entries(run(fw1, "show log traffic"))
    sessions = run(fw1, "show session all").count("ACTIVE")
    assert len(logged) == sessions == 12
    reasons = {(e[2], e[-1]) for e in logged}
    assert reasons == {("ssl", "tcp-fin"), ("web-browsing", "tcp-fin"), ("dns", "aged-out"), ("ping", "aged-out")}
    times = [e[0] + " " + e[1] for e in logged]
    assert times == sorted(times) and all(e[0] == "2026/11/24" for e in logged)  # before the lab began


def test_clear_session_logs_its_end_with_reason_unknown(fw1):
    run(fw1, "clear session id 117683")
    assert run(fw1, "show log traffic src in 10.1.1.84") == HEADER + PING_EARLIER + PING_CLEARED + "\n"
    assert run(fw1, "show log traffic src in 10.1.1.84 direction equal backward") == (
        HEADER + PING_CLEARED + PING_EARLIER + "\n")


def test_a_commit_that_denies_a_rule_ends_its_sessions_with_policy_deny(fw1):
    run(fw1, "configure")
    run(fw1, "set rulebase security rules allow-dmz-dns action deny")
    run(fw1, "commit")
    run(fw1, "exit")
    denied = [e for e in entries(run(fw1, "show log traffic rule equal allow-dmz-dns")) if e[-1] == "policy-deny"]
    assert len(denied) == 4 and {e[2] for e in denied} == {"dns"}
    assert run(fw1, "show session all filter rule allow-dmz-dns") == "\nNo Active Sessions\n\n"


def test_a_commit_that_still_allows_the_traffic_logs_nothing(fw1):
    before = run(fw1, "show log traffic")
    run(fw1, "configure")
    run(fw1, "set rulebase security rules allow-dmz-dns description dns")
    run(fw1, "commit")
    run(fw1, "exit")
    assert run(fw1, "show log traffic") == before


def test_filters_combine(fw1):
    logged = entries(run(fw1, "show log traffic from equal untrust to equal dmz dport equal 443 app equal ssl"))
    assert len(logged) == 2 and all(e[3] == "untrust" and e[8] == "dmz" and e[9] == "443" for e in logged)
    assert entries(run(fw1, "show log traffic action equal deny")) == []
    assert run(fw1, "show log traffic src in 300.1.1.1", ok=False) == (
        "src: 300.1.1.1 is not a valid IPv4 address\nInvalid syntax.\n")


def test_the_passive_logs_nothing_and_a_cleared_copy_is_not_logged(fw1, fw2):
    run(fw1, "clear session all")
    assert run(fw2, "show log traffic") == HEADER + "\n"


def test_the_traffic_log_persists_and_is_not_logged_again_on_reopen(tmp_path):
    lab = Lab.open(tmp_path / "lab", FixedClock(START))
    fw1 = Session(lab, lab.devices["fw1"])
    run(fw1, "clear session id 117683")
    shown = run(fw1, "show log traffic")
    lab.close()
    again = Lab.open(tmp_path / "lab")
    try:
        assert run(Session(again, again.devices["fw1"]), "show log traffic") == shown
        assert len(entries(shown)) == 13
    finally:
        again.close()


def test_the_api_answers_traffic_log_queries_with_the_traffic_log_fields(lab, fw1):
    from lxml import etree

    from panshell.api.protocol import Api, Keys, Request

    keys = Keys(b"secret", lambda user, password: True)
    api, key = Api(lab, lab.devices["fw1"], keys, lambda: ["admin"]), keys.key_for("admin")
    run(fw1, "clear session id 117683")
    _, queued = api.handle(Request({"type": "log", "log-type": "traffic", "key": key, "nlogs": "5",
                                    "query": "(app eq ping) and (session_end_reason eq unknown)"}))
    job = etree.fromstring(queued).findtext("result/job")
    _, body = api.handle(Request({"type": "log", "action": "get", "job-id": job, "key": key}))
    entry, = etree.fromstring(body).findall("result/log/logs/entry")
    fields = {child.tag: child.text for child in entry}
    assert {k: fields[k] for k in ("type", "subtype", "src", "dst", "natsrc", "sport", "dport", "app", "from",
                                   "to", "rule", "proto", "action", "session_end_reason", "sessionid")} == {
        "type": "TRAFFIC", "subtype": "end", "src": "10.1.1.84", "dst": "17.253.144.10", "natsrc": "203.0.113.2",
        "sport": "1283", "dport": "8", "app": "ping", "from": "trust", "to": "untrust", "rule": "allow-inside-out",
        "proto": "icmp", "action": "allow", "session_end_reason": "unknown", "sessionid": "117683"}
    assert int(fields["bytes"]) == int(fields["bytes_sent"]) + int(fields["bytes_received"]) > 0
