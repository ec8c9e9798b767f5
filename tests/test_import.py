"""Real PAN-OS configurations: import, show, edit and commit; `set` files replay."""
from pathlib import Path

import pytest
from conftest import run

from panshell.backend.clock import Clock
from panshell.backend.lab import Lab
from panshell.session import Session

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "panos-configs"
HERE = Path(__file__).resolve().parent
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared PAN-OS config corpus is not beside the repo")


def import_into(tmp_path, panshell, path, device="fw2"):
    proc = panshell("lab", "import-config", "--lab", str(tmp_path), "--device", device, str(path))
    return proc


def test_our_realistic_config_imports_shows_edits_and_commits(tmp_path, panshell):
    proc = import_into(tmp_path, panshell, HERE / "data" / "branch-office.xml", device="fw1")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"imported {HERE / 'data' / 'branch-office.xml'} as the running configuration of fw1 (hostname branch-fw)\n"
    script = (
        "show system info | match hostname\n"
        "show interface all | match ethernet1/3.20\n"
        "show running security-policy | match '^[a-z\"]'\n"
        "configure\n"
        "set address printer ip-netmask 10.20.0.50\n"
        "set rulebase security rules allow-print from users to servers source any destination printer"
        " application any service application-default action allow\n"
        "move rulebase security rules allow-print before block-guests\n"
        "commit\n"
        "exit\n"
        "show running security-policy | match '^[a-z\"]'\n"
    )
    proc = panshell("--lab", str(tmp_path), "--clock", "2026-11-25T00:00:00Z", stdin=script)
    assert proc.returncode == 0, proc.stdout
    out = proc.stdout
    assert "hostname: branch-fw\n" in out
    assert "ethernet1/3.20            256   1    servers          vr:branch                20     10.20.0.1/24\n" in out
    assert "Configuration committed successfully" in out
    policy_after = out.rsplit("show running security-policy", 1)[1]
    assert policy_after.splitlines()[1:] == [
        '"allow-users-out; index: 1" {', '"allow-print; index: 2" {', '"block-guests; index: 3" {',
        '"allow-vpn; index: 4" {', '"intrazone-default; index: 5" {', '"interzone-default; index: 6" {',
        "dynamic url: no", "pol objs matched",
    ]


@needs_corpus
@pytest.mark.parametrize("name", [
    "skilletlib_example_config.xml", "azure-vmseries-ha_bootstrap.xml", "aws-gwlb-vmseries_bootstrap.xml",
    "iron-skillet_panos_full_mgmt-static.xml", "napalm-panos_running_config.xml",
])
def test_published_configs_import_show_edit_and_commit(tmp_path, name):
    from panshell.labops import import_device_config as import_config

    lab = Lab.open(tmp_path, Clock())
    try:
        hostname = import_config(lab, "fw2", (CORPUS / name).read_bytes())
        session = Session(lab, lab.devices["fw2"])
        assert run(session, "show system info | match ^hostname") == f"hostname: {hostname}\n"
        assert run(session, "show config running").startswith("config {\n")
        run(session, "configure")
        run(session, "set address lab-added ip-netmask 192.0.2.77")
        assert "Configuration committed successfully" in run(session, "commit")
    finally:
        lab.close()
    again = Lab.open(tmp_path, Clock())
    try:
        assert again.devices["fw2"].running.find("vsys/entry/address/entry[@name='lab-added']") is not None
    finally:
        again.close()


def test_a_malformed_file_is_refused_and_changes_nothing(tmp_path, panshell):
    bad = tmp_path / "bad.xml"
    bad.write_text("<config><devices><entry name='localhost.localdomain'>")
    proc = import_into(tmp_path / "lab", panshell, bad)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"panshell: {bad}: malformed XML")
    proc = panshell("--lab", str(tmp_path / "lab"), "--device", "fw2", stdin="show system info | match ^hostname\n")
    assert proc.stdout.endswith("hostname: fw2\n")


def test_not_a_pan_os_config(tmp_path, panshell):
    other = tmp_path / "other.xml"
    other.write_text("<html><body/></html>")
    proc = import_into(tmp_path / "lab", panshell, other)
    assert proc.returncode == 2
    assert "not a PAN-OS configuration" in proc.stderr


def test_an_xml_api_reply_is_unwrapped(tmp_path):
    from panshell.labops import import_device_config as import_config

    data = (HERE / "data" / "branch-office.xml").read_bytes().split(b"?>", 1)[1]
    reply = b'<response status="success"><result>' + data + b"</result></response>"
    lab = Lab.open(tmp_path, Clock())
    try:
        assert import_config(lab, "fw1", reply) == "branch-fw"
    finally:
        lab.close()
