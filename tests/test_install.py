"""A non-editable install ships the grammar and lab data and runs from anywhere."""
import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_ships_grammar_and_runs_from_an_empty_directory(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(REPO)],
        check=True, capture_output=True,
    )
    [wheel] = (tmp_path / "dist").glob("panshell-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in (
        "panshell/grammar/operational.grammar",
        "panshell/grammar/pipe.grammar",
        "panshell/data/default-lab/lab.json",
        "panshell/data/default-lab/fw1.xml",
        "panshell/data/default-lab/fw2.xml",
        "panshell/data/updates.json",
        "panshell/data/scenarios/version-mismatch.toml",
    ):
        assert shipped in names
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(tmp_path / "site"), str(wheel)],
        check=True, capture_output=True,
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "panshell", "--ephemeral"],
        input="show system info\nshow clock\nrequest content upgrade info\n", capture_output=True, text=True, cwd=empty,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site"), "PANSHELL_CLOCK": "2026-11-25T00:00:00Z"},
    )
    assert proc.returncode == 0, proc.stderr
    assert str(tmp_path / "site") in subprocess.run(
        [sys.executable, "-c", "import panshell; print(panshell.__file__)"],
        capture_output=True, text=True, cwd=empty, env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
    ).stdout
    assert "admin@fw1(active)> show system info\n\nhostname: fw1\n" in proc.stdout
    assert "admin@fw1(active)> show clock\n\nWed Nov 25 00:00:01 UTC 2026\n\n" in proc.stdout
    assert "8799-8509             92MB  2024/01/16 17:47:12 PST        yes        yes\n" in proc.stdout
