"""What a file's first bytes say it is, in words a user recognises.

A bill downloaded from a portal is often named for another format than it holds (a CSV
or an HTML table saved as ``.xls``), and a file renamed by hand keeps its content. The
formats here are told by how they start: a signature (``%PDF-``, a ZIP's ``PK``, an Office
compound file's ``D0 CF 11 E0``, a picture's), or markup, JSON or e-mail headers at the
start of its text. A ZIP or a compound file is told apart by the names in its directory
(a workbook, a document), never unpacked. Tables and SMS, which only their text as a
whole tells, are :mod:`auditor.readers.content`'s.

Each format is a :class:`Kind`, kept as data: the readers' registry decides from it
which reader a file goes to (:func:`auditor.readers.pick_reader`), and a reader's error
names what a file it cannot read looks like (:func:`describe_start`).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from auditor.errors import ValueParseError
from auditor.lang import Text, say
from auditor.readers.decoding import decode_text

#: How much of a file its start is looked at: what the readers' ``identify`` is given.
HEAD = 8192
# Where a PDF's header may stand: the spec allows junk before it, readers accept 1 KiB.
PDF_HEADER_WINDOW = 1024
# A ZIP's central directory (the names of its members) is at its end; a workbook's is a
# few KiB. Only this much of the end is searched for a member's name.
_ZIP_DIRECTORY_TAIL = 256 * 1024


@dataclass(frozen=True)
class Kind:
    """A format told by a file's content.

    ``reader`` is the registered reader that reads it (``None`` for a format auditor
    does not read: it is only named in errors). ``endings`` are the endings such a file
    is read under as named, without a warning; the first is the one to rename it to.
    ``label`` is what "read as …" calls the format.
    """

    name: str
    what: Text
    label: Text
    reader: str | None = None
    endings: tuple[str, ...] = ()

    @property
    def ending(self) -> str:
        """The ending a file of this kind should have."""
        return self.endings[0] if self.endings else ""


def _unread(name: str, zh: str, en: str) -> Kind:
    return Kind(name, Text(zh, en), Text(zh, en))


_PICTURE_ENDINGS = (".png", ".jpg", ".jpeg", ".webp")
_PAGE_ENDINGS = (".html", ".htm", ".mht", ".mhtml", ".eml")

PDF = Kind("pdf", Text("PDF 文件", "a PDF file"), Text("PDF", "PDF"), "pdf", (".pdf",))
# An XLSX named .xls goes to the XLSX reader too: the .xls reader's python-calamine
# reads some of its cells otherwise (as charges of 0.00 where openpyxl reads none).
XLSX = Kind(
    "xlsx",
    Text("Excel .xlsx 工作簿", "an Excel .xlsx workbook"),
    Text("Excel .xlsx", "Excel .xlsx"),
    "xlsx",
    (".xlsx", ".xlsm"),
)
XLS = Kind(
    "xls",
    Text("旧版 Excel .xls 工作簿", "an old Excel .xls workbook"),
    Text("Excel .xls", "Excel .xls"),
    "xls",
    (".xls",),
)
ODS = Kind(
    "ods",
    Text("OpenDocument .ods 表格", "an OpenDocument .ods spreadsheet"),
    Text("OpenDocument .ods", "OpenDocument .ods"),
    "ods",
    (".ods",),
)
_BY_OCR = Text("图片（OCR 识别）", "a picture (by OCR)")
PNG = Kind("png", Text("PNG 图片", "a PNG picture"), _BY_OCR, "image", _PICTURE_ENDINGS)
JPEG = Kind(
    "jpeg", Text("JPEG 图片", "a JPEG picture"), _BY_OCR, "image", (".jpg", *_PICTURE_ENDINGS)
)
WEBP = Kind(
    "webp", Text("WebP 图片", "a WebP picture"), _BY_OCR, "image", (".webp", *_PICTURE_ENDINGS)
)
HTML = Kind("html", Text("HTML 网页", "an HTML page"), Text("HTML", "HTML"), "html", _PAGE_ENDINGS)
# Each of the page endings is read by the same code, which tells a message by its headers.
EML = Kind(
    "eml",
    Text("电子邮件", "an e-mail"),
    Text("电子邮件", "an e-mail"),
    "eml",
    (".eml", ".mht", ".mhtml", ".html", ".htm"),
)
MHT = Kind(
    "mht",
    Text("网页存档", "a web archive"),
    Text("网页存档", "a web archive"),
    "mht",
    (".mht", ".mhtml", ".eml", ".html", ".htm"),
)
JSON = Kind(
    "json", Text("JSON 文件", "a JSON file"), Text("JSON", "JSON"), "portal-json", (".json",)
)

ZIP = _unread("zip", "ZIP 压缩包", "a ZIP archive")
WORD = _unread("word", "Word 文档", "a Word document")
SLIDES = _unread("slides", "演示文稿", "a presentation")
OPEN_DOCUMENT = _unread(
    "odf", "OpenDocument 文档（不是表格）", "an OpenDocument file (not a spreadsheet)"
)
OFFICE = _unread("ole2", "旧版 Office 文件", "an old Office file")
LOCKED_OFFICE = _unread(
    "locked-office", "加了密码的 Office 文件", "a password-protected Office file"
)
XML = _unread("xml", "XML 文档", "an XML document")
# Header lines without a MIME header among them: a damaged e-mail, or a message exported
# with its sender and date first. Not decided: the file's name is.
HEADERS = _unread("headers", "邮件头", "e-mail headers")
RTF = _unread("rtf", "RTF 文档", "an RTF document")

#: Signatures a file starts with (at byte 0), tried in order; a ZIP or a compound file is
#: then told by its directory (:func:`_in_zip`, :func:`_in_compound_file`).
SIGNATURES: list[tuple[re.Pattern[bytes], Kind]] = [
    (re.compile(rb"%PDF-"), PDF),
    (re.compile(rb"PK(?:\x03\x04|\x05\x06)"), ZIP),
    (re.compile(rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), OFFICE),
    (re.compile(rb"\x89PNG\r\n\x1a\n"), PNG),
    (re.compile(rb"\xff\xd8\xff"), JPEG),
    (re.compile(rb"RIFF....WEBP", re.DOTALL), WEBP),
    (re.compile(rb"GIF8[79]a"), _unread("gif", "GIF 图片", "a GIF picture")),
    (re.compile(rb"II\*\x00|MM\x00\*"), _unread("tiff", "TIFF 图片", "a TIFF picture")),
    (
        re.compile(rb"....ftyp(?:heic|heix|mif1|msf1)", re.DOTALL),
        _unread("heic", "HEIC 图片", "a HEIC picture"),
    ),
    (re.compile(rb"....ftyp", re.DOTALL), _unread("media", "音视频文件", "a recording")),
    (re.compile(rb"Rar!\x1a\x07"), _unread("rar", "RAR 压缩包", "a RAR archive")),
    (re.compile(rb"7z\xbc\xaf\x27\x1c"), _unread("7z", "7z 压缩包", "a 7z archive")),
    (re.compile(rb"\x1f\x8b"), _unread("gzip", "gzip 压缩包", "a gzip archive")),
    (re.compile(rb"BZh[1-9]1AY&SY"), _unread("bzip2", "bzip2 压缩包", "a bzip2 archive")),
    (re.compile(rb"\xfd7zXZ\x00"), _unread("xz", "xz 压缩包", "an xz archive")),
    (re.compile(rb"SQLite format 3\x00"), _unread("sqlite", "SQLite 数据库", "an SQLite database")),
]

# The signatures as one pattern, each its own group (s0, s1…): the alternatives are tried
# in their order at byte 0, so the first that matches is the one the list would find, in
# one search instead of one a signature (most files are text and match none).
_ANY_SIGNATURE = re.compile(
    b"|".join(b"(?P<s%d>%s)" % (i, sig.pattern) for i, (sig, _) in enumerate(SIGNATURES)),
    re.DOTALL,
)

#: What a ZIP holds, told by a member's name: a workbook, a document, a presentation.
ZIP_MEMBERS: list[tuple[bytes, Kind]] = [
    (b"xl/workbook.", XLSX),
    (b"word/document.xml", WORD),
    (b"ppt/presentation.xml", SLIDES),
]
#: An OpenDocument package names its type in its first member, ``mimetype``, stored.
_ODF_TYPE = re.compile(
    rb"PK\x03\x04.{26}mimetypeapplication/vnd\.oasis\.opendocument\.(spreadsheet)?", re.S
)

#: What a compound file holds, told by a stream's name in its directory (UTF-16).
COMPOUND_STREAMS: list[tuple[str, Kind]] = [
    ("Workbook", XLS),
    ("Book", XLS),
    ("EncryptedPackage", LOCKED_OFFICE),
    ("WordDocument", WORD),
    ("PowerPoint Document", SLIDES),
]
_COMPOUND_HEADER = struct.Struct("<30xH16xL")  # sector shift, first directory sector
_DIRECTORY_ENTRY = 128

# A whole page (not a fragment), after any comments a browser put first ("saved from url");
# a portal's table saved as .xls may start at its head's first tag, with no <html> before.
_PAGE_START = re.compile(
    r"(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<table|<head\b|<meta\b|<style\b|<body\b)",
    re.I | re.S,
)
_XML_START = re.compile(r"<\?xml")
_XHTML = re.compile(r"<html|<!doctype\s+html", re.I)
_JSON_START = re.compile(r"\{\s*(?:\"|\})|\[\s*[\[{\"\]]")
_RTF_START = re.compile(r"\{\\rtf")
# A message's header block: a header line (or a mailbox's "From " line) first, and a
# MIME header in the block; a web archive names the page it saved. A field's name is
# bounded (the longest in use are some 40 characters): unbounded, a search through a run
# of letters would scan to its end from every start, quadratic in the run.
_MESSAGE_START = re.compile(r"(?:From |[A-Za-z][A-Za-z0-9-]{0,99}:(?!//))")
_MIME_HEADER = re.compile(r"^(?:MIME-Version|Content-Type):", re.I | re.M)
_ARCHIVE_HEADER = re.compile(r"^Snapshot-Content-Location:|^From: <Saved by", re.I | re.M)


def head_text(data: bytes) -> str | None:
    """The text a file starts with, decoded as the readers decode it (a character cut at
    the end of the head dropped), or ``None`` for bytes that are not text (NUL bytes
    without a UTF-16 mark among them)."""
    try:
        return decode_text(data[:HEAD], head=True, nul_bytes=False).text
    except ValueParseError:
        return None


def kind_of_start(data: bytes, text: str | None) -> Kind | None:
    """The format ``data`` (a file's content) starts as, or ``None`` when its start
    says none: a table or a message is told by :func:`auditor.readers.content.content_kind`.

    ``text`` is the text ``data`` starts with (:func:`head_text`; ``None`` for bytes
    that are not text).
    """
    if (signed := _ANY_SIGNATURE.match(data)) is not None:
        kind = SIGNATURES[int(signed.lastgroup[1:])][1]
        if kind is ZIP:
            return _in_zip(data)
        if kind is OFFICE:
            return _in_compound_file(data)
        return kind
    if text is None:
        return None
    start = text.lstrip()
    if _PAGE_START.match(start):
        return HTML
    if _XML_START.match(start):
        return HTML if _XHTML.search(start, 0, 2048) else XML
    if _RTF_START.match(start):
        return RTF
    if _JSON_START.match(start):
        return JSON
    if _MESSAGE_START.match(start):
        block = start.split("\n\n", 1)[0].split("\r\n\r\n", 1)[0]
        if _MIME_HEADER.search(block):
            return MHT if _ARCHIVE_HEADER.search(block) else EML
        return HEADERS
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return PDF  # junk before the header, as PDF readers accept
    return None


def _in_zip(data: bytes) -> Kind:
    """What a ZIP holds: a spreadsheet, a document, a presentation, else an archive."""
    opendocument = _ODF_TYPE.match(data)
    if opendocument:
        return ODS if opendocument[1] else OPEN_DOCUMENT
    # A member's name is in its local header (the first ones, in the head) and in the
    # central directory at the end.
    start, end = data[:HEAD], data[-_ZIP_DIRECTORY_TAIL:]
    for name, kind in ZIP_MEMBERS:
        if name in start or name in end:
            return kind
    return ZIP


def _in_compound_file(data: bytes) -> Kind:
    """What an Office compound file holds, by the streams its first directory sector
    names (a workbook's stream is among the first): else just an old Office file."""
    if len(data) < _COMPOUND_HEADER.size:
        return OFFICE
    shift, first = _COMPOUND_HEADER.unpack_from(data)
    if not 7 <= shift <= 16:
        return OFFICE
    at = (first + 1) << shift
    sector = data[at : at + (1 << shift)]
    names = set()
    for entry in range(0, len(sector) - _DIRECTORY_ENTRY + 1, _DIRECTORY_ENTRY):
        size = int.from_bytes(sector[entry + 64 : entry + 66], "little")
        if 2 <= size <= 64:
            names.add(sector[entry : entry + size - 2].decode("utf-16-le", "replace"))
    for name, kind in COMPOUND_STREAMS:
        if name in names:
            return kind
    return OFFICE


def describe_start(data: bytes) -> str:
    """What a file a reader cannot read looks like, in words (never its bytes): for a
    reader's error (``not a PDF file (it starts like a ZIP archive)``)."""
    text, damaged = head_text(data), False
    if text is None and b"\x00" not in data[:HEAD]:
        # Text with bytes no encoding takes (damaged, or in another encoding) still
        # shows how it starts; bytes that are not text decode to mostly replacements.
        loose = data[:HEAD].decode("utf-8", "replace")
        if loose.count("\ufffd") * 10 < len(loose):
            text, damaged = loose, True
    kind = kind_of_start(data, text)
    if kind is not None:
        return say(f"开头像{among_hanzi(kind.what.zh)}", f"it starts like {kind.what.en}")
    if damaged:
        return say(
            "是文本，但不是 UTF-8 或 GBK/GB18030 编码",
            "it is text, but not in UTF-8 or GBK/GB18030",
        )
    if text is not None:
        return say("是纯文本", "it is plain text")
    return say(
        "开头的字节不属于 auditor 认识的任何格式", "its first bytes are of no format auditor knows"
    )


def among_hanzi(text: str) -> str:
    """``text`` to stand between Chinese words: a space on a side where it is Latin
    (``是 CSV 表格``, ``按 PDF 读取``) as every Chinese message here writes it."""
    before = " " if text[:1].isascii() else ""
    after = " " if text[-1:].isascii() else ""
    return f"{before}{text}{after}"
