"""A ticket number (工单号) typed into a report's Actions sheet, as ``auditor record --from``
reads it.

The report makes its 工单号 Ticket column text, so what is typed there stays as typed.
An older report's column, or a cell the user formatted otherwise, is General: Excel
stores a ticket of digits there as a number, and keeps 15 of them. A whole number of 15
digits or fewer comes back exactly (``12345678`` and ``12345678.0`` are ticket
``12345678``); a longer one (``20261010123456789`` is stored as 2.02610101234567E+16)
or a fraction has lost what was typed, and is not kept as the record's ticket, which
would name a ticket the carrier never gave: the row is recorded without it, and said
(:func:`ticket_lost`) with what to do.

A cell that holds no ticket at all is not kept either, and said alike with its row
(:func:`ticket_not_kept`): a formula (typed starting with ``=``, which Excel computes:
``=cmd|' /C calc'!A0`` has no value a carrier gave, and was read as an empty cell, the
row recorded with no ticket and nothing said), or a date (a ticket Excel took for one).
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from auditor.lang import say

#: The digits Excel keeps of a number typed into a cell (its precision).
EXCEL_DIGITS = 15


def ticket_typed(cell: object) -> tuple[str, str]:
    """The ticket a cell holds, and ``""``; or ``""`` and the number as Excel shows it
    (``2.02610101234568E+16``) when the cell is a number whose digits cannot all be what
    was typed."""
    if cell in (None, ""):
        return "", ""
    if isinstance(cell, bool):  # (TRUE typed: a text, as Excel shows it)
        return str(cell).upper(), ""
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 10**EXCEL_DIGITS:
        cell = int(cell)
    if isinstance(cell, int):
        if len(str(abs(cell))) <= EXCEL_DIGITS:
            return str(cell), ""
        return "", f"{cell:.{EXCEL_DIGITS}G}"
    if isinstance(cell, float):
        return "", f"{cell:.{EXCEL_DIGITS}G}"
    return str(cell).strip(), ""


def ticket_lost(row: int, shown: str) -> str:
    """What is said of row ``row`` of the sheet, whose ticket cell is the number ``shown``
    (as Excel shows it): no ticket recorded, and how to record it."""
    return say(
        f"第 {row} 行：工单号被 Excel 存成了数字 {shown}，不一定是原来输入的"
        "（Excel 只保留 15 位数字），这一行的记录不带工单号：把这一格设为“文本”"
        "（或先输入英文单引号 '）重新输入工单号，用 auditor record undo 撤销这一行的记录，"
        "再运行一次",
        f"row {row}: its ticket is a number Excel stored, {shown}, maybe not what was typed "
        "(Excel keeps 15 digits): the row's record has none; type it again into a cell "
        "formatted as Text (or after a '), undo this row's record (auditor record undo) "
        "and run this again",
    )


def ticket_formulas(path: Path, sheets: list[str], column: tuple[str, ...]) -> dict:
    """The formulas typed in the ticket ``column`` of each of ``sheets`` in the workbook at
    ``path``, by sheet and row number (the report as read has their values, not them)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        found = {}
        for name in sheets:
            rows = book[name].iter_rows()
            header = [str(cell.value or "") for cell in next(rows, ())]
            at = next((header.index(n) for n in column if n in header), None)
            for number, row in enumerate(rows if at is not None else (), 2):
                if at < len(row) and getattr(row[at], "data_type", "") == "f":
                    found[(name, number)] = str(row[at].value)
        return found
    finally:
        book.close()


def not_a_ticket(cell: object, formula: str | None) -> str:
    """What a ticket cell holds that is no ticket, as Excel shows it (``formula``, the
    cell's, or a date); ``""`` when it holds a ticket or nothing."""
    if formula:
        return formula
    if isinstance(cell, datetime) and cell.time() == time(0):
        return cell.date().isoformat()
    return cell.isoformat() if isinstance(cell, (date, time)) else ""


def ticket_not_kept(row: int, shown: str) -> str:
    """What is said of row ``row`` of the sheet, whose ticket cell holds ``shown``, no
    ticket (a formula, a date): the row recorded without one, and how to give it."""
    formula = shown.startswith("=")
    zh_what, en_what = ("公式", "a formula") if formula else ("日期", "a date")
    return say(
        f"第 {row} 行：工单号一栏是{zh_what}（{shown}），不是工单号，这一行的记录不带工单号："
        "把这一格设为“文本”（或先输入英文单引号 '）输入工单号，用 auditor record undo "
        "撤销这一行的记录，再运行一次",
        f"row {row}: its ticket cell holds {en_what} ({shown}), not a ticket: the row's "
        "record has none; type the ticket into a cell formatted as Text (or after a '), "
        "undo this row's record (auditor record undo) and run this again",
    )
