"""By owner shows the refunds due as the Summary does: those an appeal can still get in
one column, those past the 5-month appeal limit in another (a user saw 114 there beside
the Summary's 13 and 101), so that each of its columns adds up to the Summary's figure,
in either language."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from test_refund_due_past_limit import ONE_PAST, _owed
from test_refunds_due import audit, bill

from auditor.lang import using
from auditor.sheets import BY_OWNER, SUMMARY
from auditor.writers.by_owner import PAST_LIMIT
from auditor.writers.listings import DISPUTED, PER_YEAR

pytestmark = pytest.mark.usefixtures("december")

#: The Summary's labels of the two refund figures, as the By owner columns' are.
SUMMARY_LABELS = {
    "zh": ("待退款", "已过申诉期的待退款"),
    "en": ("Refunds due", "Refunds due past the appeal limit"),
}


def _sheets(path, language):
    book = openpyxl.load_workbook(path, read_only=True)
    with using(language):
        summary = [
            [c for c in row if c is not None]
            for row in book[str(SUMMARY)].iter_rows(values_only=True)
        ]
        header, *rows = book[str(BY_OWNER)].iter_rows(values_only=True)
    book.close()
    return summary, [dict(zip(header, row, strict=True)) for row in rows]


def _figure(summary: list[list], label: str) -> Decimal:
    found = [row[1] for row in summary if len(row) == 2 and row[0] == label]
    return Decimal(str(found[0])) if found else Decimal(0)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_by_owner_columns_add_up_to_the_summary(tmp_path, language):
    # 咪咕's 30.00 due, March's 15.00 past its appeal limit, April's not; 手机报 charged
    # in August, unknown: money disputed now
    bills = _owed(tmp_path)
    bill(bills, "2026-08", 手机报="3.00")
    report = audit(tmp_path, bills, ONE_PAST, "--lang", language)
    figures = report["summary"]
    assert (figures["refunds_due"], figures["past_appeal_limit"]) == ("15.00", "15.00")
    summary, rows = _sheets(tmp_path / "bills.xlsx", language)
    due_label, late_label = SUMMARY_LABELS[language]
    with using(language):
        disputed, yearly, late = DISPUTED.shown(), PER_YEAR.shown(), PAST_LIMIT.shown()
    assert late in rows[0]  # its own column: some refund due is past the limit
    for column, label in (
        (disputed, disputed),
        (yearly, yearly),
        (due_label, due_label),
        (late, late_label),
    ):
        owners = sum(Decimal(str(row[column] or 0)) for row in rows)
        assert owners == _figure(summary, label) != 0, (column, owners)
    assert _figure(summary, due_label) == Decimal(figures["refunds_due"])


def test_no_column_past_the_limit_when_nothing_is(tmp_path):
    bills = _owed(tmp_path)
    report = audit(tmp_path, bills, "2026-06-05", "--lang", "en")
    assert report["summary"]["past_appeal_limit"] == "0.00"
    _, rows = _sheets(tmp_path / "bills.xlsx", "en")
    with using("en"):
        assert PAST_LIMIT.shown() not in rows[0]
        assert rows[0]["Refunds due"] == 30


@pytest.mark.usefixtures("english")
def test_a_handed_over_lines_months_past_the_limit_are_their_holders_then(tmp_path):
    """March was 张伟's, April 李娜's (the settings' ``earlier``): the SP charge stopped in
    May, both months owed. In September March is past its appeal limit, April not:
    March's money is 张伟's past the limit, April's 李娜's due, and each column adds up
    to the Summary's figure."""
    from test_handed_over import MASKED, NEW, _audit, _by_owner

    settings = NEW + 'earlier = [{ owner = "张伟", group = "销售一部", until = "2026-03" }]\n'
    _audit(tmp_path, "2026-03", settings, "2026-04-05")
    _audit(tmp_path, "2026-04", settings, "2026-05-05")
    report = _audit(tmp_path, "2026-05", settings, "2026-09-05", sp=False)
    [due] = report["refunds_due"]
    assert due["periods_past_limit"] == ["2026-03"]
    summary = report["summary"]
    assert (summary["refunds_due"], summary["past_appeal_limit"]) == ("3.00", "3.00")
    header, *rows = _by_owner(tmp_path, "2026-05")
    assert PAST_LIMIT.shown() in header
    assert ["销售一部", "张伟", 1, f"{MASKED} (2026-03, handed over)", 0, 0, 3.0] in rows
    assert ["销售二部", "李娜", 1, MASKED, 0, 1, 3.0] in rows
    sheet = openpyxl.load_workbook(tmp_path / "r2026-05.xlsx")["By owner"]
    head, *body = sheet.iter_rows(values_only=True)
    late, due_at = head.index(PAST_LIMIT.shown()), head.index("Refunds due")
    owners = [row for row in body if row[1] in ("张伟", "李娜")]
    assert {row[1]: (row[due_at], row[late]) for row in owners} == {
        "张伟": (None, 3.0),
        "李娜": (3.0, None),
    }
