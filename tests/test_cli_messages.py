"""What the commands say when the user's input is wrong, and what their help says."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cli_run import run

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("2026-02-30", "'2026-02-30' is not a date: 2026-02 has 28 days"),
        ("2024-02-30", "'2024-02-30' is not a date: 2024-02 has 29 days"),
        ("2026-13-01", "'2026-13-01' is not a date: there is no month 13"),
        ("yesterday", "'yesterday' is not a date: write YYYY-MM-DD"),
    ],
)
def test_a_day_that_does_not_exist_is_said_so(tmp_path, given, said):
    result = run("audit", str(tmp_path), "--as-of", given, "--no-history")
    assert result.exit_code == 2
    assert said in result.stderr and "%Y" not in result.stderr


def test_a_record_date_in_another_spelling_is_checked_alike(tmp_path):
    db = str(tmp_path / "h.sqlite")
    result = run("record", "cancel", "--line", "13900001111", "--service", "x", "--on",
                 "20260230", "--db", db)  # fmt: skip
    assert result.exit_code == 2
    assert "'20260230' is not a date: 2026-02 has 28 days" in result.stderr


def test_a_folder_of_skipped_files_says_they_were_skipped(tmp_path):
    (tmp_path / "letter.docx").write_bytes(b"PK\x03\x04 not a bill")
    (tmp_path / "song.mp3").write_bytes(b"ID3")
    result = run("audit", str(tmp_path), "--no-history", "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 2
    assert "nothing readable: all 2 input files were skipped (see above)" in result.stderr


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("add", "The settings file to add it to (made when missing)."),
        ("remove", "The settings file to remove it from."),
        ("list", "The settings file to list."),
    ],
)
def test_each_known_command_says_what_it_does_with_the_settings_file(command, said):
    shown = " ".join(run("known", command, "--help").stdout.split())
    assert said in shown
    assert "made when missing" not in shown or command == "add"


def _without(module: str) -> subprocess.CompletedProcess:
    """``python -m auditor --help`` run with ``module`` (and what is under it) not found."""
    blocker = (
        "import sys, runpy\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name == {module!r} or name.startswith({module + '.'!r}):\n"
        f"            raise ModuleNotFoundError('no {module}', name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "sys.argv = ['auditor', '--help']\n"
        "runpy.run_module('auditor', run_name='__main__')\n"
    )
    return subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True)


def test_python_m_auditor_without_its_libraries_says_where_the_installed_one_is():
    # The system's python run from the project folder finds the package, not xlsxwriter.
    done = _without("xlsxwriter")
    assert done.returncode == 1
    assert "lacks 'xlsxwriter'" in done.stderr and ".venv/bin/auditor" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_module_of_auditor_itself_missing_is_not_said_a_missing_library():
    # a broken install or a bad import inside auditor: its traceback, not "lacks a library"
    done = _without("auditor.cli")
    assert done.returncode == 1
    assert "lacks" not in done.stderr and "ModuleNotFoundError" in done.stderr
