"""The Charges and Services sheets staged by a child while the audit runs
(auditor.writers.prestage): the workbook reads back the same whether the child's rows
are adopted, refused (the charges or services changed) or missing (the child failed)."""

from __future__ import annotations

import io
import os
import re
import signal
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook
from writers_sample import sample_report

from auditor.model import Charge, Service
from auditor.writers import Masker, package, prestage, render_xlsx, xlsx
from auditor.writers.sheet import SheetLimits

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def _values(data: bytes) -> dict:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _looks(data: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        sheet.title: [
            [
                (
                    c.coordinate,
                    c.value,
                    c.number_format,
                    c.font.bold,
                    c.quotePrefix,
                    c.fill.fgColor.rgb,
                )
                for row in sheet.iter_rows()
                for c in row
                if c.value is not None
            ],
            {k: d.width for k, d in sheet.column_dimensions.items()},
            {k: d.height for k, d in sheet.row_dimensions.items() if d.height},
            sheet.dimensions,
            sheet.auto_filter.ref,
        ]
        for sheet in book.worksheets
    }


@pytest.fixture
def report(monkeypatch):
    monkeypatch.setattr(prestage, "PRESTAGE_AT", 1)
    report = sample_report()
    long = "很长的项目名称" * 12  # wraps: its row is made taller
    extra = [
        Charge("13800001234", "2026-10", "vas", f"=项目{n}", n, source="b.csv") for n in range(50)
    ]
    extra.append(Charge("13800001234", "2026-10", "vas", long, -5, source="b.csv"))
    report.inputs[0].charges.extend(extra)
    report.charges = [c for r in report.inputs if r.readable for c in r.charges]
    listed = [
        Service(
            "13800001234",
            f"=业务{n}",
            price_fen=n * 100,
            ordered=datetime(2026, 10, n % 28 + 1, 9, 30),
            source="s.csv",
        )
        for n in range(30)
    ]
    report.inputs[0].services.extend(listed)
    report.services = [s for r in report.inputs if r.readable for s in r.services]
    return report


def test_the_childs_rows_are_adopted_and_read_back_the_same(report, tmp_path):
    mask = Masker(personal=report.personal_texts)
    staged = prestage.prestage(report.inputs, mask, str(tmp_path))
    assert staged is not None
    ours = render_xlsx(report, mask, prestaged=staged)
    assert staged.child.pid == 0  # its value was taken
    theirs = render_xlsx(report, mask)
    assert _values(ours) == _values(theirs)
    assert _looks(ours) == _looks(theirs)


def _members(data: bytes) -> dict[str, bytes]:
    """A package's members, checked against their CRCs; the document's dates left out."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        members = {name: package.read(name) for name in package.namelist()}
    del members["docProps/core.xml"]
    return members


@pytest.mark.parametrize("whole", [True, False], ids=["kept whole", "a row at a time"])
def test_rows_deflated_by_the_child_are_zipped_as_the_sheet_would_hold_them(
    report, tmp_path, monkeypatch, whole
):
    mask = Masker(personal=report.personal_texts)
    limits = SheetLimits(whole_workbook_cells=10**6 if whole else 10)
    put = []
    made = package._put_deflated

    def spied(member, rows):
        put.append(rows)
        made(member, rows)

    monkeypatch.setattr(package, "_put_deflated", spied)

    def written(folder: str) -> bytes:
        (tmp_path / folder).mkdir()
        staged = prestage.prestage(report.inputs, mask, str(tmp_path / folder), limits)
        return render_xlsx(report, mask, limits, prestaged=staged)

    spliced = written("spliced")
    assert len(put) == 3  # Charges, Services and Inputs, each put in by the zip
    # xlsxwriter's own workbook knows nothing of it: the rows are inflated into the sheet
    monkeypatch.setattr(xlsx, "Book", xlsxwriter.Workbook)
    inflated = written("inflated")
    assert len(put) == 3
    assert _members(spliced) == _members(inflated)


@pytest.mark.parametrize("changed", ["charges", "services"])
def test_records_changed_after_the_fork_are_written_here(report, tmp_path, changed):
    mask = Masker(personal=report.personal_texts)
    staged = prestage.prestage(report.inputs, mask, str(tmp_path))
    setattr(report, changed, getattr(report, changed)[1:])  # a duplicate set aside, say
    assert staged.parts(report, changed.capitalize(), mask, staged.limits) is None
    assert staged.parts(report, "Inputs", mask, staged.limits) is not None  # still its
    assert _values(render_xlsx(report, mask, prestaged=staged)) == _values(
        render_xlsx(report, mask)
    )


def test_an_input_told_more_by_the_audit_is_written_here(report, tmp_path):
    mask = Masker(personal=report.personal_texts)
    staged = prestage.prestage(report.inputs, mask, str(tmp_path))
    report.inputs[0].warnings.append("账单合计比明细少 5.00 元")  # as the audit may add
    assert staged.parts(report, "Inputs", mask, staged.limits) is None
    assert staged.parts(report, "Charges", mask, staged.limits) is not None
    ours = render_xlsx(report, mask, prestaged=staged)
    assert "账单合计比明细少 5.00 元" in repr(_values(ours))
    assert _values(ours) == _values(render_xlsx(report, mask))


def test_an_input_told_more_is_seen_in_the_workbooks_own_inputs_rows(report, tmp_path):
    mask = Masker(personal=report.personal_texts)
    staged = prestage.prestage(report.inputs, mask, str(tmp_path))
    report.inputs[1].alerts.append("这个文件的月份晚于检查日期")  # after the fork, as the audit may
    ours = render_xlsx(report, mask, prestaged=staged)  # compared with its Inputs listing's rows
    assert "这个文件的月份晚于检查日期" in repr(_values(ours))
    assert _values(ours) == _values(render_xlsx(report, mask))


def test_a_child_that_fails_leaves_the_sheets_to_this_process(report, tmp_path):
    mask = Masker(personal=report.personal_texts)
    staged = prestage.prestage(report.inputs, mask, str(tmp_path))
    os.kill(staged.child.pid, signal.SIGKILL)
    assert _values(render_xlsx(report, mask, prestaged=staged)) == _values(
        render_xlsx(report, mask)
    )


def test_nothing_the_same_ends_the_child_at_once(report, tmp_path):
    staged = prestage.prestage(report.inputs, Masker(personal=report.personal_texts), str(tmp_path))
    other = Masker(enabled=False)
    assert staged.parts(report, "Charges", other, staged.limits) is None
    assert staged.child.pid == 0


def test_the_child_is_waited_for_only_at_a_sheet_it_stages(report, tmp_path):
    mask = Masker(personal=report.personal_texts)
    staged = prestage.prestage(report.inputs, mask, str(tmp_path))
    for name in ("By service", "Findings", "By owner"):  # written before Charges
        assert staged.parts(report, name, mask, staged.limits) is None
    assert staged.child.pid != 0  # neither waited for nor reaped
    assert staged.parts(report, "Charges", mask, staged.limits) is not None
    assert staged.child.pid == 0


def test_every_sheet_is_staged_in_its_shades(report, tmp_path):
    mask = Masker(personal=report.personal_texts)
    staged = prestage.prestage(report.inputs, mask, str(tmp_path))
    charges = staged.parts(report, "Charges", mask, staged.limits)
    services = staged.parts(report, "Services", mask, staged.limits)
    inputs = staged.parts(report, "Inputs", mask, staged.limits)
    assert [p.last for p in charges] == [len(report.charges) + 1]
    assert [p.last for p in services] == [len(report.services) + 1]
    assert [p.last for p in inputs] == [len(report.inputs) + 1]
    assert any(r.error for r in report.inputs)  # a shaded row among them
    assert staged.parts(report, "Unread rows", mask, staged.limits) is None  # not staged


def test_staged_shades_look_the_same_whatever_the_sheets_before_them_use(report, tmp_path):
    # The sheets written before Inputs here (findings of other severities) give their own
    # formats indices first: the staged rows' shades must not depend on which.
    for finding in report.findings:
        finding.severity = "info"
    mask = Masker(personal=report.personal_texts)
    staged = prestage.prestage(report.inputs, mask, str(tmp_path))
    assert _looks(render_xlsx(report, mask, prestaged=staged)) == _looks(render_xlsx(report, mask))


@pytest.mark.parametrize("empty", ["charges", "services"])
def test_a_list_without_rows_is_written_here(report, tmp_path, empty):
    for result in report.inputs:
        getattr(result, empty).clear()
    setattr(report, empty, [])
    mask = Masker(personal=report.personal_texts)
    staged = prestage.prestage(report.inputs, mask, str(tmp_path))
    name = empty.capitalize()
    assert staged.parts(report, name, mask, staged.limits) is None
    ours = render_xlsx(report, mask, prestaged=staged)
    assert _values(ours) == _values(render_xlsx(report, mask))


def test_few_rows_start_no_child(tmp_path):
    report = sample_report()
    assert prestage.prestage(report.inputs, Masker(), str(tmp_path)) is None


def test_an_audit_with_the_child_writes_what_one_without_writes(monkeypatch, tmp_path):
    from pathlib import Path

    from click.testing import CliRunner

    from auditor import cli

    household = Path(__file__).resolve().parent.parent / "fixtures" / "household"
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    started = []
    original = prestage.prestage

    def spied(*args, **kwargs):
        staged = original(*args, **kwargs)
        started.append(staged is not None)
        return staged

    monkeypatch.setattr(prestage, "prestage", spied)
    written = {}
    for at in (10**9, 1):
        monkeypatch.setattr(prestage, "PRESTAGE_AT", at)
        out = tmp_path / f"r{at}.xlsx"
        args = ["audit", str(household), "--as-of", "2026-11-05", "--no-history", "-o", str(out)]
        result = CliRunner().invoke(cli.main, [*args, "--json", str(out.with_suffix(".json"))])
        assert result.exit_code in (0, 3), result.output
        # Finding ids are drawn afresh by each audit without a history: left out here.
        values = re.sub(r"F[0-9a-f]{12}", "F-id", repr(_values(out.read_bytes())))
        text = re.sub(rb"F[0-9a-f]{12}", b"F-id", out.with_suffix(".json").read_bytes())
        written[at] = (values, text)
    assert started == [True]  # the first audit was not worth a child: prestage never ran
    assert written[1] == written[10**9]
    assert os.listdir(tmp_path / "tmp") == []  # the child's folder went with the audit


def test_charges_are_sorted_only_once_their_rows_are_asked_for():
    from auditor.writers.listings import charge_listing

    read = [
        Charge("13800002222", "2026-10", "vas", "b", 100),
        Charge("13800001111", "2026-11", "vas", "c", 200),
        Charge("13800001111", "2026-10", "vas", "a", 300),
        Charge("13800001111", "2026-10", "vas", "a2", 400),
    ]
    listing = charge_listing(read)
    assert len(listing.rows) == 4 and listing.rows.records is read  # a child may write it
    assert [row[5] for row in listing.rows] == ["a", "a2", "c", "b"]  # by line, month: stable
    assert listing.rows[0][5] == "a"


def test_the_inputs_warned_of_an_older_bill_are_adopted(tmp_path, monkeypatch):
    """A line billed only in a month older than the one audited is warned of on its
    file's row by the audit: the child gives its staged row the same warning, so the
    Inputs it staged are adopted (else the sheet was staged for nothing and written
    again), and the workbook reads back as when nothing is staged."""
    from shutil import copy

    from auditor import run

    fixtures = Path(__file__).parent.parent / "fixtures" / "household"
    folder = tmp_path / "bills"
    folder.mkdir()
    copy(fixtures / "china-mobile" / "中国移动账单-2026年10月.xlsx", folder)
    copy(fixtures / "china-unicom" / "联通账单-2026年08月.csv", folder)
    adopted = []
    made = prestage.Prestaged._adopted

    def spied(self, *args):
        staged = made(self, *args)
        adopted.append(set(staged))
        return staged

    monkeypatch.setattr(prestage.Prestaged, "_adopted", spied)

    def audited(name: str, staging_at: int) -> dict:
        monkeypatch.setattr(prestage, "PRESTAGE_AT", staging_at)
        report = tmp_path / f"{name}.xlsx"
        run.audit([folder], as_of="2026-11-05", jobs=1, report=report, language="en")
        return _values(report.read_bytes())

    staged, written = audited("staged", 1), audited("written", 10**9)
    assert adopted == [{"Charges", "Inputs"}]  # (no service list: no Services rows)
    warnings = [row[12] for row in staged["Inputs"][1:]]
    assert any("older than the month audited (2026-10)" in text for text in warnings)
    for name in ("Charges", "Inputs"):  # (the findings' ids are each audit's own)
        assert staged[name] == written[name]
