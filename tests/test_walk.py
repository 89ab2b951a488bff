"""The folder walk and the opening of inputs: issue 8's hostile folder entries.

Only regular files are opened; pipes, devices, sockets and link loops are named and
skipped; the earlier-report check opens files as reading does and never costs the run.
Each test runs under a deadline, so that a regression hangs no test run.
"""

from __future__ import annotations

import io
import json
import os
import socket
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from bounds import deadline
from click.testing import CliRunner
from hostile import bill_csv, bill_xlsx, deep_json, member_bomb, patch_member
from python_calamine import CalamineWorkbook
from writers_sample import sample_report

from auditor import cli
from auditor.readers import ReadOptions, collect_inputs, is_auditor_report, read_file
from auditor.readers.base import MiB
from auditor.readers.source import read_input
from auditor.readers.walk import core_properties
from auditor.writers import Masker, render_xlsx, write_xlsx

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


def hostile_folder(folder: Path) -> dict[str, str]:
    """A good bill beside every kind of entry that is not a regular file; returns each
    bad entry's name and a word its error must hold."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{'13800001234'}-2026年10月.csv").write_bytes(bill_csv())
    os.mkfifo(folder / "p.xlsx")
    os.mkfifo(folder / "p.json")
    (folder / "z.json").symlink_to("/dev/zero")
    (folder / "loop.csv").symlink_to("loop.csv")
    (folder / "a.csv").symlink_to("b.csv")
    (folder / "b.csv").symlink_to("a.csv")
    (folder / "gone.csv").symlink_to("nowhere.csv")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "s.csv"))
    server.close()
    return {
        "p.xlsx": "named pipe",
        "p.json": "named pipe",
        "z.json": "character device",
        "loop.csv": "link loop",
        "a.csv": "link loop",
        "b.csv": "link loop",
        "gone.csv": "broken symbolic link",
        "s.csv": "socket",
    }


def test_a_hostile_folder_costs_its_bad_entries_only(tmp_path):
    folder = tmp_path / "bills"
    bad = hostile_folder(folder)
    out = tmp_path / "r.xlsx"
    args = ["audit", str(folder), "-o", str(out), "--json", str(tmp_path / "r.json")]
    args.append("--no-history")  # what stderr says of the files alone (not: a new history)
    with deadline(10):
        started = time.monotonic()
        result = CliRunner().invoke(cli.main, [*args, "--as-of", "2026-11-05"])
        seconds = time.monotonic() - started
    # Not files at all: skipped, and a skipped entry is no failure (README, Inputs).
    assert result.exit_code == 0, result.output
    assert seconds < 1.0
    lines = result.stderr.splitlines()
    assert len(lines) == len(bad)
    for name, word in bad.items():
        (line,) = [line for line in lines if line.startswith(f"auditor: {folder / name}: ")]
        assert word in line and "skipped" in line, line
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    skipped = {Path(i["path"]).name: i["skipped"] for i in report["inputs"] if i["skipped"]}
    assert set(skipped) == set(bad)
    assert not [i for i in report["inputs"] if i["error"]]
    assert [f["service"] for f in report["findings"] if f["rule"] == "unknown-vas"] == [
        "咪咕视频会员"
    ]
    inputs = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Inputs")
    listed = {Path(str(row[0])).name for row in inputs.to_python()[1:]}
    assert set(bad) < listed


@pytest.mark.parametrize("name", ["p.xlsx", "p.json", "z.json", "loop.csv", "s.csv"])
def test_an_entry_named_directly_is_refused_unopened(tmp_path, name):
    hostile_folder(tmp_path)
    with deadline(5):
        result = read_file(tmp_path / name, ReadOptions())
    assert result.error is None and result.skipped and "\n" not in result.skipped


def test_a_link_to_a_regular_file_is_followed(tmp_path):
    (tmp_path / "real.csv").write_bytes(bill_csv())
    (tmp_path / "13800001234-2026年10月.csv").symlink_to(tmp_path / "real.csv")
    result = read_file(tmp_path / "13800001234-2026年10月.csv", ReadOptions())
    assert result.error is None and len(result.charges) == 2


def test_a_link_to_a_folder_is_not_walked(tmp_path):
    (tmp_path / "bills").mkdir()
    (tmp_path / "bills" / "a.csv").write_bytes(bill_csv())
    (tmp_path / "bills" / "up").symlink_to(tmp_path)  # a loop, if it were followed
    (tmp_path / "bills" / "again").symlink_to(tmp_path / "bills")
    assert collect_inputs([tmp_path / "bills"]) == [tmp_path / "bills" / "a.csv"]


def test_reading_stops_at_the_size_limit_whatever_the_file_claims():
    # /proc files say they are empty; this one holds more than 16 bytes.
    with pytest.raises(Exception, match="grew past the 0 MiB limit"):
        read_input(Path("/proc/self/status"), 16)


# ------------------------------------------------------------ the earlier-report check


def test_reports_are_recognised_and_other_files_are_not(tmp_path):
    target = tmp_path / "out" / "report.xlsx"
    write_xlsx(sample_report(), target, Masker())
    options = ReadOptions()
    assert is_auditor_report(target, options)
    other = tmp_path / "bill.xlsx"
    other.write_bytes(bill_xlsx())
    assert not is_auditor_report(other, options)
    assert not is_auditor_report(tmp_path / "missing.xlsx", options)
    json_report = tmp_path / "r.json"
    json_report.write_text(json.dumps({"findings": [], "generator": "auditor-report"}))
    assert is_auditor_report(json_report, options)  # an older report, without its language


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_json_report_as_auditor_writes_it_is_recognised(tmp_path, language):
    from auditor.lang import using
    from auditor.writers import render_json

    with using(language):
        text = render_json(sample_report(), Masker())
    json_report = tmp_path / "audit.json"
    json_report.write_text(text, "utf-8")
    assert is_auditor_report(json_report, ReadOptions())


def test_the_report_check_unpacks_nothing_over_the_limit(tmp_path):
    # docProps/core.xml unpacks to 64 MiB: the check must refuse it unread, as reading does.
    path = tmp_path / "core.xlsx"
    path.write_bytes(member_bomb(bill_xlsx(), "docProps/core.xml", 64 * MiB))
    options = ReadOptions(max_unpacked_bytes=8 * MiB)
    tracemalloc.start()
    try:
        assert not is_auditor_report(path, options)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * len(path.read_bytes()) + MiB
    assert "over the 8 MiB limit for unpacked data" in read_file(path, options).error


UNREADABLE = {  # files the earlier-report check once failed on, and how to build them
    "method98.xlsx": lambda: patch_member(bill_xlsx(), "docProps/core.xml", method=98),
    "encrypted.xlsx": lambda: patch_member(bill_xlsx(), "docProps/core.xml", flags=1),
    "deep.json": lambda: deep_json(100_000),
}


@pytest.mark.parametrize("name", UNREADABLE)
def test_files_the_report_check_cannot_open_cost_only_themselves(tmp_path, name):
    folder = tmp_path / "bills"
    folder.mkdir()
    (folder / "13800001234-2026年10月.csv").write_bytes(bill_csv())
    (folder / name).write_bytes(UNREADABLE[name]())
    with deadline(20):
        result = CliRunner().invoke(
            cli.main, ["audit", str(folder), "-o", str(tmp_path / "r.xlsx"), "--no-history"]
        )
    assert result.exit_code == 3, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"auditor: {folder / name}: ")
    assert (tmp_path / "r.xlsx").is_file()


def test_the_walk_goes_top_down_through_sorted_folders(tmp_path):
    for name in ("b/y.csv", "b/a/x.csv", "a/z.csv", "m.csv", "c.csv", ".hidden/h.csv",
                 "b/.h.csv", "auditor.toml", "a/auditor.toml", "d/e/f/deep.csv"):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", "utf-8")
    (tmp_path / "d" / "back").symlink_to(tmp_path / "b")  # a link to a folder: not walked
    (tmp_path / "link.csv").symlink_to(tmp_path / "m.csv")  # a link to a file: an input
    found = [path.relative_to(tmp_path).as_posix() for path in collect_inputs([tmp_path])]
    assert found == [
        "c.csv", "link.csv", "m.csv",  # a folder's files first, then its folders in order
        "a/z.csv", "b/y.csv", "b/a/x.csv", "d/e/f/deep.csv",
    ]  # fmt: skip


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_the_quick_look_at_a_packages_properties_finds_what_zipfile_reads(method):
    report = io.BytesIO()
    workbook = render_xlsx(sample_report(), Masker())
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(report, "w", method) as copy,
    ):
        for info in source.infolist():
            copy.writestr(info.filename, source.read(info))
    for data in (workbook, report.getvalue(), bill_xlsx()):
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert core_properties(data) == package.read("docProps/core.xml")


def test_the_quick_look_leaves_to_zipfile_what_it_does_not_expect():
    data = bytearray(render_xlsx(sample_report(), Masker()))
    entry = data.rfind(b"docProps/core.xml") - 46
    assert core_properties(bytes(data)) is not None
    flagged = data.copy()
    flagged[entry + 8] |= 1  # encrypted
    assert core_properties(bytes(flagged)) is None
    damaged = data.copy()
    damaged[entry + 16] ^= 0xFF  # its CRC
    assert core_properties(bytes(damaged)) is None
    assert core_properties(b"not a package") is None


def test_a_report_zipfile_cannot_open_stays_an_input(tmp_path):
    # Its properties are intact and carry the marker; the package's own checks fail.
    workbook = render_xlsx(sample_report(), Masker())
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(workbook[:-22] + b"XX" + workbook[-20:])  # the end record
    assert core_properties(damaged.read_bytes()) is not None
    assert not is_auditor_report(damaged, ReadOptions())
    whole = tmp_path / "whole.xlsx"
    whole.write_bytes(workbook)
    assert is_auditor_report(whole, ReadOptions())
    assert not is_auditor_report(whole, ReadOptions(max_unpacked_bytes=10_000))
