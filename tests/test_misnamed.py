"""A file whose ending does not say what it holds: read by what it holds, with one
warning naming the real format, when that is a format auditor reads; otherwise refused
in words that say what the file looks like (never a Python bytes repr)."""

from __future__ import annotations

import io
import zipfile

import pytest

from auditor.readers import ReadOptions, read_file


@pytest.mark.usefixtures("english")
def test_an_unknown_binary_named_pdf_is_one_line_without_a_bytes_repr(tmp_path):
    target = tmp_path / "bill.pdf"
    target.write_bytes(bytes(range(256)) * 4)
    error = read_file(target, ReadOptions()).error
    assert error is not None
    assert "\n" not in error and "b'" not in error and "\\x" not in error
    assert error.startswith("not a PDF file (")


@pytest.mark.usefixtures("english")
def test_an_archive_named_pdf_says_it_looks_like_one(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("bill.csv", "手机号码,金额\n13800001234,6.00\n")
    target = tmp_path / "bill.pdf"
    target.write_bytes(out.getvalue())
    error = read_file(target, ReadOptions()).error
    assert error == "not a PDF file (it starts like a ZIP archive)"


@pytest.mark.usefixtures("english")
def test_a_picture_error_names_no_bytes(tmp_path):
    target = tmp_path / "screen.png"
    target.write_bytes(b"%!PS-Adobe-3.0\x00\x01\x02 not a picture")
    error = read_file(target, ReadOptions()).error
    assert error is not None and error.startswith("not a PNG, JPEG or WebP picture")
    assert "b'" not in error


@pytest.mark.usefixtures("english")
def test_damaged_text_still_says_how_it_starts(tmp_path):
    target = tmp_path / "bill.pdf"
    target.write_bytes(b"<!DOCTYPE html><html><body>\xff\xfe\xff</body></html>")
    assert read_file(target, ReadOptions()).error == "not a PDF file (it starts like an HTML page)"
