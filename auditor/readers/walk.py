"""The folder walk: which entries of the folders given are inputs, and which are auditor's
own earlier reports, left out.

The walk opens nothing: a pipe, a device, a socket or a link loop with a bill's ending
is kept as an input, and :func:`auditor.readers.read_file` names it and skips it (one
line on stderr, a row in the Inputs sheet). The earlier-report check does open files,
so it opens them the way reading does (:func:`~auditor.readers.source.read_input`, under
the same limits), and any failure only means "not a report": the file then goes to
``read_file``, which says what is wrong with it.
"""

from __future__ import annotations

import logging
import os
import re
import struct
import zlib
from pathlib import Path

from auditor.errors import InputError, located
from auditor.lang import say
from auditor.model import REPORT_MARKER
from auditor.readers.base import ReadOptions
from auditor.readers.json_text import load_json
from auditor.readers.source import read_input
from auditor.readers.workbook import open_package

log = logging.getLogger(__name__)

# A report's document properties are a few hundred bytes; more is not one of ours.
_CORE_PROPERTIES_MAX = 64 * 1024
# auditor's JSON report ends with its generator key and then its language
# (writers/json.py writes them last): the tail of a file tells whether to parse it.
_JSON_REPORT_END = re.compile(
    rb'"generator"\s*:\s*"' + REPORT_MARKER.encode() + rb'"\s*(?:,\s*"lang"\s*:\s*"\w+"\s*)?\}\s*$'
)


#: The settings file: found beside the bills on purpose, and named by the report as the
#: settings used (auditor.config), so not an input.
SETTINGS_NAME = "auditor.toml"


def walk_inputs(paths: list[Path]) -> list[Path]:
    """The files to audit: files named directly, and every file found in folders.

    Folders are walked recursively in sorted order; hidden files and folders, and the
    settings file, are left out of a walk. A file of a type auditor does not read (a
    photo, a Word document) is kept, so that reading says it was skipped and why rather
    than letting it vanish. Links
    to folders are not followed (a link loop cannot make the walk endless), and a folder
    reached twice (a bind mount of its parent) is walked once.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += _walk(path)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _walk(top: Path) -> list[Path]:
    """Every file under ``top``, as :func:`os.walk` goes top-down through sorted folders
    (a folder's files, then each of its folders in turn), by :func:`os.scandir`: an
    entry's kind comes with the listing, so a company's thousand folders cost one
    ``stat`` each (for a folder reached twice), not a ``stat`` of each entry."""
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    folders = [str(top)]
    while folders:
        root = folders.pop()
        try:
            here = os.stat(root)
            with os.scandir(root) as listing:
                entries = list(listing)
        except OSError as exc:  # unlisted, or removed while the walk went on
            _unlisted(exc)
            continue
        if (here.st_dev, here.st_ino) in seen:
            continue
        seen.add((here.st_dev, here.st_ino))
        dirs, files = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry)
        below = []
        for entry in sorted(dirs, key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                log.info(
                    located(
                        "%s",
                        say(
                            "已略过：这是指向文件夹的链接（只跟随指向文件的链接）",
                            "skipped, a link to a folder (links are followed to files only)",
                        ),
                    ),
                    entry.path,
                )
                continue
            below.append(entry.path)
        folders += reversed(below)  # the first folder is walked next
        root_path = Path(root)
        for entry in sorted(files, key=lambda e: e.name):
            name = entry.name
            if not name.startswith(".") and name != SETTINGS_NAME:
                found.append(root_path / name)
    return found


def _unlisted(error: OSError) -> None:
    """A folder the walk cannot list is said, not silently passed over."""
    log.warning(
        located("%s", say("无法列出文件夹内容（%s）", "folder could not be listed (%s)")),
        error.filename,
        error.strerror or error,
    )


_CORE_NAME = b"docProps/core.xml"
# A central directory entry: its signature, then the fields up to its name (46 bytes).
_CENTRAL = struct.Struct("<4s6xHxxxxLLLHHH8xL")
# A local file header: its signature, then the fields up to its name (30 bytes).
_LOCAL = struct.Struct("<4s22xHH")


def core_properties(data: bytes) -> bytes | None:
    """The unpacked ``docProps/core.xml`` of the package ``data``, found by a look at its
    central directory's last entry of that name (the one zipfile reads), when stored or
    deflated, unencrypted, in one piece and at most :data:`_CORE_PROPERTIES_MAX` bytes;
    else None. It tells a bill from a report at once: a company month's report check
    takes 7 ms so, its files' reading included, where zipfile's reading of 500
    directories made it 20 (a report is still confirmed by zipfile, under the package's
    checks)."""
    at = data.rfind(_CORE_NAME) - _CENTRAL.size
    if at < 0:
        return None
    signature, method, crc, packed, size, named, _, _, offset = _CENTRAL.unpack_from(data, at)
    flags = int.from_bytes(data[at + 8 : at + 10], "little")
    if signature != b"PK\x01\x02" or named != len(_CORE_NAME) or flags & 1:
        return None
    if method not in (0, 8) or size > _CORE_PROPERTIES_MAX or offset + _LOCAL.size > len(data):
        return None
    local, named, extra = _LOCAL.unpack_from(data, offset)
    start = offset + _LOCAL.size + named + extra
    if local != b"PK\x03\x04" or data[offset + _LOCAL.size : start - extra] != _CORE_NAME:
        return None
    packed_bytes = data[start : start + packed]
    try:
        core = (
            zlib.decompressobj(-15).decompress(packed_bytes, size + 1) if method else packed_bytes
        )
    except zlib.error:
        return None
    if len(core) != size or zlib.crc32(core) != crc:
        return None
    return core


def is_auditor_report(path: Path, options: ReadOptions) -> bool:
    """True when ``path`` is a workbook or JSON file auditor itself wrote.

    The file is opened as reading opens it (regular files only, under the size limits);
    a workbook's properties are read only when the package passes the unpacked-size
    check, and only when they are small; a JSON file is parsed only when it ends the way
    auditor's reports end. Any failure means "not a report".
    """
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".json"):
        return False
    try:
        data = read_input(path, options.max_file_bytes)
        if suffix == ".json":
            if not _JSON_REPORT_END.search(data[-256:]):
                return False
            document = load_json(path, data, options)
            return isinstance(document, dict) and document.get("generator") == REPORT_MARKER
        # The quick look answers "not a report" alone (the properties zipfile would read
        # lack the marker); a report is only ever one the package's own checks let through.
        core = core_properties(data)
        if core is not None and REPORT_MARKER not in core.decode("utf-8", "replace"):
            return False
        with open_package(path, data, options) as archive:
            info = archive.getinfo("docProps/core.xml")
            if info.file_size > _CORE_PROPERTIES_MAX:
                return False
            core = archive.read(info)
        return REPORT_MARKER in core.decode("utf-8", "replace")
    # Whatever went wrong, reading the file will meet it again and say it in one line:
    # a file auditor refuses (a broken package) is not said twice, and nothing here gets a
    # traceback, which --verbose printed before the file's own error as if it were its cause.
    except InputError:
        return False
    except Exception as exc:
        log.debug("%s: not taken for an auditor report (%s)", path, type(exc).__name__)
        return False
