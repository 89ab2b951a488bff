"""The header block: the line, month and carrier a document states above its table.

As ``key：value`` text (``手机号码：13800001234``, ``账期：2026年10月``), as a key cell and
its value cell, or, for the line, as the one mobile number that stands in the block
whatever its label. Customer names and ID numbers standing there are never copied: they
are remembered only so that the writers can keep them out.
"""

from __future__ import annotations

from pathlib import Path

from auditor.catalog import detect_carrier
from auditor.names import header_key
from auditor.readers.base import ReadOptions
from auditor.readers.detect import Context, months_in_text, only, resolve
from auditor.readers.rows import Row, labelled_value, name_keys, try_parse
from auditor.readers.table_header import LINE_NAMES, MONTH_NAMES
from auditor.values import find_phones, parse_month, parse_phone

PERSONAL_NAMES = (
    "客户姓名", "客户名称", "用户姓名", "用户名称", "机主姓名", "姓名", "户名", "客户", "机主",
    "身份证号", "身份证号码", "身份证", "证件号码", "证件号",
)  # fmt: skip

LINE_KEYS, MONTH_KEYS = name_keys(LINE_NAMES), name_keys(MONTH_NAMES)
# A header-block label (手机号码 13800001234 in two cells) is not a statement's first item.
CONTEXT_KEYS = LINE_KEYS | MONTH_KEYS
# Header-block labels of personal data: their values are remembered only to be kept out.
PERSONAL_KEYS = name_keys(PERSONAL_NAMES)


def block_context(
    block: list[Row],
    notes: list[Row],
    path: Path,
    options: ReadOptions,
    sheet: str,
    personal: set[str],
) -> Context:
    """Line, month and carrier from the header block, the sheet name, then the path.

    Only these three are taken from the header block: a customer's name or ID number
    standing there is never copied anywhere; it is added to ``personal`` so that the
    writers can keep it out should it stand elsewhere too.
    """
    line = period = None
    texts: list[str] = []
    for row in block:
        cells = [text for _, text in row.filled()]
        texts += cells
        for index, cell in enumerate(cells):
            labelled = labelled_value(cell)
            if labelled is None and index + 1 < len(cells):
                labelled = (cell, cells[index + 1])
            if labelled is None:
                continue
            key, value = header_key(labelled[0]), labelled[1]
            if key in LINE_KEYS and line is None:
                line = try_parse(parse_phone, value)
            elif key in MONTH_KEYS and period is None:
                period = try_parse(parse_month, value)
            elif key in PERSONAL_KEYS and len(value.strip()) >= 2:
                personal.add(value.strip())
    header_text = "\n".join(texts)
    line = line or only(find_phones(header_text)) or only(find_phones(sheet))
    period = period or only(months_in_text(header_text)) or only(months_in_text(sheet))
    carrier = detect_carrier(header_text) or detect_carrier(" ".join(r.text() for r in notes))
    return resolve(path, options, line=line, period=period, carrier=carrier)
