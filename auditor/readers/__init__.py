"""Input readers, registered in one explicit list, and the one entry point that reads a file.

:func:`read_file` never raises for a bad input: it returns a :class:`ReadResult` whose
``error`` says what is wrong, so one bad file never stops the audit of the others.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from auditor.errors import AuditorError, InputError
from auditor.model import ReadResult
from auditor.readers.base import Reader, ReadOptions
from auditor.readers.clues import check_carrier, check_line
from auditor.readers.csv_xlsx import CsvReader, OdsReader, XlsReader, XlsxReader
from auditor.readers.ebill import EmlReader, HtmlReader, MhtReader
from auditor.readers.image import ImageReader
from auditor.readers.pdf import PdfReader
from auditor.readers.portal_json import PortalJsonReader
from auditor.readers.sms import SmsReader
from auditor.readers.source import read_input
from auditor.readers.walk import is_auditor_report, walk_inputs

log = logging.getLogger(__name__)

#: Every reader, in the order they are asked to identify a file. The HTML reader comes
#: last: besides its own suffixes it takes a file that starts as HTML and no other claims.
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

__all__ = ["READERS", "ReadOptions", "collect_inputs", "is_auditor_report", "read_file"]


def supported_suffixes() -> set[str]:
    """File endings a folder walk picks up."""
    return {suffix for reader in READERS for suffix in reader.suffixes}


def collect_inputs(paths: list[Path]) -> list[Path]:
    """The files to audit: files named directly, and supported files found in folders
    (see :func:`auditor.readers.walk.walk_inputs`)."""
    return walk_inputs(paths, supported_suffixes())


def pick_reader(path: Path, head: bytes) -> Reader:
    """The first registered reader that identifies the file."""
    for reader in READERS:
        if reader.identify(path, head):
            return reader
    suffix = path.suffix.lower()
    if suffix in supported_suffixes():
        # A .txt that is neither a table nor a carrier's SMS, say: name what was expected.
        expected = " or ".join(r.name for r in READERS if suffix in r.suffixes)
        raise InputError(
            str(path), f"not a bill or service list auditor recognises (as {expected})"
        )
    suffixes = ", ".join(sorted(supported_suffixes()))
    raise InputError(str(path), f"not a file type auditor reads (it reads {suffixes})")


def read_file(path: Path, options: ReadOptions) -> ReadResult:
    """Read one input file; a file that cannot be read comes back with ``error`` set.

    Only a regular file is read (a link is followed to one), and never beyond the size
    limit: a pipe, a device or a link loop comes back with its error, unopened.
    """
    result = ReadResult(path=str(path))
    try:
        data = read_input(path, options.max_file_bytes)
        result.sha256 = hashlib.sha256(data).hexdigest()
        if not data.strip():
            raise InputError(str(path), "file is empty")
        reader = pick_reader(path, data[:8192])
        result.reader = reader.name
        read = reader.read(path, data, options)
        read.path, read.sha256, read.reader = str(path), result.sha256, reader.name
        check_carrier(read, path, options)
        check_line(read, path)
        return read
    except InputError as exc:
        result.error = f"{exc.locator}: {exc.reason}" if exc.locator else exc.reason
    except AuditorError as exc:
        result.error = str(exc)
    except Exception as exc:  # a reader bug must not stop the other files
        log.debug("reading %s failed", path, exc_info=True)
        result.error = f"could not be read ({type(exc).__name__}: {exc})"
    return result
