"""Nothing is skipped without a word: every file in an input folder is read, or named on
stderr, in the Inputs sheet and in the JSON with why it was not read and what to do."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from auditor import cli

MONTHLY = Path(__file__).resolve().parent.parent / "fixtures" / "monthly" / "2026-10"


def _folder(tmp_path: Path) -> Path:
    bills = tmp_path / "bills"
    shutil.copytree(MONTHLY, bills)
    (bills / "截图.heic").write_bytes(b"\0\0\0\x18ftypheic" + b"\0" * 64)
    (bills / "账单.docx").write_bytes(b"PK\x03\x04" + b"\0" * 64)
    (bills / "导出.zip").write_bytes(b"PK\x03\x04" + b"\0" * 64)
    (bills / "README.md").write_text("# my bills\n", "utf-8")
    (bills / "auditor.toml").write_text('known_services = ["咪咕视频会员"]\n', "utf-8")
    (bills / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    return bills


@pytest.mark.usefixtures("english")
def test_every_file_of_a_folder_is_read_or_said_skipped_with_what_to_do(tmp_path):
    bills = _folder(tmp_path)
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        cli.main, ["audit", str(bills), "--no-history", "-o", str(out), "--json", "-"]
    )
    assert result.exit_code == 0, result.output  # skipped files are not failures
    said = {line.split(": ")[1].rsplit("/", 1)[-1]: line for line in result.stderr.splitlines()
            if ": skipped: " in line}  # fmt: skip
    assert set(said) == {"截图.heic", "账单.docx", "导出.zip", "README.md"}
    assert "save it as PNG or JPEG" in said["截图.heic"]
    assert "PDF, Excel or CSV" in said["账单.docx"]
    assert "unpack it" in said["导出.zip"]
    assert "not a file type auditor reads" in said["README.md"]  # opened, recognised by none
    data = json.loads(result.stdout)
    assert data["summary"]["files_skipped"] == 4 and data["summary"]["files_failed"] == 0
    skipped = {Path(i["path"]).name for i in data["inputs"] if i["skipped"]}
    assert skipped == set(said)
    # the settings beside the bills are used, not an input; hidden files are not inputs
    assert all(Path(i["path"]).name not in ("auditor.toml", ".DS_Store") for i in data["inputs"])
    sheet = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))["Inputs"]
    header, *rows = sheet.iter_rows(values_only=True)
    errors = [row[header.index("Error")] for row in rows]
    assert sum(1 for e in errors if e and e.startswith("skipped: ")) == 4


@pytest.mark.usefixtures("english")
def test_a_folder_of_nothing_readable_says_so(tmp_path):
    (tmp_path / "截图.heic").write_bytes(b"\0\0\0\x18ftypheic" + b"\0" * 64)
    result = CliRunner().invoke(
        cli.main, ["audit", str(tmp_path), "--no-history", "-o", str(tmp_path / "r.xlsx")]
    )
    assert result.exit_code == 2
    assert "截图.heic: skipped: a picture" in result.stderr
    assert "Traceback" not in result.output
