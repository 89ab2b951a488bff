"""Every text reaches the user made safe, once, at the edge (issue 8, rows 1 and 2).

A file name with a byte that is not UTF-8, a lone surrogate in a portal JSON name, escape
sequences, line breaks and bidi marks in service names, file names and owner names: the
report is still written whole, Excel and calamine open it, the JSON is valid UTF-8, and
nothing a terminal obeys, and no forged ``auditor: …`` line, reaches stdout or stderr.
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from fuzzing_seeds import _billinfo_json, _statement_csv
from python_calamine import CalamineWorkbook

from auditor import cli
from auditor.safe_text import safe_text, safe_traceback
from auditor.writers import Masker

LINE = "13800001234"
# What a hostile name carries: the clipboard (OSC 52) and title (OSC 0) writes, a screen
# clear (CSI 2J, and its one-byte C1 form), a right-to-left override, a line break that
# starts a forged error line, zero-width characters and a BOM.
ESCAPES = "\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07\x1b[2J\x9b2J\u202e\u2066"
FORGED = "\nauditor: x.csv: forged error\r\n"
INVISIBLE = "\u200b\u200d\ufeff"
# Nothing of these may reach a terminal: C0 and C1 controls, DEL, bidi, zero width.
ACTIVE = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]
ACTIVE += ["\u202e", "\u2066", "\u200e", "\u200f", "\u200b", "\u200d", "\ufeff", "\u2028"]


def cells_of(path: Path) -> str:
    book = CalamineWorkbook.from_path(str(path))
    return "\n".join(
        str(cell)
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for cell in row
    )


def run(tmp_path: Path, inputs: Path, *extra: str, json_out: bool = True):
    out = tmp_path / "out"
    args = ["audit", str(inputs), "-o", str(out / "r.xlsx"), "--as-of", "2026-11-05"]
    if json_out:
        args += ["--json", str(out / "r.json")]
    return CliRunner().invoke(cli.main, [*args, *extra]), out


# ------------------------------------------------------------------ the edge itself


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;t\x07", "␛]0;t␇"),
        ("a\nb\r\nc\td", "a␊b␍␊c␉d"),
        ("\x00\x7f", "␀␡"),
        ("\x9b2J\x85", "\ufffd2J␤"),
        ("x\u2028y\u2029z", "x␤y␤z"),
        ("bill\udcff.csv", "bill\ufffd.csv"),
        ("\ud800name", "\ufffdname"),
        ("\ufffe\uffff", "\ufffd\ufffd"),
        ("\u202etxt.exe\u202c", "txt.exe"),
        ("139\u200b0000\u200d0010\ufeff", "13900000010"),
        ("tag\U000e0041\U000e007f", "tag"),
        ("中国移动 ①😀\ue000", "中国移动 ①😀\ue000"),
        (None, ""),
        (12, "12"),
    ],
)
def test_safe_text_shows_each_class_inert(text, shown):
    assert safe_text(text) == shown
    assert safe_text(shown) == shown  # once is enough: the result is already safe


def test_safe_text_is_one_line_and_encodable_whatever_the_input():
    every = "".join(chr(c) for c in range(0x3000)) + "".join(chr(c) for c in range(0xD7F0, 0x10000))
    shown = safe_text(every)
    assert len(shown.splitlines()) == 1
    shown.encode("utf-8")  # no lone surrogate left
    assert not any(char in shown for char in ACTIVE)


def test_a_traceback_keeps_each_message_on_one_line():
    first, second = f"first{FORGED}", f"second{ESCAPES}{FORGED}"
    try:
        try:
            raise KeyError(first)
        except KeyError as exc:
            raise ValueError(second) from exc
    except ValueError as exc:
        lines = safe_traceback(exc)
    assert lines[0] == "Traceback (most recent call last):"
    assert not any(line.startswith("auditor:") for line in lines)
    assert sum("forged error" in line for line in lines) == 2  # one line per exception
    assert f"ValueError: {safe_text(second)}" in lines
    assert not any(char in line for line in lines for char in ACTIVE)


# ------------------------------------------------------------------ row 1: encodings


@pytest.fixture
def undecodable(tmp_path) -> Path:
    """A folder holding a bill whose file name has a byte that is not UTF-8, and a portal
    JSON bill whose item name is a lone surrogate escape."""
    bills = tmp_path / "bills"
    bills.mkdir()
    folder = os.fsencode(bills)
    name = f"/{LINE}-".encode() + b"\xff" + "账单".encode() + b"\xfe.csv"
    with open(folder + name, "wb") as handle:
        handle.write(_statement_csv())
    text = _billinfo_json().decode().replace("彩铃功能费", "彩铃\\ud800功能费")
    (bills / "13900001111-billinfo.json").write_text(text, "utf-8")  # a bill of its own
    return bills


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any byte")
@pytest.mark.parametrize("json_out", [True, False], ids=["json", "xlsx-only"])
def test_a_name_that_is_not_utf8_costs_nothing(tmp_path, undecodable, json_out):
    result, out = run(tmp_path, undecodable, json_out=json_out)
    assert result.exit_code == 0, result.output
    cells = cells_of(out / "r.xlsx")  # calamine refused the workbook before
    book = openpyxl.load_workbook(out / "r.xlsx")  # and so did Excel
    assert len(book["费用明细"]["A"]) > 4
    assert "彩铃\ufffd功能费" in cells
    assert "\ufffd账单\ufffd.csv" in cells  # the file's name, its undecodable bytes shown
    if json_out:
        data = json.loads((out / "r.json").read_bytes().decode("utf-8"))  # strict UTF-8
        services = {finding["service"] for finding in data["findings"]}
        assert "彩铃\ufffd功能费" in services
        assert any(i["path"].endswith("\ufffd.csv") for i in data["inputs"])


# ------------------------------------------------------------------ row 2: terminals


@pytest.fixture
def hostile(tmp_path) -> tuple[Path, Path]:
    """Bills whose service names and file names carry escapes, line breaks and bidi marks,
    an unreadable file with such a name, and a known file whose owner name carries them."""
    bills = tmp_path / "bills"
    bills.mkdir()
    csv = _statement_csv().decode().replace("彩铃功能费", f"彩铃{ESCAPES}功能费{INVISIBLE}")
    quoted = f'"　　视频{FORGED.rstrip()}彩铃订阅-酷电秀专属6元包",'  # a break inside a cell
    csv = csv.replace("　　视频彩铃订阅-酷电秀专属6元包,", quoted)
    (bills / f"{LINE}{FORGED}{ESCAPES}.csv").write_text(csv, "utf-8")
    (bills / f"bad{FORGED}{ESCAPES}.csv").write_bytes(b"\x00\x01garbage")
    known = tmp_path / "known.toml"
    owner = json.dumps(f"爸爸{ESCAPES}{FORGED}")  # a TOML basic string takes JSON's escapes
    known.write_text(f'[lines."{LINE}"]\nowner = {owner}\n', "utf-8")
    return bills, known


@pytest.mark.parametrize("extra", [[], ["--verbose"], ["--no-mask"], ["--json", "-"]])
def test_nothing_a_terminal_obeys_reaches_it(tmp_path, hostile, extra):
    bills, known = hostile
    result, _ = run(tmp_path, bills, "--known", str(known), *extra, json_out=False)
    assert result.exit_code == 3, result.output  # the garbage file is named, not fatal
    for stream in (result.stdout, result.stderr):
        assert not [char for char in ACTIVE if char in stream and char != "\n"]
    # Every line on stderr is auditor's own: a path is one line, never a forged error.
    lines = result.stderr.splitlines()
    assert not [line for line in lines if line.startswith("auditor: x.csv")]
    errors = [line for line in lines if line.endswith("not text in UTF-8 or GBK/GB18030")]
    assert [line for line in errors if line.startswith("auditor: ")] == errors[:1]
    assert "␛]52;c;ZXZpbA==␇" in result.stdout + result.stderr  # shown, inert
    if "--json" in extra:
        data = json.loads(result.stdout)
        assert any("彩铃␛]52" in f["service"] for f in data["findings"])
        assert {line["owner"] for line in data["summary"]["lines"]} >= {
            safe_text(f"爸爸{ESCAPES}{FORGED}")
        }


def test_the_workbook_shows_the_same_inert_texts(tmp_path, hostile):
    bills, known = hostile
    result, out = run(tmp_path, bills, "--known", str(known))
    assert result.exit_code == 3, result.output
    cells = cells_of(out / "r.xlsx")
    raw = json.dumps(json.loads((out / "r.json").read_text("utf-8")), ensure_ascii=False)
    for text in (cells, raw):
        assert not [char for char in ACTIVE if char in text and char != "\n"]
        assert "彩铃␛]52;c;ZXZpbA==␇␛]0;pwned␇␛[2J\ufffd2J功能费" in text
        assert "视频␊auditor: x.csv: forged error彩铃订阅" in text, text
    assert "爸爸␛]52" in cells


def test_a_traceback_on_stderr_is_made_safe_line_by_line(tmp_path, hostile, monkeypatch):
    """--verbose prints a reader's crash with its traceback: the message quoting input
    text stays on its line, and no line of it is a forged ``auditor:`` line."""
    from auditor.readers.csv_xlsx import CsvReader

    def crash(self, path, data, options):
        raise RuntimeError(f"cannot read {path.name}{FORGED}{ESCAPES}")

    monkeypatch.setattr(CsvReader, "read", crash)
    bills, _ = hostile
    result, _ = run(tmp_path, bills, "--verbose", json_out=False)
    assert result.exit_code == 2  # nothing readable
    assert "Traceback (most recent call last):" in result.stderr
    assert not [char for char in ACTIVE if char in result.stderr and char != "\n"]
    starts = [line for line in result.stderr.splitlines() if line.startswith("auditor:")]
    assert not [line for line in starts if line.startswith("auditor: x.csv")]
    crashes = [line for line in result.stderr.splitlines() if "RuntimeError: cannot" in line]
    assert crashes and all("forged error␍␊␛]52" in line for line in crashes)


def test_a_library_warning_quoting_input_goes_through_the_masker(tmp_path, monkeypatch):
    """A warning from a library (or a logger of its own) is masked like auditor's lines."""
    from auditor.readers.csv_xlsx import CsvReader

    real = CsvReader.read

    def noisy(self, path, data, options):
        import warnings

        warnings.warn(f"odd cell {LINE}{ESCAPES}", UserWarning, stacklevel=1)
        logging.getLogger("some.library").warning("font %s", f"{LINE}{FORGED}")
        return real(self, path, data, options)

    monkeypatch.setattr(CsvReader, "read", noisy)
    bills = tmp_path / "bills"
    bills.mkdir()
    (bills / f"{LINE}.csv").write_bytes(_statement_csv())
    result, _ = run(tmp_path, bills, json_out=False)
    assert result.exit_code == 0, result.output
    assert "auditor: UserWarning: odd cell 138****1234␛]52" in result.stderr
    assert "auditor: font 138****1234␊auditor: x.csv" in result.stderr
    assert LINE not in result.stderr
    assert not [char for char in ACTIVE if char in result.stderr and char != "\n"]


def test_the_masker_is_the_one_edge():
    mask = Masker(personal=frozenset({"王\u200b小明"}))
    shown = "[已隐去]␛]52;c;ZXZpbA==␇␛]0;pwned␇␛[2J\ufffd2J138****1234"
    assert mask(f"王小明{ESCAPES}{LINE}") == shown
    assert mask.joined(["a\nb", "c"]) == "a␊b\nc"  # one text per line of a cell
    assert Masker(enabled=False)("\ud800" + LINE) == "\ufffd" + LINE


def test_a_cell_of_several_lines_keeps_its_own_breaks_only():
    from writers_sample import sample_report

    from auditor.writers import render_xlsx

    report = sample_report()
    report.findings[0].evidence[0].path = f"a{FORGED}b.csv"
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, Masker())))
    evidence = book["发现"]["P2"].value
    assert "a␊auditor: x.csv: forged error␍␊b.csv" in evidence
    assert all(not line.startswith("auditor:") for line in evidence.split("\n"))
