"""System commands: resources, state keys, disks, processes, NTP, administrators, licences and
the software partitions."""
from datetime import timedelta

from ntc_templates.parse import parse_output

from conftest import run
from panshell.session import Session


def test_system_resources_header_follows_uptime_and_sessions(lab, fw1):
    lab.advance(timedelta(days=2, hours=3, minutes=5))
    out = run(fw1, "show system resources")
    assert out.startswith("\ntop - 03:05:00 up 2 days,  3:05,  1 user,  load average: 0.43, 0.42, 0.40\n")
    assert "\nTasks:  23 total,   1 running,  22 sleeping,   0 stopped,   0 zombie\n" in out
    assert "\n  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n" in out
    # mgmtsrvr is busiest: 4.8% of 2 days 3:05 (183,900 s) is 8,827.2 s of CPU time
    assert "\n 4172 root      20   0 2148204 712340  98316 S   4.8   4.4 147:07.20 mgmtsrvr\n" in out
    assert run(fw1, "show system resources follow").count("\ntop - ") == 1  # one refresh, not a loop


def test_system_resources_load_drops_without_sessions(fw1):
    run(fw1, "configure")
    run(fw1, "delete rulebase security")
    run(fw1, "commit")
    run(fw1, "exit")
    assert "load average: 0.38, 0.37, 0.36" in run(fw1, "show system resources")


def test_system_state_filter_and_pretty(fw1):
    assert run(fw1, "show system state filter cfg.general.max*") == "cfg.general.max-arp: 1500\n"
    one_line = run(fw1, "show system state filter sys.s1.p2.phy")
    assert one_line == ("sys.s1.p2.phy: { 'link-partner': { }, 'media': CAT5, 'setting': { 'duplex': auto, "
                        "'link': Auto, 'speed': auto, }, 'status': { 'duplex': full, 'link': Up, 'speed': 1000, }, "
                        "'type': Ethernet, }\n")
    assert run(fw1, "show system state filter nothing.such") == ""


def test_system_state_ha_prompt_follows_the_ha_state(fw1, fw2):
    assert run(fw1, "show system state filter ha.*") == "ha.app.cli.state-prompt: active\n"
    assert run(fw2, "show system state filter ha.app.cli.state-prompt") == "ha.app.cli.state-prompt: passive\n"
    run(fw1, "request high-availability state suspend")
    assert run(fw1, "show system state filter ha.app.*") == "ha.app.cli.state-prompt: suspended\n"
    assert run(fw2, "show system state filter ha.app.*") == "ha.app.cli.state-prompt: active\n"


def test_system_state_session_statistics_are_show_session_info_s(fw1, fw2):
    def stats(kbps: int, pps: int) -> str:
        return ("sw.mprelay.s1.dp0.stats.session: { 'cps_installed': 0, 'session_active': 12, 'session_max': 1048574, "
                f"'session_ssl_proxy_util': 0, 'session_util': 0, 'throughput_kbps': {kbps}, 'throughput_pps': {pps}, }}\n")

    assert run(fw1, "show system state filter sw.*") == stats(958, 332)
    assert run(fw2, "show system state filter sw.mprelay.s1.dp0.stats.session") == stats(0, 0)  # no traffic
    info = run(fw1, "show session info")
    assert "Number of allocated sessions:                    12\n" in info
    assert "Packet rate:                                     332/s\nThroughput:                                      958 kbps\n" in info
    run(fw1, "clear session all")
    assert "'session_active': 0," in run(fw1, "show system state filter sw.mprelay.*")


def test_system_state_port_follows_a_pulled_cable(lab, fw1):
    from panshell import labops

    labops.fault(lab, None, ["fw1", "port", "ethernet1/3", "down"])
    out = run(fw1, "show system state filter-pretty sys.s1.p3.phy")
    assert "   'status': {\n      'duplex': unknown,\n      'link': Down,\n      'speed': unknown,\n   },\n" in out


def test_disk_space_grows_with_downloads(fw1):
    before = run(fw1, "show system disk-space")
    assert before.startswith("\nFilesystem      Size  Used Avail Use% Mounted on\n/dev/root        12G  4.6G  7.5G  39% /\n")
    assert "\n/dev/sda6        35G  2.1G   33G   6% /opt/panrepo\n" in before
    run(fw1, "request system software download version 11.1.4-h7")
    assert "\n/dev/sda6        35G  3.2G   32G   9% /opt/panrepo\n" in run(fw1, "show system disk-space")


def test_software_status_lists_both_planes(fw1):
    out = run(fw1, "show system software status")
    assert "\nSlot 1, Role mgmt\nProcess authd                            running (pid: 4180)\n" in out
    assert "\nSlot 1, Role dataplane\n" in out


def test_ntp_follows_the_config(fw1):
    assert run(fw1, "show ntp") == ("\nNTP state:\n    NTP synched to 192.168.1.123\n\n"
                                   "    NTP server: 192.168.1.123\n        status: synched\n"
                                   "        reachable: yes\n        authentication-type: none\n\n")
    run(fw1, "configure")
    run(fw1, "set deviceconfig system ntp-servers secondary-ntp-server ntp-server-address 192.168.1.124")
    run(fw1, "delete deviceconfig system ntp-servers primary-ntp-server")
    run(fw1, "commit")
    run(fw1, "exit")
    out = run(fw1, "show ntp")
    assert out.startswith("\nNTP state:\n    NTP synched to 192.168.1.124\n\n    NTP server: 192.168.1.124\n")
    run(fw1, "configure")
    run(fw1, "delete deviceconfig system ntp-servers")
    run(fw1, "commit")
    run(fw1, "exit")
    assert run(fw1, "show ntp") == "\nNTP state:\n    NTP not synched, using local clock\n\n"


def test_admins_shows_this_session_since_login(lab, fw1):
    lab.advance(timedelta(minutes=5))
    assert run(fw1, "show admins") == (
        "\nAdmin          From            Client Session-start    Idle-for\n" + "-" * 74 + "\n"
        "admin          Console         CLI    11/25 00:00:00   00:00:00s\n\n")


def test_license_info_parses_and_expiry_follows_the_clock(lab, fw1):
    out = run(fw1, "request license info")
    assert out.startswith("Current UTC Date: November 25, 2026\n\nLicense entry:\n")
    records = parse_output(platform="paloalto_panos", command="request license info", data=out)
    assert [r["feature"] for r in records][:2] == ["PA-3220 Support", "Threat Prevention"]
    assert {r["serial"] for r in records} == {"012801096512"}
    assert {r["feature"]: r["expired"] for r in records}["DNS Security"] == "yes"
    assert records[1]["issued"] == "January 10, 2024" and records[1]["expires"] == "January 09, 2027"
    lab.advance(timedelta(days=60))
    later = parse_output(platform="paloalto_panos", command="request license info", data=run(fw1, "request license info"))
    assert [r["feature"] for r in later if r["expired"] == "yes"] == [r["feature"] for r in later]


def test_swm_status_parses_and_follows_an_upgrade(fw1):
    def partitions():
        out = run(fw1, "debug swm status")
        return [(r["part"], r["state"], r["version"])
                for r in parse_output(platform="paloalto_panos", command="debug swm status", data=out)]

    assert partitions() == [("sysroot0", "RUNNING-ACTIVE", "10.2.9-h1"), ("sysroot1", "REVERTABLE", "10.2.8-h3"),
                            ("maint", "READY", "10.1.14-h2")]
    run(fw1, "request system software download version 10.2.10-h2")
    run(fw1, "request system software install version 10.2.10-h2")
    run(fw1, "y")
    assert partitions()[1] == ("sysroot1", "PENDING-CHANGE", "10.2.10-h2")


def test_swm_status_after_the_restart(lab, fw2):
    run(fw2, "request system software download version 10.2.10-h2")
    run(fw2, "request system software install version 10.2.10-h2")
    run(fw2, "y")
    run(fw2, "request restart system")
    run(fw2, "y")
    lab.advance(timedelta(minutes=10))
    out = run(Session(lab, lab.devices["fw2"]), "debug swm status")
    assert "\nsysroot0          REVERTABLE        10.2.9-h1\nsysroot1          RUNNING-ACTIVE    10.2.10-h2\n" in out


def test_system_info_has_the_10_2_keys(fw1):
    out = run(fw1, "show system info")
    assert "\ndefault-gateway: 192.168.1.1\nip-assignment: static\nipv6-address: unknown\n" in out
    assert out.endswith("operational-mode: normal\nadvanced-routing: off\ndevice-certificate-status: None\n\n")
    [record] = parse_output(platform="paloalto_panos", command="show system info", data=out)
    assert record["operational_mode"] == "normal" and record["os"] == "10.2.9-h1"


def test_bad_input_is_refused(fw1):
    assert run(fw1, "show system state", ok=False)
    assert run(fw1, "debug swm", ok=False)
    assert run(fw1, "show admins now", ok=False)
