"""pytest plugin: every `*.txt` under a `transcripts/` directory is a test.

Installed with panshell (entry point group `pytest11`, name `panshell`), so any
project with panshell installed gets it: `pytest transcripts/` replays each
transcript file as one test item, named by the file, and a failure shows the
same report as `panshell transcript check`. `--update-transcripts` rewrites
the expected output of the differing ones instead. Disable with `-p no:panshell`.
"""
from __future__ import annotations

from pathlib import Path

import pytest

TRANSCRIPTS_DIR = "transcripts"


def pytest_addoption(parser):
    group = parser.getgroup("panshell", "panshell golden transcripts")
    group.addoption(
        "--update-transcripts",
        action="store_true",
        default=False,
        help="rewrite the expected output of differing transcripts in place (like `panshell transcript check --update`)",
    )


def is_transcript(path: Path, root: Path, root_counts: bool = False) -> bool:
    """A `*.txt` file with a `transcripts` directory among its parents below the rootdir.

    With root_counts, the rootdir itself may be that directory: `pytest
    transcripts/` without any config file makes transcripts/ the rootdir.
    """
    if path.suffix != ".txt" or path.name.startswith("."):
        return False
    try:
        parts = path.relative_to(root.parent if root_counts else root).parts
    except ValueError:
        parts = path.parts
    return TRANSCRIPTS_DIR in parts[:-1]


def pytest_collect_file(file_path: Path, parent):
    config = parent.config
    if is_transcript(file_path, config.rootpath, root_counts=config.inipath is None):
        return TranscriptFile.from_parent(parent, path=file_path)
    return None


class TranscriptFile(pytest.File):
    def collect(self):
        yield TranscriptItem.from_parent(self, name=self.path.name)


class TranscriptFailure(Exception):
    """A transcript whose replay differs (or that cannot be run)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


class TranscriptItem(pytest.Item):
    def runtest(self):
        from .transcript import check_file, report_text

        update = self.config.getoption("update_transcripts")
        result = check_file(self.path, update=update, name=self._shown_path())
        if result.status in ("failed", "error"):
            raise TranscriptFailure(report_text(result))

    def _shown_path(self) -> Path:
        """The file as reports name it: relative to where pytest was started, when below it."""
        try:
            return self.path.relative_to(self.config.invocation_params.dir)
        except ValueError:
            return self.path

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, TranscriptFailure):
            return excinfo.value.text.rstrip("\n")
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, None, f"transcript {self.path.name}"
