"""E-bills as the carriers e-mail them: saved pages (``.html``, ``.htm``), web archives
(``.mht``, ``.mhtml``) and e-mails (``.eml``).

China Mobile (139邮箱), China Unicom (沃邮箱) and China Telecom (189邮箱) send the
monthly bill as an HTML e-mail; users keep the e-mail, or save the webmail's page as a
page or a web archive. Each is read the same way: its HTML (or, in an e-mail without
HTML, its plain text) becomes rows (:mod:`auditor.readers.html`), and the rows go to
:func:`auditor.readers.table.interpret`, like every other tabular source.

One page may hold several bills: the interpreter starts a new one at a header block
(``账期：2026年10月``, ``号码：…``) that follows another bill's rows.
Text that holds no table (greetings, adverts, links, another part of the e-mail) is
counted as set aside, never dropped. E-mail headers (From, To, Subject) are never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from auditor import where
from auditor.errors import ErrorCode, InputError, ValueParseError
from auditor.lang import Text, say
from auditor.model import ReadResult
from auditor.readers.base import CellBudget, CellRow, ReadOptions, merge_results
from auditor.readers.decoding import BOMS
from auditor.readers.html import html_document, looks_like_amount, text_rows
from auditor.readers.statements import refuse_untabled
from auditor.readers.table import interpret
from auditor.readers.table_header import find_header

#: What a saved page is called in messages.
PAGE = Text("网页", "the page")
_PAGE_STARTS = (
    b"<!doctype html",
    b"<html",
    b"<table",
    b"<?xml",
    b"<head",
    b"<meta",
    b"<style",
    b"<body",
)
#: Added to the error of an e-mail of plain text alone in which no bill was found: a bill
#: e-mail forwarded (or saved) as text has lost its table's columns, which the carrier's
#: own e-mail keeps in its HTML, and so does the bill attached to it.
TEXT_ONLY = Text(
    "：这封邮件只有纯文本，没有 HTML（转发的账单邮件常只剩纯文本，表格的列已丢失）。请保存运营商"
    "发来的原始账单邮件（在邮箱里另存为 .eml，或把账单网页另存为 .html），或邮件所附的账单文件"
    "（PDF 等），再审计那个文件",
    ": the e-mail has plain text alone, no HTML (a bill e-mail forwarded often keeps only "
    "its text, the table's columns lost). Save the carrier's original bill e-mail (as .eml "
    "from the mailbox, or the bill's page as .html) or the bill file attached to it (a PDF), "
    "and audit that file",
)
# A message starts with a header line, or with the "From " line a mailbox file puts first.
_MIME_START = re.compile(rb"^(?:From |[A-Za-z][A-Za-z0-9-]*:)")
# A whole document (not a fragment), after any comments a browser put first.
_DOCUMENT_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*(?:<\?xml|<!doctype|<html)", re.IGNORECASE | re.DOTALL
)


@dataclass
class Source:
    """Rows to interpret: a page, or one text part of a message."""

    rows: list[CellRow]
    #: Where the rows come from, for the notes: "HTML page (utf-8)", "part 2 …".
    described: str
    #: Which rows are table rows (the others are lines of text).
    in_table: list[bool] = field(default_factory=list)
    #: False for an e-mail's plain-text part (a bill forwarded as text has lost its table).
    html: bool = True


class _EbillReader:
    """What the three readers share; each names its suffixes and what it calls its text."""

    name = "html"
    suffixes: tuple[str, ...] = ()
    #: How the "no bill found" error names the file's text.
    container = PAGE

    def identify(self, path: Path, head: bytes) -> bool:
        """By the file's ending; a wrong content is reported by :meth:`read`."""
        return path.suffix.lower() in self.suffixes

    def read(self, path: Path, data: bytes, options: ReadOptions) -> ReadResult:
        """Find the file's HTML (or text), turn it into rows and interpret them."""
        budget = CellBudget(
            path, options, Text("个 HTML 元素和文本行", "HTML elements and lines of text")
        )
        try:
            if is_mime(data):
                from auditor.readers.mime import count_parts  # see message_sources

                parts = count_parts(data)
                if parts > options.max_mime_parts:
                    limit = options.max_mime_parts
                    raise InputError(
                        str(path),
                        say(
                            f"{self.container.zh}有 {parts:,} 个或更多部分，超过 {limit:,} "
                            "个的上限（可用 --max-parts 调高）",
                            f"{self.container.en} has {parts:,} parts or more, over the "
                            f"{limit:,}-part limit (raise it with --max-parts)",
                        ),
                        code=ErrorCode.OVER_LIMIT,
                    )
                sources, where, warnings = message_sources(data, self.container, budget)
            else:
                sources, where = page_sources(data, budget), self.container.shown()
                warnings = []
        except ValueParseError as exc:
            raise InputError(str(path), str(exc), code=exc.code) from None
        # What a person can do about an e-mail of plain text alone, told if it holds no bill.
        advice = "" if any(source.html for source in sources) else TEXT_ONLY.shown()
        result = read_sources(path, sources, options, where, advice)
        result.warnings[:0] = warnings
        result.notes[:0] = [
            say(f"读取的是{source.described}", f"read as {source.described}") for source in sources
        ]
        return result


class HtmlReader(_EbillReader):
    """A saved e-bill page (``.html``, ``.htm``), or any file that starts as HTML and no
    other reader takes (a portal's "Excel" export that is an HTML table, say)."""

    name = "html"
    suffixes: tuple[str, ...] = (".html", ".htm")
    container = PAGE

    def identify(self, path: Path, head: bytes) -> bool:
        """``.html``/``.htm``; otherwise a head that opens an HTML document or table."""
        if path.suffix.lower() in self.suffixes:
            return True
        return _start(head)[:16].lower().startswith(_PAGE_STARTS)


class MhtReader(_EbillReader):
    """A web archive (``.mht``, ``.mhtml``): a webmail page saved whole by a browser."""

    name = "mht"
    suffixes: tuple[str, ...] = (".mht", ".mhtml")
    container = Text("网页存档", "the web archive")


class EmlReader(_EbillReader):
    """An e-mail saved as a file (``.eml``): the bill e-mail itself."""

    name = "eml"
    suffixes: tuple[str, ...] = (".eml",)
    container = Text("邮件", "the e-mail")


def is_mime(data: bytes) -> bool:
    """True for a MIME message (header lines first), False for a page (markup first)."""
    return bool(_MIME_START.match(_start(data[:4096])))


def _start(data: bytes) -> bytes:
    """The bytes without a byte-order mark and leading white space."""
    for bom, _ in BOMS:
        if data.startswith(bom):
            data = data[len(bom) :]
            break
    return data.lstrip(b" \t\r\n")


def page_sources(data: bytes, budget: CellBudget) -> list[Source]:
    """A page's rows, decoded by its byte-order mark, its declaration, UTF-8 or GB18030;
    its elements spent from ``budget``."""
    from auditor.readers.mime import decode_declared  # see message_sources

    text, charset = decode_declared(data, [], html=True)
    check_complete(text, PAGE.shown())
    page = html_document(text, budget=budget)
    described = say(f"一个 HTML 网页（{charset}）", f"an HTML page ({charset})")
    return [Source(page.rows, described, page.in_table)]


def message_sources(
    data: bytes, container: Text, budget: CellBudget
) -> tuple[list[Source], str, list[str]]:
    """A message's text parts as rows, what to call them in an error, and warnings; the
    parts' elements and lines are spent from ``budget``, all parts together."""
    # Python's email package takes some milliseconds to import, at every start of
    # auditor; it is imported when a page or an e-mail is read, not before.
    from auditor.readers.mime import message_body

    body = message_body(data)
    if body.damage:
        raise ValueParseError(body.damage[0])
    if not any(part.text.strip() for part in body.parts):
        raise ValueParseError(
            say(
                f"{container.zh}是空的：没有文本或 HTML 正文",
                f"{container.en} is empty: it has no text or HTML body",
            )
        )
    several = len(body.parts) > 1
    sources = []
    for part in body.parts:
        label = where.part(part.number) if several else ""
        described = say(
            f"{container.zh}的第 {part.number} 部分，{'HTML' if part.html else '文本'}"
            f"（{part.charset}, {part.transfer}）",
            f"{container.en}: {'HTML' if part.html else 'text'} part {part.number}"
            f" ({part.charset}, {part.transfer})",
        )
        if part.html:
            check_complete(part.text, say(f"{container.zh}的 HTML", f"{container.en}'s HTML"))
            page = html_document(part.text, label, budget)
            sources.append(Source(page.rows, described, page.in_table))
        else:
            rows = text_rows(part.text, label, budget)
            sources.append(Source(rows, described, html=False))
    html = bool(body.parts and body.parts[0].html)
    warnings = [
        say(
            f"{container.zh}有一个附件（{content_type}）未读取：请把它另存下来，单独审计",
            f"{container.en} has an attachment ({content_type}) that was not read: save it "
            "and audit it on its own",
        )
        for content_type in body.attachments
    ]
    markup = say(
        f"{container.zh}的{' HTML ' if html else '文本'}部分",
        f"{container.en}'s {'HTML' if html else 'text'}",
    )
    return sources, markup, warnings


def check_complete(text: str, where: str) -> None:
    """Refuse a whole document that ends in the middle of its text: a file cut short
    there may end inside a number (``141.30`` read as ``14``)."""
    if _DOCUMENT_START.match(text) and not text.rstrip().endswith(">"):
        raise ValueParseError(
            say(
                f"{where}被截断了：在文字中间结束",
                f"{where} is cut off: it ends in the middle of its text",
            )
        )


# ---------------------------------------------------------------------- documents


def has_table(rows: list[CellRow], kind: str | None) -> bool:
    """True when the rows hold a table header or a row of a label and an amount."""
    if find_header(rows, kind) is not None:
        return True
    for row in rows:
        filled = row.filled()
        if len(filled) >= 2 and looks_like_amount(filled[-1][1]):
            if not looks_like_amount(filled[0][1]):
                return True
    return False


def fold_trailing_text(rows: list[CellRow], table_rows: set[int]) -> list[CellRow]:
    """The document's rows, each line of text after its last table row that holds no
    amount (an advert, a bar of links) made one cell: interpret sets a lone cell below the
    table aside as a note (and still sees a 10086 in it); as several cells it would try it
    as a charge or a service. ``table_rows`` holds the ``id`` of every table row."""
    last = max((i for i, row in enumerate(rows) if id(row) in table_rows), default=None)
    if last is None:
        return rows
    folded = rows[: last + 1]
    for row in rows[last + 1 :]:
        filled = [text for _, text in row.filled()]
        if len(filled) > 1 and not any(looks_like_amount(text) for text in filled):
            row = CellRow([" ".join(filled)], row.locator, row.indent)
        folded.append(row)
    return folded


def read_sources(
    path: Path, sources: list[Source], options: ReadOptions, where: str, advice: str = ""
) -> ReadResult:
    """Interpret each document of each source; the rows of those without a bill or
    service list are counted as set aside (with a warning when they held a table).
    ``advice``: what the error that none holds a bill adds (what to give instead)."""
    parts: list[ReadResult] = []
    failed: list[tuple[list[CellRow], InputError]] = []
    plain: list[list[CellRow]] = []
    for source in sources:
        marks = zip(source.rows, source.in_table, strict=False)
        rows = fold_trailing_text(source.rows, {id(row) for row, in_table in marks if in_table})
        if not has_table(rows, options.kind):
            plain.append(rows)
            continue
        try:
            # interpret cuts the rows into bills where a header block follows data rows
            parts.append(interpret(rows, path, options))
        except InputError as exc:
            failed.append((rows, exc))
    if not parts:
        if failed:
            raise failed[0][1]
        refuse_untabled([row for rows in plain for row in rows], path)  # an invoice's XML
        raise InputError(
            str(path),
            say(f"在{where}中没有找到账单或业务清单", f"no bill or service list found in {where}")
            + advice,
            code=ErrorCode.NOT_A_BILL,
        )
    merged = merge_results(path, parts) if len(parts) > 1 else parts[0]
    for rows in plain:
        merged.rows_read += len(rows)
        merged.set_aside["note"] += len(rows)
    for rows, exc in failed:
        merged.rows_read += len(rows)
        merged.set_aside["note"] += len(rows)
        first, last = rows[0].locator, rows[-1].locator
        merged.warnings.append(
            say(
                f"{first} 至 {last}（{len(rows)} 行）未读取：{exc.reason}",
                f"{first} to {last} ({len(rows)} rows) left out: {exc.reason}",
            )
        )
    return merged
