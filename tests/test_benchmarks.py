"""Every benchmark runs, in a quick mode (tiny sizes), so none can rot unnoticed. No timing is
asserted: the figures are for benchmarks/README.md, from full runs."""
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SMALL = ["--addresses", "200", "--rules", "20", "--runs", "1"]
QUICK = {
    "bench_api.py": ["--requests", "3"],
    "bench_class.py": ["--sessions", "3", "--addresses", "200", "--rules", "20", "--commits", "1"],
    "bench_cli.py": ["--runs", "1"],
    "bench_config.py": [*SMALL, "--replay", "400"],
    "bench_ha.py": [*SMALL, "--shows", "20"],
    "bench_history.py": [*SMALL, "--changes", "200"],
    "bench_live.py": ["--commands", "5", "--addresses", "100"],
    "bench_runtime.py": ["--sessions", "1000", "--runs", "1"],
    "bench_ssh.py": ["--runs", "3"],
    "bench_ssh_packets.py": ["--runs", "1"],
    "bench_transcripts.py": ["--files", "2", "--commands", "5", "--runs", "1"],
}
COVERED_ELSEWHERE = {"corpus.py"}  # tests/test_schema.py asserts its table


def test_every_benchmark_has_a_quick_mode():
    assert {p.name for p in BENCHMARKS.glob("*.py")} == set(QUICK) | COVERED_ELSEWHERE


@pytest.mark.parametrize("script", sorted(QUICK))
def test_benchmark_runs(script):
    if script == "bench_ssh.py" and importlib.util.find_spec("fakenos") is None:
        pytest.skip("bench_ssh.py compares against fakenos: pip install -e '.[bench]'")
    done = subprocess.run([sys.executable, script, *QUICK[script]], cwd=BENCHMARKS, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() and "Traceback" not in done.stderr
