"""HTML to rows: an e-bill page, an e-mail's HTML body or an HTML fragment (a portal's
JSON value) turned into :class:`~auditor.readers.base.CellRow` objects in reading order,
for :func:`auditor.readers.table.interpret`.

Why lxml: it is libxml2's HTML parser, the field's standard (pandas.read_html parses
with it), fast, and it recovers from the broken markup carriers send (unclosed rows,
bare ``<tr>`` fragments) the way the saved page still shows. It is asked never to touch
the network, never to build a huge tree, and to drop comments and processing
instructions; HTML has no external entities to resolve.

What becomes a row:

- every innermost ``<tr>``: its ``<td>``/``<th>`` texts, a ``colspan`` or ``rowspan``
  filled with empty cells so that columns line up; a row whose cells hold tables is
  page layout, and the nested rows are read instead; a row of one cell that holds
  several lines (``<br>``, floated boxes) is read as those lines;
- outside tables, a line of text: block elements and ``<br>`` end a line, floated or
  inline-block boxes and ``<span>`` elements on a line are its cells.

Left out: ``script``, ``style``, ``head`` and the like, comments, and elements hidden
with ``display:none`` (or ``visibility:hidden``, ``hidden``).

Locators: ``table 2 row 5`` (tables and their shown rows counted from 1 in page order),
``table 2 row 5 line 2`` (a line inside a layout cell), ``row 3`` (a ``<tr>`` outside
any table, as fragments have), ``line 12`` (a line of text outside tables).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from auditor import where
from auditor.errors import ValueParseError
from auditor.lang import say
from auditor.readers.base import CellBudget, CellRow, count_lines, dtd_refused
from auditor.readers.html_style import (
    DROPPED_TAGS,
    Indent,
    combine,
    declarations,
    indent_of,
    is_block,
    is_cell_box,
    is_hidden,
)
from auditor.values import is_mobile, nfkc, parse_amount

# A colspan/rowspan beyond this is not a bill's table (it would only cost memory).
_MAX_SPAN = 64
# CellRow.indent is read next to a column number (column * 1000 + indent * 10): stay below.
_MAX_LEVEL = 99
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# Characters with no width: a name with one inside is the same name.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Control characters libxml2 refuses in a string (tab, LF and CR stay).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Spaces that indent a label on a page: a browser keeps them, so they are indentation.
_INDENT_SPACES = "\u00a0\u3000"
# Between the cells of a plain-text line: a tab or two or more spaces. A single
# full-width space is left alone: Chinese names use it inside a name.
_TEXT_GAP = re.compile(r"\t+|\s{2,}")
# A unit printed in a box of its own after the amount (山东电信: 4.05 | 元).
_UNITS = ("元",)

#: An XML entity declaration (in a DTD: ``<!DOCTYPE x [<!ENTITY xx SYSTEM "…">]>``).
_ENTITY = re.compile(r"<!\s*ENTITY", re.IGNORECASE)

Key = tuple[int, float]  # indentation as a sort key (see html_style.combine)
Emit = Callable[[list[str], Key], None]


def html_rows(
    text: str, locator_prefix: str = "", budget: CellBudget | None = None
) -> list[CellRow]:
    """The rows of an HTML document or fragment, in reading order.

    ``locator_prefix`` is put before every locator (a JSON key such as ``html`` gives
    ``html table 2 row 5``). ``CellRow.indent`` is the indentation the page gives the row's
    first cell (CSS padding, margin or text-indent, a level class such as
    ``billindent2``), as a rank within the document: 0 for the least indented.
    Text with no markup at all is one line. Raises :class:`ValueParseError` for text
    libxml2 cannot make a tree of; the document's elements are spent from ``budget``
    (the file's ``--max-cells``) before it is parsed.
    """
    return html_document(text, locator_prefix, budget).rows


@dataclass
class HtmlDocument:
    """A page's rows, and for each whether it is a table row (``True``) or a line of
    text (``False``: outside tables, or one of the lines of a layout cell)."""

    rows: list[CellRow]
    in_table: list[bool]


def html_document(
    text: str, locator_prefix: str = "", budget: CellBudget | None = None
) -> HtmlDocument:
    """:func:`html_rows` with each row's origin (see :class:`HtmlDocument`)."""
    if budget is not None:
        # libxml2 builds a node per element, and the walk a Python object or two: count
        # the start tags first ("<" not followed by "/", "!" or "?"; stray ones count too).
        budget.spend(text.count("<") - text.count("</") - text.count("<!") - text.count("<?"))
    root = parse_html(text)
    if root is None:
        return HtmlDocument([], [])
    walker = _Walker()
    try:
        walker.node(root, walker.page)
    except RecursionError:
        raise ValueParseError(
            say("HTML 嵌套太深，无法读取", "HTML is nested too deeply to be read")
        ) from None
    walker.page.line_break()
    return HtmlDocument(walker.rows(locator_prefix), [line.in_table for line in walker.lines])


def parse_html(text: str):
    """The document's root element (``None`` for an empty document), parsed safely."""
    from lxml import etree  # imported here: a run without pages never pays for it

    text = _CONTROL.sub("", _XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        return None
    if _ENTITY.search(text):  # libxml2's HTML parser ignores it: a page's never has one
        raise ValueParseError(dtd_refused())
    parser = etree.HTMLParser(
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(text, parser)
    except (etree.LxmlError, ValueError) as exc:
        raise ValueParseError(
            say(f"不是可读取的 HTML（{exc}）", f"not readable HTML ({exc})")
        ) from None
    # libxml2 recovers from broken markup without a word, but stops at its limits (256
    # levels of nesting, 10 MB in one text) and drops the rest: that is content lost.
    for error in parser.error_log:
        if error.level_name == "FATAL":
            depth = "depth" in error.message.lower()
            raise ValueParseError(
                say(
                    f"HTML 无法完整读取（超过了 libxml2 的{'嵌套深度' if depth else '大小'}上限）",
                    f"HTML cannot be read whole (it is over libxml2's "
                    f"{'depth' if depth else 'size'} limit)",
                )
            )
    return root


def text_rows(
    text: str, locator_prefix: str = "", budget: CellBudget | None = None
) -> list[CellRow]:
    """The rows of plain text (an e-mail's text/plain body): one per non-empty line,
    cells split at tabs and runs of spaces; locators ``line N`` count every line. The
    lines are spent from ``budget`` (the file's ``--max-cells``) first."""
    if budget is not None:
        budget.spend(count_lines(text))
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        cells = text_cells(line)
        if cells:
            rows.append(CellRow(cells, where.within(locator_prefix, where.line(number))))
    return rows


def text_cells(line: str) -> list[str]:
    """A plain-text line's cells; the first keeps the line's indentation (as no-break
    spaces, a tab as four), since it tells an item from its section."""
    body = line.translate(_INVISIBLE).strip()
    if not body:
        return []
    lead = line[: len(line) - len(line.lstrip())]
    lead = lead.replace("\t", "    ").replace(" ", "\u00a0")
    cells = [cell for cell in _TEXT_GAP.split(body) if cell.strip()]
    cells[0] = lead + cells[0]
    return cells


def clean_cell(raw: str) -> str:
    """A cell's text as shown: whitespace collapsed, and the no-break or full-width
    spaces that indent it kept in front ('' for a cell of spaces only)."""
    raw = raw.translate(_INVISIBLE)
    body = " ".join(raw.split())
    if not body:
        return ""
    lead = raw[: len(raw) - len(raw.lstrip())]
    return "".join(ch for ch in lead if ch in _INDENT_SPACES) + body


def looks_like_amount(text: str) -> bool:
    """True when ``text`` reads as an amount with digits (and is not a phone number)."""
    plain = nfkc(text)
    if not any(ch.isdigit() for ch in plain) or is_mobile(plain):
        return False
    try:
        parse_amount(plain)
    except ValueParseError:
        return False
    return True


def join_units(cells: list[str]) -> list[str]:
    """Cells of a line with a lone unit box (``元``) put back after its amount."""
    out: list[str] = []
    for cell in cells:
        if out and cell.strip() in _UNITS and looks_like_amount(out[-1]):
            out[-1] += cell.strip()
        else:
            out.append(cell)
    return out


class _Flow:
    """Lines of cells built from a run of inline content: the page outside tables, or
    the inside of one table cell (``in_cell``: there a ``<span>`` is not a cell)."""

    def __init__(self, emit: Emit, *, in_cell: bool):
        self._emit = emit
        self.in_cell = in_cell
        self._cells: list[list[str]] = []
        self._open = False
        self._key: Key | None = None
        self._chain: list[Indent] = []

    def push(self, indent: Indent) -> None:
        """Enter an element: its indentation applies to the text inside it."""
        self._chain.append(indent)

    def pop(self) -> None:
        """Leave the element entered last."""
        self._chain.pop()

    def text(self, text: str) -> None:
        """Text shown at this point: it joins the current cell."""
        if not self._open:
            self._cells.append([])
            self._open = True
        self._cells[-1].append(text)
        if self._key is None and text.translate(_INVISIBLE).strip():
            self._key = combine(self._chain)

    def cell_break(self) -> None:
        """What follows is a new cell."""
        self._open = False

    def line_break(self) -> None:
        """What follows is a new line; the current one is emitted if it shows any text."""
        cells = [cell for cell in (clean_cell("".join(p)) for p in self._cells) if cell]
        if cells:
            self._emit(join_units(cells), self._key or (0, 0.0))
        self._cells, self._open, self._key = [], False, None


@dataclass
class _Line:
    cells: list[str]
    key: Key
    locator: str
    in_table: bool = False


def _span(value: str | None) -> int:
    """A colspan/rowspan attribute as a count from 1 to _MAX_SPAN (junk counts 1)."""
    digits = re.match(r"\s*(\d+)", value or "")
    return min(max(int(digits[1]), 1), _MAX_SPAN) if digits else 1


def _tag(element) -> str | None:
    """The element's tag in lower case; ``None`` for what is not an element."""
    return element.tag.lower() if isinstance(element.tag, str) else None


class _Walker:
    """One pass over the tree, collecting lines in reading order."""

    def __init__(self):
        self.lines: list[_Line] = []
        self.tables = 0
        self.loose_rows = 0
        self.loose_spans: dict[int, int] = {}
        self.page = _Flow(self._lines_of(""), in_cell=False)

    def rows(self, prefix: str) -> list[CellRow]:
        """The lines as rows, indentation keys ranked into levels."""
        keys = sorted({line.key for line in self.lines})
        ranks = {key: min(rank, _MAX_LEVEL) for rank, key in enumerate(keys)}
        lead = f"{prefix} " if prefix else ""
        return [CellRow(x.cells, lead + x.locator, ranks[x.key]) for x in self.lines]

    def _lines_of(self, place: str) -> Emit:
        """An emitter numbering its lines: ``line N`` after ``place``."""
        count = 0

        def emit(cells: list[str], key: Key) -> None:
            nonlocal count
            count += 1
            locator = where.within(place, where.line(count))
            self.lines.append(_Line(cells, key, locator))

        return emit

    def content(self, element, flow: _Flow) -> None:
        """An element's text and children, in order."""
        if element.text:
            flow.text(element.text)
        for child in element:
            self.node(child, flow)
            if child.tail:
                flow.text(child.tail)

    def node(self, element, flow: _Flow) -> None:
        """One element, as the page shows it."""
        tag = _tag(element)
        if tag is None or tag in DROPPED_TAGS:
            return
        style = declarations(element)
        if is_hidden(element, style):
            return
        if tag == "br":
            flow.line_break()
        elif tag == "table":
            flow.line_break()
            self.table(element)
        elif tag == "tr":
            flow.line_break()
            self.loose_rows += 1
            self.row(element, where.row(self.loose_rows), self.loose_spans)
        elif tag == "pre":
            flow.line_break()
            self.pre(element, flow)
        else:
            flow.push(indent_of(element, style))
            if tag in ("td", "th") or is_cell_box(style):
                flow.cell_break()
                self.content(element, flow)
                flow.cell_break()
            elif is_block(tag, style):
                flow.line_break()
                self.content(element, flow)
                flow.line_break()
            elif tag == "span" and not flow.in_cell:
                flow.cell_break()
                self.content(element, flow)
                flow.cell_break()
            else:
                self.content(element, flow)
            flow.pop()

    def pre(self, element, flow: _Flow) -> None:
        """Preformatted text: each line a line, cells split as in plain text."""
        pieces: list[str] = []
        self._visible_text(element, pieces)
        for line in "".join(pieces).split("\n"):
            for cell in text_cells(line):
                flow.cell_break()
                flow.text(cell)
            flow.line_break()

    def _visible_text(self, element, pieces: list[str]) -> None:
        if element.text:
            pieces.append(element.text)
        for child in element:
            tag = _tag(child)
            if tag == "br":
                pieces.append("\n")
            elif tag is not None and tag not in DROPPED_TAGS:
                if not is_hidden(child, declarations(child)):
                    self._visible_text(child, pieces)
            if child.tail:
                pieces.append(child.tail)

    def table(self, table) -> None:
        """A table's rows; anything else standing in it (a caption) as lines."""
        self.tables += 1
        place = where.table(self.tables)
        stray = _Flow(self._lines_of(place), in_cell=False)
        spans: dict[int, int] = {}
        count = 0

        def visit(container) -> None:
            nonlocal count
            if container.text:
                stray.text(container.text)
            for child in container:
                tag = _tag(child)
                style = declarations(child) if tag else []
                if tag in ("tr", "thead", "tbody", "tfoot", "form") and is_hidden(child, style):
                    pass
                elif tag == "tr":
                    stray.line_break()
                    count += 1
                    self.row(child, where.within(place, where.row(count)), spans)
                elif tag in ("thead", "tbody", "tfoot", "form"):
                    visit(child)
                else:
                    self.node(child, stray)
                if child.tail:
                    stray.text(child.tail)

        visit(table)
        stray.line_break()

    def row(self, tr, locator: str, spans: dict[int, int]) -> None:
        """One ``<tr>``: a row of cells, or, for page layout, the rows and lines inside it."""
        cells = []
        for child in tr:
            tag = _tag(child)
            style = declarations(child) if tag else []
            if tag is not None and tag not in DROPPED_TAGS and not is_hidden(child, style):
                cells.append((child, style))
        if not cells:
            _advance(spans, {})
            return  # every cell hidden: the row is not shown
        if any(cell.find(".//table") is not None for cell, _ in cells):
            flow = _Flow(self._lines_of(locator), in_cell=False)
            for cell, style in cells:
                flow.line_break()
                flow.push(indent_of(cell, style))
                self.content(cell, flow)
                flow.pop()
            flow.line_break()
            _advance(spans, {})
            return
        collected = [(cell, self._cell_lines(cell, style)) for cell, style in cells]
        if len(collected) == 1 and collected[0][1]:
            lines = collected[0][1]
            if len(lines) > 1 or len(lines[0][0]) > 1:
                # One cell holding several lines or boxes: a layout cell, read as lines.
                emit = self._lines_of(locator)
                for line_cells, key in lines:
                    emit(line_cells, key)
                _advance(spans, {})
                return
        texts, key = _place(collected, spans)
        self.lines.append(_Line(texts, key, locator, in_table=True))

    def _cell_lines(self, cell, style) -> list[tuple[list[str], Key]]:
        found: list[tuple[list[str], Key]] = []
        flow = _Flow(lambda cells, key: found.append((cells, key)), in_cell=True)
        flow.push(indent_of(cell, style))
        self.content(cell, flow)
        flow.line_break()
        return found


def _place(collected, spans: dict[int, int]) -> tuple[list[str], Key]:
    """A row's cell texts in their columns, past the columns rows above still span."""
    occupied = {column for column, left in spans.items() if left > 0}
    texts: list[str] = []
    key: Key | None = None
    started: dict[int, int] = {}
    for cell, lines in collected:
        pieces = [text for cells, _ in lines for text in cells]
        text = " ".join([pieces[0], *(p.strip() for p in pieces[1:])]) if pieces else ""
        if key is None and text:
            key = lines[0][1]
        rowspan = _span(cell.get("rowspan"))
        for part in range(_span(cell.get("colspan"))):
            while len(texts) in occupied:
                texts.append("")
            if rowspan > 1:
                started[len(texts)] = rowspan - 1
            texts.append(text if part == 0 else "")
    while occupied and len(texts) <= max(occupied):
        texts.append("")
    _advance(spans, started)
    return texts, key or (0, 0.0)


def _advance(spans: dict[int, int], started: dict[int, int]) -> None:
    """One row down: spans from above lose a row, spans starting in this row begin."""
    for column in list(spans):
        spans[column] -= 1
        if spans[column] <= 0:
            del spans[column]
    spans.update(started)
