"""The element count's cache of small parts (:mod:`auditor.readers.package_scan`): a part
seen before, in another workbook, gives what unpacking it again would give, or the same
error. Each case counts a workbook after another that shares its parts (the cache warm,
keyed by the parts' compressed bytes), and once more with the cache empty and the
package's bytes not at hand (every part unpacked): the two must be equal. And the sheets
calamine_book finds in a workbook, kept by the parts that list them, are its own."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hostile import number_cell, patch_member, raw_xlsx, text_cell
from hypothesis import given
from hypothesis import strategies as st

from auditor.errors import InputError
from auditor.readers import calamine_book, package_scan
from auditor.readers.base import ReadOptions
from auditor.readers.package_scan import count_elements
from auditor.readers.workbook import open_package

PATH, OPTIONS = Path("13800001234-2026年10月.xlsx"), ReadOptions()
CELLS = text_cell("A1", "费用项目") + number_cell("B1", "18")
STYLES = (
    b'<styleSheet xmlns="x"><numFmts><numFmt numFmtId="164" formatCode="0.00"/></numFmts>'
    b"</styleSheet>"
)
# The same part, a date format in it: calamine may read its numbers otherwise (not plain).
DATED = STYLES.replace(b'formatCode="0.00"', b'formatCode="yyyy-mm-dd"')
BASE = raw_xlsx([("账单", CELLS)], styles=STYLES)


def outcome(data: bytes, *, cached: bool, after: bytes = BASE):
    """What the count gives for ``data`` (or its error): after ``after`` was counted
    (``cached``), or with nothing cached and every part unpacked."""
    package_scan._SEEN.clear()
    try:
        if cached:
            with open_package(PATH, after, OPTIONS) as archive:
                count_elements(PATH, archive, OPTIONS, after)
        with open_package(PATH, data, OPTIONS) as archive:
            scan = count_elements(PATH, archive, OPTIONS, data if cached else None)
    except InputError as exc:
        return "error", exc.reason, exc.locator
    return "read", scan.rows, scan.columns, scan.plain, scan.kept


def _patched(data: bytes, member: str, signature: bytes, offset: int, value: bytes) -> bytes:
    """``data`` with ``value`` written at ``offset`` of ``member``'s header(s) of this
    ``signature`` (local or central)."""
    patched = bytearray(data)
    name_at = 30 if signature == b"PK\x03\x04" else 46
    at = patched.find(signature)
    while at != -1:
        if patched[at + name_at : at + name_at + len(member)] == member.encode():
            patched[at + offset : at + offset + len(value)] = value
        at = patched.find(signature, at + 4)
    return bytes(patched)


def _renamed(data: bytes, member: str, new: str, *, central: bool = True) -> bytes:
    """``member`` named ``new`` (as long) in its local header, and in the central one."""
    data = _patched(data, member, b"PK\x03\x04", 30, new.encode())
    return _patched(data, member, b"PK\x01\x02", 46, new.encode()) if central else data


def _crc(data: bytes, member: str) -> bytes:
    """``member``'s CRC changed, in both headers: its bytes as they were."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        crc = (archive.getinfo(member).CRC ^ 1).to_bytes(4, "little")
    data = _patched(data, member, b"PK\x03\x04", 14, crc)
    return _patched(data, member, b"PK\x01\x02", 16, crc)


MEMBERS = ["xl/styles.xml", "xl/workbook.xml", "[Content_Types].xml"]
DAMAGE = {
    "encrypted": lambda data, member: patch_member(data, member, flags=1),
    "stored": lambda data, member: patch_member(data, member, method=0),
    "method-98": lambda data, member: patch_member(data, member, method=98),
    "patched-data": lambda data, member: patch_member(data, member, flags=0x20),
    "utf8-flag": lambda data, member: patch_member(data, member, flags=0x800),
    "other-size": lambda data, member: patch_member(data, member, size=7),
    "other-crc": _crc,
    "local-name": lambda data, member: _renamed(data, member, member[:-1] + "Z", central=False),
    "renamed": lambda data, member: _renamed(data, member, member[:-1] + "Z"),
    "local-signature": lambda data, member: _patched(data, member, b"PK\x03\x04", 0, b"PK\x05"),
}


@pytest.mark.parametrize("member", MEMBERS)
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_part_seen_before_counts_as_unpacking_it_would(member, damage):
    data = DAMAGE[damage](BASE, member)
    assert data != BASE
    assert outcome(data, cached=True) == outcome(data, cached=False)


def test_parts_of_one_name_and_other_bytes_do_not_share_an_entry():
    dated = raw_xlsx([("账单", CELLS)], styles=DATED)
    other_sheet = raw_xlsx([("另一个", CELLS)], styles=STYLES)
    for data in (BASE, dated, other_sheet):
        assert outcome(data, cached=True) == outcome(data, cached=False)
    assert outcome(BASE, cached=True)[3] is True
    assert outcome(dated, cached=True)[3] is False  # the styles part differs, not its name
    kept = outcome(other_sheet, cached=True)[4]
    assert "另一个".encode() in kept["xl/workbook.xml"]


def test_parts_of_one_byte_and_other_names_do_not_share_an_entry():
    # Not well-formed: not plain in a part named .xml (openpyxl would parse it), plain in
    # one named otherwise.
    broken = raw_xlsx([("账单", CELLS)], styles=b"<styleSheet>")
    renamed = _renamed(broken, "xl/styles.xml", "xl/styles.xmZ")
    assert outcome(renamed, cached=True, after=broken) == outcome(renamed, cached=False)
    assert outcome(renamed, cached=True, after=broken)[3] is True


def test_a_part_seen_before_is_not_unpacked_again(monkeypatch):
    package_scan._SEEN.clear()
    reads = []
    unpack = zipfile.ZipFile.read
    monkeypatch.setattr(
        zipfile.ZipFile,
        "read",
        lambda self, name, pwd=None: reads.append(name) or unpack(self, name),
    )
    for _ in range(2):
        reads.clear()
        with open_package(PATH, BASE, OPTIONS) as archive:
            scan = count_elements(PATH, archive, OPTIONS, BASE)
    assert reads == []
    assert scan.kept["xl/workbook.xml"].startswith(b"<workbook")


def _with_part(data: bytes, member: str, change) -> bytes:
    """``data`` re-zipped with ``member``'s bytes changed by ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            target.writestr(info, change(part) if info.filename == member else part)
    return out.getvalue()


def _sheets(data: bytes):
    """The workbook's sheets and their parts as calamine_book finds them, or Unsure."""
    with open_package(PATH, data, OPTIONS) as archive:
        kept = count_elements(PATH, archive, OPTIONS, data).kept
        try:
            return calamine_book._worksheet_parts(archive, kept)
        except calamine_book.Unsure:
            return "unsure"


def test_the_sheets_of_a_workbook_are_its_own_whatever_was_read_before():
    rels = "xl/_rels/workbook.xml.rels"
    books = [
        BASE,
        raw_xlsx([("另一个", CELLS)], styles=STYLES),
        raw_xlsx([("账单", CELLS), ("二", CELLS)], styles=STYLES),
        _with_part(BASE, rels, lambda part: part.replace(b"/worksheet", b"/chartsheet")),
        _with_part(BASE, rels, lambda part: part.replace(b"worksheets/", b"sheets/")),
    ]
    package_scan._SEEN.clear()
    calamine_book._PARTS_SEEN.clear()
    alone = []
    for data in books:
        calamine_book._PARTS_SEEN.clear()
        alone.append(_sheets(data))
    assert len({str(sheets) for sheets in alone}) == len(books)
    for _ in range(2):  # each after all the others (and itself)
        assert [_sheets(data) for data in books] == alone


_TAG_BYTES = st.lists(
    st.sampled_from([b"<c", b"<x:c", b" ", b"\t", b"r", b"=", b'"', b">", b"<", b"/", b"x", b"rr"]),
    max_size=16,
).map(b"".join)


@given(window=_TAG_BYTES)
def test_a_cell_without_its_reference_is_found_as_before(window):
    # The lazy run in _NO_REFERENCE (faster) finds what the greedy one found.
    greedy = rb"(?=[\s/>])(?![^<>]*\sr\s*=)"
    for literal, pattern in package_scan._NOT_PLAIN:
        if literal in (b"<c", b":c"):
            before = re.compile(literal + greedy).search(window)
            after = pattern.search(window)
            assert (before and before.span()) == (after and after.span())
