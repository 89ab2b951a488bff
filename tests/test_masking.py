"""No phone number leaves auditor unmasked, unless the user asks with --no-mask."""

from __future__ import annotations

import io
import re
import sys
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook
from writers_sample import MOBILE, TELECOM, UNICOM, sample_report

from auditor import personal, phones
from auditor.personal import redact_personal, redacted
from auditor.safe_text import safe_text
from auditor.values import mask_text
from auditor.writers import Masker, render_json, render_summary, render_xlsx

# Any 11-digit mainland mobile number not glued to other digits.
# Not within a finding's id (F and 12 hex digits, random per history: one in a few
# hundred holds eleven digits that look like a number).
FULL_NUMBER = re.compile(r"(?<!\d)(?<!F)(?<!F[0-9a-f])1[3-9]\d{9}(?!\d)")
NUMBERS = {MOBILE, UNICOM, TELECOM}


def xlsx_text(data: bytes) -> str:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    cells = []
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python():
            cells += [str(value) for value in row]
    return "\n".join(cells)


OUTPUTS = {
    "xlsx": lambda mask: xlsx_text(render_xlsx(sample_report(), mask)),
    "json": lambda mask: render_json(sample_report(), mask),
    "console": lambda mask: render_summary(sample_report(), mask, top=20),
}


@pytest.mark.parametrize("output", OUTPUTS)
def test_masked_output_has_no_full_number(output):
    text = OUTPUTS[output](Masker())
    assert FULL_NUMBER.findall(text) == []
    assert "138****1234" in text


@pytest.mark.parametrize("output", OUTPUTS)
def test_no_mask_shows_numbers(output):
    text = OUTPUTS[output](Masker(enabled=False))
    assert set(FULL_NUMBER.findall(text)) & NUMBERS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13800001234", "138****1234"),
        ("bills/18900189003/2026年08月.csv", "bills/189****9003/2026年08月.csv"),
        ("+86 138-0000-1234 called", "138****1234 called"),
        ("致电13800001234", "致电138****1234"),
        ("10086", "10086"),
        ("order 2026110512345678", "order 2026110512345678"),
        (None, ""),
    ],
)
def test_masker(text, expected):
    assert Masker()(text) == expected


def test_masker_deep_masks_nested_strings_and_keys():
    value = {"line": MOBILE, "list": [UNICOM, 5, None], MOBILE: ("x",)}
    assert Masker().deep(value) == {
        "line": "138****1234",
        "list": ["186****5678", 5, None],
        "138****1234": ["x"],
    }
    assert Masker(enabled=False).deep(value)["line"] == MOBILE


# ------------------------------------------------------------------ the shortcuts are exact
#
# Every text of every output is masked, so phone_spans and redact_personal first ask
# whether a text can hold what they look for at all. These tests compare them with the
# full search, on text made of what numbers, ID numbers, labels and greetings are made of.

_PIECES = st.sampled_from(
    [
        *"0123456789０１２３４５６７８９①⑩⑳²₃⅒㉑🄀٣ -.:：/()（）+Xx",
        "138",
        "0000",
        "1234",
        "+86",
        "0086",
        "\u200b",
        "客户姓名",
        "户名",
        "机主",
        "姓名",
        "用户名称",
        "尊敬的",
        "王小明",
        "欧阳",
        "客户",
        "您好",
        "，",
        "110101",
        "19900307",
        "1990-03-07",
        "国内主叫",
        "row ",
        "@",
        "＠",
        "wang.xm",
        "example.com",
        "4111",
        "1111",
        "6222",
        "银行代扣",
        "上海市",
        "浦东新区",
        "世纪大道",
        "100号",
        "2栋",
        "和多号",
    ]
)
_MASKABLE = st.lists(_PIECES, max_size=30).map("".join)


def _full_spans(text: str, digits) -> list:
    """phones._spans without its shortcuts for runs of ASCII: every run of six characters
    or more split into its groups."""
    spans = []
    for run in digits.run.finditer(text):
        if run.end() - run.start() < 6:
            continue
        groups = phones._groups(text, run.start(), run.end(), digits)
        index = 0
        while index < len(groups):
            found = phones._number_at(text, groups, index)
            if found is None:
                index += 1
                continue
            last, number = found
            start, end = phones._with_brackets(text, groups[index].start, groups[last].end)
            spans.append((start, end, number))
            index = last + 1
    return spans


def _full_phone_spans(text: str) -> list:
    """phone_spans without its shortcuts: both passes on every text."""
    spans = _full_spans(text, phones._ANY_DIGIT)
    if phones._HAS_OTHER_DIGIT.search(text):
        for span in _full_spans(text, phones._DECIMAL_DIGIT):
            if all(span[1] <= start or end <= span[0] for start, end, _ in spans):
                spans.append(span)
        spans.sort()
    return spans


def _full_redaction(text: str) -> str:
    """redact_personal without its shortcuts: every pattern on every text."""
    text = personal.redact_cards(personal.redact_ids(text))
    text = personal.redact_emails(text)
    text = personal._ADDRESS_RE.sub(redacted(), text)
    text = personal._NAME_RE.sub(
        lambda m: f"{m[1]}{m[2]}{redacted()}" if personal._is_value(m[3]) else m[0], text
    )
    return personal._GREETING_RE.sub(
        lambda m: f"{m[1]}{redacted()}{m[3] or ''}" if personal._is_name(m[2]) else m[0], text
    )


@settings(max_examples=1500, deadline=None)
@given(text=st.one_of(_MASKABLE, st.text(max_size=40)))
@example(text="row 1234567890")
@example(text="⅒⅒⅒⅒⅒")
@example(text="13800001234")
@example(text="12800001234")
@example(text="bills/13800001234/账单-2026年10月.xlsx")
@example(text="company-1000-19/139-0000-0012")
@example(text="tel 139-0000-0012, 6.00")
@example(text="身份证110101900307123户名")
@example(text="110101-1990-0307-888X.pdf")
@example(text="2026-10-01 13900000006 6.00")
@example(text="寄送至 wang.xm＠example.com")
@example(text="银行代扣 6222 0212 3456 7890 123")
@example(text="上海市浦东新区世纪大道100号2栋")
def test_the_shortcuts_find_what_the_full_search_finds(text):
    assert phones.phone_spans(text) == _full_phone_spans(text)
    assert redact_personal(text) == _full_redaction(text)


_MASKERS = [
    Masker(),
    Masker(enabled=False),
    Masker(personal=frozenset({"王小明", "欧阳"})),
    Masker(lines=frozenset({"13800001234", "13900001234"})),  # widened masks
]


def _full_mask(mask: Masker, text: str) -> str:
    """What the masker gives without its shortcut for texts with nothing to change."""
    text = safe_text(text)
    for secret in mask._secrets:
        text = text.replace(secret, redacted())
    text = redact_personal(text)
    if not mask.enabled:
        return text
    return phones.mask_phones(text, mask._mask_number) if mask.widened else mask_text(text)


@settings(max_examples=1500, deadline=None)
@given(text=st.one_of(_MASKABLE, st.text(max_size=40)))
@example(text="国内主叫12345")
@example(text="row 1234567890")
@example(text="row 13800001234")
@example(text="尊敬的王小明")
@example(text="寄送至 wangxm@example.com")
@example(text="地址 上海市浦东新区世纪大道100号")
def test_the_maskers_shortcut_gives_what_masking_gives(text):
    for mask in _MASKERS:
        assert mask(text) == _full_mask(mask, text)


def test_no_character_becomes_more_digits_than_the_id_shortcut_allows():
    most = max(
        sum("0" <= c <= "9" for c in unicodedata.normalize("NFKC", chr(code)))
        for code in range(0x80, sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF
    )
    assert most == personal.NFKC_DIGITS_PER_CHARACTER
    han = range(0x4E00, 0xA000)
    assert all(unicodedata.normalize("NFKC", chr(code)) == chr(code) for code in han)


def test_every_character_that_is_an_at_sign_is_looked_for():
    """An e-mail address is looked for only in a text holding one of AT_SIGNS: every
    character whose NFKC form holds an @ must be one of them."""
    found = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF and "@" in unicodedata.normalize("NFKC", chr(code))
    }
    assert found == set(personal.AT_SIGNS)


def test_a_findings_id_is_never_masked():
    """A finding's id is random per history; one in a few hundred holds eleven digits in a
    row that read as a number. Masked, a step's ``record --finding`` would name no
    finding: ids the history makes are left whole, and a number beside one is still
    masked."""
    from auditor.history.findings import finding_id

    looking = []
    for n in range(20_000):
        made = finding_id(n.to_bytes(4, "big"), "unknown-vas", MOBILE, "咪咕视频会员")
        if re.search(r"1[3-9]\d{9}", made):
            looking.append(made)
    assert looking  # ids that hold a number-like run, as the history makes them
    mask = Masker()
    for made in looking:
        said = f"auditor record cancel --finding {made} --line {MOBILE}"
        assert mask(said) == f"auditor record cancel --finding {made} --line 138****1234"
        assert phones.FINDING_ID.fullmatch(made)
