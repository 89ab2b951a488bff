"""Lines whose steps differ only by each line's own months and amounts share one set of
rows on the Actions sheet, each step saying under it what it says otherwise for some of
them. In a company's trial eight lines of one cancelled service, under one complaint,
were two sets of rows (3 and 5) because five had a refund due to appeal with October's
charge ("2026-09（待退款的月份，一并申诉）"): the one complaint was typed twice, and
``auditor record --from`` read two rows for what was one ticket."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_actions_stages import _first_steps, _rows
from test_typed_lines import LINES, MIGU, audit, bills, record_from, records, type_in

from auditor.escalation import OWED_TOGETHER
from auditor.lang import using
from auditor.model import Action, Finding
from auditor.writers.figures import Counted, service_groups
from auditor.writers.step_rows import at_stages, line_details

pytestmark = pytest.mark.usefixtures("december")


def _record(tmp: Path, *args: str) -> None:
    result = run("record", *args, "--service", MIGU, "--db", str(tmp / "h.sqlite"))
    assert result.exit_code == 0, result.output


def _three_appeals(tmp: Path, lang: str = "en") -> Path:
    """咪咕 on three lines, August and September, cancelled on each on 09-06 and charged
    in October all the same; refunded then in full on the first line, in part (15.00 of
    30.00) on the second: October's appeal counts from October on the first, from its
    refund due's September on the second, August on the third. The report of 11-27."""
    bills(tmp / "oct", "2026-08")
    bills(tmp / "oct", "2026-09")
    audit(tmp, tmp / "oct", "2026-10-05")
    for line in LINES:
        _record(tmp, "cancel", "--line", line, "--on", "2026-09-06")
    bills(tmp / "nov", "2026-10")
    audit(tmp, tmp / "nov", "2026-11-05")
    for line, amount in ((LINES[0], "30.00"), (LINES[1], "15.00")):
        _record(tmp, "refund", "--line", line, "--on", "2026-11-20", "--amount", amount)
    report = audit(tmp, tmp / "nov", "2026-11-27", lang)
    owed = {
        f["line"]: f["next"]["by"] for f in report["findings"] if f["rule"] == "lingering-charge"
    }
    assert owed == {
        "139****1111": "2027-03-31", "139****2222": "2027-02-28", "139****3333": "2027-01-31"
    }  # fmt: skip
    return tmp / "nov.xlsx"


def _first_rows(report: Path) -> list[dict]:
    """MIGU's first-step rows of its findings (not of its refunds due: theirs give each
    id with its money)."""
    return [r for r in _first_steps(report) if " " not in r["Finding ids"]]


def _steps(report: Path) -> list[dict]:
    """The rows of MIGU's findings' steps (numbered as its first row)."""
    [first] = _first_rows(report)
    return [r for r in _rows(report) if r["#"] == first["#"]]


def test_lines_whose_appeals_count_from_their_own_months_share_one_row(tmp_path):
    report = _three_appeals(tmp_path)
    [row] = _first_rows(report)  # one row of steps for the three lines, not two or three
    assert row["Lines"].split("\n") == ["139****1111", "139****2222", "139****3333"]
    assert "steps of their own" not in row["What to do"]
    steps = _steps(report)
    [appeal] = [r for r in steps if "appeal (申诉) to the" in r["What to do"]]
    # the step is the first line's; under it what each of the others' says, and the
    # appeal's last day is the nearest, the third line's
    assert appeal["By"].date() == date(2027, 1, 31)
    said = appeal["What to do"].split("\n")
    at = said.index("Where lines differ:")
    assert "counted from 2026-10, the earliest month still open, by 2027-03-31" in said[0]
    assert said[at + 1 :] == [
        "139****2222: counted from 2026-09, the earliest month still open (its refund "
        "due's, appealed together), by 2027-02-28 at the latest",
        "139****3333: counted from 2026-08, the earliest month still open (its refund "
        "due's, appealed together), by 2027-01-31 at the latest",
        "The other 1 line as above",
    ]
    # a step alike on every line says nothing more
    assert sum("Where lines differ" in r["What to do"] for r in steps) == 1
    # each finding's link to its steps goes to the one row
    found = [r for r in _rows(report, "Findings") if r["Service"] == MIGU]
    assert len(found) == 3 and {r["to"] for r in found} == {row["row"]}


def test_one_complaint_typed_on_the_shared_row_is_recorded_for_each_of_its_lines(tmp_path):
    report = _three_appeals(tmp_path)
    complaint = next(r for r in _steps(report) if "make a formal complaint" in r["What to do"])
    before = len(records(tmp_path))
    typed = type_in(report, complaint["Step"], "投诉", "2026-11-28", "C-8")
    assert typed == complaint["row"]
    made = record_from(tmp_path, report)
    assert made.exit_code == 0, made.output
    assert made.stdout.count("recorded #") == 3
    made_now = records(tmp_path)[before:]
    assert sorted(r["line"] for r in made_now) == list(LINES)
    assert {(r["kind"], r["ticket"], r["on"]) for r in made_now} == {
        ("complaint", "C-8", "2026-11-28")
    }
    again = record_from(tmp_path, report)
    assert (again.exit_code, again.stdout) == (0, "nothing new to record\n")


def test_lines_named_on_the_shared_rows_later_step_are_its_own_or_refused(tmp_path):
    # the lines that were two rows' are one's: a complaint on two of them, one of each
    # set the row was parted into before, is theirs; a line not of the row is refused
    report = _three_appeals(tmp_path)
    complaint = next(r for r in _steps(report) if "make a formal complaint" in r["What to do"])
    step = complaint["Step"]
    type_in(report, step, "投诉", "2026-11-28", "C-9", lines="139****1111\n139****9999")
    refused = record_from(tmp_path, report)
    assert refused.exit_code == 3
    assert "139****9999 in its Lines cell is not one of this row's lines" in refused.stderr
    assert not [r for r in records(tmp_path) if r["ticket"] == "C-9"]
    type_in(report, step, "投诉", "2026-11-28", "C-9", lines="139****1111\n139****3333")
    made = record_from(tmp_path, report)
    assert made.exit_code == 0, made.output
    lines = sorted(r["line"] for r in records(tmp_path) if r["ticket"] == "C-9")
    assert lines == [LINES[0], LINES[2]]


def test_the_chinese_row_says_each_lines_appeal_month_under_the_step(tmp_path):
    report = _three_appeals(tmp_path, "zh")
    book = openpyxl.load_workbook(report)["处理步骤"]
    rows = [[c.value for c in r] for r in book.iter_rows(min_row=2)]
    first = [r for r in rows if r[1] == MIGU and r[3] == 1 and " " not in r[11]]
    assert len(first) == 1 and first[0][2].count("\n") == 2  # one for the three lines
    [appeal] = [r[5] for r in rows if r[0] == first[0][0] and "申诉受理中心" in (r[5] or "")]
    assert appeal.split("各号码不同之处：\n")[1].split("\n") == [
        "139****2222：按仍可申诉的最早月份 2026-09（待退款的月份，一并申诉）计，最迟 2027-02-28",
        "139****3333：按仍可申诉的最早月份 2026-08（待退款的月份，一并申诉）计，最迟 2027-01-31",
        "其余 1 个号码同上",
    ]


# ---------------------------------------------------------- thirty lines, by hand-made steps

THIRTY = [f"139000000{n:02d}" for n in range(1, 31)]
NAMES = {line: f"{line[:3]}****{line[-4:]} 员工{line[-2:]}" for line in THIRTY}
COMPLAIN = (
    "若客服拒绝或未解决：拨打投诉电话 10080 正式投诉，退还 {} 元（{}）；运营商应在 15 天内答复"
)
#: (as auditor.escalation words it: a space after the month where it is not a refund due's)
APPEAL = (
    "向工信部申诉，写明诉求和事实；计费争议须在 5 个月内申诉，按仍可申诉的最早月份 {}{}计，最迟 {}"
)


def _finding(line: str, money: str, months: str, earliest: str, last: str) -> Finding:
    """A finding of 咪咕 on ``line`` whose complaint asks ``money`` of ``months`` back and
    whose appeal counts from ``earliest`` (a refund due's, said so, when not October)."""
    owed = OWED_TOGETHER.zh if earliest != "2026-10" else " "
    return Finding(
        "lingering-charge", "high", "china-mobile", line, MIGU, ["2026-10"], 1500, 1500, "m",
        actions=[
            Action(1, "hotline", "致电 10086：说明已于 2026-09-06 退订，要求退还"),
            Action(2, "complaint", COMPLAIN.format(money, months)),
            Action(3, "appeal", APPEAL.format(earliest, owed, last)),
        ],
    )  # fmt: skip


def _details(findings: list[Finding]) -> list[list[str]]:
    [part] = at_stages(service_groups(findings)[0], Counted(findings))
    listed: dict[tuple[str, ...], int] = {}
    return [line_details(part, [i], i + 1, listed, NAMES, "发现") for i in range(3)]


def test_thirty_lines_at_one_step_name_ten_and_count_the_rest():
    # three appeals' months among thirty lines, the first three's October's own
    findings = [
        _finding(line, "15.00", "2026-10", *(
            ("2026-10", "2027-03-31") if n < 3 else
            ("2026-08", "2027-01-31") if n < 12 else ("2026-09", "2027-02-28")
        ))
        for n, line in enumerate(THIRTY)
    ]  # fmt: skip
    with using("zh"):
        hotline, complaint, appeal = _details(findings)
    assert hotline == complaint == []  # said alike for every line: nothing more
    first_three = "、".join(NAMES[line] for line in THIRTY[:3])
    next_seven = "、".join(NAMES[line] for line in THIRTY[3:10])
    assert appeal == [
        "各号码不同之处：",
        f"{first_three}：按仍可申诉的最早月份 2026-10 计，最迟 2027-03-31",
        f"{next_seven} 等 9 个号码：按仍可申诉的最早月份 2026-08（待退款的月份，一并申诉）计，"
        "最迟 2027-01-31",
        "其余 18 个号码：按仍可申诉的最早月份 2026-09（待退款的月份，一并申诉）计，最迟 2027-02-28",
        "未列出的号码见「发现」表",
    ]


def test_a_later_step_of_the_same_lines_refers_to_them_and_each_amount_is_counted():
    # twelve lines charged 30.00 (August, September), eighteen 15.00 (September): the
    # complaint's and the appeal's details part them alike, the appeal's said by step
    findings = [
        _finding(line, *(("30.00", "2026-08、2026-09", "2026-08", "2027-01-31") if n < 12
                         else ("15.00", "2026-09", "2026-09", "2027-02-28")))
        for n, line in enumerate(THIRTY)
    ]  # fmt: skip
    with using("en"):
        _, complaint, appeal = _details(findings)
    named = ", ".join(NAMES[line] for line in THIRTY[:10])
    assert complaint == [
        "Where lines differ:",
        "退还 30.00 元（2026-08、2026-09）".join((f"{named} and 2 more: ", "")),
        "The other 18 lines: 退还 15.00 元（2026-09）",
        "Lines not named: see the 发现 sheet",
    ]
    assert appeal[1].startswith("the 12 lines listed on step 2: 按仍可申诉的最早月份 2026-08")
    # thirty amounts, each its own: ten wordings, the rest counted
    each = [_finding(line, f"{n + 1}.00", "2026-10", "2026-10", "2027-03-31")
            for n, line in enumerate(THIRTY)]  # fmt: skip
    with using("zh"):
        _, complaint, _ = _details(each)
    assert len(complaint) == 1 + 10 + 2
    assert complaint[1] == f"{NAMES[THIRTY[1]]}：退还 2.00 元（2026-10）"
    assert complaint[-2:] == ["其余 1 个号码同上", "另有 19 个号码各有不同，见「发现」表"]


def test_lines_whose_steps_say_otherwise_than_by_their_figures_keep_rows_of_their_own():
    findings = [_finding(line, "15.00", "2026-10", "2026-10", "2027-03-31") for line in THIRTY]
    findings[5].actions[1] = Action(2, "complaint", "你已于 2026-11-08 投诉（工单号 T-1）")
    parts = at_stages(service_groups(findings)[0], Counted(findings))
    assert [len(part.lines) for part in parts] == [29, 1]
