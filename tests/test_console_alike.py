"""The terminal's summary of a company's month: one rule's findings about one service
over many lines are one line of it (how many lines, the first, their money added up), so
that a service charged on eight lines does not push everything else out of the ten lines
shown."""

from __future__ import annotations

import re

import pytest
from test_console_resolved import audit, bill

pytestmark = pytest.mark.usefixtures("december", "english")


def test_one_service_charged_on_many_lines_is_one_line_with_its_money_added_up(tmp_path):
    folder = tmp_path / "2026-10"
    many = [f"1390000{n:04d}" for n in range(1, 13)]
    for line in many:
        bill(folder, line, "2026-10", 咪咕视频会员="15.00")
    bill(folder, "13900009999", "2026-10", 手机报="3.00")
    shown, data = audit(tmp_path, folder, "2026-11-05")
    assert len(data["findings"]) == 13
    migu = [row for row in shown.splitlines() if "咪咕视频会员" in row]
    assert len(migu) == 1, shown
    assert "12 lines: 139****0001 and 11 more" in migu[0]
    assert re.search(r"¥180\.00$", migu[0]), migu[0]
    # the other service still has its own line, and nothing is said to be left out
    assert any("手机报" in row and "139****9999" in row for row in shown.splitlines())
    assert "more in the report" not in shown
