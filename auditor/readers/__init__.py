"""Input readers, registered in one explicit list, and the one entry point that reads a file.

:func:`read_file` never raises for a bad input: it returns a :class:`ReadResult` whose
``error`` says what is wrong, so one bad file never stops the audit of the others.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from auditor.errors import (
    AuditorError,
    ErrorCode,
    InputError,
    SkippedInput,
    ValueParseError,
    located,
)
from auditor.lang import Text, say
from auditor.model import ReadResult
from auditor.readers.base import EMPTY_FILE, NOTHING_READ, Reader, ReadOptions
from auditor.readers.clues import check_carrier, check_line, check_month, settle_line_carriers
from auditor.readers.content import content_kind, misnamed, misnamed_failed
from auditor.readers.csv_xlsx import CsvReader, OdsReader, XlsReader, XlsxReader
from auditor.readers.detect import brand_from_path
from auditor.readers.ebill import EmlReader, HtmlReader, MhtReader
from auditor.readers.image import ImageReader
from auditor.readers.mangled import all_unread, formulas_unread, mostly_unread, total_unread
from auditor.readers.owners import check_owner_folder
from auditor.readers.pdf import PdfReader, load_pdfium
from auditor.readers.portal_json import PortalJsonReader
from auditor.readers.sms import SmsReader
from auditor.readers.source import read_input
from auditor.readers.starts import HEAD, Kind
from auditor.readers.walk import is_auditor_report, walk_inputs
from auditor.values import month_of

log = logging.getLogger(__name__)

#: Every reader, in the order they are asked to identify a file (when its content does
#: not decide, see :func:`pick_reader`). The HTML reader comes last: besides its own
#: suffixes it takes a file that starts as HTML and no other claims.
READERS: list[Reader] = [
    XlsxReader(),
    XlsReader(),
    OdsReader(),
    PdfReader(),
    ImageReader(),
    PortalJsonReader(),
    SmsReader(),
    CsvReader(),
    EmlReader(),
    MhtReader(),
    HtmlReader(),
]
_READERS_BY_NAME = {reader.name: reader for reader in READERS}

__all__ = ["READERS", "ReadOptions", "collect_inputs", "is_auditor_report", "read_file"]


def supported_suffixes() -> frozenset[str]:
    """File endings a folder walk picks up."""
    return _SUFFIXES


# Made once: every file read asks for them two or three times.
_SUFFIXES = frozenset(suffix for reader in READERS for suffix in reader.suffixes)


def collect_inputs(paths: list[Path]) -> list[Path]:
    """The files to audit: files named directly, and every file found in folders but
    hidden ones and the settings (see :func:`auditor.readers.walk.walk_inputs`): one not
    read is skipped by :func:`read_file`, saying why."""
    return walk_inputs(paths)


#: What people keep beside their bills that auditor does not read, and what to do
#: instead. An ending listed here is skipped unopened; any other ending no reader claims
#: is opened, and skipped if no reader recognises it.
SKIPPED_TYPES: dict[tuple[str, ...], Text] = {
    # PNG, JPEG and WebP are read (by OCR, auditor.readers.image): these are not.
    (".heic", ".gif", ".bmp", ".tif", ".tiff"): Text(
        "图片格式无法用 OCR 读取：请存为 PNG 或 JPEG（截图本来就是 PNG），"
        "或导出 PDF、Excel 或 CSV 账单",
        "a picture in a format auditor does not read by OCR: save it as PNG or JPEG (a "
        "screenshot is PNG already), or export the bill as PDF, Excel or CSV",
    ),
    (".doc", ".docx", ".wps", ".rtf", ".odt", ".pages"): Text(
        "文字处理文档：请从运营商的 App 或网站导出 PDF、Excel 或 CSV 账单（或把文档打印成 PDF）",
        "a word-processor document: export the bill from the carrier's app or website as "
        "PDF, Excel or CSV (or print the document to PDF)",
    ),
    (".ppt", ".pptx", ".key", ".numbers"): Text(
        "演示文稿或 Numbers 文件：请导出 PDF、Excel 或 CSV 账单",
        "a presentation or Numbers file: export the bill as PDF, Excel or CSV",
    ),
    (".zip", ".rar", ".7z", ".gz", ".tar", ".tgz", ".bz2", ".xz"): Text(
        "压缩包：请先解压，再审计解压出的文件夹",
        "an archive: unpack it, then audit the folder",
    ),
    (".mp4", ".mov", ".mp3", ".m4a", ".amr", ".wav", ".avi"): Text(
        "音视频文件，不是账单", "a recording, not a bill"
    ),
    (".sqlite", ".db", ".sqlite3"): Text(
        "数据库文件（auditor 的历史记录用 --db 指定）",
        "a database (auditor keeps its history with --db)",
    ),
    (".exe", ".dmg", ".apk", ".ipa", ".msi"): Text("程序，不是账单", "a program, not a bill"),
}


def skip_reason(path: Path) -> str:
    """Why ``path`` is skipped unread, from its ending ('' when it is to be opened)."""
    suffix = path.suffix.lower()
    if suffix in supported_suffixes():
        return ""
    for suffixes, reason in SKIPPED_TYPES.items():
        if suffix in suffixes:
            return reason.shown()
    return ""


def reads_bounded(path: Path) -> bool:
    """Whether ``path``, by its ending, is read under ceilings on memory and CPU time
    (:mod:`auditor.readers.bounded`): a PDF or a picture."""
    return path.suffix.lower() in (*PdfReader.suffixes, *ImageReader.suffixes)


def load_shared(paths: list[Path]) -> None:
    """Load here what reading ``paths`` needs that each reading process would otherwise
    load for itself, before they are forked: PDFium, when a PDF is among them."""
    if any(path.suffix.lower() in PdfReader.suffixes for path in paths):
        load_pdfium()


def pick_reader(path: Path, data: bytes) -> tuple[Reader, Kind | None]:
    """The reader for a file of content ``data``, and the format it holds when that is
    not the one its name says (then the file is read as what it holds).

    A file is read by its content when that unmistakably is a format auditor reads and
    its ending is not one such a file goes by: a CSV named ``.xls``, a PDF named
    ``.xlsx``. Otherwise it goes to the first registered reader that identifies it, as
    its name says; an ending no reader claims keeps that rule (the folder walk skips
    what it skipped before, whatever it holds).
    """
    suffix = path.suffix.lower()
    if suffix in supported_suffixes():
        kind = content_kind(data, suffix)
        if kind is not None and kind.reader and suffix not in kind.endings:
            return _READERS_BY_NAME[kind.reader], kind
    head = data[:HEAD]
    for reader in READERS:
        if reader.identify(path, head):
            return reader, None
    if suffix in supported_suffixes():
        # A .txt that is neither a table nor a carrier's SMS, say: name what was expected.
        expected = " or ".join(r.name for r in READERS if suffix in r.suffixes)
        raise InputError(
            str(path),
            say(
                f"不是 auditor 能识别的账单或业务清单（按 {expected} 读取）",
                f"not a bill or service list auditor recognises (as {expected})",
            ),
            code=ErrorCode.NOT_A_BILL,
        )
    raise NotReadHere(str(path), not_read_here())


class NotReadHere(SkippedInput):
    """A file of a type no reader claims: skipped, saying what is read."""


def not_read_here() -> str:
    """What a skipped file of an unknown type is told."""
    suffixes = ", ".join(sorted(supported_suffixes()))
    return say(
        f"auditor 不读取这种类型的文件（可读取：{suffixes}）",
        f"not a file type auditor reads (it reads {suffixes})",
    )


def read_file(path: Path, options: ReadOptions) -> ReadResult:
    """Read one input file; a file that cannot be read comes back with ``error`` set.

    Only a regular file is read (a link is followed to one), and never beyond the size
    limit: a pipe, a device or a link loop comes back with its error, unopened.
    """
    result = ReadResult(path=str(path))
    reason = skip_reason(path)
    if reason:
        result.skipped = reason
        return result
    try:
        data = read_input(path, options.max_file_bytes)
        result.sha256 = hashlib.sha256(data).hexdigest()
        if not data.strip():
            raise InputError(str(path), EMPTY_FILE.shown(), code=ErrorCode.EMPTY)
        reader, kind = pick_reader(path, data)
        result.reader = reader.name
        read = _read_as(reader, kind, path, data, options)
        read.path, read.sha256, read.reader = str(path), result.sha256, reader.name
        settle_line_carriers(read, path, options)
        check_carrier(read, path, options)
        check_line(read, path, options)
        check_owner_folder(read, path, options)
        read.brand = read.brand or brand_from_path(path)
        if not (read.charges or read.services or read.bills or read.unparseable or read.alerts):
            read.alerts.append(NOTHING_READ.shown())  # as the readers that know say it
        if (failed := all_unread(read)) is not None:
            read.error = failed  # rows, every one unread: it gave nothing, it is no bill read
            read.error_code = ErrorCode.ROWS_UNREAD.value
        elif (mostly := mostly_unread(read)) is not None:
            read.alerts.append(mostly)
        if read.error is None:
            read.alerts += [said for said in (total_unread(read), formulas_unread(read)) if said]
        _check_months(read, options)
        check_month(read, path, options)
        return read
    except SkippedInput as exc:
        result.skipped = exc.reason
    except InputError as exc:
        result.error = located(exc.locator, exc.reason) if exc.locator else exc.reason
        result.error_code = exc.code.value
    except AuditorError as exc:
        result.error = str(exc)
        code = exc.code if isinstance(exc, ValueParseError) else ErrorCode.UNREADABLE
        result.error_code = code.value
    except Exception as exc:  # a reader bug must not stop the other files
        log.debug("reading %s failed", path, exc_info=True)
        result.error_code = ErrorCode.READER_FAILED.value
        result.error = say(
            f"无法读取（{type(exc).__name__}: {exc}）",
            f"could not be read ({type(exc).__name__}: {exc})",
        )
    return result


def _read_as(
    reader: Reader, kind: Kind | None, path: Path, data: bytes, options: ReadOptions
) -> ReadResult:
    """``reader``'s reading of the file; read as the ``kind`` it holds, not as named, the
    result warns of it first, and a failure says it too (the reader's error alone would
    puzzle whoever sees the file's name)."""
    if kind is None:
        return reader.read(path, data, options)
    suffix = path.suffix.lower()
    try:
        read = reader.read(path, data, options)
    except SkippedInput:
        raise
    except InputError as exc:
        reason = located(exc.locator, exc.reason) if exc.locator else exc.reason
        raise InputError(str(path), misnamed_failed(suffix, kind, reason), code=exc.code) from None
    read.warnings.insert(0, misnamed(suffix, kind))
    return read


def _check_months(result: ReadResult, options: ReadOptions) -> None:
    """Say of months billed after the audit's date: a bill comes out after its month, so
    such a month means ``--as-of`` (or the file's month) is not what it seems; the file is
    audited as it is, and the user is asked."""
    if options.as_of is None:
        return
    month = month_of(options.as_of)
    later = [period for period in result.periods if period > month]
    if later:
        shown, on = "、".join(later), options.as_of.isoformat()
        result.alerts.append(
            say(
                f"账单月份 {shown} 晚于检查日期 {on}（--as-of）：已照样检查；日期对吗？",
                f"billed {'month' if len(later) == 1 else 'months'} {', '.join(later)} "
                f"{'comes' if len(later) == 1 else 'come'} after the audit date {on} "
                "(--as-of): audited as given; is the date right?",
            )
        )
