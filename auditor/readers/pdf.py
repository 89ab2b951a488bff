"""PDF e-bills and service lists: characters with positions → rows → :func:`interpret`.

Why pypdfium2 and not pdfplumber here: pdfplumber (pdfminer) lays out a bill page in
about 40 ms (``extract_words``) to 70 ms (``extract_tables``, which also needs ruled
tables); PDFium's text page gives every character with its box in a few milliseconds,
and :mod:`auditor.readers.pdf_layout` rebuilds lines, cells and columns from those
boxes whether or not the table is ruled. pypdfium2 is already installed as pdfplumber's
own dependency, so this costs no new dependency; pdfplumber stays the project's PDF
library for whatever PDFium's text API does not give (tables by ruling lines, text
styling).

Pages without a text layer (a scan, a bill printed to an image) are rendered and read
by OCR (:mod:`auditor.readers.pdf_scan`), in a second bounded run with OCR's own
ceilings; their lines join the text pages' lines in one layout.

Everything that makes a PDF unreadable is one clear :class:`InputError`: not a PDF,
damaged or truncated, password required or wrong, too many pages, no text even by OCR,
or text in fonts without a Unicode map (which would parse into wrong numbers).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from auditor import where
from auditor.collector import paused
from auditor.errors import ErrorCode, InputError, SkippedInput, located
from auditor.lang import say
from auditor.model import ReadResult, RowIssue
from auditor.readers.base import MiB, ReadOptions
from auditor.readers.bounded import MEMORY, TIME, Progress, Stopped, run_bounded
from auditor.readers.detail_records import said_apart, set_apart
from auditor.readers.image import ocr_stopped
from auditor.readers.not_bills import USAGE_DETAIL, NotABill
from auditor.readers.ocr_read import read_lines
from auditor.readers.pdf_chars import read_page
from auditor.readers.pdf_font import lay_bar_under_missing_fonts
from auditor.readers.pdf_layout import WHITESPACE, TextLine, layout_rows, page_lines
from auditor.readers.pdf_open import open_document
from auditor.readers.pdf_scan import ocr_pages
from auditor.readers.starts import PDF_HEADER_WINDOW
from auditor.readers.table import NoTable, interpret

if TYPE_CHECKING:
    import pypdfium2 as pdfium

# pypdfium2 is imported where a PDF is opened: a run without PDFs never pays for it.

# Share of characters without a usable Unicode value above which a page is unreadable.
_UNREADABLE_SHARE = 0.3

# An amount starts where a run of digits starts: a search would otherwise try it from
# every digit of a long run, each try running to the run's end (quadratic).
_AMOUNT_OR_NUMBER = re.compile(r"(?<!\d)\d+\.\d{2}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)")


class DocumentText(NamedTuple):
    """A PDF's text: its pages' lines, the numbers of the pages without text (to be read
    by OCR), and by page number, how many characters set at an angle (a watermark, a
    stamp) were left out of the lines."""

    lines: list[TextLine]
    bare: list[int]
    angled: dict[int, int]


@dataclass
class _Scans:
    """A PDF with pages without text: what its text pages gave (:class:`DocumentText`,
    whose ``bare`` pages are to be read by OCR), and its number of pages."""

    text: DocumentText
    pages: int


class PdfReader:
    """Reads text PDFs (e-bills, service lists) exported by carriers' apps and portals."""

    name = "pdf"
    suffixes: tuple[str, ...] = (".pdf",)

    def identify(self, path: Path, head: bytes) -> bool:
        """A ``.pdf`` name (so a mislabelled file gets a clear error) or a PDF header."""
        return path.suffix.lower() == ".pdf" or b"%PDF-" in head[:PDF_HEADER_WINDOW]

    def read(self, path: Path, data: bytes, options: ReadOptions) -> ReadResult:
        """Read every page's text, lay it out as rows and interpret them; PDFium's part in
        a child process whose memory and CPU time are bounded (:mod:`.bounded`)."""
        try:
            read = run_bounded(
                lambda progress: self._read(path, data, options, progress),
                options.max_pdf_memory_bytes,
                options.max_pdf_seconds,
            )
        except Stopped as exc:
            raise stopped_error(path, exc, options) from None
        return read if isinstance(read, ReadResult) else self._read_scans(path, data, options, read)

    def _read_scans(self, path: Path, data: bytes, options: ReadOptions, scans: _Scans):
        """OCR the pages without text (bounded: OCR's ceilings, a page at a time), then
        read them with the text pages as one document."""
        try:
            scanned = run_bounded(
                lambda progress: ocr_pages(path, data, options, scans.text.bare, progress),
                options.max_ocr_memory_bytes,
                options.max_ocr_seconds * len(scans.text.bare),
            )
        except Stopped as exc:
            at = where.page(exc.progress) if exc.progress else ""
            raise ocr_stopped(path, exc, options, at) from None
        lines = sorted([*scans.text.lines, *scanned.lines], key=lambda line: line.page)
        if not lines:
            raise InputError(
                str(path),
                say(
                    "用 OCR 也没有在任何一页上找到文字：扫描或拍摄的不是账单或业务清单？",
                    "no text on any page, even by OCR: a scan or photo of something that is "
                    "not a bill or a service list?",
                ),
                code=ErrorCode.NO_TEXT,
            )
        result = read_lines(path, lines, scanned.readings, options, picture=False)
        reason = say(
            "这一页用 OCR 也没有找到文字（没有文字的图片？）：未读取任何内容",
            "page has no text, even by OCR (a picture without text?): nothing read",
        )
        for page in scanned.blank:
            result.unparseable.insert(0, RowIssue(where.page(page), reason))
            result.warnings.insert(0, located(where.page(page), reason))
            result.rows_read += 1
        if result.ocr is not None:  # the rows unread it counts are the file's, these too
            result.ocr = replace(result.ocr, rows_unread=len(result.unparseable))
        result.pages = scans.pages
        say_angled(result, scans.text.angled)
        return result

    def stopped_error(self, path: Path, stopped: Stopped, options: ReadOptions) -> InputError:
        """The file's error when its bounded reading was stopped (also when the reading
        pool's worker reading it was, see :mod:`auditor.readers.pool`)."""
        return stopped_error(path, stopped, options)

    @paused()  # glyphs, lines, rows and charges: many objects, no cycle (auditor.collector)
    def _read(
        self, path: Path, data: bytes, options: ReadOptions, progress: Progress
    ) -> ReadResult | _Scans:
        document = open_document(path, data, options)
        try:
            pages = len(document)
            text = document_lines(path, document, progress)
        finally:
            document.close()
        if text.bare:  # read by OCR, under OCR's own ceilings
            return _Scans(text, pages)
        layout = layout_rows(text.lines)
        rows, records = set_apart(layout.rows)  # 详单 pages: records, not charges
        try:
            result = interpret(rows, path, options)
        except InputError as exc:  # what was left out may be why
            if records.count and isinstance(exc, NoTable):  # 详单 pages alone: no bill
                raise NotABill(str(path), USAGE_DETAIL.shown()) from None
            if not text.angled or isinstance(exc, SkippedInput):  # (an invoice: it is none)
                raise
            reason = f"{exc.reason}; {angled_text(text.angled)}"
            raise InputError(exc.path, reason, exc.locator, code=exc.code) from None
        say_angled(result, text.angled)
        # Lines set aside before interpret saw them are still lines of the file.
        result.rows_read += layout.lines - len(rows)
        result.set_aside.update(layout.set_aside)
        said_apart(result, records)
        result.pages = pages
        return result


def stopped_error(path: Path, stopped: Stopped, options: ReadOptions) -> InputError:
    """The file's error when its reading process was stopped (see :mod:`.bounded`)."""
    at = where.page(stopped.progress) if stopped.progress else None
    if stopped.why == MEMORY:
        limit = options.max_pdf_memory_bytes // MiB
        return InputError(
            str(path),
            say(
                f"读取它需要的内存超过单个 PDF 允许的 {limit} MiB"
                "（压缩的内容解开后大得多；可用 --max-pdf-memory 调高）",
                f"reading it takes more than the {limit} MiB of memory allowed for one PDF "
                "(compressed content that unpacks to far more; raise it with "
                "--max-pdf-memory)",
            ),
            at,
            code=ErrorCode.OVER_LIMIT,
        )
    if stopped.why == TIME:
        seconds = options.max_pdf_seconds
        return InputError(
            str(path),
            say(
                f"读取它需要的 CPU 时间超过单个 PDF 允许的 {seconds} 秒"
                "（压缩的内容被反复绘制；可用 --max-pdf-seconds 调高）",
                f"reading it takes more than the {seconds} s of CPU time allowed "
                "for one PDF (compressed content drawn again and again; raise it with "
                "--max-pdf-seconds)",
            ),
            at,
            code=ErrorCode.OVER_LIMIT,
        )
    return InputError(
        str(path),
        say("PDF 已损坏（PDFium 读到一半停止了）", "PDF is damaged (PDFium stopped on it)"),
        at,
        code=ErrorCode.UNREADABLE,
    )


def load_pdfium() -> None:
    """PDFium loaded and given its fonts in this process, as the first PDF read here
    would: called before reading workers are forked, so that each does not load it again
    (pypdfium2's import, the library and the fonts: 25 ms a worker)."""
    import pypdfium2  # noqa: F401

    lay_bar_under_missing_fonts()


def document_lines(
    path: Path, document: pdfium.PdfDocument, progress: Progress = lambda page: None
) -> DocumentText:
    """Every page's text lines, and the numbers of the pages without text (to be read by
    OCR), as a :class:`DocumentText`; ``progress`` is told each page's number before
    PDFium loads it."""
    lines: list[TextLine] = []
    bare_pages: list[int] = []
    angled: dict[int, int] = {}
    glyph_total = unmapped_total = 0
    advances: dict = {}  # each font's advances, measured once for the document
    for index in range(len(document)):
        progress(index + 1)
        read = read_page(document, index, advances)
        if read is None:
            raise InputError(
                str(path),
                say("PDF 已损坏：这一页无法载入", "PDF is damaged: the page cannot be loaded"),
                where.page(index + 1),
                code=ErrorCode.UNREADABLE,
            )
        if read.angled:
            angled[index + 1] = read.angled
        visible = len(read.text) - len(WHITESPACE.findall(read.text))  # a glyph a character
        if not visible:
            bare_pages.append(index + 1)
            continue
        glyph_total += visible
        unmapped_total += read.unmapped
        lines += page_lines(read.glyphs, index + 1, read.text)
    if glyph_total and (
        unmapped_total > _UNREADABLE_SHARE * glyph_total or not _looks_readable(lines)
    ):
        raise InputError(
            str(path),
            say(
                "文字无法读取（字体没有 Unicode 映射）",
                "text is not readable (fonts without a Unicode map)",
            ),
            code=ErrorCode.NO_TEXT,
        )
    return DocumentText(lines, bare_pages, angled)


def say_angled(result: ReadResult, angled: dict[int, int]) -> None:
    """Warn of the characters set at an angle left out of the lines (:func:`angled_text`),
    once for the file."""
    if angled:
        result.warnings.append(angled_text(angled))


def angled_text(angled: dict[int, int]) -> str:
    """What was left out as set at an angle, by page: on a page of level text, a
    watermark (仅供查询, 电子账单), a stamp or a turned heading, which would otherwise fall
    into the rows it crosses and read as part of their cells."""
    total, pages = sum(angled.values()), sorted(angled)
    if len(pages) == 1:
        at = where.page(pages[0])
    else:
        shown = ", ".join(map(str, pages[:5])) + (", …" if len(pages) > 5 else "")
        at = say(f"第 {shown} 页（共 {len(pages)} 页）", f"pages {shown} ({len(pages)} pages)")
    return located(
        at,
        say(
            f"{total} 个斜排的字（水印、印章或转向的标题？）未读入表格",
            f"{total} characters set at an angle (a watermark, a stamp or a turned heading?) "
            "left out of the table",
        ),
    )


def _looks_readable(lines: list[TextLine]) -> bool:
    """A bill or service list has Chinese text or at least amounts or phone numbers;
    Latin letters without either are what a font without a Unicode map produces."""
    # Chinese is looked for from the first line on (a bill's title has it), before the
    # whole text is made.
    cells = (cell.text for line in lines for cell in line.cells)
    if any("\u4e00" <= ch <= "\u9fff" for text in cells for ch in text):
        return True
    text = "".join(line.joined for line in lines)
    return bool(_AMOUNT_OR_NUMBER.search(unicodedata.normalize("NFKC", text)))
