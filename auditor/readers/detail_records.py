"""A bill's 详单 pages: records of calls, messages and data sessions, not charges.

China Mobile's PDF e-bill may go on with 通话详单 or 上网详单 pages after the bill: a title,
often the line's header block again, a header row (起始时间 | 对方号码 | 通信时长 …), and a
record a row, each with its time. Every record's fee is already in one of the bill's
charges (国内主叫通话费 3.60 is its calls' 1.20s), so read as rows of the bill they counted
twice, hung under its last item as a section, or filled the unread rows.

The records are set apart before the bill's table is read: from a header row naming two
or more detail columns (:data:`~auditor.words.DETAIL_COLUMN_WORDS`), with the detail title
right above it, through the rows that carry a time, the title, header row and header
block each page repeats, and a total row of the records; they are counted as ``detail``
and said once (:func:`said_apart`). A text PDF's rows and the rows OCR reads (a scanned
PDF's pages, a picture) are set apart alike (auditor.readers.pdf, auditor.readers.ocr_read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.lang import say
from auditor.model import ReadResult
from auditor.readers.base import CellRow
from auditor.readers.rows import is_amount, labelled_value, which_total
from auditor.words import DETAIL_COLUMN_WORDS, DETAIL_TITLE_WORDS

#: What the records are set aside as (``rows.set_aside``).
DETAIL = "detail"
# A record's time (10-01 08:00:11, 2026-10-01 08:00, 08:00:11): every call, message and
# data session is printed with one.
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
_PAGE = re.compile(r"(?:page |第 )(\d+)")  # the page a PDF row's locator names


@dataclass
class Records:
    """The detail records set apart: how many, and on which pages."""

    count: int = 0
    rows: int = 0  # with their titles, header blocks and header rows
    pages: set[int] = field(default_factory=set)

    def said(self) -> str:
        """The one note that says what they are (a picture's: without pages)."""
        if not self.pages:
            return say(
                f"{self.count} 条详单记录（通话、短信、上网）不是费用，未计入",
                f"{self.count} detail records (calls, messages, data) are not charges and "
                "were not counted",
            )
        first, last = min(self.pages), max(self.pages)
        pages = f"{first}" if first == last else f"{first}–{last}"
        plural = "s" if first != last else ""
        return say(
            f"第 {pages} 页的 {self.count} 条详单记录（通话、短信、上网）不是费用，未计入",
            f"{self.count} detail records (calls, messages, data) on page{plural} {pages} "
            "are not charges and were not counted",
        )


def set_apart(rows: list[CellRow]) -> tuple[list[CellRow], Records]:
    """The rows without the detail records (and their titles and header rows), and what
    was set apart."""
    kept: list[CellRow] = []
    records = Records()
    inside = False
    for index, row in enumerate(rows):
        text = row.text()
        if not inside and is_detail_header(text):
            inside = True
            for row_above in _headings_above(kept):
                kept.remove(row_above)
                _count(records, row_above, record=False)
        if inside:
            if not text or is_detail_header(text) or _in_detail(text, heading=False):
                _count(records, row, record=False)
                continue
            if _in_detail(text, heading=True) and _detail_follows(rows, index):
                _count(records, row, record=False)  # a detail page's header block
                continue
            if _TIME.search(text) or (
                which_total(row.filled()[0][1]) and _after_record(rows, index)
            ):
                _count(records, row, record=True)
                continue
            inside = False
        kept.append(row)
    return kept, records


def said_apart(result: ReadResult, records: Records) -> None:
    """Count the rows set apart as ``detail`` in ``result`` and say them once: a text
    PDF's and an OCR'd one's (a scan, a picture) alike."""
    if records.rows:
        result.set_aside[DETAIL] += records.rows
        result.notes.append(records.said())


def is_detail_header(text: str) -> bool:
    """A header row of detail records: two or more of their columns, no amount."""
    return sum(word in text for word in DETAIL_COLUMN_WORDS) >= 2 and not any(
        is_amount(part) for part in text.split()
    )


def _in_detail(text: str, *, heading: bool) -> bool:
    """A 详单 title or a header-block line (手机号码：…, 查询周期：…) of detail pages."""
    if not text:
        return False
    if any(word in text for word in DETAIL_TITLE_WORDS) and len(text) <= 20:
        return True
    return heading and all(labelled_value(part) is not None for part in text.split())


def _headings_above(kept: list[CellRow]) -> list[CellRow]:
    """The detail's title and header block right above its header row (up to four rows),
    when a 详单 title is among them; none else (the bill's own header block stays)."""
    above: list[CellRow] = []
    for row in reversed(kept[-4:]):
        if not _in_detail(row.text(), heading=True):
            break
        above.append(row)
    titled = any(_in_detail(row.text(), heading=False) for row in above)
    return above if titled else []


def _detail_follows(rows: list[CellRow], index: int) -> bool:
    """Whether a header block at ``index`` heads more detail (its header row within the
    next three rows), not the next bill (which keeps its block)."""
    return any(is_detail_header(row.text()) for row in rows[index + 1 : index + 4])


def _after_record(rows: list[CellRow], index: int) -> bool:
    return index > 0 and bool(_TIME.search(rows[index - 1].text()))


def _count(records: Records, row: CellRow, *, record: bool) -> None:
    records.rows += 1
    if record:
        records.count += 1
    if found := _PAGE.search(row.locator):
        records.pages.add(int(found.group(1)))
