"""Figures for the configuration schema (not a test): per file of the shared corpus of real
PAN-OS configs, how many of its set lines an empty device accepts, and whether the config
round-trips (its set format, replayed on an empty device, gives the same XML).

    python benchmarks/corpus.py [CORPUS_DIR]

Target: at least 99% of each set file's lines, Panorama-only lines aside; every round trip.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_schema import CORPUS, PANORAMA_ONLY, canonical, empty_device, replay, set_lines_of  # noqa: E402

from panshell.backend.config import PanConfig  # noqa: E402
from panshell.render.config import config_set_lines  # noqa: E402


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    for path in sorted(corpus.glob("*.set")) + sorted(corpus.glob("*.conf")):
        lines = set_lines_of(path)
        session = empty_device()
        refused = replay(session, lines)
        panorama = sum(1 for line in lines if PANORAMA_ONLY.match(line))
        firewall = len(lines) - panorama
        accepted = len(lines) - len(refused)
        again = empty_device()
        round_trip = not replay(again, config_set_lines(session.device.candidate)) and \
            canonical(again.device.candidate) == canonical(session.device.candidate)
        print(f"{path.name}: {accepted}/{firewall} firewall lines accepted ({accepted / firewall:.1%})"
              f"{f', {panorama} Panorama-only lines refused' if panorama else ''}; round trip {'ok' if round_trip else 'FAILS'}")
    for path in sorted(corpus.glob("*.xml")):
        config = PanConfig.from_bytes(path.read_bytes())
        lines = config_set_lines(config)
        session = empty_device()
        refused = replay(session, lines)
        same = canonical(session.device.candidate) == canonical(config)
        print(f"{path.name}: {len(lines)} set lines, {len(refused)} refused; round trip {'ok' if same else 'FAILS'}")


if __name__ == "__main__":
    sys.exit(main())
