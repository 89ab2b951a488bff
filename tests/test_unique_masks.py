"""No two lines share a mask: those whose usual masks look the same are told apart by a
count after it (``138****1234(2)``), never by a digit more than any mask shows."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from auditor import cli
from auditor.audit_report import AuditReport
from auditor.model import Charge, ReadResult
from auditor.phones import line_counted, mask_number, unique_masks
from auditor.writers import Masker, render_json, render_summary, render_xlsx

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly"

numbers = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
# Few distinct tails and heads, so that collisions are common.
alike = st.builds(
    lambda head, middle, tail: f"1{head}{middle}{tail}",
    st.sampled_from("389"),
    st.from_regex(r"[0-9]{5}", fullmatch=True),
    st.sampled_from(["0001", "1234", "0000"]),
).map(lambda n: n[:11])


@given(st.sets(st.one_of(numbers, alike), max_size=60))
def test_no_two_lines_share_a_mask(lines):
    mask = Masker(lines=frozenset(lines))
    shown = {line: mask(line) for line in lines}
    assert len(set(shown.values())) == len(lines)
    for line, masked in shown.items():
        form = re.sub(r"\(\d+\)$", "", masked)  # the count of a line alike another
        assert form == mask_number(line) == f"{line[:3]}****{line[-4:]}"  # no digit more
    # the same number masks the same way in any text
    for line in lines:
        assert mask(f"号码 {line} 本月") == f"号码 {shown[line]} 本月"


@given(st.sets(st.one_of(numbers, alike), max_size=40))
def test_a_mask_widens_only_where_masks_collide(lines):
    forms = unique_masks(lines)
    usual = [mask_number(line) for line in lines]
    for line in lines:
        assert (line in forms) == (usual.count(mask_number(line)) > 1)


def test_lines_alike_are_counted_in_the_order_of_their_numbers():
    # the trial's: 138*0001234(1), 138*1111234 showed ten of eleven digits
    group = ["13811111234", "13800001234", "13800011234", "13800101234"]
    forms = unique_masks(group)
    assert forms == {
        "13800001234": "138****1234(1)",
        "13800011234": "138****1234(2)",
        "13800101234": "138****1234(3)",
        "13811111234": "138****1234(4)",
    }
    forms = unique_masks(["18911110001", "18922220001", "13800001234"])
    assert forms == {"18911110001": "189****0001(1)", "18922220001": "189****0001(2)"}


def test_a_lines_count_is_the_same_whichever_lines_are_given():
    """The history's lines are counted first: a month giving one line alone, or with a
    line only the settings name, shows it as every month does, and reads back."""
    held = ("13800011234", "13800101234", "13801001234")  # as the history came to hold them
    assert unique_masks(["13800101234"], held)["13800101234"] == "138****1234(2)"
    # a line only the settings name, whose number is first, is counted after them
    forms = unique_masks(["13800101234", "13800001234"], held)
    assert (forms["13800101234"], forms["13800001234"]) == ("138****1234(2)", "138****1234(4)")
    assert unique_masks(["13811111234", *held], held)["13811111234"] == "138****1234(4)"
    # counted in the order the history came to hold them, not by number
    later = ("13801001234", *held[:2])
    assert unique_masks(held, later)["13801001234"] == "138****1234(1)"
    assert line_counted("138****1234(1)", later) == "13801001234"
    for line, form in unique_masks(held, held).items():
        assert line_counted(form, held) == line
    assert line_counted("138****1234(4)", held) is None
    assert line_counted("138****1234", held) is None


def _report() -> AuditReport:
    results = [
        ReadResult(f"{line}.csv", charges=[Charge(line, "2026-10", "plan", "套餐", 1000)])
        for line in ("18911110001", "18922220001")
    ]
    charges = [charge for result in results for charge in result.charges]
    return AuditReport(date(2026, 11, 5), results, charges, [], [], [])


def test_every_output_tells_the_two_lines_apart_and_says_so_once():
    report = _report()
    mask = Masker(lines=frozenset({"18911110001", "18922220001"}))
    console = render_summary(report, mask)
    assert console.count("2 个号码打码后相同") == 1
    data = json.loads(render_json(report, mask))
    assert [m["line"] for m in data["summary"]["months"]] == ["189****0001(1)", "189****0001(2)"]
    assert data["summary"]["masks_widened"] == 2
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, mask)))
    cells = [c for row in book["摘要"].iter_rows(values_only=True) for c in row if c]
    assert "189****0001(1)" in cells and "189****0001(2)" in cells
    assert sum("个号码打码后相同" in str(c) for c in cells) == 1
    trend = [r[0] for r in book["趋势"].iter_rows(min_row=5, values_only=True)]
    assert trend == ["189****0001(1)", "189****0001(2)"]


def test_no_mask_shows_the_numbers_and_no_note():
    mask = Masker(False, lines=frozenset({"18911110001", "18922220001"}))
    assert mask("18911110001") == "18911110001"
    assert mask.widened_note() == ""


def test_an_audit_of_two_lines_alike_shows_them_apart(tmp_path):
    source = (MONTHLY / "2026-10" / "中国移动账单-2026年09月.csv").read_text("utf-8")
    bills = tmp_path / "bills"
    bills.mkdir()
    for line in ("18911110001", "18922220001"):
        (bills / f"{line}.csv").write_text(source.replace("13900001111", line), "utf-8")
    result = CliRunner().invoke(
        cli.main,
        ["audit", str(bills), "--no-history", "-o", str(tmp_path / "r.xlsx"), "--json", "-"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {m["line"] for m in data["summary"]["months"]} == {"189****0001(1)", "189****0001(2)"}
    assert "2 个号码打码后相同（前三位和后四位一样），在后面加 (1)、(2)… 区分" in result.stderr
    assert "18911110001" not in result.output and "189***1" not in result.output
