"""`ping host` and `traceroute host`: answered from the lab's routing, the same on every run."""
from conftest import run, set_running

from panshell.backend.ha import faults


def test_a_host_on_the_management_subnet_answers(fw1):
    out = run(fw1, "ping host 192.168.1.12 count 2")
    lines = out.splitlines()
    assert lines[0] == "PING 192.168.1.12 (192.168.1.12) 56(84) bytes of data."
    assert [line.split(" time=")[0] for line in lines[1:3]] == [
        "64 bytes from 192.168.1.12: icmp_seq=1 ttl=64", "64 bytes from 192.168.1.12: icmp_seq=2 ttl=64"]
    assert lines[4:6] == ["--- 192.168.1.12 ping statistics ---",
                          "2 packets transmitted, 2 received, 0% packet loss, time 1002ms"]
    assert lines[6].startswith("rtt min/avg/max/mdev = ")
    assert run(fw1, "ping host 192.168.1.12 count 2") == out  # deterministic


def test_from_a_dataplane_address_through_the_default_route(fw1):
    out = run(fw1, "ping host 8.8.8.8 source 10.1.1.1 count 1")
    assert out.startswith("PING 8.8.8.8 (8.8.8.8) from 10.1.1.1 : 56(84) bytes of data.\n"
                          "64 bytes from 8.8.8.8: icmp_seq=1 ttl=63 time=")
    head, first, second = run(fw1, "traceroute host 8.8.8.8 source 10.1.1.1").splitlines()
    assert head == "traceroute to 8.8.8.8 (8.8.8.8), 30 hops max, 60 byte packets"
    assert first.startswith(" 1  203.0.113.1 (203.0.113.1)  ") and second.startswith(" 2  8.8.8.8 (8.8.8.8)  ")


def test_a_silent_path_target_times_out_and_traceroute_shows_stars(lab, fw1):
    faults.apply(lab.pair, faults.parse(["fw1", "path", "203.0.113.1", "down"], ["fw1", "fw2"]))
    out = run(fw1, "ping host 203.0.113.1 source 203.0.113.2 count 3")
    assert out == ("PING 203.0.113.1 (203.0.113.1) from 203.0.113.2 : 56(84) bytes of data.\n\n"
                   "--- 203.0.113.1 ping statistics ---\n"
                   "3 packets transmitted, 0 received, 100% packet loss, time 2001ms\n\n")
    trace = run(fw1, "traceroute host 203.0.113.1 source 203.0.113.2").splitlines()
    assert trace[1:] == [f"{n:2d}  * * *" for n in range(1, 31)]


def test_a_discard_route_drops_what_a_shorter_route_would_forward(fw1):
    run(fw1, "configure")
    run(fw1, "set network virtual-router default routing-table ip static-route sink destination 198.51.100.0/24 "
             "nexthop discard")
    assert "committed successfully" in run(fw1, "commit")
    run(fw1, "exit")
    assert run(fw1, "ping host 198.51.100.7 source 10.1.1.1 count 1") == "connect: Network is unreachable\n"
    assert "1 received" in run(fw1, "ping host 198.51.101.7 source 10.1.1.1 count 1")  # the default route


def test_no_route_and_a_bad_source(fw1):
    set_running(fw1.device, "deviceconfig/system/default-gateway", "")
    assert run(fw1, "ping host 172.16.0.1") == "connect: Network is unreachable\n"
    assert run(fw1, "traceroute host 172.16.0.1") == (
        "traceroute to 172.16.0.1 (172.16.0.1), 30 hops max, 60 byte packets\nconnect: Network is unreachable\n")
    assert run(fw1, "ping host 10.9.9.9 source 10.9.9.9", ok=False) == "ping: bind: Cannot assign requested address\n"
    assert run(fw1, "ping host 10.1.1.300", ok=False).endswith("Invalid syntax.\n")
    assert run(fw1, "ping host 10.1.1.5 count 0", ok=False).endswith("Invalid syntax.\n")
