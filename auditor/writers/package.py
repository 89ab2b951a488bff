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

xlsxwriter has no option for either: :class:`Book` takes its "in memory" way of zipping
and hands it those two kinds of parts as files; :func:`deflated_at` makes the package
with a ZipFile of ours for the block.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import zipfile

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.packager import Packager

#: The parts written to files: their size grows with the bill's rows.
_GROWING = re.compile(r"xl/worksheets/sheet\d+\.xml|xl/sharedStrings\.xml")


class Book(xlsxwriter.Workbook):
    """xlsxwriter's workbook, whose parts are zipped as :mod:`auditor.writers.package`
    says; to be closed inside :func:`deflated_at`. Its ``tmpdir`` must be a folder of
    its own (the files of its parts are named there, not made unique)."""

    def _get_packager(self) -> Packager:
        return _Packager()

    def _store_workbook(self) -> None:
        # xlsxwriter's in-memory way: each part as a string (its own parts), or as a
        # file (_Packager's), zipped with writestr (_Zip's) under the same date.
        self.in_memory = True
        try:
            super()._store_workbook()
        finally:
            self.in_memory = False


class _OnFile:
    """A part written to a file: what xlsxwriter hands to the zip as the part's bytes."""

    def __init__(self, path: str):
        self.path = path

    def getvalue(self) -> _OnFile:
        """The part, for xlsxwriter to pass on to :meth:`_Zip.writestr` as its data."""
        return self


class _Packager(Packager):
    """xlsxwriter's packager, whose worksheets and shared strings go to files."""

    def _filename(self, xml_filename: str):
        if not _GROWING.fullmatch(xml_filename):
            return super()._filename(xml_filename)  # a string in memory
        # The folder is this workbook's alone: a name of its own is enough, and the file
        # is made as it is written (not made by mkstemp, then emptied: see above).
        path = os.path.join(self.tmpdir, f"part{len(self.filenames)}.xml")
        self.filenames.append((_OnFile(path), xml_filename, True))
        return path


class _Zip(zipfile.ZipFile):
    """The package's ZipFile: every member deflated at the ZipFile's own level (writestr
    leaves zlib's default to a member given as a ZipInfo), a part on file streamed into
    its member and then removed."""

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
        zinfo.file_size = os.path.getsize(data.path)  # as write() does: zip64 or not
        with open(data.path, "rb") as part, self.open(zinfo, "w") as member:
            shutil.copyfileobj(part, member, 1 << 20)
        os.remove(data.path)


@contextlib.contextmanager
def deflated_at(level: int):
    """A :class:`Book` closed inside the block is zipped at zlib's ``level`` (xlsxwriter
    makes the package with the ZipFile its workbook module names: ours for the block;
    ``tests/test_writers.py`` checks every part is deflated at the level)."""
    made_by = xlsxwriter.workbook.ZipFile
    xlsxwriter.workbook.ZipFile = functools.partial(_Zip, compresslevel=level)
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = made_by
