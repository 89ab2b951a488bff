"""Scratch folders carry their run's process id; an audit removes those of runs that no
longer run (a run killed by SIGKILL or out of memory cannot remove its own)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from auditor import scratch
from auditor.writers import Masker, render_xlsx

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX process ids")


@pytest.fixture
def temp(tmp_path, monkeypatch) -> Path:
    """The system's temporary folder, here."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_a_killed_runs_folders_go_and_the_others_stay(temp):
    dead = _dead_pid()
    stale = temp / f"auditor-charges-{dead}-abc_12"
    (stale / "deep").mkdir(parents=True)
    (stale / "deep" / "Charges-0.xml").write_text("<row/>")
    mine = temp / f"auditor-xlsx-{os.getpid()}-xyz"  # this run's: it runs
    mine.mkdir()
    unlike = [temp / f"auditor-charges-{dead}", temp / "auditor-charges-old8z9", temp / "other"]
    for folder in unlike:  # not named as auditor names its folders now
        folder.mkdir()
    link = temp / f"auditor-xlsx-{dead}-lnk"
    link.symlink_to(mine)
    fresh = temp / f"auditor-xlsx-{dead}-new"  # touched a moment ago: perhaps at work
    fresh.mkdir()
    for folder in (stale, link):
        os.utime(folder, (0, 0), follow_symlinks=False)
    assert scratch.remove_stale() == [stale]
    assert not stale.exists() and fresh.is_dir()
    assert mine.is_dir() and link.is_symlink() and all(f.is_dir() for f in unlike)


def test_a_scratch_folder_is_named_for_its_run_and_goes_with_it(temp):
    with scratch.scratch_folder("charges") as folder:
        assert Path(folder).name.startswith(f"auditor-charges-{os.getpid()}-")
        assert scratch.remove_stale() == []  # a running run's own
    assert not Path(folder).exists()


def test_the_workbook_stages_in_a_named_folder(temp, monkeypatch):
    from writers_sample import sample_report

    made = []
    original = scratch.scratch_folder

    def spied(what):
        made.append(what)
        return original(what)

    monkeypatch.setattr("auditor.writers.xlsx.scratch_folder", spied)
    render_xlsx(sample_report(), Masker())
    assert made == ["xlsx"] and os.listdir(temp) == []


def test_an_audit_removes_what_a_killed_audit_left(temp):
    from cli_run import run

    stale = temp / f"auditor-charges-{_dead_pid()}-k1ll3d"
    stale.mkdir()
    (stale / "Charges-0.xml").write_text("<row/>")
    os.utime(stale, (0, 0))  # left long ago
    household = Path(__file__).resolve().parent.parent / "fixtures" / "household"
    out = temp / "out"
    result = run("audit", str(household), "--as-of", "2026-11-05", "--no-history",
                 "-o", str(out / "r.xlsx"), "-q")  # fmt: skip
    assert result.exit_code in (0, 3), result.output
    assert not stale.exists()
    assert sorted(p.name for p in temp.iterdir()) == ["out"]  # and nothing of its own left
