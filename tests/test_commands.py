"""Each operational command's exact text, and ntc-templates parsing it."""
from conftest import configure, run, set_running
from ntc_templates.parse import parse_output

from panshell.backend.interfaces import interface_tables


def test_show_system_info_parses_with_ntc_templates(fw1, fw2):
    for session, hostname, serial, ip in ((fw1, "fw1", "012801096512", "192.168.1.11"), (fw2, "fw2", "012801096513", "192.168.1.12")):
        out = run(session, "show system info")
        assert out.startswith(f"\nhostname: {hostname}\nip-address: {ip}\n")
        assert out.endswith("multi-vsys: off\noperational-mode: normal\nadvanced-routing: off\ndevice-certificate-status: None\n\n")
        [record] = parse_output(platform="paloalto_panos", command="show system info", data=out)
        assert record["hostname"] == hostname
        assert record["serial"] == serial
        assert record["model"] == "PA-3220"
        assert record["os"] == "10.2.9-h1"
        assert record["operational_mode"] == "normal"


def test_system_info_time_and_uptime_follow_the_clock(fw1):
    run(fw1, "show clock")  # one command: one second
    out = run(fw1, "show system info")
    assert "\ntime: Wed Nov 25 00:00:01 2026\nuptime: 0 days, 0:00:01\n" in out


def test_show_clock(fw1):
    assert run(fw1, "show clock") == "\nWed Nov 25 00:00:00 UTC 2026\n\n"
    assert run(fw1, "show clock") == "\nWed Nov 25 00:00:01 UTC 2026\n\n"


def test_show_clock_uses_the_device_timezone(fw1):
    set_running(fw1.device, "deviceconfig/system/timezone", "US/Pacific")
    assert run(fw1, "show clock") == "\nTue Nov 24 16:00:00 PST 2026\n\n"


EXPECTED_INTERFACE_ALL = """
total configured hardware interfaces: 15
name                    id    speed/duplex/state/fec        mac address
--------------------------------------------------------------------------------
ethernet1/1             16    1000/full/up/auto             00:1b:17:00:01:10
ethernet1/2             17    1000/full/up/auto             00:1b:17:00:01:11
ethernet1/3             18    1000/full/up/auto             00:1b:17:00:01:12
ethernet1/4             19    1000/full/up/auto             00:1b:17:00:01:13
ethernet1/5             20    1000/full/up/auto             00:1b:17:00:01:14
ethernet1/6             21    1000/full/up/auto             00:1b:17:00:01:15
ethernet1/7             22    1000/full/up/auto             00:1b:17:00:01:16
ethernet1/8             23    1000/full/up/auto             00:1b:17:00:01:17
ae1                     64    [n/a]/[n/a]/up/[n/a]          00:1b:17:00:01:40
ha1-a                   5     1000/full/up/ukn              00:1b:17:00:01:f5
ha1-b                   7     1000/full/up/ukn              00:1b:17:00:01:f7
vlan                    1     [n/a]/[n/a]/up/[n/a]          00:1b:17:00:01:01
loopback                3     [n/a]/[n/a]/up/[n/a]          00:1b:17:00:01:03
tunnel                  4     [n/a]/[n/a]/up/[n/a]          00:1b:17:00:01:04
hsci                    8     10000/full/up/ukn             00:1b:17:00:01:f8

aggregation groups: 1
ae1 members:
  ethernet1/3 ethernet1/4


total configured logical interfaces: 14

name                      id    vsys zone             forwarding               tag    address

------------------- ----- ---- ---------------- ------------------------ ------ ------------------
ethernet1/1               16    1    untrust          vr:default               0      203.0.113.2/24
ethernet1/2               17    1    trust            vr:default               0      10.1.1.1/24
ethernet1/5               20    1                     N/A                      0      N/A
ethernet1/6               21    1                     N/A                      0      N/A
ethernet1/7               22    1                     N/A                      0      N/A
ethernet1/8               23    1                     N/A                      0      N/A
ae1                       64    1                     N/A                      0      N/A
ae1.518                   256   1    dmz              vr:default               518    10.51.8.1/24
ha1-a                     5     0                     ha                       0      10.255.1.1/30
ha1-b                     7     0                     ha                       0      10.255.1.5/30
vlan                      1     1                     N/A                      0      N/A
loopback                  3     1                     N/A                      0      N/A
tunnel                    4     1                     N/A                      0      N/A
hsci                      8     0                     ha                       0      10.255.2.1/30

"""


def test_show_interface_all_exact_text(fw1):
    assert run(fw1, "show interface all") == EXPECTED_INTERFACE_ALL


def test_show_interface_all_parses_with_ntc_templates_on_both_devices(fw1, fw2):
    for session, mac_prefix, ha1 in ((fw1, "00:1b:17:00:01", "10.255.1.1/30"), (fw2, "00:1b:17:00:02", "10.255.1.2/30")):
        records = parse_output(platform="paloalto_panos", command="show interface all", data=run(session, "show interface all"))
        by_name = {}
        for r in records:
            by_name.setdefault(r["interface"], []).append(r)
        hardware = by_name["ethernet1/1"][0]
        assert hardware["mac_address"] == f"{mac_prefix}:10" and hardware["state"] == "up"
        logical = by_name["ae1.518"][-1]
        assert logical["zone"] == "dmz" and logical["vlan_id"] == "518" and logical["ip_address"] == ["10.51.8.1/24"]
        assert by_name["ha1-a"][-1]["ip_address"] == [ha1]


def test_second_address_goes_on_a_continuation_line(fw1):
    configure(fw1, "set network interface ethernet ethernet1/2 layer3 ip 10.1.2.1/24")
    out = run(fw1, "show interface all")
    assert "10.1.1.1/24\n" + " " * 80 + "10.1.2.1/24\n" in out
    records = parse_output(platform="paloalto_panos", command="show interface all", data=out)
    assert [r["ip_address"] for r in records if r["interface"] == "ethernet1/2"][-1] == ["10.1.1.1/24", "10.1.2.1/24"]


def test_interface_tables_follow_the_config(fw1):
    configure(fw1, "delete network interface ethernet ethernet1/5 layer3")
    tables = interface_tables(fw1.device)
    row = next(h for h in tables.hardware if h.name == "ethernet1/5")
    assert row.link == "ukn/ukn/down(autoneg)/ukn"


def test_show_interface_management(fw1):
    out = run(fw1, "show interface management")
    assert out.startswith("\n\n" + "-" * 79 + "\nName: Management Interface\n")
    assert "\nIp address: 192.168.1.11\nNetmask: 255.255.255.0\nDefault gateway: 192.168.1.1\n" in out
    assert "\n  Port MAC address 00:1b:17:00:01:fe\n" in out
    assert "\nbytes received                    22686\n" in out
    assert out.endswith("multicast packets received        0\n" + "-" * 79 + "\n\n")


CLI_SETTINGS = """
Pager:                          {pager}
Scripting Mode:                 {scripting}
Terminal Width:                 {width}
Terminal Height:                {height}
Config Output Format:           {fmt}
Confirmation Prompt:            enabled
Hide Ip:                        disabled
Hide User:                      disabled

"""


def test_cli_settings_defaults_and_changes(fw1):
    assert run(fw1, "show cli settings") == CLI_SETTINGS.format(
        pager="enabled", scripting="disabled", width=80, height=24, fmt="default"
    )
    for line in (
        "set cli pager off",
        "set cli scripting-mode on",
        "set cli terminal width 500",
        "set cli terminal height 60",
        "set cli config-output-format set",
    ):
        assert run(fw1, line) == ""
    assert run(fw1, "show cli settings") == CLI_SETTINGS.format(
        pager="disabled", scripting="enabled", width=500, height=60, fmt="set"
    )


def test_settings_belong_to_the_session(lab, fw1):
    from panshell.session import Session

    run(fw1, "set cli pager off")
    other = Session(lab, lab.devices["fw1"])
    assert fw1.settings.pager is False and other.settings.pager is True


def test_match_and_except_filters(fw1):
    assert run(fw1, "show system info | match serial") == "serial: 012801096512\n"
    assert run(fw1, "show system info | match ^host | except fw2") == "hostname: fw1\n"
    assert run(fw1, "show system info | match 'sw-version|model'") == "model: PA-3220\nsw-version: 10.2.9-h1\n"
    out = run(fw1, "show system info | except version")
    assert "sw-version" not in out and "hostname: fw1" in out


def test_exit_and_quit_close_the_session(fw1, fw2):
    assert run(fw1, "exit") == "" and fw1.closed
    assert run(fw2, "quit") == "" and fw2.closed


def test_prompt_shows_the_ha_state_from_the_backend(lab, fw1, fw2):
    assert fw1.prompt() == "admin@fw1(active)> "
    assert fw2.prompt() == "admin@fw2(passive)> "
    set_running(lab.devices["fw1"], "deviceconfig/high-availability/enabled", "no")
    from panshell.backend.ha import election

    election.settle(lab.pair, "HA disabled on fw1")
    assert fw1.prompt() == "admin@fw1> "
    assert fw2.prompt() == "admin@fw2(active)> "
