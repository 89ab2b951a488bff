"""Opening a PDF for reading: checked to be a whole PDF, unlocked, within the page limit.

Its own module so that both the text reader (:mod:`auditor.readers.pdf`) and the OCR of
pages without text (:mod:`auditor.readers.pdf_scan`) open a document the same way,
neither importing the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import ErrorCode, InputError
from auditor.lang import say
from auditor.readers.base import ReadOptions
from auditor.readers.pdf_font import lay_bar_under_missing_fonts
from auditor.readers.starts import PDF_HEADER_WINDOW, describe_start

if TYPE_CHECKING:
    import pypdfium2 as pdfium

# pypdfium2 is imported where a PDF is opened: a run without PDFs never pays for it.

# A complete PDF ends with %%EOF; anything after it beyond this is not a normal ending.
_EOF_WINDOW = 1024


def open_document(path: Path, data: bytes, options: ReadOptions) -> pdfium.PdfDocument:
    """Open the PDF: the empty password first, then each of ``options.passwords``."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if b"%PDF-" not in data[:PDF_HEADER_WINDOW]:
        start = describe_start(data)
        raise InputError(
            str(path),
            say(f"不是 PDF 文件（{start}）", f"not a PDF file ({start})"),
            code=ErrorCode.UNREADABLE,
        )
    tail = data.rstrip(b"\x00\r\n\t\f ")
    if b"%%EOF" not in tail[-_EOF_WINDOW:]:
        raise InputError(
            str(path),
            say(
                "PDF 已损坏或不完整（没有结束标记）",
                "PDF is damaged or truncated (it has no end marker)",
            ),
            code=ErrorCode.UNREADABLE,
        )
    lay_bar_under_missing_fonts()
    tried = 0
    for password in (None, *options.passwords):
        try:
            document = pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError as exc:
            if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
                tried += password is not None
                continue
            raise InputError(
                str(path),
                say("PDF 已损坏或不完整", "PDF is damaged or truncated"),
                code=ErrorCode.UNREADABLE,
            ) from exc
        pages = len(document)
        if pages > options.max_pdf_pages:
            document.close()
            raise InputError(
                str(path),
                say(
                    f"PDF 有 {pages} 页，超过 {options.max_pdf_pages} 页的上限"
                    "（可用 --max-pages 调高）",
                    f"PDF has {pages} pages, over the {options.max_pdf_pages}-page limit "
                    "(raise it with --max-pages)",
                ),
                code=ErrorCode.OVER_LIMIT,
            )
        return document
    if not tried:
        raise InputError(
            str(path),
            say("需要密码：请用 --password 提供", "password required: give --password"),
            code=ErrorCode.PASSWORD,
        )
    raise InputError(
        str(path),
        say(f"密码不对（试了 {tried} 个）", f"wrong password (tried {tried})"),
        code=ErrorCode.PASSWORD,
    )
