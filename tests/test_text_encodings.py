"""Which encodings each text reader accepts: CSV, SMS, portal JSON and HTML pages.

One case per encoding a saved bill comes in (UTF-8 with and without its byte-order mark,
GBK, GB18030, UTF-16 with its mark in either byte order) and per way a file is not such
text (UTF-16 without its mark, a damaged UTF-16 file, a NUL byte in UTF-8 text, bytes
that are no text, one bad byte in the middle); and, for the readers that look at a
file's head to claim it, a head cut inside a character. The tables below are what each
reader did when they were written: they pin the readers' accepted inputs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.readers import ReadOptions, read_file
from auditor.readers.csv_xlsx import CsvReader
from auditor.readers.sms import SmsReader

ROOT = Path(__file__).resolve().parent.parent
CSV = "费用项目,金额\n彩铃功能费,5\n来电显示,0\n合计,5\n"
SMS = (ROOT / "fixtures/realworld/china-unicom-bill-sms.txt").read_text("utf-8")
SMS = SMS.replace("12345678912", "18600005678")
JSON = (ROOT / "fixtures/json/china-unicom/18600005678-账单-202610.json").read_text("utf-8")
PAGE = (
    '<html><head><meta charset="{charset}"></head><body>'
    "<p>号码：13800001234 账期：2026年10月</p><table><tr><td>费用项目</td><td>金额</td></tr>"
    "<tr><td>彩铃功能费</td><td>5.00</td></tr></table></body></html>"
)


def encoded(text: str, how: str) -> bytes:
    """``text`` written the way ``how`` names."""
    plain = text.encode("utf-8")
    return {
        "utf-8": plain,
        "utf-8 with BOM": text.encode("utf-8-sig"),
        "gbk": text.encode("gbk"),
        "gb18030": text.encode("gb18030"),
        "utf-16 LE with BOM": b"\xff\xfe" + text.encode("utf-16-le"),
        "utf-16 BE with BOM": b"\xfe\xff" + text.encode("utf-16-be"),
        "utf-16 without BOM": text.encode("utf-16-le"),
        "utf-16 cut short": (b"\xff\xfe" + text.encode("utf-16-le"))[:-1],
        "a NUL byte": plain.replace(b"\n", b"\x00\n", 1),
        "not text": b"\x81\xff\xfe\x00" * 50,
        "one bad byte": plain[:30] + b"\xff" + plain[30:],
    }[how]


def head_cut_inside_a_character(text: str, how: str) -> bytes:
    """The first bytes of a file of ``text`` written ``how``, ending inside a character."""
    data = (text * 400).encode(how)
    size = 8191 if how == "utf-16" else 200  # UTF-16: an odd count of bytes
    while _decodes(data[:size], how):
        size += 1
    return data[:size]


def _decodes(data: bytes, how: str) -> bool:
    try:
        data.decode(how)
    except UnicodeDecodeError:
        return False
    return True


HOWS = [
    "utf-8",
    "utf-8 with BOM",
    "gbk",
    "gb18030",
    "utf-16 LE with BOM",
    "utf-16 BE with BOM",
    "utf-16 without BOM",
    "utf-16 cut short",
    "a NUL byte",
    "not text",
    "one bad byte",
]
OK = None
NOT_RECOGNISED = "not a bill or service list auditor recognises (as sms or csv)"
CSV_NOT_TEXT = "not text in UTF-8 or GBK/GB18030"
JSON_NOT_TEXT = "JSON is neither UTF-8 nor GB18030 text"
PAGE_NOT_TEXT = "not text (its bytes are not valid in utf-8 or gb18030)"

# how: (a .csv file's error, a .txt table's error, whether CsvReader claims the .txt)
CSV_CASES = {
    "utf-8": (OK, OK, True),
    "utf-8 with BOM": (OK, OK, True),
    "gbk": (OK, OK, True),
    "gb18030": (OK, OK, True),
    "utf-16 LE with BOM": (OK, OK, True),
    "utf-16 BE with BOM": (OK, OK, True),
    "utf-16 without BOM": (CSV_NOT_TEXT, NOT_RECOGNISED, False),
    "utf-16 cut short": (CSV_NOT_TEXT, CSV_NOT_TEXT, True),
    "a NUL byte": (CSV_NOT_TEXT, NOT_RECOGNISED, False),
    "not text": (CSV_NOT_TEXT, NOT_RECOGNISED, False),
    "one bad byte": (CSV_NOT_TEXT, NOT_RECOGNISED, False),
}
# how: (the error, whether SmsReader claims the file)
SMS_CASES = {
    "utf-8": (OK, True),
    "utf-8 with BOM": (OK, True),
    "gbk": (OK, True),
    "gb18030": (OK, True),
    "utf-16 LE with BOM": (OK, True),
    "utf-16 BE with BOM": (OK, True),
    "utf-16 without BOM": (NOT_RECOGNISED, False),
    "utf-16 cut short": ("text is neither UTF-8, UTF-16 nor GB18030", True),
    "a NUL byte": (OK, True),
    "not text": (NOT_RECOGNISED, False),
    "one bad byte": (NOT_RECOGNISED, False),
}
JSON_CASES = {
    "utf-8": OK,
    "utf-8 with BOM": OK,
    "gbk": OK,
    "gb18030": OK,
    "utf-16 LE with BOM": OK,
    "utf-16 BE with BOM": OK,
    "utf-16 without BOM": JSON_NOT_TEXT,
    "utf-16 cut short": JSON_NOT_TEXT,
    # decoded, then refused by the JSON parser
    "a NUL byte": "line 1 column 2: invalid JSON: Expecting property name enclosed in "
    "double quotes",
    "not text": JSON_NOT_TEXT,
    "one bad byte": JSON_NOT_TEXT,
}
PAGE_CASES = {
    "utf-8": OK,
    "utf-8 with BOM": OK,
    "gbk": OK,
    "gb18030": OK,
    "utf-16 LE with BOM": OK,
    "utf-16 BE with BOM": OK,
    "utf-16 without BOM": PAGE_NOT_TEXT,
    "utf-16 cut short": PAGE_NOT_TEXT,
    "a NUL byte": OK,  # libxml2 is given the text without its control characters
    "not text": PAGE_NOT_TEXT,
    "one bad byte": PAGE_NOT_TEXT,
}


def read(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return read_file(path, ReadOptions())


@pytest.mark.parametrize("how", HOWS)
def test_csv(tmp_path, how):
    csv_error, txt_error, claimed = CSV_CASES[how]
    result = read(tmp_path, "账单-13800001234-2026年10月.csv", encoded(CSV, how))
    assert result.error == csv_error
    tabbed = encoded(CSV.replace(",", "\t"), how)
    result = read(tmp_path, "账单-13800001234-2026年10月.txt", tabbed)
    assert result.error == txt_error
    if txt_error is OK:
        assert [c.amount_fen for c in result.charges] == [500, 0]
    assert CsvReader().identify(Path("a.txt"), encoded(CSV, how)[:8192]) is claimed


@pytest.mark.parametrize("how", HOWS)
def test_sms(tmp_path, how):
    error, claimed = SMS_CASES[how]
    result = read(tmp_path, "sms.txt", encoded(SMS, how))
    assert result.error == error
    if error is OK:
        assert [b.stated_total_fen for b in result.bills] == [2240]
    assert SmsReader().identify(Path("a.txt"), encoded(SMS, how)[:8192]) is claimed


@pytest.mark.parametrize("how", HOWS)
def test_portal_json(tmp_path, how):
    result = read(tmp_path, "18600005678-账单-202610.json", encoded(JSON, how))
    assert result.error == JSON_CASES[how]
    if JSON_CASES[how] is OK:
        assert len(result.charges) == 8


@pytest.mark.parametrize("declared", ["utf-8", "gbk"])
@pytest.mark.parametrize("how", HOWS)
def test_html_page(tmp_path, how, declared):
    result = read(tmp_path, "bill.html", encoded(PAGE.format(charset=declared), how))
    expected = PAGE_CASES[how]
    if expected and declared == "gbk" and how == "one bad byte":
        expected = expected.replace("utf-8 or gb18030", "gb18030 or utf-8")  # its meta first
    assert result.error == expected
    if expected is OK:
        assert [c.amount_fen for c in result.charges] == [500]


# how: (whether CsvReader claims a table's head, whether SmsReader claims a message's)
HEAD_CASES = {"utf-8": (True, True), "gb18030": (True, True), "utf-16": (True, True)}


@pytest.mark.parametrize("how", HEAD_CASES)
def test_a_head_cut_inside_a_character(how):
    csv, sms = HEAD_CASES[how]
    assert CsvReader().identify(Path("a.txt"), head_cut_inside_a_character(CSV, how)) is csv
    assert SmsReader().identify(Path("a.txt"), head_cut_inside_a_character(SMS, how)) is sms
