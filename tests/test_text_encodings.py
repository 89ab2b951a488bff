"""Which encodings each text reader accepts: CSV, SMS, portal JSON and HTML pages.

One case per encoding a saved bill comes in (UTF-8 with and without its byte-order mark,
GBK, GB18030, UTF-16 with its mark in either byte order) and per way a file is not such
text (UTF-16 without its mark, a damaged UTF-16 file, a NUL byte in UTF-8 text, bytes
that are no text, one bad byte in the middle); and, for the readers that look at a
file's head to claim it, a head cut inside a character. The table below pins each
reader's accepted inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from auditor.readers import ReadOptions, read_file
from auditor.readers.csv_xlsx import CsvReader
from auditor.readers.sms import SmsReader

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

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


OK = None
NOT_RECOGNISED = "not a bill or service list auditor recognises (as sms or csv)"
CSV_NOT_TEXT = "not text in UTF-8 or GBK/GB18030"
JSON_NOT_TEXT = "JSON is neither UTF-8 nor GB18030 text"
PAGE_NOT_TEXT = "not text (its bytes are not valid in utf-8 or gb18030)"

JSON_NUL = "line 1 column 2: invalid JSON: Expecting property name enclosed in double quotes"
SMS_NOT_TEXT = "text is neither UTF-8, UTF-16 nor GB18030"


@dataclass(frozen=True)
class Outcome:
    """What each reader does with a file written one way: the error it gives (``OK``:
    none), and whether the CSV and SMS readers claim a ``.txt`` of it."""

    csv: str | None  # a .csv file
    txt_table: str | None  # a tab-separated .txt
    csv_claims: bool
    sms: str | None
    sms_claims: bool
    json: str | None
    page: str | None  # an HTML page (libxml2 is given its text without control characters)


# The errors, short: the CSV reader's "not text", "not recognised", the JSON reader's and
# a page's "not text".
C, T, J, P = CSV_NOT_TEXT, NOT_RECOGNISED, JSON_NOT_TEXT, PAGE_NOT_TEXT
CASES = {
    "utf-8": Outcome(OK, OK, True, OK, True, OK, OK),
    "utf-8 with BOM": Outcome(OK, OK, True, OK, True, OK, OK),
    "gbk": Outcome(OK, OK, True, OK, True, OK, OK),
    "gb18030": Outcome(OK, OK, True, OK, True, OK, OK),
    "utf-16 LE with BOM": Outcome(OK, OK, True, OK, True, OK, OK),
    "utf-16 BE with BOM": Outcome(OK, OK, True, OK, True, OK, OK),
    "utf-16 without BOM": Outcome(C, T, False, T, False, J, P),
    "utf-16 cut short": Outcome(C, C, True, SMS_NOT_TEXT, True, J, P),
    "a NUL byte": Outcome(C, T, False, OK, True, JSON_NUL, OK),
    "not text": Outcome(C, T, False, T, False, J, P),
    "one bad byte": Outcome(C, T, False, T, False, J, P),
}


def read(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return read_file(path, ReadOptions())


@pytest.mark.parametrize("how", CASES)
def test_csv(tmp_path, how):
    expected = CASES[how]
    result = read(tmp_path, "账单-13800001234-2026年10月.csv", encoded(CSV, how))
    assert result.error == expected.csv
    tabbed = encoded(CSV.replace(",", "\t"), how)
    result = read(tmp_path, "账单-13800001234-2026年10月.txt", tabbed)
    assert result.error == expected.txt_table
    if expected.txt_table is OK:
        assert [c.amount_fen for c in result.charges] == [500, 0]
    assert CsvReader().identify(Path("a.txt"), encoded(CSV, how)[:8192]) is expected.csv_claims


@pytest.mark.parametrize("how", CASES)
def test_sms(tmp_path, how):
    expected = CASES[how]
    result = read(tmp_path, "sms.txt", encoded(SMS, how))
    assert result.error == expected.sms
    if expected.sms is OK:
        assert [b.stated_total_fen for b in result.bills] == [2240]
    assert SmsReader().identify(Path("a.txt"), encoded(SMS, how)[:8192]) is expected.sms_claims


@pytest.mark.parametrize("how", CASES)
def test_portal_json(tmp_path, how):
    result = read(tmp_path, "18600005678-账单-202610.json", encoded(JSON, how))
    assert result.error == CASES[how].json
    if CASES[how].json is OK:
        assert len(result.charges) == 8


@pytest.mark.parametrize("declared", ["utf-8", "gbk"])
@pytest.mark.parametrize("how", CASES)
def test_html_page(tmp_path, how, declared):
    result = read(tmp_path, "bill.html", encoded(PAGE.format(charset=declared), how))
    expected = CASES[how].page
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
