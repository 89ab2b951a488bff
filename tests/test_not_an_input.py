"""A report is never written over one of its inputs, however either is named
(auditor.writers.safe.check_not_an_input: one stat an input, thousands of inputs)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.errors import AuditorError
from auditor.writers.safe import check_not_an_input


@pytest.fixture
def inputs(tmp_path, monkeypatch) -> list[Path]:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "bills" / "13800001234"
    folder.mkdir(parents=True)
    files = [folder / f"bill-{n}.xlsx" for n in range(3)]
    for file in files:
        file.write_bytes(b"x")
    return [*files, tmp_path / "named-but-missing.csv"]


@pytest.mark.parametrize(
    "target",
    [
        "bills/13800001234/bill-1.xlsx",
        "./bills/../bills/13800001234/bill-2.xlsx",
        "no-such-folder/../bills/13800001234/bill-0.xlsx",
        "link.xlsx",
        "hard.xlsx",
        "named-but-missing.csv",
    ],
)
def test_each_spelling_of_an_input_is_refused(inputs, target):
    Path("link.xlsx").symlink_to(inputs[1])
    os.link(inputs[2], "hard.xlsx")
    with pytest.raises(AuditorError, match="拒绝把报告写在它的输入文件上"):
        check_not_an_input(Path(target), inputs)


@pytest.mark.parametrize("target", ["report.xlsx", "bills/report.xlsx", "new/report.xlsx"])
def test_other_files_and_new_ones_are_fine(inputs, target):
    Path("bills/report.xlsx").write_bytes(b"old report")
    check_not_an_input(Path(target), inputs)


def test_the_outputs_are_checked_against_each_input_looked_at_once(inputs, monkeypatch):
    """Two outputs (the report and the JSON) against a company's 2,000 inputs: each input
    is looked at once, not once an output; the second output is still refused when it
    is one of them."""
    from auditor.writers import safe

    looked: list[str] = []
    stat = os.stat

    def counted(path, *args, **kwargs):
        looked.append(os.fspath(path))
        return stat(path, *args, **kwargs)

    monkeypatch.setattr(safe.os, "stat", counted)
    safe.check_outputs({"report": Path("report.xlsx"), "JSON": Path("report.json")}, inputs)
    assert sorted(p for p in looked if p in map(str, inputs)) == sorted(map(str, inputs))
    with pytest.raises(AuditorError, match="拒绝把JSON写在它的输入文件上"):
        safe.check_outputs({"report": Path("report.xlsx"), "JSON": inputs[0]}, inputs)
