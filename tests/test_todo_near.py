"""A company's Summary, audited month after month as its trial was: refunds due to
appeal by months later come by their money, after a price rise of more money a year,
which the Summary lists (its October report counted a 4,200-yuan-a-year discount cut
under "7 more", below four refunds due of 38 to 135 yuan to appeal by months later);
a month on, their last day near (:func:`~auditor.writers.todo.near_days`), they come
right after what is wrong now, all of them shown, with time left to complain and
appeal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook
from test_glossary import unglossed

from auditor import clock
from auditor.catalog import load_escalation
from auditor.writers.todo import NEXT_AUDIT_DAYS, near_days

#: Six lines each charged a service of its own it did not know of, 15.00 a month in
#: September and October, cancelled on 11-06: 30.00 due on each, by 2027-02-28.
UNKNOWN = {f"1390000010{i}": f"视频会员{'甲乙丙丁戊己'[i]}" for i in range(6)}
#: Ten lines whose plan went from 58.00 to 68.00 in November: 1,200.00 a year.
RISEN = [f"139000002{i:02d}" for i in range(10)]
PLAN, FEE = "集团专享套餐58元", "来电显示"
TWICE = "13900000300"  # 来电显示 5.00 billed twice in November: wrong now
TITLES = {"zh": ("摘要", "先做这些"), "en": ("Summary", "Do these first")}
LAST_DAY = date(2027, 2, 28)  # 2026-09's appeal limit, five months on


def _bill(folder: Path, line: str, period: str) -> None:
    """``line``'s China Mobile bill of ``period``: its plan, its unknown service until
    October, 来电显示 twice in November on TWICE."""
    month = period.replace("-", "")
    plan = 6800 if line in RISEN and period >= "2026-11" else 5800
    items = [("套餐及固定费", PLAN, plan)]
    if line in UNKNOWN and period <= "2026-10":
        items.append(("增值业务费", UNKNOWN[line], 1500))
    if line == TWICE:
        items += [("增值业务费", FEE, 500)] * (2 if period == "2026-11" else 1)
    rows = ["手机号码,账期,费用类型,费用项目,金额(元)"]
    rows += [
        f"{line},{month},{kind},{name},{fen // 100}.{fen % 100:02d}" for kind, name, fen in items
    ]
    total = sum(fen for _, _, fen in items)
    rows.append(f"{line},{month},合计,,{total // 100}.{total % 100:02d}")
    folder.mkdir(parents=True, exist_ok=True)
    name = f"中国移动账单-{period[:4]}年{period[5:]}月-{line}.csv"
    (folder / name).write_text("\n".join(rows) + "\n", "utf-8")


def _run(tmp: Path, *args: str) -> None:
    result = run(*args, "--db", str(tmp / "h.sqlite"))
    assert result.exit_code in (0, 1, 3), result.output


def _audit(tmp: Path, folder: str, as_of: str, language: str) -> list[list[str]]:
    """Audit ``folder``'s bills as of ``as_of``; the Summary's things to do first (their
    rows, to the first without a service)."""
    out = tmp / f"{folder}-{language}.xlsx"
    _run(tmp, "--lang", language, "audit", str(tmp / folder), "--as-of", as_of,
         "--known", str(tmp / "auditor.toml"), "-o", str(out), "-q")  # fmt: skip
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(TITLES[language][0])
    rows = [[str(cell) for cell in row] for row in rows.to_python()]
    start = next(i for i, row in enumerate(rows) if row[0] == TITLES[language][1]) + 2
    end = next(i for i in range(start, len(rows)) if not rows[i][2])
    return rows[start:end]


def _company(tmp: Path, language: str) -> list[list[str]]:
    """September to November audited, the unknown services cancelled on 11-06: the
    December audit's things to do first."""
    lines = [*UNKNOWN, *RISEN, TWICE]
    settings = [f'[lines."{n}"]\nowner = "员工{n[-3:]}"\ngroup = "研发部"' for n in lines]
    (tmp / "auditor.toml").write_text("\n".join(settings) + "\n", "utf-8")
    for line in lines:
        for period in ("2026-09", "2026-10"):
            _bill(tmp / "nov", line, period)
        _bill(tmp / "dec", line, "2026-11")
        _bill(tmp / "jan", line, "2026-12")
    _audit(tmp, "nov", "2026-11-05", language)
    for line, service in UNKNOWN.items():
        _run(tmp, "record", "cancel", "--line", line, "--service", service, "--on", "2026-11-06")
    return _audit(tmp, "dec", "2026-12-05", language)


def _services(things: list[list[str]]) -> list[str]:
    return [unglossed(row[2].split("\n")[0]) for row in things]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_companys_price_rise_comes_before_refunds_due_months_away(
    tmp_path, monkeypatch, language
):
    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 31))
    december = _company(tmp_path, language)
    assert (LAST_DAY - date(2026, 12, 5)).days > near_days()  # 85 days: far
    # what is wrong now; the rise, 1,200.00 a year; the refunds due of 30.00 after it
    services = _services(december)
    assert services[:2] == [FEE, PLAN]
    assert len(services) > 2 and set(services[2:]) <= set(UNKNOWN.values())
    assert float(december[1][4]) == 1200  # its Per year: at stake, the most of them
    assert LAST_DAY.isoformat() in december[2][5]  # the refund due's last day, still said
    # a month on, 54 days before it: first (来电显示 billed once in December, nothing
    # is wrong now), every one shown, before the rise
    january = _audit(tmp_path, "jan", "2027-01-05", language)
    assert (LAST_DAY - date(2027, 1, 5)).days <= near_days()
    services = _services(january)
    assert sorted(services[:6]) == sorted(UNKNOWN.values()) and services[6] == PLAN


def test_the_window_leaves_the_next_audit_time_to_complain_and_appeal():
    # a refund due ranked by its money today, its last day one day beyond the window,
    # is first at the next audit with the carrier's 15 days to answer and more left
    left = near_days() + 1 - NEXT_AUDIT_DAYS
    assert left > load_escalation().appeal_after_days + 7  # and a week to ask and appeal
