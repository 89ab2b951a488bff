"""The Summary's things to do first, as a household's trial followed them: a step overdue
(the 12300 appeal after a complaint the carrier let go unanswered) shows right after
what is wrong now, not counted under "1 more refund due"; a charge refunded in full,
whose step is to check the next bill, comes last, taking no place from a refund due by
its date; and the step each shows is the one Follow-up gives (a charge after the service
list's own cancellation: complain now, not look the list up again)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_run import run
from python_calamine import CalamineWorkbook
from test_glossary import unglossed
from test_refunds_due import LINE, MIGU, bill

pytestmark = pytest.mark.usefixtures("december")

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
TITLES = {"zh": ("摘要", "先做这些", "跟进"), "en": ("Summary", "Do these first", "Follow-up")}
NEWS = "手机报"
STEP = 5  # the things to do's step column (F, merged to I)


def _run(tmp: Path, *args: str) -> None:
    result = run(*args, "--db", str(tmp / "h.sqlite"))
    assert result.exit_code in (0, 1), result.output


def _record(tmp: Path, kind: str, service: str, on: str, *extra: str) -> None:
    _run(tmp, "record", kind, "--line", LINE, "--service", service, "--on", on, *extra)


def _audit(tmp: Path, folder: str, as_of: str, language: str) -> dict:
    out = tmp / f"{folder}-{as_of}-{language}"
    _run(tmp, "--lang", language, "audit", str(tmp / folder), "--as-of", as_of,
         "-o", f"{out}.xlsx", "--json", f"{out}.json", "-q")  # fmt: skip
    return json.loads(Path(f"{out}.json").read_text("utf-8"))


def _rows(path: Path, sheet: str) -> list[list[str]]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return [[str(cell) for cell in row] for row in rows]


def _do_first(path: Path, language: str) -> list[list[str]]:
    """The things to do first: the rows under its title and header, to the first row
    without a service."""
    rows = _rows(path, TITLES[language][0])
    start = next(i for i, row in enumerate(rows) if row[0] == TITLES[language][1]) + 2
    end = next(i for i in range(start, len(rows)) if not rows[i][2])
    return rows[start:end]


def _household(tmp: Path) -> None:
    """August: 咪咕 15.00 and 手机报 3.00 unknown; she cancels both on 09-06 and complains
    about 手机报 on 09-07 (the carrier's 15 days over on 09-22: the appeal is due from
    then); September and October: 咪咕 still charged (after her cancellation), and two
    unknown services of 20.00 a month, more money than anything else."""
    bill(tmp / "sep", "2026-08", **{MIGU: "15.00", NEWS: "3.00"})
    for period in ("2026-09", "2026-10"):
        bill(tmp / "nov", period, **{MIGU: "15.00", "业务甲": "20.00", "业务乙": "20.00"})
    _audit(tmp, "sep", "2026-09-05", "zh")
    _record(tmp, "cancel", MIGU, "2026-09-06")
    _record(tmp, "cancel", NEWS, "2026-09-06")
    _record(tmp, "complaint", NEWS, "2026-09-07", "--ticket", "T0907")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_appeal_overdue_shows_after_what_is_wrong_now(tmp_path, language):
    _household(tmp_path)
    report = _audit(tmp_path, "nov", "2026-11-05", language)
    things = _do_first(tmp_path / f"nov-2026-11-05-{language}.xlsx", language)
    services = [unglossed(row[2].split("\n")[0]) for row in things]
    # the charge after cancelling (wrong now); the appeal due since 09-22, by 2027-01-31;
    # then the services of 40.00 and 240.00 a year; then 咪咕's refund due of 15.00, by
    # the same day, from today: 87 days away, it comes by its money
    assert services[:2] == [MIGU, NEWS] and sorted(services[2:4]) == ["业务乙", "业务甲"]
    assert services[4:] == [MIGU]
    [news] = [due for due in report["refunds_due"] if due["service"] == NEWS]
    assert (news["next"]["from"], news["next"]["by"]) == ("2026-09-22", "2027-01-31")
    assert "T0907" in things[1][STEP] and "12300" in things[1][STEP]


def test_a_charge_refunded_in_full_gives_its_place_to_what_is_due(tmp_path):
    _household(tmp_path)
    _audit(tmp_path, "nov", "2026-11-05", "zh")
    _record(tmp_path, "refund", MIGU, "2026-11-20", "--amount", "45.00")  # all of it back
    report = _audit(tmp_path, "nov", "2026-11-27", "zh")
    [lingering] = [f for f in report["findings"] if f["rule"] == "lingering-charge"]
    assert lingering["claimable"] == "0.00" and "核对 2026-11 账单" in lingering["next"]["text"]
    things = _do_first(tmp_path / "nov-2026-11-27-zh.xlsx", "zh")
    services = [unglossed(row[2].split("\n")[0]) for row in things]
    # nothing to do about it but check the next bill: after the refund due and the rest
    assert services[0] == NEWS and services[3:] == [MIGU]
    assert sorted(services[1:3]) == ["业务乙", "业务甲"]
    assert things[-1][STEP] == lingering["next"]["text"]


def _step_of(rows: list[list[str]], service: str, column: str) -> list[str]:
    """The cells of ``column`` (named in the header row above) of the rows about
    ``service`` charged after cancelling."""
    cells = []
    for at, row in enumerate(rows):
        if any(service in cell for cell in row) and any("退订后仍扣费" in c for c in row):
            header = next(r for r in reversed(rows[:at]) if column in r)
            cells.append(row[header.index(column)])
    return cells


def test_the_summary_shows_follow_ups_step_for_a_charge_the_list_says_ended(tmp_path):
    # 视频彩铃订阅-酷电秀专属6元包: cancelled 2026-09-15 as the household's own list says,
    # charged in October, nothing recorded about it
    shutil.copytree(HOUSEHOLD, tmp_path / "bills")
    report = _audit(tmp_path, "bills", "2026-11-05", "zh")
    service = "视频彩铃订阅-酷电秀专属6元包"
    [found] = [f for f in report["findings"] if f["service"] == service]
    step = found["next"]["text"]
    assert step.startswith("2026-09-15 14:02 退订后仍扣费：现在投诉")
    book = tmp_path / "bills-2026-11-05-zh.xlsx"
    columns = {"摘要": "下一步", "按业务": "下一步", "跟进": "下一步或结果"}
    shown = {
        sheet: _step_of(_rows(book, sheet), service, column) for sheet, column in columns.items()
    }
    assert shown == {"摘要": [step], "按业务": [step], "跟进": [step]}
    assert step != found["actions"][0]["text"]  # not the Actions' first step, a look-up


def test_the_english_summary_lists_what_the_chinese_one_does(tmp_path):
    # their steps wrap to more lines in English: by lines, English listed one fewer
    _household(tmp_path)
    listed = {}
    for language in ("zh", "en"):
        _audit(tmp_path, "nov", "2026-11-05", language)
        book = tmp_path / f"nov-2026-11-05-{language}.xlsx"
        listed[language] = [row[:5] for row in _do_first(book, language)]
        headline = _rows(book, TITLES[language][0])[1][0]  # the English one, last
    assert len(listed["zh"]) == 5
    for zh, en in zip(listed["zh"], listed["en"], strict=True):
        assert en[0] == zh[0] and unglossed(en[2].split("\n")[0]) == zh[2].split("\n")[0]
        assert en[3:] == zh[3:]  # the money
    assert headline == (
        "¥95.00 overcharged, 5 things to do; ¥660.00 a year to save; ¥33.00 still to be "
        "refunded for resolved findings (see Follow-up)"
    )


@pytest.mark.parametrize("language", ["zh", "en"])
def test_what_is_wrong_now_shows_all_of_it_past_six(tmp_path, language):
    # eight fees billed twice in October: each wrong now, none left to a count
    twice = [(f"功能费{n}", f"{n + 1}.00") for n in range(8)]
    bill(tmp_path / "oct", "2026-10", *[pair for pair in twice for _ in range(2)])
    _audit(tmp_path, "oct", "2026-11-05", language)
    things = _do_first(tmp_path / f"oct-2026-11-05-{language}.xlsx", language)
    assert sorted(unglossed(row[2].split("\n")[0]) for row in things) == sorted(n for n, _ in twice)


def test_the_terminal_lists_the_refunds_due_as_the_summary_does(tmp_path):
    _household(tmp_path)
    db = str(tmp_path / "h.sqlite")
    told = run("--lang", "zh", "audit", str(tmp_path / "nov"), "--as-of", "2026-11-05",
               "--db", db, "-o", str(tmp_path / "t.xlsx"))  # fmt: skip
    assert told.exit_code in (0, 1), told.output
    dues = [line.split()[2].split("：")[0].split("（")[0] for line in told.stdout.splitlines()
            if line.startswith("  待退款")]  # fmt: skip
    # the overdue appeal first (its refund due 3.00), then 咪咕's 30.00
    assert dues == [NEWS, MIGU]
    things = [row[2].split("\n") for row in _do_first(tmp_path / "t.xlsx", "zh")]
    assert [name for name, kind in things if kind == "待退款"] == dues
