"""The Summary's things to do first name each refund still due: its line (masked), its
service, the money to ask back and the step in short, by the appeal's last day; that day
near, ranked after what is wrong now, as what is due by a date, before the findings
ranked by money (its money is lost after that day); months away, by its money among
them; within the Summary's limits, in either language."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from test_glossary import unglossed
from test_refund_due_actions import cancelled_and_stopped
from test_refunds_due import LINE, MIGU, audit, bill, record
from writers_sample import FORMULAS, sample_report

from auditor.history.refund_due import RefundDue
from auditor.lang import using
from auditor.model import UserRecord
from auditor.writers import Masker, render_xlsx
from auditor.writers.sheet import SheetLimits

pytestmark = pytest.mark.usefixtures("december", "english")

TITLE = {"en": ("Summary", "Do these first"), "zh": ("摘要", "先做这些")}


def summary(report: Path) -> list[list]:
    """The Summary sheet's rows, their empty cells left out, in either language."""
    book = openpyxl.load_workbook(report, read_only=True)
    rows = [
        [c for c in row if c is not None] for row in book.worksheets[0].iter_rows(values_only=True)
    ]
    book.close()
    return rows


def to_do(rows: list[list], title: str) -> list[list]:
    """The things to do first: the rows under the header after ``title``, to the first
    empty one."""
    start = rows.index([title]) + 2
    end = next(i for i in range(start, len(rows)) if not rows[i])
    return rows[start:end]


def test_a_refund_due_months_away_is_a_thing_to_do_by_its_money(tmp_path):
    # A service billed twice in November (high), 手机报 3.00 a month (medium, 9.00 by
    # now and 36.00 a year: 45.00 at stake) and the 30.00 of 咪咕 cancelled in November,
    # not refunded (the refund due, to appeal by 2027-02-28: 85 days away, far).
    bill(tmp_path / "nov", "2026-09", **{MIGU: "15.00"}, 手机报="3.00")
    bill(tmp_path / "nov", "2026-10", **{MIGU: "15.00"}, 手机报="3.00")
    audit(tmp_path, tmp_path / "nov", "2026-11-05")
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-11-06")
    bill(tmp_path / "dec", "2026-11", ("来电显示", "5.00"), ("来电显示", "5.00"), 手机报="3.00")
    december = audit(tmp_path, tmp_path / "dec", "2026-12-05")
    [due] = december["refunds_due"]
    rows = summary(tmp_path / "dec.xlsx")
    things = to_do(rows, "Do these first")
    services = [row[1].split("\n") for row in things]
    assert [unglossed(s[0]) for s in services] == ["来电显示", "手机报", MIGU]
    assert services[0][0] == "来电显示 (caller ID)"  # glossed, in English
    assert services[2][1] == "Refund due"
    [line, _, disputed, step] = things[2]  # no money a year: it costs nothing more
    assert (line, disputed) == ("139****1111", 30)
    assert step == (
        "Ask for the 30.00 yuan (2026-09, 2026-10) back (退费): call 10086; if refused, "
        "complain on 10080, and appeal to the MIIT appeal centre (12300) by 2027-02-28"
    )
    assert due["due"] == "2027-02-28" and step.endswith(due["due"])
    assert things[1][2] == 9 and things[1][3] == 36  # more at stake, no last day near
    assert rows[1][0].startswith(f"¥{december['summary']['claimable']} overcharged, 3 things to do")


def test_a_refund_due_after_a_complaint_shows_what_is_due_next(tmp_path):
    [before] = cancelled_and_stopped(tmp_path)["refunds_due"]
    record(tmp_path, "complaint", "--finding", before["id"], "--on", "2026-12-08")
    [due] = audit(tmp_path, tmp_path / "dec", "2026-12-15")["refunds_due"]
    [mine] = [r for r in to_do(summary(tmp_path / "dec.xlsx"), "Do these first") if MIGU in r[1]]
    assert mine[-1] == (
        "Ask for the 30.00 yuan (2026-09, 2026-10) back (退费): wait for the carrier's answer "
        "to your complaint of 2026-12-08; if it is still not solved from 2026-12-23 on, appeal "
        "to the MIIT appeal centre (12300) by 2027-02-28 at the latest"
    )
    assert mine[-1].split(": ", 1)[1][1:] in due["next"]["text"]  # the Follow-up's step, in short


@pytest.mark.parametrize("language", ["en", "zh"])
def test_refunds_due_alone_are_the_things_to_do(tmp_path, language):
    bill(tmp_path / "nov", "2026-09", **{MIGU: "15.00"})
    bill(tmp_path / "nov", "2026-10", **{MIGU: "15.00"})
    audit(tmp_path, tmp_path / "nov", "2026-11-05", "--lang", language)
    record(tmp_path, "cancel", "--service", MIGU, "--on", "2026-11-06")
    bill(tmp_path / "dec", "2026-11")
    december = audit(tmp_path, tmp_path / "dec", "2026-12-05", "--lang", language, "--no-mask")
    assert [f for f in december["findings"] if f["severity"] != "info"] == []
    rows = summary(tmp_path / "dec.xlsx")
    [(line, service, disputed, step)] = to_do(rows, TITLE[language][1])
    assert (line, disputed) == (LINE, 30)  # --no-mask: in full
    headline = {
        "en": "Nothing was found charged that should not have been; ¥30.00 still to be "
        "refunded for resolved findings (see Follow-up): 1 thing to do",
        "zh": "没有发现多扣的费用；已解决的发现仍有 ¥30.00 未退还（见「跟进」表），1 件事要做",
    }
    assert rows[1] == [headline[language]]
    glossed = f"{MIGU} (Migu video membership)"  # in English
    assert service == {"en": f"{glossed}\nRefund due", "zh": f"{MIGU}\n待退款"}[language]
    assert (
        step
        == {
            "en": "Ask for the 30.00 yuan (2026-09, 2026-10) back (退费): call 10086; if refused, "
            "complain on 10080, and appeal to the MIIT appeal centre (12300) by 2027-02-28",
            "zh": "要求退还 30.00 元（2026-09、2026-10）：致电 10086；被拒绝可拨打 10080 投诉，"
            "2027-02-28 前可向工信部 12300 申诉",
        }[language]
    )


def _due(
    number: int, fen: int, complained: date | None = None, due: date = date(2027, 2, 28)
) -> RefundDue:
    made = None
    if complained:  # the carrier's 15 days to answer not over on 11-05: to wait
        made = UserRecord(number, "complaint", "13800001234", f"业务{number}", "", complained)
    return RefundDue(f"F{number:012x}", "unknown-vas", "13800001234", f"业务{number}",
                     ("2026-09",), fen, 0, "你已退订", due, date(2026, 11, 5),
                     "china-mobile", complaint=made)  # fmt: skip


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_things_left_off_say_where_they_are(language):
    # 5 findings' services to act on: 78.00 charged after cancellation (high: wrong now)
    # first, then two refunds due of 40.00 and 1.00 (due by a date, 12-20: near), then
    # by money at stake: 225.00 and 140.00 (medium), 39.00 (medium), a bill's 2.00 (high,
    # not disputed); last a refund due of 90.00 waiting for the carrier's answer
    near = date(2026, 12, 20)
    dues = [_due(1, 4000, due=near), _due(2, 100, due=near), _due(3, 9000, date(2026, 11, 1))]
    report = replace(sample_report(), refunds_due=dues)
    with using(language):
        data = render_xlsx(report, Masker(), SheetLimits(top_actions=4))
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = book.get_sheet_by_name(TITLE[language][0]).to_python()
    start = next(i for i, row in enumerate(rows) if row[0] == TITLE[language][1]) + 2
    shown = [unglossed(row[2].split("\n")[0]) for row in rows[start : start + 5]]
    # 140.00, 39.00 and 2.00 are left off, and the 90.00 waiting
    assert shown == ["视频彩铃订阅-酷电秀专属6元包", "业务1", "业务2", FORMULAS[0], ""]
    notes = [row[0] for row in rows if "Follow-up" in str(row[0]) or "跟进" in str(row[0])]
    assert {
        "en": "3 more: see By service; 1 more refund due: see Follow-up",
        "zh": "另有 3 项，见「按业务」表；另有 1 项待退款，见「跟进」表",
    }[language] in notes
    # the 90.00 waiting is not counted as a thing to do: said apart
    things = {
        "en": "7 things to do, 1 more only to wait for",
        "zh": "7 件事要做，另 1 件只需等待",
    }[language]
    assert things in rows[1][0]
