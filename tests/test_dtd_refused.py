"""A workbook, a page or an e-mail that declares XML entities (a DTD: ``<!DOCTYPE r
[<!ENTITY xx SYSTEM "http://…">]>``, the XXE attack) is refused before any parser sees
it, with a reason that says so, not "not a valid Excel .xlsx file (ParseError)"."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from cli_run import run

from auditor.errors import InputError
from auditor.readers.package_scan import refuse_dtd

DTD = '<!DOCTYPE r [<!ENTITY xx SYSTEM "file:///etc/hostname">]>'
ROWS = [
    ("手机号码", "账期", "费用类型", "费用项目", "金额(元)"),
    ("13900001111", "202609", "套餐及固定费", "4G飞享18元套餐", "18.00"),
    ("13900001111", "202609", "合计", "", "18.00"),
]
SAID = {
    "en": "it holds an XML entity declaration (DTD, <!DOCTYPE …>), which can make a reader "
    "fetch a file or an address: auditor refuses it for safety",
    "zh": "含有 XML 实体声明（DTD，<!DOCTYPE …>）",
}


def _xlsx(path: Path, part: str | None) -> Path:
    """A bill workbook; ``part``'s XML given a DTD when named."""
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    plain = path.with_suffix(".plain")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                start = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
                data = data[:start] + DTD.encode() + data[start:]
            target.writestr(info, data)
    return path


def _audit(tmp_path: Path, name: str, lang: str = "en"):
    return run(
        "audit", str(tmp_path / name), "--as-of", "2026-10-05", "--db",
        str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "r.xlsx"), "-q", "--lang", lang,
    )  # fmt: skip


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "docProps/app.xml"])
def test_a_workbook_declaring_entities_is_refused_for_safety(tmp_path, part):
    _xlsx(tmp_path / "中国移动账单-2026年09月.xlsx", part)
    for lang in ("en", "zh"):
        result = _audit(tmp_path, "中国移动账单-2026年09月.xlsx", lang)
        assert result.exit_code == 2, result.output
        assert SAID[lang] in result.stderr and part in result.stderr
        assert "ParseError" not in result.stderr and "Excel" not in result.stderr.splitlines()[0]


def test_the_same_workbook_without_it_is_read(tmp_path):
    _xlsx(tmp_path / "中国移动账单-2026年09月.xlsx", None)
    result = _audit(tmp_path, "中国移动账单-2026年09月.xlsx")
    assert result.exit_code in (0, 1) and "DTD" not in result.stderr, result.output


@pytest.mark.parametrize("suffix", [".html", ".eml"])
def test_a_page_or_an_email_declaring_entities_is_refused_for_safety(tmp_path, suffix):
    table = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in ROWS)
    page = f"<!DOCTYPE html>\n<html><head>{DTD}</head><body><table>{table}</table></body></html>"
    if suffix == ".eml":
        page = (
            "From: 10086@139.com\nSubject: =?utf-8?b?5Lit5Zu956e75Yqo?=\nMIME-Version: 1.0\n"
            "Content-Type: text/html; charset=utf-8\n\n" + page
        )
    (tmp_path / f"中国移动账单-2026年09月{suffix}").write_text(page, "utf-8")
    result = _audit(tmp_path, f"中国移动账单-2026年09月{suffix}")
    assert result.exit_code == 2, result.output
    assert SAID["en"] in result.stderr


def test_a_dtd_spelled_in_utf16_is_seen_too():
    for code in ("utf-16-le", "utf-16-be"):
        with pytest.raises(InputError, match="DTD"):
            refuse_dtd(Path("a.xlsx"), "xl/workbook.xml", ("\ufeff" + DTD).encode(code))
    refuse_dtd(Path("a.xlsx"), "xl/workbook.xml", b"<?xml version='1.0'?><!-- a note --><a/>")


def test_an_image_with_a_document_type_and_no_entity_is_read(tmp_path):
    """The review: a bill whose workbook carries an SVG image (<!DOCTYPE svg PUBLIC …>, no
    entity) was refused as the attack; nothing parses or fetches it."""
    path = _xlsx(tmp_path / "中国移动账单-2026年09月.xlsx", None)
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg/>'
    )
    with zipfile.ZipFile(path, "a") as book:
        book.writestr("xl/media/image1.svg", svg)
    result = _audit(tmp_path, path.name)
    assert result.exit_code in (0, 1), result.output
    refuse_dtd(path, "xl/media/image1.svg", svg.encode())  # no InputError
