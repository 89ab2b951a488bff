"""The ``.xlsx`` package of a report: xlsxwriter's parts zipped at a quicker level, the
small ones kept in memory.

xlsxwriter writes each part of a workbook (a sheet, a chart, its drawing, the styles,
each list of relationships: 70 for a company's report) to a temporary file of its own,
then zips and removes them. A file made, written, stamped, read and removed costs a
few tenths of a millisecond (13 ms of a company month's 135), and on ext4 the removal
of a file just written can wait for the disk: xlsxwriter makes each file with mkstemp
and opens it again, emptying it, to write, and ext4 writes such a file out when it is
closed. Here the parts whose size the report's layout fixes are strings in memory; only
the worksheets and the shared strings, which grow with the bill, go through files, in
the workbook's private folder, so that memory stays flat however long the bill.

The rows another process staged (:mod:`auditor.writers.prestage`) come deflated
already (:func:`deflate_file`, in that process): the sheet's part is zipped around them,
their deflated bytes copied in as they are. Deflating is most of what zipping costs: a
company month's Charges, Services and Inputs rows are 8.6 MB of its 9.6 MB of XML, and
copying and deflating them here took 20 ms of the workbook's 113.

xlsxwriter has no option for any of this: :class:`Book` takes its "in memory" way of
zipping, hands it those two kinds of parts as files, and has it make the package with a
ZipFile of ours (:func:`_zipped_by_us`).
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import re
import shutil
import threading
import zipfile
import zlib
from dataclasses import dataclass

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.packager import Packager

#: zlib's level for the workbook's parts. xlsxwriter leaves zlib's default, 6; at 3 a
#: company month's report (9.6 MB of XML) deflates in 18 ms instead of 48, for 9% more
#: bytes (728 KB instead of 670); at 1 it is no quicker and 26% bigger.
DEFLATE_LEVEL = 3
#: How much of a file is read at a time.
_CHUNK = 1 << 20

#: The parts written to files: their size grows with the bill's rows.
_GROWING = re.compile(r"xl/worksheets/sheet\d+\.xml|xl/sharedStrings\.xml")


class Book(xlsxwriter.Workbook):
    """xlsxwriter's workbook, whose parts are zipped as :mod:`auditor.writers.package`
    says. Its ``tmpdir`` must be a folder of its own (the files of its parts are named
    there, not made unique)."""

    def _get_packager(self) -> Packager:
        return _Packager()

    def _store_workbook(self) -> None:
        # xlsxwriter's in-memory way: each part as a string (its own parts), or as a
        # file (_Packager's), zipped with writestr (_Zip's) under the same date.
        self.in_memory = True
        try:
            with _zipped_by_us():
                super()._store_workbook()
        finally:
            self.in_memory = False


@dataclass(frozen=True)
class Deflated:
    """A sheet's rows deflated apart (:func:`deflate_file`): the file of their deflated
    bytes, and the CRC-32 and length of the XML they are."""

    path: str
    crc: int
    size: int


def deflate_file(source: str, target: str) -> Deflated:
    """The XML in ``source`` deflated into ``target`` at :data:`DEFLATE_LEVEL`, as raw
    deflate ending on a byte's boundary (no last block): bytes a member of the package
    can hold among others (:meth:`_Zip.writestr`)."""
    compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    crc = size = 0
    with open(source, "rb") as xml, open(target, "wb") as out:
        while chunk := xml.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
            out.write(compressor.compress(chunk))
        out.write(compressor.flush(zlib.Z_SYNC_FLUSH))
    return Deflated(target, crc, size)


def inflate_into(rows: Deflated, out) -> None:
    """Write the XML of ``rows`` to the text file ``out`` (for a workbook that zips its
    parts itself), a piece at a time."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    text = codecs.getincrementaldecoder("utf-8")()  # a character may span two pieces
    with open(rows.path, "rb") as deflated:
        while chunk := deflated.read(_CHUNK >> 4):
            out.write(text.decode(inflater.decompress(chunk)))
    out.write(text.decode(inflater.flush(), final=True))


class _OnFile:
    """A part written to a file: what xlsxwriter hands to the zip as the part's bytes;
    ``rows``, where deflated rows go in the file (a byte offset), when they do."""

    def __init__(self, path: str):
        self.path = path
        self.rows: tuple[int, Deflated] | None = None

    def getvalue(self) -> _OnFile:
        """The part, for xlsxwriter to pass on to :meth:`_Zip.writestr` as its data."""
        return self


class PartPath(str):
    """The name of a part's file, which knows the part (:class:`_OnFile`): a sheet told
    it (:meth:`~auditor.writers.xmlsheet.XmlSheet._set_xml_writer`) leaves deflated rows
    for the zip to put in (:meth:`put_rows`)."""

    part: _OnFile

    def put_rows(self, offset: int, rows: Deflated) -> None:
        """The XML of ``rows`` belongs at byte ``offset`` of the file."""
        self.part.rows = (offset, rows)


class _Packager(Packager):
    """xlsxwriter's packager, whose worksheets and shared strings go to files."""

    def _filename(self, xml_filename: str):
        if not _GROWING.fullmatch(xml_filename):
            return super()._filename(xml_filename)  # a string in memory
        # The folder is this workbook's alone: a name of its own is enough, and the file
        # is made as it is written (not made by mkstemp, then emptied: see above).
        path = PartPath(os.path.join(self.tmpdir, f"part{len(self.filenames)}.xml"))
        path.part = _OnFile(path)
        self.filenames.append((path.part, xml_filename, True))
        return path


class _Zip(zipfile.ZipFile):
    """The package's ZipFile: every member deflated at the ZipFile's own level (writestr
    leaves zlib's default to a member given as a ZipInfo), a part on file streamed into
    its member, with the rows deflated apart put in where they belong, and then removed."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        """As ZipFile's, at this ZipFile's level unless told; ``data`` may be a part on
        file (:class:`_OnFile`), copied in pieces, never held whole."""
        if compresslevel is None:
            compresslevel = self.compresslevel
        if not isinstance(data, _OnFile):
            super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)
            return
        zinfo = zinfo_or_arcname  # xlsxwriter's, dated and typed as its other parts
        if compress_type is not None:
            zinfo.compress_type = compress_type
        zinfo._compresslevel = compresslevel  # as writestr sets it
        # as write() does, for zip64 or not
        zinfo.file_size = os.path.getsize(data.path) + (data.rows[1].size if data.rows else 0)
        with open(data.path, "rb") as part, self.open(zinfo, "w") as member:
            if data.rows is not None:
                offset, rows = data.rows
                while offset and (chunk := part.read(min(offset, _CHUNK))):
                    member.write(chunk)
                    offset -= len(chunk)
                _put_deflated(member, rows)
            shutil.copyfileobj(part, member, _CHUNK)
        os.remove(data.path)


def _put_deflated(member, rows: Deflated) -> None:
    """Copy the deflated ``rows`` into ``member`` (a ZipFile's member open for writing,
    deflating) as they are. What the member was given before them is flushed to a byte's
    boundary with the compressor's memory of it forgotten, so that nothing after them
    refers back across them; the member's CRC and length are told of them. ZipFile has
    no way to write bytes deflated already: this is what its member's ``write`` does,
    without the deflating."""
    flushed = member._compressor.flush(zlib.Z_FULL_FLUSH)
    out = member._fileobj
    out.write(flushed)
    member._compress_size += len(flushed)
    with open(rows.path, "rb") as deflated:
        while chunk := deflated.read(_CHUNK):
            out.write(chunk)
            member._compress_size += len(chunk)
    member._crc = crc32_combine(member._crc, rows.crc, rows.size)
    member._file_size += rows.size


# CRC-32 (zlib's polynomial, reflected) of two pieces from theirs, as zlib's
# crc32_combine (which Python's zlib does not offer): by multiplying polynomials modulo
# the CRC's, the first piece's CRC shifted by the second's length in bits.
_POLY = 0xEDB88320


def _multmodp(a: int, b: int) -> int:
    """``a`` times ``b`` modulo the CRC's polynomial (bits reflected: x^0 is 1 << 31);
    ``a`` is not 0 (here always a power of x)."""
    m, p = 1 << 31, 0
    while True:
        if a & m:
            p ^= b
            if not a & (m - 1):
                return p
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1


def _powers() -> list[int]:
    """x to the 2^k, modulo the polynomial, for k = 0..31."""
    powers = [1 << 30]  # x^1
    for _ in range(31):
        powers.append(_multmodp(powers[-1], powers[-1]))
    return powers


_X2N = _powers()


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of two pieces one after the other, from the first's CRC and the
    second's CRC and length in bytes."""
    shift, k = 1 << 31, 3  # x^0; a byte is 2^3 bits
    while length2:
        if length2 & 1:
            shift = _multmodp(_X2N[k & 31], shift)
        length2 >>= 1
        k += 1
    return _multmodp(shift, crc1) ^ crc2


# The books being stored (by any thread), and the ZipFile xlsxwriter names otherwise.
_storing = 0
_theirs = None
_swapping = threading.Lock()


@contextlib.contextmanager
def _zipped_by_us():
    """xlsxwriter makes the package with the ZipFile its workbook module names: inside
    the block, ours at :data:`DEFLATE_LEVEL` (``tests/test_writers.py`` checks every
    part is). It stays ours until the last of the books stored at once by several
    threads is done. Another workbook zipped meanwhile gets it too: deflated at the
    level, and otherwise a ZipFile as xlsxwriter's."""
    global _storing, _theirs
    with _swapping:
        if not _storing:
            _theirs = xlsxwriter.workbook.ZipFile
            xlsxwriter.workbook.ZipFile = functools.partial(_Zip, compresslevel=DEFLATE_LEVEL)
        _storing += 1
    try:
        yield
    finally:
        with _swapping:
            _storing -= 1
            if not _storing:
                xlsxwriter.workbook.ZipFile = _theirs
