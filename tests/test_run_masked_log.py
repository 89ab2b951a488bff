"""What auditor logs during a script's audit (:func:`auditor.run.audit`) is masked as
its outputs are, whatever handlers the script has, or none; the command's stderr is as
it was (masked once: masking what is masked changes nothing)."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from auditor.masked_log import AUDITOR, masked_log
from auditor.run import audit
from auditor.writers import Masker

LINE, STRANGER = "13900001111", "13700004444"
# Not within a finding's id (F and 12 hex digits, random per history: one in a few
# hundred holds eleven digits that look like a number).
FULL_NUMBER = re.compile(r"(?<!\d)(?<!F)(?<!F[0-9a-f])1[3-9]\d{9}(?!\d)")


def _bill(folder: Path, line: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        "手机号码,账期,费用类型,费用项目,金额(元)",
        f"{line},202610,套餐及固定费,4G飞享18元套餐,18.00",
        f"{line},202610,增值业务费,咪咕视频会员,15.00",
        f"{line},202610,合计,,33.00",
    ]
    (folder / f"中国移动账单-2026年10月-{line}.csv").write_text("\n".join(rows) + "\n", "utf-8")


@pytest.fixture
def two_lines(tmp_path):
    """Two lines' bills, the settings naming one: the other is told not in them."""
    for line in (LINE, STRANGER):
        _bill(tmp_path / "bills", line)
    (tmp_path / "auditor.toml").write_text(f'[lines."{LINE}"]\nowner = "妈妈"\n', "utf-8")
    return tmp_path


def test_a_line_not_in_the_settings_is_logged_masked(two_lines, caplog):
    audit(
        [two_lines / "bills"], settings=two_lines / "auditor.toml", as_of=date(2026, 11, 5),
        report=two_lines / "r.xlsx", jobs=1,
    )  # fmt: skip
    told = [r.getMessage() for r in caplog.records if r.name.startswith("auditor")]
    assert any(STRANGER[:3] + "****" + STRANGER[-4:] in text for text in told), told
    assert not [text for text in told if FULL_NUMBER.search(text)]
    assert AUDITOR.handlers == []  # nothing left behind


def test_a_script_without_logging_gets_the_warning_masked_on_stderr(two_lines):
    script = (
        "import sys; from datetime import date; from pathlib import Path\n"
        "from auditor.run import audit\n"
        "tmp = Path(sys.argv[1])\n"
        "audit([tmp / 'bills'], settings=tmp / 'auditor.toml', as_of=date(2026, 11, 5),"
        " report=tmp / 'r.xlsx', jobs=1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(two_lines)], capture_output=True, text=True,
        env={**os.environ, "AUDITOR_LANG": "en"}, check=True, timeout=120,
    )  # fmt: skip
    assert f"137****4444 is not in your settings ({two_lines / 'auditor.toml'})" in done.stderr
    assert not FULL_NUMBER.search(done.stderr), done.stderr


def test_a_traceback_logged_is_masked_and_the_masker_can_be_replaced(caplog):
    child = logging.getLogger("auditor.readers.somewhere")
    with masked_log(Masker(True)) as replace:
        try:
            raise ValueError(f"bad row of {LINE}")
        except ValueError:
            child.warning("reading %s failed", f"/bills/{LINE}.csv", exc_info=True)
        replace(Masker(True, personal=frozenset({"张三丰"})))
        child.warning("a folder named 张三丰")
    child.warning("after the audit: %s", LINE)  # not the audit's: as it was
    failed, named, after = caplog.records[-3:]
    assert failed.getMessage() == "reading /bills/139****1111.csv failed"
    assert failed.exc_info is None and "ValueError: bad row of 139****1111" in failed.exc_text
    assert not FULL_NUMBER.search(logging.Formatter().format(failed))
    assert "张三丰" not in named.getMessage()
    assert after.getMessage().endswith(LINE)


def test_a_handler_below_the_auditor_logger_sees_the_record_masked():
    """A script's handler on ``auditor.readers`` comes before any on ``auditor`` on the
    way up: the record is masked where it is logged, a reading process's logged again
    here (``Logger.handle``) too."""
    seen: list[str] = []  # as the handler saw it, not as later handlers leave it
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())
    below = logging.getLogger("auditor.readers")
    below.addHandler(handler)
    try:
        with masked_log(Masker(True)):
            logging.getLogger("auditor.readers.walk").warning("skipped /bills/%s.csv", LINE)
            again = logging.makeLogRecord(
                {"name": "auditor.readers.pool", "levelno": logging.WARNING,
                 "levelname": "WARNING", "msg": f"a worker read {LINE}"}
            )  # fmt: skip
            logging.getLogger("auditor.readers.pool").handle(again)
    finally:
        below.removeHandler(handler)
    assert seen == [
        "skipped /bills/139****1111.csv",
        "a worker read 139****1111",
    ]
    assert all(not logger.filters for logger in (AUDITOR, below))  # nothing left behind


class _Counted:
    """A masker that counts the texts put through it."""

    def __init__(self):
        self.texts: list[str] = []

    def __call__(self, text: str) -> str:
        self.texts.append(text)
        return Masker(True)(text)


def test_the_commands_log_masks_an_auditor_record_once_and_the_others_itself():
    from auditor.cli.common import StderrLog

    mask = _Counted()
    written = StderrLog(mask)
    written.release_held()  # written at once, not held
    lines: list[str] = []
    written.emit = lambda record: lines.append(written.format(record))
    root = logging.getLogger()
    root.addHandler(written)
    try:
        with masked_log(mask):
            AUDITOR.warning("%s is not in your settings", STRANGER)
            told = len(mask.texts)
            logging.getLogger("pdfminer.pdfpage").warning("a font named %s", STRANGER)
    finally:
        root.removeHandler(written)
    assert told == 1  # the audit's masking, not the command's again
    assert len(mask.texts) == 2  # another library's: the command's
    assert lines == [
        "auditor: 137****4444 is not in your settings",
        "auditor: a font named 137****4444",
    ]


def test_a_record_held_while_reading_is_written_with_the_names_found():
    """The command's log holds what is logged while the inputs are read (the first
    record too: ``Handler.release`` is the handler's lock's, called after each record),
    then writes it with the masker that knows the names found."""
    from auditor.cli.common import StderrLog

    first = Masker(True)
    written = StderrLog(first)  # holds what is logged until the inputs are read
    root = logging.getLogger()
    root.addHandler(written)
    try:
        with masked_log(first) as replace, contextlib.redirect_stderr(io.StringIO()) as err:
            AUDITOR.warning("a folder named 张三丰 for %s", STRANGER)
            known = Masker(True, personal=frozenset({"张三丰"}))
            replace(known)
            written.release_held(known)
    finally:
        root.removeHandler(written)
    [line] = err.getvalue().splitlines()  # held until the inputs were read, then written
    assert line.startswith("auditor: a folder named ") and line.endswith(" for 137****4444")
    assert "张三丰" not in line
