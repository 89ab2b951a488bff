"""The report's .xlsx package (auditor.writers.package): the parts xlsxwriter would zip,
byte for byte, the small ones kept in memory and only those that grow with the bill
staged in files of the workbook's private folder."""

from __future__ import annotations

import io
import re
import zipfile

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
