"""A record's locator is stored in the history as its parts, in no language, and read
back in the language of the audit reading it: an English report lists a month a Chinese
audit stored at ``sheet 2026年09月 row 8``, not ``工作表 2026年09月 第 8 行``. What an older
history stored as text, in either language, is read as its parts when read back."""

from __future__ import annotations

from datetime import date

import pytest

from auditor.history.db import open_history
from auditor.history.places import parts_of, shown, stored
from auditor.history.store import load_results, store_results
from auditor.lang import using
from auditor.model import Bill, Charge, ReadResult

LINE = "13800001234"

# (as a Chinese audit made it, as an English one, the file's reader)
SAME = [
    ("工作表 2026年09月 第 8 行", "sheet 2026年09月 row 8", "xlsx"),
    ("第 1 页 第 5 行", "page 1 line 5", "pdf"),
    ("第 8 行", "row 8", "csv"),
    ("第 3 行", "line 3", "sms"),
    ("第 4 行 第 2 项", "line 4 entry 2", "sms"),
    ("第 2 个表格 第 3 行", "table 2 row 3", "html"),
    ("第 2 部分 第 7 行", "part 2 line 7", "eml"),
    ("第 3 条短信", "message 3", "sms"),
    ("第 2 页 第 5–7 行 [x 1–20, y 3–40 px]", "page 2 lines 5–7 [x 1–20, y 3–40 px]", "pdf"),
    ("第 12 行 [x 40–1040, y 880–930 px]", "line 12 [x 40–1040, y 880–930 px]", "image"),
]


@pytest.mark.parametrize(("zh", "en", "reader"), SAME)
def test_a_locator_is_stored_in_no_language_and_shown_in_either(zh, en, reader):
    with using("zh"):
        kept = stored(zh, reader)
    assert "第" not in kept and "工作表" not in kept and parts_of(kept) is None
    with using("en"):
        assert stored(en, reader) == kept
        assert shown(kept, reader) == en
        assert shown(zh, reader) == en  # an older history's text
    with using("zh"):
        assert shown(kept, reader) == zh
        assert shown(en, reader) == zh


@pytest.mark.parametrize("text", ["", "第 3 条记录", "账单", "whatever it is"])
def test_a_text_that_is_no_locator_is_kept_as_it_is(text):
    assert stored(text, "csv") == text
    with using("en"):
        assert shown(text, "csv") == text


def _result(locators: list[str]) -> ReadResult:
    charges = [
        Charge(LINE, "2026-09", "vas", f"业务{i}", 500, carrier="china-mobile", locator=at)
        for i, at in enumerate(locators)
    ]
    bill = Bill(LINE, "2026-09", 500 * len(locators), "china-mobile", "b.xlsx", locators[0])
    return ReadResult(path="b.xlsx", sha256="a" * 64, reader="xlsx", charges=charges, bills=[bill])


def test_a_month_a_chinese_audit_stored_reads_back_in_english(tmp_path):
    made = ["工作表 2026年09月 第 8 行", "工作表 2026年09月 第 9 行", "第 1 页 第 5 行"]
    with open_history(tmp_path / "h.sqlite") as db, db.transaction():
        with using("zh"):
            store_results(db, [_result(made)], date(2026, 10, 5))
        kept = [at for (at,) in db.execute("SELECT locator FROM charges ORDER BY id")]
        with using("en"):
            loaded = load_results(db, {LINE})[0]
    assert not any("第" in at or "工作表" in at for at in kept)
    assert [c.locator for c in loaded.charges] == [
        "sheet 2026年09月 row 8",
        "sheet 2026年09月 row 9",
        "page 1 line 5",
    ]
    assert loaded.bills[0].locator == "sheet 2026年09月 row 8"


def test_an_older_historys_text_reads_back_in_the_audits_language(tmp_path):
    with open_history(tmp_path / "h.sqlite") as db, db.transaction():
        store_results(db, [_result(["row 2"])], date(2026, 10, 5))
        # as a history before this one kept it: the text of the language of its day
        db.execute("UPDATE charges SET locator = '工作表 2026年09月 第 8 行'")
        db.execute("UPDATE bills SET locator = '第 4 行'")
        with using("en"):
            loaded = load_results(db, {LINE})[0]
    assert [c.locator for c in loaded.charges] == ["sheet 2026年09月 row 8"]
    assert loaded.bills[0].locator == "row 4"  # an xlsx's lone 第 N 行: a row
