"""interpret(): service lists (已订业务): their fields, status words, and the rows that
look like notes or headers.
"""

from __future__ import annotations

import pytest
from table_rows import LINE, PLAIN, accounted, rows_of

from auditor.model import ACTIVE, ENDED, PENDING
from auditor.readers.base import ReadOptions
from auditor.readers.service_list import status_of
from auditor.readers.table import interpret

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


# ------------------------------------------------------------------ service lists

SERVICE_HEADER = ["业务名称", "资费", "订购时间", "生效时间", "失效时间", "退订时间", "状态"]


def test_service_list_fields():
    rows = rows_of(
        ["已订业务查询"],
        [f"手机号码：{LINE}"],
        SERVICE_HEADER,
        ["基础套餐"],
        [
            "4G飞享18元套餐",
            "18元/月",
            "2024-03-02 10:11:12",
            "2024-04-01",
            "2026-12-01 00:00:00",
            "",
            "正常",
        ],
        ["咪咕视频会员", "¥15.00/月", "2026/07/21", "2026/08/01", "--", "", "生效中"],
        ["视频彩铃", "10元/30天", "20260610", "20260610", "生效--", "2026-09-15 14:02", "已退订"],
        ["手机阅读", "按量计费", "2026-01-01", "", "2099-12-31", "", "次月生效"],
        ["来电提醒", "免费", "坏日期", "", "", "", "正常"],
        ["注：以上信息仅供参考"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    got = [
        (s.name, s.price_fen, s.expires and s.expires.isoformat(), s.status)
        for s in result.services
    ]
    assert got == [
        ("4G飞享18元套餐", 1800, "2026-12-01T00:00:00", ACTIVE),
        ("咪咕视频会员", 1500, None, ACTIVE),
        ("视频彩铃", 1000, None, ENDED),
        ("手机阅读", None, None, PENDING),
    ]
    assert result.services[2].cancelled.isoformat() == "2026-09-15T14:02:00"
    assert all(s.line == LINE and s.carrier == "china-mobile" for s in result.services)
    assert [i.locator for i in result.unparseable] == ["row 9"]
    assert "按量计费" in result.warnings[0]
    assert result.set_aside["section"] == 1 and result.set_aside["note"] == 1
    assert accounted(result) == result.rows_read


STATUS_TEXTS = [
    *[(t, ACTIVE) for t in ("正常", "已订购", "生效中", "在用")],
    *[(t, PENDING) for t in ("待生效", "次月生效", "预约")],
    *[(t, ENDED) for t in ("退订中", "已退订", "已取消", "已失效", "失效")],
    ("", ""),
    ("未知", ""),
]


@pytest.mark.parametrize(("text", "status"), STATUS_TEXTS)
def test_status_words(text, status):
    assert status_of(text) == status


def test_service_named_like_a_note_word_is_kept():
    rows = rows_of(
        [f"号码：{LINE}"], ["名称", "资费", "状态"], ["提示音服务", "2元/月", "正常"], ["说明：无"]
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert [s.name for s in result.services] == ["提示音服务"]


def test_repeated_header_row_is_set_aside():
    rows = rows_of(
        [f"号码：{LINE}"],
        ["名称", "资费", "状态"],
        ["彩铃", "5元/月", "正常"],
        ["名称", "资费", "状态"],
        ["来电显示", "免费", "正常"],
    )
    result = interpret(rows, PLAIN, ReadOptions())
    assert [s.name for s in result.services] == ["彩铃", "来电显示"]
    assert result.set_aside["header"] == 2
