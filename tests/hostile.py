"""Hostile inputs, built in memory: the files of issue 8's second attack, small and large.

Shared by the tests and by the fuzz harness's big cases (``tests/fuzzing.py``). Each
builder returns bytes; none writes a file. The sizes are parameters, so a test can build
a small version of an attack and the long fuzz run the full one.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib

from openpyxl import Workbook

LINE, MONTH = "13800001234", "2026-10"

BILL_ROWS = [
    ["手机号码", "账期", "费用类别", "费用项目", "金额(元)"],
    [LINE, MONTH, "套餐及固定费", "4G飞享18元套餐", "18.00"],
    [LINE, MONTH, "增值业务费", "咪咕视频会员", "15.00"],
    [LINE, MONTH, "合计", "", "33.00"],
]


def bill_csv() -> bytes:
    """A small well-formed bill (two charges and their total)."""
    return ("\n".join(",".join(row) for row in BILL_ROWS) + "\n").encode("utf-8")


def bill_xlsx(sheets: int = 1, title: str = "账单") -> bytes:
    """The same bill as a workbook, repeated on ``sheets`` sheets (copies of one month)."""
    book = Workbook()
    for index in range(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = f"{title}{index + 1}" if sheets > 1 else title
        for row in BILL_ROWS:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------- ZIP

_LOCAL, _CENTRAL = b"PK\x03\x04", b"PK\x01\x02"


def patch_member(
    data: bytes,
    member: str,
    *,
    method: int | None = None,
    flags: int = 0,
    size: int | None = None,
) -> bytes:
    """``data`` (a ZIP) with ``member``'s headers saying another compression method,
    extra flag bits (bit 0: encrypted) or another unpacked size, in the local and the
    central header alike."""
    patched = bytearray(data)
    name = member.encode()
    # Offsets (APPNOTE 4.3.7, 4.3.12) of the method, flags, unpacked size, name length
    # and name fields.
    headers = ((_LOCAL, 8, 6, 22, 26, 30), (_CENTRAL, 10, 8, 24, 28, 46))
    for signature, method_at, flags_at, size_at, length_at, name_at in headers:
        at = patched.find(signature)
        while at != -1:
            length = int.from_bytes(patched[at + length_at : at + length_at + 2], "little")
            if length == len(name) and patched[at + name_at : at + name_at + length] == name:
                if method is not None:
                    patched[at + method_at : at + method_at + 2] = method.to_bytes(2, "little")
                if size is not None:
                    patched[at + size_at : at + size_at + 4] = size.to_bytes(4, "little")
                old = int.from_bytes(patched[at + flags_at : at + flags_at + 2], "little")
                patched[at + flags_at : at + flags_at + 2] = (old | flags).to_bytes(2, "little")
            at = patched.find(signature, at + 4)
    return bytes(patched)


def member_bomb(data: bytes, member: str, size: int) -> bytes:
    """``data`` (a ZIP) with ``member`` replaced by ``size`` bytes of spaces, deflated:
    a few KiB per GiB, written in chunks so that building it never holds it unpacked."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info, source.read(info))
                continue
            bomb = zipfile.ZipInfo(member, info.date_time)
            bomb.compress_type = zipfile.ZIP_DEFLATED
            with target.open(bomb, "w", force_zip64=True) as handle:
                chunk = b" " * (1 << 20)
                for _ in range(size >> 20):
                    handle.write(chunk)
                handle.write(b" " * (size & ((1 << 20) - 1)))
    return out.getvalue()


# ----------------------------------------------------------------------------- JSON


def deep_json(depth: int) -> bytes:
    """A JSON document nested ``depth`` lists deep."""
    return b"[" * depth + b"]" * depth


def billinfo_json() -> bytes:
    """A China Mobile billinfo month (a small, well-formed portal bill)."""
    month = {
        "billMonth": "202610",
        "billFee": "33.00",
        "billMaterials": [
            {
                "billEntriy": "01",
                "billEntriyValue": "18.00",
                "billMaterialInfos": [{"itemName": "4G飞享18元套餐", "itemValue": "18.00"}],
            },
            {
                "billEntriy": "05",
                "billEntriyValue": "15.00",
                "billMaterialInfos": [{"itemName": "咪咕视频会员", "itemValue": "15.00"}],
            },
        ],
    }
    return json.dumps({"retCode": "000000", "data": [month]}, ensure_ascii=False).encode()


# ------------------------------------------------------------------------------ PDF


def pdf_with_content(content: bytes, pages: int = 1) -> bytes:
    """A PDF of ``pages`` pages sharing one Flate-compressed content stream ``content``
    (Helvetica as font ``F1``)."""
    return _pdf([zlib.compress(content, 9)], [0] * pages)


def pdf_pages(contents: list[bytes]) -> bytes:
    """A PDF with a page for each of ``contents``, each its own compressed stream."""
    return _pdf([zlib.compress(content, 9) for content in contents], list(range(len(contents))))


def pdf_bomb(unpacked: int, pages: int = 1) -> bytes:
    """A PDF whose content stream (a line of text, then spaces) unpacks to ``unpacked``
    bytes from about a thousandth of that; compressed in chunks, never held unpacked."""
    packer = zlib.compressobj(9)
    packed = [packer.compress(b"BT /F1 12 Tf 72 720 Td (13800001234 2026-10 6.00) Tj ET\n")]
    chunk = b" " * (1 << 20)
    for _ in range(unpacked >> 20):
        packed.append(packer.compress(chunk))
    packed.append(packer.compress(b" " * (unpacked & ((1 << 20) - 1))) + packer.flush())
    return _pdf([b"".join(packed)], [0] * pages)


def _pdf(streams: list[bytes], page_streams: list[int]) -> bytes:
    """A PDF of the Flate ``streams``; page ``i`` shows ``streams[page_streams[i]]``."""
    pages = len(page_streams)
    first_stream = 3 + pages  # catalog, page tree, the pages, the streams, the font
    font = first_stream + len(streams)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages)
    for stream in page_streams:
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (first_stream + stream, font)
        )
    for packed in streams:
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream"
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    out += trailer % (len(objects) + 1, xref)
    return bytes(out)


# ----------------------------------------------------------------------------- XLSX

_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def raw_xlsx(sheets: list[tuple[str, bytes]], styles: bytes | None = None) -> bytes:
    """A minimal workbook written by hand: each sheet is (name, its ``sheetData`` XML).

    Nothing checks what the XML holds, which is the point: a hostile file is built here
    the way an attacker would, not the way a spreadsheet program would.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="applicati'
            'on/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Conten'
            'tType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="appli'
            'cation/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        package.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" Type="{_REL_NS}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (name, _) in enumerate(sheets, start=1)
        )
        package.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_SHEET_NS}" xmlns:r="{_REL_NS}"><sheets>{entries}</sheets>'
            "</workbook>",
        )
        links = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PACKAGE_RELS}">{links}</Relationships>',
        )
        for i, (_, cells) in enumerate(sheets, start=1):
            package.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<worksheet xmlns="{_SHEET_NS}"><sheetData>'.encode()
                + cells
                + b"</sheetData></worksheet>",
            )
        if styles is not None:
            package.writestr("xl/styles.xml", styles)
    return out.getvalue()


def text_cell(ref: str, text: str) -> bytes:
    """An inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def number_cell(ref: str, value: str) -> bytes:
    """A number cell."""
    return f'<c r="{ref}"><v>{value}</v></c>'.encode()


def sparse_xlsx(rows: int, far: str = "XFD") -> bytes:
    """A bill of ``rows`` charges whose items stand in column A and amounts in column
    ``far`` (XFD: the last column Excel has), nothing between."""
    cells = [text_cell("A1", "费用项目") + text_cell(f"{far}1", "金额(元)")]
    for number in range(2, rows + 2):
        cells.append(text_cell(f"A{number}", "彩铃功能费") + number_cell(f"{far}{number}", "1"))
    sheet = b"".join(
        f'<row r="{number}">'.encode() + row + b"</row>"
        for number, row in enumerate(cells, start=1)
    )
    return raw_xlsx([("账单", sheet)])


def styles_bomb(elements: int) -> bytes:
    """A styles part of ``elements`` empty cell formats (each a Python object to openpyxl)."""
    return (
        f'<styleSheet xmlns="{_SHEET_NS}"><cellXfs>'.encode()
        + b"<xf/>" * elements
        + b"</cellXfs></styleSheet>"
    )


# ---------------------------------------------------------------------------- e-mail

_MAIL_HEAD = b"From: 10086@139.com\nSubject: bill\n"


def nested_eml(depth: int) -> bytes:
    """An e-mail whose parts nest ``depth`` multiparts deep, a bill table at the bottom."""
    nesting = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (level, level)
        for level in range(depth)
    )
    page = b"<table><tr><td>\xe5\xbd\xa9\xe9\x93\x83</td><td>5.00</td></tr></table>\n"
    return _MAIL_HEAD + nesting + b"Content-Type: text/html; charset=utf-8\n\n" + page


def many_parts_eml(parts: int) -> bytes:
    """An e-mail of ``parts`` small HTML parts."""
    body = b"".join(b"--B\nContent-Type: text/html\n\n<td>1</td>\n" for _ in range(parts))
    return _MAIL_HEAD + b'Content-Type: multipart/mixed; boundary="B"\n\n' + body + b"--B--\n"
