"""A customer's name the carrier masked (``客户：吴**``, trial t14's bill) is no name to
remove: its visible part (吴) alone would blank every owner of the settings sharing it.
"""

from __future__ import annotations

import json
import sqlite3

from test_fusion_bill import HEADLESS, _xlsx
from test_unread_money import _audit

from auditor.history.db import open_history
from auditor.history.hidden import stored_personal
from auditor.personal import personal_values


def test_a_masked_customer_name_is_no_name_to_remove():
    assert personal_values("客户：吴**") == set()
    assert personal_values("客户：吴＊＊ 客户姓名：吴小明") == {"吴小明"}


def test_the_owners_names_are_shown_beside_a_masked_customer_name(tmp_path):
    folder = tmp_path / "wu" / "2026-10"
    _xlsx(folder / "中国移动家庭账单-2026年10月.xlsx", HEADLESS)
    found = _audit(tmp_path, folder)
    assert "吴先生" in found["摘要"] and "吴先生" in found["json"]
    assert all("[已隐去]先生" not in text for text in found.values())


def test_a_surname_an_older_auditor_kept_masks_no_owner(tmp_path):
    folder = tmp_path / "wu" / "2026-10"
    _xlsx(folder / "中国移动家庭账单-2026年10月.xlsx", HEADLESS)
    _audit(tmp_path, folder)
    with sqlite3.connect(tmp_path / "h.db") as connection:  # as an older auditor kept it
        connection.execute("UPDATE files SET personal = ?", (json.dumps(["吴", "吴**"]),))
    with open_history(tmp_path / "h.db", create=False, write=False) as history:
        assert stored_personal(history) == {"吴**"}
