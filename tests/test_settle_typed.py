"""A settlement typed in the Actions sheet's Status as ``auditor record settle`` takes
it: 和解 10.00 on a row of several lines is one compensation, shared out between them
exact to the fen (the fen left over to the first lines, said), never 10.00 recorded on
each; what was given, typed after it (和解 10.00 话费补偿, 和解 送10GB流量), is its note as
``--note`` keeps it, the amount read wherever it stands right after the word (和解10元,
和解 10.00话费补偿); and a compensation not above zero is refused as one, not as a
refund."""

from __future__ import annotations

import openpyxl
import pytest
from cli_run import run
from test_follow_up_grouped import MANY, _cancelled_then_gone
from test_typed_lines import audit, record_from, records

from auditor.catalog import carriers, load_escalation, phone_numbers
from auditor.history.typed_status import shared_out, status_typed

pytestmark = pytest.mark.usefixtures("december", "english")


def _type_settled(report, status: str, on: str, sheet_name: str = "Actions") -> None:
    """Type ``status`` and ``on`` into the first row of the Actions sheet that names its
    findings (a refund due's row: its ids with their money)."""
    book = openpyxl.load_workbook(report)
    sheet = book[sheet_name]
    header = [c.value for c in sheet[1]]
    ids = header.index("Finding ids") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, ids).value)
    sheet.cell(row, header.index("Status") + 1).value = status
    sheet.cell(row, header.index("Date") + 1).value = on
    book.save(report)


def test_a_compensation_typed_on_a_row_of_several_lines_is_counted_once(tmp_path):
    _cancelled_then_gone(tmp_path, MANY[:3])  # three lines' refunds due: one Actions row
    report = tmp_path / "nov.xlsx"
    _type_settled(report, "和解 10.00 话费补偿", "2026-11-06")
    done = record_from(tmp_path, report)
    assert done.exit_code == 0, done.output
    assert "和解 10.00 is shared out between its 3 lines (3.34, 3.33, 3.33" in done.output
    settled = [
        (r["line"], r["amount"], r["note"]) for r in records(tmp_path) if r["kind"] == "settle"
    ]
    assert settled == [
        (MANY[0], "3.34", "话费补偿"),
        (MANY[1], "3.33", "话费补偿"),
        (MANY[2], "3.33", "话费补偿"),
    ]  # was 10.00 on each: 30.00 given in all
    # the same report given again records nothing more
    assert record_from(tmp_path, report).exit_code == 0
    assert len([r for r in records(tmp_path) if r["kind"] == "settle"]) == 3
    closed = audit(tmp_path, tmp_path / "nov", "2026-11-07")["closed_without_refund"]
    given = sorted(c["given"] for c in closed)
    assert given == ["3.33", "3.33", "3.34"]  # 10.00 in all, once
    assert {c["given_note"] for c in closed} == {"话费补偿"}


@pytest.mark.parametrize(
    ("typed", "amount", "note"),
    [
        ("和解 送10GB流量", None, "送10GB流量"),
        ("和解：10.00元，话费补偿", 1000, "话费补偿"),
        ("settled 5 500 points", 500, "500 points"),
        ("已放弃 不想再打电话了", None, "不想再打电话了"),
        ("和解 10.00", 1000, ""),
        ("放弃", None, ""),
        # an amount run into the word, or words into the amount: read all the same
        ("和解10.00", 1000, ""),
        ("和解10元", 1000, ""),
        ("已和解10.00", 1000, ""),
        ("和解 10.00话费补偿", 1000, "话费补偿"),
        ("和解10元话费补偿", 1000, "话费补偿"),
        # a number run into a unit is what was given, no money
        ("和解 10GB流量", None, "10GB流量"),
        ("和解10GB", None, "10GB"),
        ("和解 3个月会员", None, "3个月会员"),
    ],
)
def test_what_a_settlement_typed_says_was_given(typed, amount, note):
    said = status_typed(typed)
    assert (said.kind, said.amount_fen, said.note) == ("settle", amount, note)


@pytest.mark.parametrize("typed", ["和解失败", "settlement", "放弃了吗"])
def test_a_word_run_into_a_settlement_is_no_settlement(typed):
    with pytest.raises(ValueError, match="none of"):
        status_typed(typed)


def test_a_settlement_typed_on_one_line_keeps_what_was_given_as_its_note(tmp_path):
    _cancelled_then_gone(tmp_path, MANY[:1])
    report = tmp_path / "nov.xlsx"
    _type_settled(report, "和解 送10GB流量", "2026-11-06")
    done = record_from(tmp_path, report)
    assert done.exit_code == 0, done.output
    [made] = [r for r in records(tmp_path) if r["kind"] == "settle"]
    assert (made["amount"], made["note"]) == (None, "送10GB流量")  # was no note at all
    [closed] = audit(tmp_path, tmp_path / "nov", "2026-11-07")["closed_without_refund"]
    assert (closed["given"], closed["given_note"]) == (None, "送10GB流量")


def test_a_compensation_typed_run_into_its_word_is_recorded(tmp_path):
    _cancelled_then_gone(tmp_path, MANY[:1])
    report = tmp_path / "nov.xlsx"
    _type_settled(report, "和解10元", "2026-11-06")
    done = record_from(tmp_path, report)
    assert done.exit_code == 0, done.output  # was refused: exit 3
    [made] = [r for r in records(tmp_path) if r["kind"] == "settle"]
    assert (made["amount"], made["note"]) == ("10.00", None)


def test_shared_out_adds_up_to_what_was_typed():
    for fen in (1, 999, 1000, 1001, 123457):
        for count in (1, 2, 3, 7):
            shares = shared_out(fen, count)
            assert sum(shares) == fen and max(shares) - min(shares) <= 1
            assert shares == sorted(shares, reverse=True)  # the fen left over first


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "a compensation amount is positive"), ("zh", "补偿金额应是正数")],
)
def test_a_negative_compensation_is_refused_as_a_compensation(tmp_path, lang, said):
    made = run("record", "settle", "--line", MANY[0], "--service", "咪咕视频会员",
               "--amount", "-5", "--db", str(tmp_path / "h.sqlite"), "--create",
               "--lang", lang)  # fmt: skip
    assert made.exit_code == 2
    assert said in made.output and "refund" not in made.output and "退款" not in made.output


def _every_step_number() -> list[str]:
    """The numbers the report's steps give, as the catalog has them (not listed here)."""
    return sorted(phone_numbers())


def test_the_numbers_the_steps_give_are_the_catalogs():
    numbers = phone_numbers()
    # the appeal centre, each carrier's hotline (the catalog's, read there, not here)
    assert load_escalation().appeal_phone in numbers
    hotlines = [carrier.hotline for carrier in carriers() if carrier.hotline]
    assert len(hotlines) == 4 and set(hotlines) <= set(numbers)  # (an MVNO brand has its own)
    assert "" not in numbers


@pytest.mark.parametrize("number", _every_step_number())
@pytest.mark.parametrize("form", ["和解 {n}", "和解{n}", "已和解：{n}", "settled {n}"])
def test_a_settlement_typed_with_a_number_the_steps_give_is_settled_through_it(form, number):
    said = status_typed(form.format(n=number))
    # was ¥12,300.00 given for 和解 12300: the appeal centre's number
    assert (said.kind, said.amount_fen, said.note, said.channel) == ("settle", None, "", number)
    assert f"settled through {number}" in said.read_as
    assert f"{number}.00" in said.read_as  # how a sum of that much is written


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("和解 12300.00", 1230000),
        ("和解12300元", 1230000),
        ("和解 12300 元", 1230000),
        ("和解 ¥12300", 1230000),
        ("和解 12,300", 1230000),
        ("和解 12301", 1230100),  # no number the steps give: a sum, as before
    ],
)
def test_a_number_written_as_money_is_a_sum_whatever_it_is(typed, amount):
    said = status_typed(typed)
    assert (said.amount_fen, said.channel, said.read_as) == (amount, "", "")


def test_what_follows_the_number_is_still_what_was_given():
    said = status_typed("和解 10086 送10GB流量")
    assert (said.amount_fen, said.note, said.channel) == (None, "送10GB流量", "10086")


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("typed", ["和解12300 送流量", "已和解：12300", "Settled 12300"])
def test_the_cell_is_quoted_as_typed(typed):
    # '和解12300 送流量' was quoted '和解 12300', a cell no one typed
    said = status_typed(typed)
    assert said.read_as.startswith(f"{typed!r} is recorded as settled through 12300")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "'和解 12300' is recorded as settled through 12300"),
        ("zh", "“和解 12300”记为通过 12300"),
    ],
)
def test_a_settlement_through_12300_is_recorded_so_and_said(tmp_path, lang, said):
    _cancelled_then_gone(tmp_path, MANY[:1])
    report = tmp_path / "nov.xlsx"
    _type_settled(report, "和解 12300", "2026-11-06")
    done = record_from(tmp_path, report, lang)
    assert done.exit_code == 0, done.output
    assert said in done.output and "12300.00" in done.output
    [made] = [r for r in records(tmp_path) if r["kind"] == "settle"]
    assert (made["amount"], made["channel"]) == (None, "12300")  # was 12300.00 given
    [closed] = audit(tmp_path, tmp_path / "nov", "2026-11-07")["closed_without_refund"]
    assert closed["given"] is None
    # the same report again: nothing recorded, nothing said again
    again = record_from(tmp_path, report, lang)
    assert again.exit_code == 0 and said not in again.output
