"""The header block: the line, month and carrier a document states above its table.

As ``key：value`` text (``手机号码：13800001234``, ``账期：2026年10月``), as a key cell and
its value cell, or, for the line, as the one mobile number that stands in the block
whatever its label. Customer names and ID numbers standing there (by their label, the
colon in the label's cell or not, or in a greeting: 尊敬的王小明客户) are never copied: they
are remembered only so that the writers can keep them out.

A document holding several bills repeats the block for each of them: :func:`block_row`
tells such a row wherever it stands, and :func:`found_context` lets a later bill's block
inherit from the one before what it does not state.
"""

from __future__ import annotations

import re
from dataclasses import replace

from auditor.catalog import detect_carrier
from auditor.names import header_key
from auditor.personal import personal_values
from auditor.readers.base import CellRow
from auditor.readers.detect import Context, masked_lines, months_in_text, only
from auditor.readers.rows import header_keys, is_amount, labelled_value, try_parse
from auditor.readers.table_header import LINE_NAMES, MONTH_NAMES
from auditor.values import find_phones, nfkc, parse_month, parse_phone

PERSONAL_NAMES = (
    "客户姓名", "客户名称", "用户姓名", "用户名称", "机主姓名", "姓名", "户名", "客户", "机主",
    "身份证号", "身份证号码", "身份证", "证件号码", "证件号",
)  # fmt: skip

LINE_KEYS, MONTH_KEYS = header_keys(LINE_NAMES), header_keys(MONTH_NAMES)
# A header-block label (手机号码 13800001234 in two cells) is not a statement's first item.
CONTEXT_KEYS = LINE_KEYS | MONTH_KEYS
# Header-block labels of personal data: their values are remembered only to be kept out.
PERSONAL_KEYS = header_keys(PERSONAL_NAMES)

_BLOCK_NAMES = sorted({*LINE_NAMES, *MONTH_NAMES, *PERSONAL_NAMES}, key=len, reverse=True)
# Any of them, ignoring case, in two patterns: the names without a letter that has a case
# (the Chinese ones), searched as they are, which the regex engine starts only at the
# characters they start with; and the others, ignoring case, tried at every character
# (so only in a text holding a character that has a case: none matches another).
_UNCASED_NAMES = [n for n in _BLOCK_NAMES if n.lower() == n == n.upper()]
_ANY_UNCASED = re.compile("|".join(re.escape(n) for n in _UNCASED_NAMES))
_ANY_CASED = re.compile(
    "|".join(re.escape(n) for n in _BLOCK_NAMES if n not in _UNCASED_NAMES), re.IGNORECASE
)
# Where a second label starts inside one cell (手机号码：13800001234 账期：2026年10月): at a
# name that follows a space and comes before a colon, never inside a longer name.
_LABEL_START = re.compile(
    r"(?<=\s)(?=(?:" + "|".join(re.escape(n) for n in _BLOCK_NAMES) + r")\s*[:：])",
    re.IGNORECASE,
)


def found_context(
    block: list[CellRow],
    notes: list[CellRow],
    personal: set[str],
    *,
    sheet: str = "",
    inherited: Context | None = None,
) -> Context:
    """Line, month and carrier as the document states them in a header block.

    Labelled values first, then the one mobile number or month standing in the block,
    then what the bill before states (``inherited``, for a later bill of the document)
    or the sheet's name (for the first). The carrier comes from the block, else from the
    notes below the table, else from the bill before. Only these three are taken: a
    customer's name or ID number standing there is never copied anywhere; it is added to
    ``personal`` so that the writers can keep it out should it stand elsewhere too.
    """
    line = period = None
    texts: list[str] = []
    # where an unlabelled month, or line, may stand: not in a date's or a contact's label
    month_texts: list[str] = []
    line_texts: list[str] = []
    for row in block:
        cells = [text for _, text in row.filled()]
        texts += cells
        month_texts += _unlabelled(cells, _DATE_LABEL)
        line_texts += _unlabelled(cells, _CONTACT_LABEL)
        for index, cell in enumerate(cells):
            labelled = labelled_value(cell)
            if labelled is None and index + 1 < len(cells):
                labelled = (cell, cells[index + 1])
            if labelled is None:
                continue
            key, value = label_key(labelled[0]), labelled[1]
            if key in LINE_KEYS and line is None:
                line = try_parse(parse_phone, value)
            elif key in MONTH_KEYS and period is None:
                period = try_parse(parse_month, value)
            elif key in PERSONAL_KEYS and is_personal_value(value):
                personal.add(value.strip())
    header_text = "\n".join(texts)
    personal.update(
        personal_values(header_text)
    )  # a greeting (尊敬的王小明客户), a label in a line
    before = inherited or Context()
    line = line or only(find_phones("\n".join(line_texts)))
    period = period or only(months_in_text("\n".join(month_texts)))
    if inherited is None:
        line = line or only(find_phones(sheet))
        period = period or only(months_in_text(sheet))
    carrier = detect_carrier(header_text) or detect_carrier(" ".join(r.text() for r in notes))
    return Context(
        carrier=carrier or before.carrier,
        line=line or before.line,
        period=period or before.period,
        masked=tuple(masked_lines(header_text)) or before.masked,
    )


def block_month(
    block: list[CellRow],
    found: Context | None = None,
    sheet: str = "",
    before: Context | None = None,
) -> tuple[str | None, str]:
    """The month a header block itself states (not a sheet's name, nor a bill before it)
    and, when a label gives it (``账期：2026-09-26至2026-10-25``), its text; ``(None, '')``
    when it states none.

    ``found``: what :func:`found_context` gave for ``block`` with ``sheet``'s name and the
    bill ``before`` it, when the caller has it: unless a bill before or that name can
    have given its month, the block did, and the block is not read a second time for it.
    """
    for row in block:
        cells = [text for _, text in row.filled()]
        for index, cell in enumerate(cells):
            labelled = labelled_value(cell)
            if labelled is None and index + 1 < len(cells):
                labelled = (cell, cells[index + 1])
            if labelled is not None and label_key(labelled[0]) in MONTH_KEYS:
                if period := try_parse(parse_month, labelled[1]):
                    return period, labelled[1]
    if found is None or before is not None or (sheet and only(months_in_text(sheet))):
        found = found_context(block, [], set())
    return found.period, ""


def with_notes(found: Context, notes: list[CellRow]) -> Context:
    """What :func:`found_context` gives for a document's first bill (no bill before it)
    with ``notes`` below its table, from what it gave without them (``found``): the notes
    say only the carrier, and only when the header block does not."""
    if found.carrier or not notes:
        return found
    carrier = detect_carrier(" ".join(r.text() for r in notes)) or None
    return replace(found, carrier=carrier)


# Labels of a date that is not the bill's month (when it was printed, exported, queried)
# and of a number that is not its line (whom to call: a company's bill names its account
# manager, 客户经理：18611112222): their values stand in for neither.
_DATE_LABEL = re.compile(r"时间|日期|打印|导出|查询|出账|生成|截至|截止")
_CONTACT_LABEL = re.compile(r"联系|客服|紧急|经理|顾问|专员|热线|投诉|传真|推荐|营业员|受理")


def _unlabelled(cells: list[str], label: re.Pattern) -> list[str]:
    """The cells of a header-block row but the values of ``label``'s labels, whether in
    their cell (``打印日期：2026-11-03``) or in the next (``导出时间 | 2026-11-03``)."""
    free, skip = [], False
    for index, cell in enumerate(cells):
        if skip:
            skip = False
            continue
        labelled = labelled_value(cell)
        head = labelled[0] if labelled is not None else cell
        if label.search(head):
            # a label alone in its cell gives its value in the next one
            skip = labelled is None and index + 1 < len(cells)
            continue
        free.append(cell)
    return free


def label_key(label: str) -> str:
    """The key of a header-block label, its colon dropped: ``机主姓名：`` standing in its own
    cell, the value in the next one, is the label ``机主姓名``."""
    return header_key(label).rstrip(":")


def is_personal_value(value: str) -> bool:
    """A name or ID number to keep out of the outputs: two characters or more, and not
    already masked by the carrier (``***``, which would otherwise be cut out of every
    masked phone number)."""
    text = value.strip()
    return len(text) >= 2 and bool(text.strip("*＊xX·"))


def names_a_block_label(cells: list[str]) -> bool:
    """True when a cell holds a name a header block labels (a line, a month, a customer):
    what a row must have to be a header-block row of several cells (:func:`block_row`)."""
    # One search over the cells joined by a character no name holds: a match cannot
    # span two cells, and a long bill asks this of every row.
    text = "\x00".join(cells)
    if _ANY_UNCASED.search(text):
        return True
    return (text.lower() != text or text.upper() != text) and bool(_ANY_CASED.search(text))


def block_row(row: CellRow) -> tuple[str | None, str | None] | None:
    """``(line, month)`` when ``row`` is a header-block row, wherever it stands; else ``None``.

    A header-block row labels a line, a month or a customer's personal data with a value
    that reads as such (``账期：2026年09月``, ``号码 | 13800001234``, ``客户姓名：张某某``),
    and holds no amount besides: ``号码：13800001234  45.00`` is a line's subtotal in a
    statement, not a header block. Either of line and month is ``None`` when the row
    does not state it.
    """
    # One search of the cells joined (by a character no word holds, so that a word cannot
    # span two), not one a cell: every row of a document is asked this.
    if "账单" in "\x00".join(filter(None, row.cells)):
        cells = [text for _, text in row.filled()]
        if len(cells) == 1 and "账单" in cells[0] and not is_amount(cells[0]):
            # a bill's title naming its month (中国联通 2026年10月账单) heads that month's bill
            months = set(months_in_text(cells[0]))
            if len(months) == 1:
                return None, months.pop()
    if not names_a_block_label(row.cells):
        return None  # most rows: no label a header block uses (NFKC keeps CJK as it is)
    cells = [text for _, text in row.filled()]
    line = period = None
    used: set[int] = set()
    index = 0
    while index < len(cells):
        pieces = [p for p in map(labelled_value, _LABEL_START.split(nfkc(cells[index]))) if p]
        width = 1
        if not pieces and index + 1 < len(cells):
            pieces, width = [(cells[index], cells[index + 1])], 2
        for label, value in pieces:
            key = label_key(label)
            if key in LINE_KEYS and (number := try_parse(parse_phone, value)):
                line = line or number
            elif key in MONTH_KEYS and (month := try_parse(parse_month, value)):
                period = period or month
            elif not (key in PERSONAL_KEYS and is_personal_value(value)):
                continue
            used.update(range(index, index + width))
        index += width if index in used else 1
    if not used or any(is_amount(c) for i, c in enumerate(cells) if i not in used):
        return None
    return line, period
