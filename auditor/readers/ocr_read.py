"""Reading text lines that OCR made (a picture's, a scanned page's) as every other
source is read: rows for :func:`~auditor.readers.table.interpret`, with what OCR adds.

- Every row's locator names its region of the picture (``line 12 [x 40–1040, y 880–930
  px]``), so an unread row, a charge or a finding's evidence says where to look.
- A row holding a figure (an amount, a date, a number) read below the confidence
  threshold is an unread row, never a number: it is kept out of the rows interpreted.
- Every charge, service and stated total carries its row's figures' confidence, and the file's
  result an :class:`~auditor.model.OcrSummary` (values read, how many uncertain).
- A screenshot's chrome (its status, title and tab bars, wherever they stand) is set
  aside as the app's, and a name wrapped round its amount is one row
  (:mod:`~auditor.readers.ocr_lines`).
- A row of two amounts, an original price and the one charged, is read as charged
  (:mod:`~auditor.readers.struck_prices`).
- Service cards (an app's 已订业务) become a table first (:mod:`~auditor.readers.cards`).
- 详单 pages (通话详单, 上网详单: records, not charges) are set apart as a text PDF's are
  (:mod:`~auditor.readers.detail_records`).
- A picture whose text is neither a bill nor a service list is one clear error.
"""

from __future__ import annotations

from pathlib import Path

from auditor import where
from auditor.errors import ErrorCode, InputError, quoted
from auditor.lang import Text, counted, say
from auditor.model import OcrSummary, ReadResult, RowIssue
from auditor.ocr_summary import under_threshold
from auditor.readers.base import CellRow, ReadOptions
from auditor.readers.cards import card_rows, holds_cards
from auditor.readers.detail_records import said_apart, set_apart
from auditor.readers.detect import check_masked_line, months_in_text
from auditor.readers.ocr_layout import LineReading, merged
from auditor.readers.ocr_lines import prepared
from auditor.readers.pdf_layout import Layout, TextLine, layout_rows
from auditor.readers.rows import TOTAL_NO_AMOUNT
from auditor.readers.struck_prices import decide, split_pairs, swap, tell
from auditor.readers.table import NoTable, interpret
from auditor.sheets import UNREAD

OCR_TOTAL_NO_AMOUNT = Text(
    "合计行没有读到金额：OCR 在这一行没有找到数字（图片是斜着拍的、模糊，或金额被遮住了？）；"
    "请核对图片中的这一处",
    "total has no readable amount: OCR found no figure on its row (the picture taken at an "
    "angle, blurred, or the amount covered?); check the picture there",
)
PDF_TOTAL_NO_AMOUNT = Text(
    "合计行没有可读取的金额：请核对 PDF 中的这一处",
    "total has no readable amount: check the PDF there",
)
NO_TEXT = Text(
    "用 OCR 也没有找到文字：不是账单或业务清单（是照片吗？）",
    "no text found in it, even by OCR: not a bill or a service list (a photo?)",
)
NOT_A_BILL = Text(
    "已用 OCR 识别，但其中的文字不是账单或业务清单（没有带金额的项目、没有表头、"
    "没有业务卡片：是照片或聊天截图吗？）",
    "read by OCR, but its text is not a bill or a service list (no items with amounts, "
    "no table header, no service cards: a photo, a chat?)",
)


def read_lines(
    path: Path,
    lines: list[TextLine],
    readings: dict[str, LineReading],
    options: ReadOptions,
    *,
    picture: bool,
) -> ReadResult:
    """Read ``lines`` (a PDF's text lines and OCR's, or a picture's) as a document;
    ``readings`` are OCR's for its lines by locator (a text PDF's lines have none).
    ``picture``: the locators name no page (a picture has one)."""
    if not lines:
        raise InputError(str(path), NO_TEXT.shown(), code=ErrorCode.NO_TEXT)
    readings = dict(readings)  # a wrapped name's lines are joined, their readings too
    layout = _layout(lines, readings)
    rows = layout.rows
    sources: list[list[CellRow]] = [[row] for row in rows]
    places = {line.locator: (line.page, line.number) for line in lines}
    if holds_cards(rows):
        rows, sources = card_rows(rows, lambda part: _span(part, picture, places))
    row_readings: list[LineReading | None] = []
    for row, parts in zip(rows, sources, strict=True):
        known = [readings[part.locator] for part in parts if part.locator in readings]
        row_readings.append(merged(known) if known else None)
        if known:
            short = row.locator if len(parts) > 1 else _span(parts, picture, places)
            row.locator = f"{short} [{row_readings[-1].where()}]"
    # 详单 pages: records, not charges, as a text PDF's are (before their figures' doubts)
    apart, records = set_apart(rows)
    if records.rows:
        left = {id(row) for row in apart}
        row_readings = [r for row, r in zip(rows, row_readings, strict=True) if id(row) in left]
        rows = apart
    kept, issues = _trusted(rows, row_readings, options)
    pairs = split_pairs(kept)
    try:
        result = interpret(kept, path, options)
        if wrong := decide(result, pairs):  # the total says a first amount was charged
            swap(kept, wrong)
            result = interpret(kept, path, options)
    except NoTable:
        if readings:
            raise InputError(str(path), NOT_A_BILL.shown(), code=ErrorCode.NOT_A_BILL) from None
        raise
    except InputError as exc:
        unsure = _month_unsure(exc, rows, row_readings, options)
        if unsure is None:
            raise
        raise unsure from None
    result.rows_read += layout.lines - len(layout.rows) + len(issues) + records.rows
    result.set_aside.update(layout.set_aside)
    said_apart(result, records)
    result.unparseable[:0] = issues
    tell(result, pairs)
    _total_reasons(result, {row.locator for row, r in zip(rows, row_readings, strict=True) if r})
    if readings:
        _stamp(result, rows, row_readings)
        result.ocr = _summary(result, readings, row_readings, options)
        _say_doubts(result, readings)
        if len(result.lines) == 1:
            text = "\n".join(row.text() for row in kept)
            check_masked_line(path, text, result.lines[0], None, options)
    return result


def _total_reasons(result: ReadResult, scanned: set[str]) -> None:
    """A total row left without its amount, said as a picture's or a PDF's: the table
    readers' reason asks about a spreadsheet's formula, which neither has."""
    asked = TOTAL_NO_AMOUNT.shown()
    for at, issue in enumerate(result.unparseable):
        if issue.reason == asked:
            told = OCR_TOTAL_NO_AMOUNT if issue.locator in scanned else PDF_TOTAL_NO_AMOUNT
            result.unparseable[at] = RowIssue(issue.locator, told.shown(), issue.text)


def _say_doubts(result: ReadResult, readings: dict[str, LineReading]) -> None:
    """The file's alerts for its rows unread by OCR's doubts, and for a picture taken at
    an angle; a note for one whose rows were put level."""
    ocr = result.ocr
    if ocr is None:
        return
    if ocr.rows_uncertain:
        result.alerts.append(
            say(
                f"有 {ocr.rows_uncertain} 行含有 OCR 没有把握的数字，未被使用："
                f"它们在图片中的位置见「{UNREAD.zh}」表",
                f"{counted(ocr.rows_uncertain, 'row')} with a figure OCR was unsure of "
                f"{'was' if ocr.rows_uncertain == 1 else 'were'} not used: see the "
                f"{UNREAD.en} sheet for where they stand in the picture",
            )
        )
    if ocr.rows_between or any(r.askew for r in readings.values()):
        rows = ocr.rows_between
        unused = say(
            f"（{rows} 行无法确定金额属于哪一行，未被使用，见「{UNREAD.zh}」表）",
            f" ({counted(rows, 'row')} whose amount could not be placed "
            f"{'was' if rows == 1 else 'were'} not used: see the {UNREAD.en} sheet)",
        )
        check = say("，请对照图片核对每一行", "; check each row against the picture")
        result.alerts.append(
            say(
                f"图片似乎是斜着拍的，各行的倾斜不一致，金额可能错行{unused if rows else check}"
                "：最好用正面的屏幕截图",
                "the picture seems taken at an angle: its rows slope unevenly, so amounts may "
                f"stand on the wrong rows{unused if rows else check}: a straight screenshot "
                "is best",
            )
        )
    elif any(r.angled for r in readings.values()):
        result.notes.append(
            say(
                "图片是斜着拍的（各行向一侧汇聚）：已按各行自己的倾斜拉平后读取",
                "the picture was taken at an angle (its rows converge to one side): each row "
                "was put level by its own slope before reading",
            )
        )


def _layout(lines: list[TextLine], readings: dict[str, LineReading]) -> Layout:
    """The rows of ``lines``: each scanned page laid out on its own (every scan has its
    own scale and margins, so columns and indentation are a page's own), the pages of
    a text layer together, as their columns run from page to page."""
    runs: list[list[TextLine]] = []
    for line in lines:
        scanned = line.locator in readings
        same_page = runs and runs[-1][-1].page == line.page
        if runs and (same_page or not (scanned or runs[-1][-1].locator in readings)):
            runs[-1].append(line)
        else:
            runs.append([line])
    whole = Layout(rows=[])
    for run in runs:
        if run[-1].locator in readings:
            run, chrome = prepared(run, readings)
            if chrome:
                whole.set_aside["chrome"] += chrome
                whole.lines += chrome
        part = layout_rows(run)
        whole.rows += part.rows
        whole.set_aside.update(part.set_aside)
        whole.lines += part.lines
    return whole


def _span(parts: list[CellRow], picture: bool, places: dict[str, tuple[int, int]]) -> str:
    """Where rows stand, shortly: ``line 5`` or ``lines 5–9`` (``page 2 line 5`` in a PDF),
    from the page and line numbers of the text lines they were laid out from (``places``,
    by locator): a locator is made for people and never parsed."""
    first, last = places.get(parts[0].locator), places.get(parts[-1].locator)
    if first is None or last is None:
        return parts[0].locator
    (page, start), (_, end) = first, last
    span = where.line(start) if start == end else where.lines(start, end)
    return span if picture else where.within(where.page(page), span)


def _trusted(
    rows: list[CellRow], readings: list[LineReading | None], options: ReadOptions
) -> tuple[list[CellRow], list[RowIssue]]:
    """The rows to interpret, and an unread row for each row holding a figure that
    stands between it and another row (in a picture taken at an angle) or an uncertain
    figure."""
    kept, issues = [], []
    for row, reading in zip(rows, readings, strict=True):
        if reading is None or not (reading.between or reading.uncertain_figures):
            kept.append(row)
            continue
        reason = _between(reading) if reading.between else _uncertain(reading, options)
        issues.append(RowIssue(row.locator, reason, row.text()[:200]))
    return kept, issues


def _between(reading: LineReading) -> str:
    """Why a row is unread whose figure stands between it and another row."""
    text, other = reading.between[0]
    return say(
        f"OCR 读到的{quoted(text)}位于这一行与{where.line(other)}之间：图片似乎是斜着拍的，"
        "它可能属于其中任何一行；未使用，请核对图片中的这一处（或重新正面截图）",
        f"OCR read {text!r} between this row and {where.line(other)}: the picture seems "
        "taken at an angle and it may belong to either; not used: check the picture there "
        "(or take a straight screenshot)",
    )


def _uncertain(reading: LineReading, options: ReadOptions) -> str:
    """Why a row is unread whose figure OCR was unsure of."""
    text, confidence = min(reading.uncertain_figures, key=lambda figure: figure[1])
    shown, threshold = under_threshold(confidence, options.ocr_threshold)
    return say(
        f"OCR 识别出{quoted(text)}，置信度 {shown}，低于 {threshold}："
        "未当作数字使用，请核对图片中的这一处",
        f"OCR read {text!r} with confidence {shown}, under {threshold}: not used as a "
        "number; check the picture there",
    )


def _month_unsure(
    error: InputError,
    rows: list[CellRow],
    readings: list[LineReading | None],
    options: ReadOptions,
) -> InputError | None:
    """``error`` (no month found: give --period) told with the row that names a month but
    was left unread by OCR's doubts, and where it stands (a picture blurred heavily read
    its month's line unsure: the error said only that no month was found); None when no
    such row is, or the error is not the month's."""
    if error.code != ErrorCode.MISSING_DETAILS or "--period" not in error.reason:
        return None
    for row, reading in zip(rows, readings, strict=True):
        months = months_in_text(row.text())
        if reading is None or not months or not (reading.between or reading.uncertain_figures):
            continue
        if reading.between:
            doubt = say("它位于两行之间", "it stands between two rows")
        else:
            _, least = min(reading.uncertain_figures, key=lambda figure: figure[1])
            shown, threshold = under_threshold(least, options.ocr_threshold)
            doubt = say(
                f"置信度 {shown}，低于 {threshold}", f"confidence {shown}, under {threshold}"
            )
        told = say(
            f"；月份那一行 OCR 没有把握（{doubt}），未使用：{row.locator}，似乎是 {months[0]}；"
            f"请核对图片中的这一处，再用 --period {months[0]} 指定",
            f"; OCR was unsure of the month's line ({doubt}) and did not use it: "
            f"{row.locator}, which seems to say {months[0]}; check the picture there, then "
            f"give --period {months[0]}",
        )
        return InputError(error.path, error.reason + told, error.locator, code=error.code)
    return None


def _stamp(result: ReadResult, rows: list[CellRow], readings: list[LineReading | None]) -> None:
    """Each charge, service and stated total gets the confidence of the figures of the row
    it came from (its amount, price, dates: none of them under the threshold, or the row
    is unread), a row without figures its text's. A name's own confidence (the mean of
    its characters, kept under the threshold) made a used amount look unsure: 0.81."""
    confidence = {
        row.locator: round(reading.confidence if reading.figures is None else reading.figures, 3)
        for row, reading in zip(rows, readings, strict=True)
        if reading is not None
    }
    for record in (*result.charges, *result.services, *result.bills):
        record.confidence = confidence.get(record.locator)


def _summary(
    result: ReadResult,
    readings: dict[str, LineReading],
    rows: list[LineReading | None],
    options: ReadOptions,
) -> OcrSummary:
    """How many values OCR read, how many it was unsure of, and the rows left unread:
    all of the file's (as the Unread rows sheet lists them), and those OCR's doubts left
    unread, by why (see :func:`_trusted`)."""
    uncertain = sum(len(r.uncertain_figures) + r.uncertain_text for r in readings.values())
    between = sum(1 for r in rows if r is not None and r.between)
    doubted = sum(1 for r in rows if r is not None and (r.between or r.uncertain_figures))
    return OcrSummary(
        values=sum(r.values for r in readings.values()),
        uncertain=uncertain,
        rows_unread=len(result.unparseable),
        threshold=options.ocr_threshold,
        rows_uncertain=doubted - between,
        rows_between=between,
    )
