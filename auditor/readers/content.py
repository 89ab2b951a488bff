"""What a file holds, whatever its name says: the readers' registry reads a file by its
content when that unmistakably is another format auditor reads, and says so.

:mod:`auditor.readers.starts` tells the formats a file's first bytes decide (PDF, a
workbook, a picture, a page, JSON, an e-mail); this module adds the two that only the
text decides: a delimited table (CSV) and carrier SMS. Text that holds markup or a JSON
key anywhere is left undecided (a page or a table with a tag in a cell; JSON behind a
wrapper), and so is text that starts with header lines: its name decides.
"""

from __future__ import annotations

import re

from auditor.lang import Text, say
from auditor.readers.csv_xlsx import looks_delimited
from auditor.readers.sms import looks_like_sms
from auditor.readers.starts import Kind, among_hanzi, head_text, kind_of_start

CSV = Kind(
    "csv", Text("CSV 表格", "a CSV file"), Text("CSV", "CSV"), "csv", (".csv", ".tsv", ".txt")
)
SMS = Kind("sms", Text("短信文本", "carrier SMS text"), Text("短信", "SMS"), "sms", (".txt",))

# A tag anywhere in the text: a page that does not start as one, or a cell with markup.
_MARKUP = re.compile(
    r"<(?:!--|/?(?:html|head|body|table|tr|td|th|div|span|p|br|meta|font|title|style)\b)", re.I
)
# A quoted key and its colon: JSON that does not start as JSON (a callback's wrapper, a
# damaged first byte), whose indented lines each end in a comma as a table's would.
_JSON_KEY = re.compile(r'"[^"\n]{0,200}"\s*:')


def content_kind(data: bytes, ending: str = "") -> Kind | None:
    """The format ``data`` (a file's content) unmistakably is, or ``None`` when its
    content does not decide (plain text of no known shape, bytes of no known format).

    ``ending``: the file's (lower case). A table is not looked for in a file named as one
    (``.csv``): it is read as its name says either way, and the look costs a short CSV
    service list some 4% of its reading.
    """
    text = head_text(data)
    kind = kind_of_start(data, text)
    if kind is not None or text is None or _MARKUP.search(text) or _JSON_KEY.search(text):
        return kind
    # Signed: a table's header may hold an SMS's words (计费周期), never its 【中国移动】.
    if looks_like_sms(text, signed=True):
        return SMS
    if ending not in CSV.endings and looks_delimited(text):
        return CSV
    return None


def misnamed(suffix: str, kind: Kind) -> str:
    """The warning for a file named ``suffix`` that is read as the ``kind`` it holds."""
    return say(
        f"文件名是 {suffix}，但内容是{among_hanzi(kind.what.zh)}："
        f"已按{among_hanzi(kind.label.zh)}读取；请改名为 {kind.ending}",
        f"named {suffix} but it is {kind.what.en}: read as {kind.label.en}; "
        f"rename it to {kind.ending}",
    )


def misnamed_failed(suffix: str, kind: Kind, reason: str) -> str:
    """The error for a file named ``suffix``, read as the ``kind`` it holds, that failed
    so: ``reason`` as that format's reader gives it."""
    return say(
        f"文件名是 {suffix}，但内容是{among_hanzi(kind.what.zh)}，"
        f"已按{among_hanzi(kind.label.zh)}读取：{reason}",
        f"named {suffix} but it is {kind.what.en}, read as {kind.label.en}: {reason}",
    )
