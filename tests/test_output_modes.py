"""An output's permissions: a new report or JSON is its owner's alone (0600, as the
history is), whatever the umask; one that exists keeps the mode its user gave it
across a re-run; the files staged beside it are never readable by others either."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cli_run import run

from auditor.scratch import scratch_folder
from auditor.writers.safe import atomic_write_all


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _bill(folder: Path) -> Path:
    """A small CSV bill of one line."""
    folder.mkdir(parents=True, exist_ok=True)
    bill = folder / "13800001234-2026年10月.csv"
    rows = [
        "手机号码,账期,费用类别,费用项目,金额(元)",
        "13800001234,2026-10,套餐及固定费,套餐月费,18.00",
        "13800001234,2026-10,增值业务费,咪咕视频会员,15.00",
    ]
    bill.write_text("\n".join(rows) + "\n", "utf-8")
    return bill


def _audit(tmp_path: Path, *outputs: str) -> None:
    result = run(
        "audit", str(_bill(tmp_path / "bills")), "--as-of", "2026-11-05", "-q", "--lang", "en",
        "--db", str(tmp_path / "h.sqlite"), "--no-mask", *outputs,
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output


@pytest.fixture
def loose_umask():
    """The umask most systems give (022), whatever the test runner's."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.usefixtures("loose_umask")
def test_new_outputs_are_private_as_the_history(tmp_path):
    report, data = tmp_path / "out" / "r.xlsx", tmp_path / "out" / "r.json"
    _audit(tmp_path, "-o", str(report), "--json", str(data))
    assert _mode(report) == _mode(data) == _mode(tmp_path / "h.sqlite") == 0o600


@pytest.mark.usefixtures("loose_umask")
def test_an_existing_output_keeps_its_mode_across_a_rerun(tmp_path):
    report, data = tmp_path / "r.xlsx", tmp_path / "r.json"
    _audit(tmp_path, "-o", str(report), "--json", str(data))
    report.chmod(0o640)  # shared with a group on purpose
    data.chmod(0o400)
    _audit(tmp_path, "-o", str(report), "--json", str(data))
    assert (_mode(report), _mode(data)) == (0o640, 0o400)
    report.chmod(0o600)
    _audit(tmp_path, "-o", str(report), "--json", str(data))
    assert _mode(report) == 0o600  # the trial's: made 0600, a re-run set it back to 0644


def test_a_new_output_is_private_under_any_umask(tmp_path):
    old = os.umask(0)
    try:
        atomic_write_all([(tmp_path / "a" / "r.json", b"{}")])
    finally:
        os.umask(old)
    assert _mode(tmp_path / "a" / "r.json") == 0o600


@pytest.mark.usefixtures("loose_umask")
def test_scratch_folders_are_the_users_alone():
    """The folders the charges and the workbook's parts are staged in (full numbers)."""
    for what in ("charges", "xlsx"):
        with scratch_folder(what) as folder:
            assert _mode(Path(folder)) == 0o700
