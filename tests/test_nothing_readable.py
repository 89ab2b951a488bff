"""An audit with nothing readable tells a script what the command tells a person: each
input that could not be read (or was skipped) and why, in the message (masked as the
outputs would be) and as data on the exception; the command names each file once, above
its last line."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from cli_run import run

from auditor.errors import AuditorError
from auditor.pipeline import NothingToAudit
from auditor.run import audit

pytestmark = pytest.mark.usefixtures("english")

LINE = "13800001234"


def _junk(folder: Path) -> dict[str, Path]:
    """Two inputs auditor cannot read, one named after a line, and one it skips."""
    folder.mkdir()
    files = {
        "xlsx": folder / f"账单-{LINE}.xlsx",
        "pdf": folder / "x.pdf",
        "txt": folder / "readme.docx",
    }
    files["xlsx"].write_bytes(b"not a zip")
    files["pdf"].write_bytes(b"hello")
    files["txt"].write_bytes(b"\x00\x01 nothing")
    return files


@pytest.mark.parametrize("mask", [True, False])
def test_the_exception_names_each_input_and_why(tmp_path, mask):
    files = _junk(tmp_path / "junk")
    with pytest.raises(NothingToAudit) as caught:
        audit([tmp_path / "junk"], history=None, jobs=1, report=tmp_path / "n.xlsx", mask=mask)
    exc = caught.value
    assert isinstance(exc, AuditorError)
    # as data: every input, its path as given (the script's to act on) and one line why
    assert sorted(u.path for u in exc.unread) == sorted(str(p) for p in files.values())
    for unread in exc.unread:
        assert unread.reason and "\n" not in unread.reason
        assert unread.skipped == unread.path.endswith(".docx")
    # in the message: each of them and its reason, the line masked unless told not to
    text = str(exc)
    assert text.startswith("nothing readable: ")
    for unread in exc.unread:
        shown = unread.path.replace(LINE, "138****1234") if mask else unread.path
        assert f"{shown}: " in text and unread.reason in text
    assert (LINE in text) is not mask
    assert "see above" not in text  # nothing is above it in a script's log
    assert exc.summary in text and exc.summary.startswith("nothing readable: ")
    # sent whole from a process to another (a script's pool of audits)
    again = pickle.loads(pickle.dumps(exc))
    assert (str(again), again.unread, again.summary) == (text, exc.unread, exc.summary)


def test_the_command_names_each_file_once(tmp_path):
    files = _junk(tmp_path / "junk")
    result = run("audit", str(tmp_path / "junk"), "--no-history", "-o", str(tmp_path / "n.xlsx"))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    for path in files.values():
        shown = str(path).replace(LINE, "138****1234")
        assert sum(shown in line for line in lines) == 1, result.stderr
    assert lines[-1].startswith("auditor: nothing readable: ")
    assert lines[-1].endswith("(see above)")
