"""The seed's story end to end, through the public interface: piped commands to
`panshell --device fw1` and `panshell --device fw2` on one lab on disk."""
import pytest

JOB_HEADER = (
    "Enqueued              Dequeued           ID  PositionInQ                              Type"
    "                         Status Result Completed\n" + "-" * 138 + "\n"
)


def job_row(date, time, job_id, job_type, result):
    return f"{date} {time}   {time}{job_id:>13}{job_type:>47}{'FIN':>31}{result:>7} {time}\n"


@pytest.fixture
def on(panshell, tmp_path):
    """Run lines on one device of the story's lab; each step starts a minute later."""
    minutes = iter(range(60))

    def run(device, *lines):
        proc = panshell("--lab", str(tmp_path), "--device", device, "--clock",
                        f"2026-11-25T10:{next(minutes):02d}:00Z", stdin="".join(line + "\n" for line in lines))
        assert "Traceback" not in proc.stderr and proc.stderr == ""
        return proc.stdout

    return run


def test_the_jumbo_frame_story(on):
    # 1. The admin enables jumbo frames and a 9000-byte MTU on ae1.518 on the active, and commits.
    out = on("fw1", "configure", "set deviceconfig setting jumbo-frame mtu 9192",
             "set network interface aggregate-ethernet ae1 layer3 units ae1.518 mtu 9000", "commit")
    assert ("admin@fw1(active)# commit\n\nCommit job 2 is in progress. Use Ctrl+C to return to command prompt\n"
            ".....55%75%98%.......100%\nConfiguration committed successfully\n\n[edit]\n") in out

    # 2. HA1 carried the change to the passive, whose HA-Sync job failed: fw2 is not in jumbo-frame mode.
    out = on("fw2", "show jobs all", "show jobs id 2", "show high-availability all | match Running")
    assert out == (
        "admin@fw2(passive)> show jobs all\n\n" + JOB_HEADER
        + job_row("2026/11/25", "10:00:03", 2, "HA-Sync", "FAIL")
        + job_row("2026/11/25", "10:00:00", 1, "AutoCom", "OK") + "\n\n"
        "admin@fw2(passive)> show jobs id 2\n\n" + JOB_HEADER
        + job_row("2026/11/25", "10:00:03", 2, "HA-Sync", "FAIL")
        + "Warnings:\n"
        "Details:device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500\n"
        "interface configuration error\nCommit failed\n\n"
        "admin@fw2(passive)> show high-availability all | match Running\n"
        "    Running Configuration: not synchronized\n"
    )
    assert on("fw1", "show high-availability all | match Running").endswith("Running Configuration: not synchronized\n")

    # 3. The fix on the passive: jumbo frames are device-local, so they are set there and committed there.
    out = on("fw2", "configure", "set deviceconfig setting jumbo-frame mtu 9192", "commit", "exit",
             "show jobs all | match Commit")
    assert "Configuration committed successfully" in out
    assert out.endswith(job_row("2026/11/25", "10:03:02", 3, "Commit", "OK"))

    # 4. The active pushes its running config again; the passive's new HA-Sync job is OK.
    out = on("fw1", "request high-availability sync-to-remote running-config", "y",
             "show high-availability all | match Running")
    assert out == (
        "admin@fw1(active)> request high-availability sync-to-remote running-config\n\n"
        "Executing this command will overwrite the candidate configuration on the peer and trigger a commit on the"
        " peer. Do you want to continue? (y or n) y\n"
        "HA synchronization job has been queued on peer. Please check job status on peer.\n\n"
        "admin@fw1(active)> show high-availability all | match Running\n"
        "    Running Configuration: synchronized\n"
    )
    out = on("fw2", "show jobs id 4", "show high-availability all | match Running",
             "show config running | match 'mtu 9000'")
    assert out == (
        "admin@fw2(passive)> show jobs id 4\n\n" + JOB_HEADER
        + job_row("2026/11/25", "10:04:01", 4, "HA-Sync", "OK")
        + "Warnings:\nDetails:Configuration committed successfully\n\n"
        "admin@fw2(passive)> show high-availability all | match Running\n"
        "    Running Configuration: synchronized\n"
        "admin@fw2(passive)> show config running | match 'mtu 9000'\n"
        "                    mtu 9000;\n"
    )

    # 5. From now on a synced change commits on both with an OK job.
    on("fw1", "configure", "set address after-fix ip-netmask 10.77.0.1", "commit")
    out = on("fw2", "show jobs all | match HA-Sync", "show config running | match after-fix")
    assert out.splitlines()[1:] == [
        job_row("2026/11/25", "10:06:02", 5, "HA-Sync", "OK").rstrip("\n"),
        job_row("2026/11/25", "10:04:01", 4, "HA-Sync", "OK").rstrip("\n"),
        job_row("2026/11/25", "10:00:03", 2, "HA-Sync", "FAIL").rstrip("\n"),
        "admin@fw2(passive)> show config running | match after-fix",
        "            after-fix {",
    ]
