"""A table's header row is worked out once per distinct row (auditor.readers.table_header:
every file of an export has the same header and title rows), with the same answers."""

from __future__ import annotations

from auditor.model import BILL, SERVICES
from auditor.readers import table_header
from auditor.readers.table_header import header_of

HEADER = ["手机号码", "账期", "费用类别", "费用项目", "金额(元)"]


def test_a_row_asked_again_gives_what_it_gave_and_its_own_columns():
    first = header_of(list(HEADER))
    assert first == (BILL, {"line": 0, "month": 1, "category": 2, "item": 3, "amount": 4})
    first[1]["amount"] = 99  # a caller changing its columns changes nobody else's
    again = header_of(list(HEADER))
    assert again == (BILL, {"line": 0, "month": 1, "category": 2, "item": 3, "amount": 4})
    assert again[1] is not first[1]
    assert header_of(list(HEADER), SERVICES) is None  # the kind asked is part of the row's key
    assert header_of(["13800001234", "2026-10", "套餐费", "", "18.00"]) is None


def test_a_row_of_very_many_cells_is_not_kept():
    wide = [*HEADER, *[""] * 1000]
    kept = len(table_header._HEADERS_SEEN)
    assert header_of(wide)[0] == BILL
    assert len(table_header._HEADERS_SEEN) == kept


class _ClearedAfterLooking(dict):
    """The rows kept, cleared by another thread (one at its bound) the moment after a
    look at whether a row is there."""

    def __contains__(self, key) -> bool:
        there = super().__contains__(key)
        self.clear()
        return there


def test_a_row_kept_and_cleared_meanwhile_by_another_thread_is_still_answered(monkeypatch):
    seen = _ClearedAfterLooking()
    monkeypatch.setattr(table_header, "_HEADERS_SEEN", seen)
    first = header_of(list(HEADER))
    assert header_of(list(HEADER)) == first  # kept: asked again while cleared, no KeyError
    assert header_of(["13800001234", "2026-10", "套餐费", "", "18.00"]) is None
    assert header_of(["13800001234", "2026-10", "套餐费", "", "18.00"]) is None
