"""`show log system` and `show log config`: exact text, every filter, time
windows on the lab clock, persistence, and each device keeping its own logs."""
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import START, run, set_running

from panshell.backend.clock import FixedClock
from panshell.backend.lab import Lab
from panshell.backend.jobs import JobTable
from panshell.backend.logs import DeviceLogs
from panshell.session import Session

SYSTEM_HEADER = (
    "\nTime                Severity Subtype Object EventID ID Description\n"
    "===============================================================================\n"
)
CONFIG_HEADER = (
    "\nTime                Host            Client Cmd     Admin           Result    Path\n"
    "===============================================================================\n"
)
HA_UP = "2026/11/25 00:00:00 critical ha             state-c 0  HA Group 1: Moved from state Initial to state Active\n"
LOGIN = "2026/11/25 00:00:00 info     general        general 0  User admin logged in via CLI from Console\n"
LINK = "2026/11/25 00:00:10 low      port    ethern link-ch 0  Port ethernet1/3: Down 1Gb/s-full duplex\n"


@pytest.fixture(autouse=True)
def empty_logs(lab):
    """Start from empty logs, whatever the lab logs on its own at start."""
    for device in lab.devices.values():
        device.logs = DeviceLogs()


@pytest.fixture
def seeded(lab):
    """fw1's system log: two entries at 00:00:00, one at 00:00:10; two config entries."""
    logs, now = lab.devices["fw1"].logs, lab.clock.now()
    logs.system(now, event="state-change", subtype="ha", severity="critical",
                description="HA Group 1: Moved from state Initial to state Active")
    logs.system(now, event="general", description="User admin logged in via CLI from Console")
    logs.system(now + timedelta(seconds=10), event="link-change", subtype="port", severity="low",
                object="ethernet1/3", description="Port ethernet1/3: Down 1Gb/s-full duplex")
    logs.config(now, admin="admin", command="set", path="deviceconfig system hostname", before="fw1", after="fw1-lab")
    logs.config(now + timedelta(seconds=5), admin="admin", command="commit", path="", result="Succeeded")
    return logs


def test_empty_logs_show_the_header_alone(fw1):
    assert run(fw1, "show log system") == SYSTEM_HEADER + "\n"
    assert run(fw1, "show log config") == CONFIG_HEADER + "\n"


def test_system_log_oldest_first_by_default(fw1, seeded):
    expected = SYSTEM_HEADER + HA_UP + LOGIN + LINK + "\n"
    assert run(fw1, "show log system") == expected
    assert run(fw1, "show log system direction equal forward") == expected


def test_system_log_backward_is_newest_first(fw1, seeded):
    assert run(fw1, "show log system direction equal backward") == SYSTEM_HEADER + LINK + LOGIN + HA_UP + "\n"


def test_subtype_and_severity_filters_in_any_order(fw1, seeded):
    assert run(fw1, "show log system subtype equal ha") == SYSTEM_HEADER + HA_UP + "\n"
    assert run(fw1, "show log system severity equal informational") == SYSTEM_HEADER + LOGIN + "\n"
    assert run(fw1, "show log system severity equal low subtype equal port") == SYSTEM_HEADER + LINK + "\n"
    assert run(fw1, "show log system subtype equal port severity equal high") == SYSTEM_HEADER + "\n"
    assert run(fw1, "show log system direction equal forward subtype equal general severity equal informational "
                    "receive_time in last-hour") == SYSTEM_HEADER + LOGIN + "\n"


def test_long_fields_are_cut_to_their_columns_and_times_are_local(fw1):
    set_running(fw1.device, "deviceconfig/system/timezone", "US/Pacific")
    fw1.device.logs.system(START, event="globalprotectgateway-config-succ", subtype="globalprotect",
                           severity="medium", object="gateway-1", description="GlobalProtect gateway configured")
    assert run(fw1, "show log system") == SYSTEM_HEADER + (
        "2026/11/24 16:00:00 medium   globalp gatewa globalp 0  GlobalProtect gateway configured\n\n"
    )


def test_config_log_with_before_and_after(fw1, seeded):
    commit = "2026/11/25 00:00:05 Console         CLI    commit  admin           Succeeded\n"
    change = (
        "2026/11/25 00:00:00 Console         CLI    set     admin           Submitted deviceconfig system hostname\n"
        "                    Before Change Detail: fw1\n"
        "                    After Change Detail: fw1-lab\n"
    )
    assert run(fw1, "show log config") == CONFIG_HEADER + change + commit + "\n"
    assert run(fw1, "show log config direction equal backward") == CONFIG_HEADER + commit + change + "\n"
    fw1.device.logs.config(START, admin="ops", client="Web", host="10.0.0.5", command="delete",
                           path="vsys vsys1 address web-1", before="10.1.1.1/32")
    assert run(fw1, "show log config direction equal forward receive_time in last-15-minutes").endswith(
        "2026/11/25 00:00:00 10.0.0.5        Web    delete  ops             Submitted vsys vsys1 address web-1\n"
        "                    Before Change Detail: 10.1.1.1/32\n" + commit + "\n"
    )


@pytest.mark.parametrize(("period", "edge"), [
    ("last-15-minutes", timedelta(minutes=15)),
    ("last-hour", timedelta(hours=1)),
    ("last-6-hrs", timedelta(hours=6)),
    ("last-12-hrs", timedelta(hours=12)),
    ("last-24-hrs", timedelta(hours=24)),
    ("last-7-days", timedelta(days=7)),
    ("last-30-days", timedelta(days=30)),
])
def test_rolling_windows_follow_the_lab_clock(lab, fw1, period, edge):
    logs = lab.devices["fw1"].logs
    logs.system(lab.clock.now(), event="general", description="old")
    lab.clock.advance(edge)
    logs.system(lab.clock.now(), event="general", description="new")
    both = SYSTEM_HEADER + (
        "2026/11/25 00:00:00 info     general        general 0  old\n"
        f"{START + edge:%Y/%m/%d %H:%M:%S} info     general        general 0  new\n\n"
    )
    # the old entry is exactly `edge` old: still inside; a second later (the command's tick) it is not
    assert run(fw1, f"show log system receive_time in {period}") == both
    assert run(fw1, f"show log system receive_time in {period}") == both.replace(both.splitlines()[3] + "\n", "")
    assert run(fw1, "show log system") == both


def test_config_log_time_window(lab, fw1):
    logs = lab.devices["fw1"].logs
    logs.config(lab.clock.now(), admin="admin", command="set", path="old")
    lab.clock.advance(timedelta(hours=2))
    logs.config(lab.clock.now(), admin="admin", command="set", path="new")
    assert run(fw1, "show log config receive_time in last-hour") == CONFIG_HEADER + (
        "2026/11/25 02:00:00 Console         CLI    set     admin           Submitted new\n\n"
    )
    assert run(fw1, "show log config receive_time in last-6-hrs").count("Submitted") == 2


def test_calendar_day_and_month_are_the_previous_whole_ones_in_local_time(lab, fw1):
    set_running(fw1.device, "deviceconfig/system/timezone", "US/Pacific")  # UTC-8 in November
    logs = lab.devices["fw1"].logs
    pacific = ZoneInfo("US/Pacific")
    for local, text in (((10, 31, 23, 0, 0), "oct31"), ((11, 1, 0, 0, 0), "nov1"), ((11, 22, 23, 59, 59), "nov22"),
                        ((11, 23, 0, 0, 0), "nov23"), ((11, 23, 23, 0, 0), "nov23-late"), ((11, 24, 0, 0, 0), "nov24")):
        logs.system(datetime(2026, *local, tzinfo=pacific), event="general", description=text)
    # now: Tue Nov 24 16:00 PST, so the last calendar day is Mon Nov 23 and the month October
    assert run(fw1, "show log system receive_time in last-calendar-day direction equal forward") == SYSTEM_HEADER + (
        "2026/11/23 00:00:00 info     general        general 0  nov23\n"
        "2026/11/23 23:00:00 info     general        general 0  nov23-late\n\n"
    )
    assert run(fw1, "show log system receive_time in last-calendar-month") == SYSTEM_HEADER + (
        "2026/10/31 23:00:00 info     general        general 0  oct31\n\n"
    )
    lab.clock.advance(timedelta(days=1))
    assert run(fw1, "show log system receive_time in last-calendar-day").endswith(" 0  nov24\n\n")


def test_each_device_shows_only_its_own_logs(fw1, fw2, seeded):
    assert run(fw2, "show log system") == SYSTEM_HEADER + "\n"
    assert run(fw2, "show log config") == CONFIG_HEADER + "\n"
    fw2.device.logs.system(START, event="general", description="fw2 only")
    assert "fw2 only" not in run(fw1, "show log system")
    assert run(fw2, "show log system").endswith(" 0  fw2 only\n\n")


def test_cli_actions_never_log_into_the_peer(fw1, fw2):
    """Whatever fw1 logs for its own commands (and its commit's sync to fw2) stays in fw1's logs."""
    for line in ("configure", "set address a1 ip-netmask 10.0.0.1", "commit", "exit"):
        run(fw1, line)
    one, two = fw1.device.logs, fw2.device.logs
    assert one is not two
    assert not [e for e in one.system_log if e in two.system_log]
    assert not [e for e in one.config_log if e in two.config_log]


def test_logs_persist_per_device_in_a_lab_on_disk(tmp_path):
    lab = Lab.open(tmp_path / "lab", FixedClock(START))
    fw1 = lab.devices["fw1"]
    fw1.logs = DeviceLogs()
    fw1.logs.system(START, event="general", description="kept on disk")
    fw1.logs.config(START, admin="admin", command="set", path="deviceconfig system hostname")
    lab.close()
    lab = Lab.open(tmp_path / "lab", FixedClock(START))
    try:
        one, two = (Session(lab, lab.devices[n]) for n in ("fw1", "fw2"))
        assert run(one, "show log system subtype equal general").endswith(" 0  kept on disk\n\n")
        assert "Submitted deviceconfig system hostname\n" in run(one, "show log config")
        assert "kept on disk" not in run(two, "show log system")
        assert "deviceconfig system hostname" not in run(two, "show log config")
    finally:
        lab.close()


def test_entries_without_a_host_and_a_cut_short_last_line_still_load():
    data = (b'{"config": {"time": "2026-11-25T00:00:00+00:00", "admin": "admin", "client": "CLI",'
            b' "command": "commit", "path": "", "result": "Succeeded", "before": "", "after": ""}}\n'
            b'{"system": {"time": "2026-11-25T00:00:01+00:00", "sever')
    logs = DeviceLogs.from_journal(data)
    assert logs.config_log[0].host == "" and logs.system_log == []
    assert logs.unsaved() == b""
    logs.system(START, event="general", description="one more")
    assert DeviceLogs.from_journal(data.rsplit(b"\n", 1)[0] + b"\n" + logs.unsaved()).system_log == logs.system_log


@pytest.mark.parametrize(("line", "error"), [
    ("show log system direction equal forward direction equal backward", "Invalid syntax."),
    ("show log system subtype", "Invalid syntax."),
    ("show log system severity equal info", "severity: info is not a valid choice\nInvalid syntax."),
    ("show log config subtype equal ha", "Invalid syntax."),
    ("show log config receive_time in last-year", "period: last-year is not a valid choice\nInvalid syntax."),
    ("show log traffic app", "Invalid syntax."),
])
def test_bad_filters(fw1, line, error):
    result = fw1.execute(line)
    assert not result.ok
    assert result.output == error + "\n"


def test_help_lists_the_filters(fw1):
    assert fw1.help("show log ") == (
        "> config   Show configuration logs\n> system   Show system logs\n> traffic  Show traffic logs\n")
    assert fw1.help("show log config ") == (
        "+ direction     Order of the entries (default: forward)\n"
        "+ receive_time  Time the entry was received\n"
        "  <Enter>       Finish input\n"
        "  |             Pipe through a command\n"
    )
    assert "+ direction" not in fw1.help("show log system direction equal forward ")
    assert fw1.completions("show log system receive_time in last-c") == ["last-calendar-day", "last-calendar-month"]


def test_a_lab_made_before_the_journal_keeps_its_logs(tmp_path):
    Lab.open(tmp_path, FixedClock(START)).close()
    (tmp_path / "fw1" / "logs.jsonl").unlink()  # a lab of then: the old file and no journal
    (tmp_path / "fw1" / "logs.json").write_text(
        '{"system": [{"time": "2026-11-24T00:00:00+00:00", "severity": "informational", "subtype": "general",'
        ' "event": "general", "description": "from the old file", "module": "general", "object": ""}], "config": []}')
    for _ in range(2):  # read from the old file, then from the journal it was written to
        lab = Lab.open(tmp_path, FixedClock(START))
        try:
            assert [e.description for e in lab.devices["fw1"].logs.system_log] == ["from the old file"]
        finally:
            lab.close()
    assert b"from the old file" in (tmp_path / "fw1" / "logs.jsonl").read_bytes()


def test_each_log_keeps_its_newest_entries_and_its_journal_is_rewritten_past_its_limit(tmp_path, monkeypatch):
    from panshell.backend import logs as logs_module

    monkeypatch.setattr(logs_module, "LOG_CAP", 50)
    monkeypatch.setattr(logs_module, "JOURNAL_LIMIT", 200)
    lab = Lab.open(tmp_path, FixedClock(START))
    logs = lab.devices["fw1"].logs
    for n in range(500):
        logs.config(START + timedelta(seconds=n), admin="admin", command="set", path=f"address a{n}")
        lab.persist()
    journal = (tmp_path / "fw1" / "logs.jsonl").read_bytes().splitlines()
    assert len(journal) <= 200
    shown = Session(lab, lab.devices["fw1"]).execute("show log config direction equal backward").output
    assert shown.count("Submitted") == 50 and "address a499" in shown and "address a449\n" not in shown
    lab.close()
    again = Lab.open(tmp_path, FixedClock(START))
    try:
        assert [e.path for e in again.devices["fw1"].logs.config_log] == [f"address a{n}" for n in range(450, 500)]
    finally:
        again.close()


def test_jobs_are_journalled_capped_and_a_job_finishing_later_is_saved(tmp_path, monkeypatch):
    from panshell.backend import jobs as jobs_module

    monkeypatch.setattr(jobs_module, "JOB_CAP", 20)
    monkeypatch.setattr(jobs_module, "JOURNAL_LIMIT", 80)
    lab = Lab.open(tmp_path, FixedClock(START))
    jobs = lab.devices["fw1"].jobs
    for _ in range(200):
        jobs.start("Commit", START).finish(START, True, ["Configuration committed successfully"])
        lab.persist()
    running = jobs.start("Commit", START)
    lab.persist()
    running.finish(START, False, ["Commit failed"])
    lab.persist()
    assert len((tmp_path / "fw1" / "jobs.jsonl").read_bytes().splitlines()) <= 80
    lab.close()
    again = Lab.open(tmp_path, FixedClock(START))
    try:
        table = again.devices["fw1"].jobs
        assert [j.id for j in table.jobs] == list(range(183, 203))  # the boot job was 1
        assert table.get(202).result == "FAIL" and table.get(150) is None and table.next_id == 203
    finally:
        again.close()


def test_a_lab_made_before_the_jobs_journal_keeps_its_jobs(tmp_path):
    Lab.open(tmp_path, FixedClock(START)).close()
    (tmp_path / "fw1" / "jobs.jsonl").unlink()
    (tmp_path / "fw1" / "jobs.json").write_text(
        '[{"id": 7, "type": "Commit", "enqueued": "2026-11-24T00:00:00+00:00", "dequeued": "2026-11-24T00:00:00+00:00",'
        ' "completed": "2026-11-24T00:00:00+00:00", "status": "FIN", "result": "OK"}]')
    for _ in range(2):  # read from the old file, then from the journal it was written to
        lab = Lab.open(tmp_path, FixedClock(START))
        try:
            assert [j.id for j in lab.devices["fw1"].jobs.jobs] == [7]
        finally:
            lab.close()


def test_a_job_journal_saves_what_finished_since_and_what_is_new_in_id_order():
    jobs = JobTable()
    done, running = jobs.start("Commit", START), jobs.start("HA-Sync", START)
    done.finish(START, True, ["ok"])
    journal = jobs.journal()
    jobs.mark_saved()
    assert [json.loads(line)["id"] for line in jobs.unsaved().splitlines()] == [running.id]  # open: written again
    running.finish(START, False, ["failed"])
    newer = jobs.start("Validate", START)
    assert [json.loads(line)["id"] for line in jobs.unsaved().splitlines()] == [running.id, newer.id]
    again = JobTable.from_journal(journal + jobs.unsaved())
    assert [(j.id, j.status, j.result) for j in again.jobs] == [(j.id, j.status, j.result) for j in jobs.jobs]
