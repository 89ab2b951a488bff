"""``--fail-on-not-checked``: a cron sees a line not checked in the exit status (trial
t3: the Telecom export forgotten, 15 lines not checked, exit 0; only the JSON's
``summary.not_checked_lines`` told). Exit 3, as for an unreadable input: the report is
written but incomplete, and that wins over ``--fail-on``'s 1; one line on stderr names
the lines, even with ``--quiet``. A line recorded closed (销户), listed for its refunds
due alone, has no bill coming: it does not count.

The two China Mobile lines of test_unchecked_lines: November's folder leaves the second
line's October bill out."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run
from test_unchecked_lines import _audit, _folders, _record

pytestmark = pytest.mark.usefixtures("december", "english")

SAID = (
    "auditor: 1 line not checked, no bill of 2026-10 given or read: 139****2222 "
    "(--fail-on-not-checked: exit 3)"
)


def _november(tmp_path: Path, folders: dict[str, Path], *extra: str):
    """November's audit (dated 2026-11-05) of ``folders``' November, over the history."""
    return run(
        "audit", str(folders["2026-11"]), "--as-of", "2026-11-05", "--db",
        str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "nov.xlsx"), "-q", *extra,
    )  # fmt: skip


def test_a_line_not_checked_exits_3_and_is_named(tmp_path):
    folders = _folders(tmp_path)
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    history = (tmp_path / "h.sqlite").read_bytes()
    plain = _november(tmp_path, folders)
    assert (plain.exit_code, plain.stderr) == (0, "")  # as before: asked for, it is told
    for extra, code in (((), 0), (("--fail-on", "info"), 1)):
        (tmp_path / "h.sqlite").write_bytes(history)  # November's audit again, each time
        told = _november(tmp_path, folders, *extra, "--fail-on-not-checked")
        assert told.exit_code == 3, told.output  # wins over --fail-on, as unread inputs do
        assert told.stderr.splitlines() == [SAID]
        (tmp_path / "h.sqlite").write_bytes(history)
        assert _november(tmp_path, folders, *extra).exit_code == code
    assert (tmp_path / "nov.xlsx").is_file()  # the report is written all the same


def test_every_line_given_exits_0(tmp_path):
    folders = _folders(tmp_path)
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    both = run(
        "audit", str(folders["2026-10"]), "--as-of", "2026-11-05", "--db",
        str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "r.xlsx"), "-q", "--fail-on-not-checked",
    )  # fmt: skip
    assert (both.exit_code, both.stderr) == (0, "")


def test_a_line_closed_with_a_refund_due_does_not_count(tmp_path):
    """No bill is coming for it: the money owed is listed, nothing is missing."""
    folders = _folders(tmp_path)
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    _record(tmp_path, "cancel", "--service", "手机报-新闻早晚报", "--on", "2026-10-09",
            "--line-closed")  # fmt: skip
    done = _november(tmp_path, folders, "--fail-on-not-checked", "--json", "-")
    assert (done.exit_code, done.stderr) == (0, "")
    assert '"closed": true' in done.stdout  # listed, for its refund due alone


def test_the_two_causes_of_exit_3_are_told_apart_by_the_json(tmp_path):
    """As docs/json.md says: ``summary.files_failed`` above 0 is an input unread; 0, with
    a ``not_checked[]`` entry not ``closed``, a bill not given."""
    import json

    folders = _folders(tmp_path)
    _audit(tmp_path, folders["2026-10"], "2026-10", "-q")
    history = (tmp_path / "h.sqlite").read_bytes()
    missing = _november(tmp_path, folders, "--fail-on-not-checked", "--json", "-")
    assert missing.exit_code == 3
    told = json.loads(missing.stdout)
    assert told["summary"]["files_failed"] == 0
    assert any(not line["closed"] for line in told["not_checked"])
    (tmp_path / "h.sqlite").write_bytes(history)
    (folders["2026-11"] / "broken.xlsx").write_bytes(b"no workbook")
    unread = _november(tmp_path, folders, "--json", "-")  # exit 3 without the option
    assert unread.exit_code == 3
    assert json.loads(unread.stdout)["summary"]["files_failed"] == 1
