"""The report's .xlsx package (auditor.writers.package): the parts xlsxwriter would zip,
byte for byte, the small ones kept in memory and only those that grow with the bill
staged in files of the workbook's private folder; rows deflated apart, and the CRC of
pieces put together (tests/test_prestage.py zips a child's rows)."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import xlsxwriter
from writers_sample import sample_report

from auditor.writers import Masker, package, render_xlsx, xlsx


def _parts(data: bytes) -> dict[str, bytes]:
    """Each member of a package by name, in order; the document's dates left out."""
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        parts = {name: zipped.read(name) for name in zipped.namelist()}
    parts["docProps/core.xml"] = re.sub(
        rb"<dcterms:(created|modified)[^>]*>[^<]*<", b"<", parts["docProps/core.xml"]
    )
    return parts


def test_the_package_holds_the_parts_xlsxwriter_makes_of_the_workbook(monkeypatch):
    ours = _parts(render_xlsx(sample_report(), Masker(True)))
    monkeypatch.setattr(xlsx, "Book", xlsxwriter.Workbook)  # each part through a file
    theirs = _parts(render_xlsx(sample_report(), Masker(True)))
    assert list(ours) == list(theirs)
    assert ours == theirs


def test_only_the_sheets_and_the_shared_strings_are_staged_in_files(monkeypatch):
    on_file, in_memory = [], []
    made = package._Packager._filename

    def filename(self, xml_filename):
        part = made(self, xml_filename)
        (on_file if isinstance(part, str) else in_memory).append(xml_filename)
        return part

    monkeypatch.setattr(package._Packager, "_filename", filename)
    data = render_xlsx(sample_report(), Masker(True))
    assert sorted(on_file) == sorted(
        name
        for name in _parts(data)
        if name.startswith("xl/worksheets/sheet") or name == "xl/sharedStrings.xml"
    )
    assert "xl/styles.xml" in in_memory and any(n.startswith("xl/charts/") for n in in_memory)


def test_the_crc_of_two_pieces_is_had_from_theirs():
    pieces = [b"", b"a", b"<row/>" * 3, bytes(range(256)) * 40, "话费".encode() * 9999]
    for first in pieces:
        for second in pieces:
            assert package.crc32_combine(
                zlib.crc32(first), zlib.crc32(second), len(second)
            ) == zlib.crc32(first + second)


def test_rows_deflated_apart_inflate_to_what_they_were(tmp_path):
    # read in pieces, of characters of three bytes: a piece ends within one
    words = ("".join(chr(0x4E00 + (n * 7919 + k) % 20000) for k in range(40)) for n in range(9999))
    xml = "".join(f'<row r="{n}"><c><is><t>{t}</t></is></c></row>' for n, t in enumerate(words))
    (tmp_path / "rows.xml").write_text(xml, encoding="utf-8")
    rows = package.deflate_file(str(tmp_path / "rows.xml"), str(tmp_path / "rows.deflated"))
    assert (rows.size, rows.crc) == (len(xml.encode()), zlib.crc32(xml.encode()))
    out = io.StringIO()
    package.inflate_into(rows, out)
    assert out.getvalue() == xml
