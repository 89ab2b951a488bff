"""A file that states its own lines (a 手机号码 column, a bill's header) is read as it
states whatever folder it sits in: the owner's folder is said only of the records that
took their line from it, and a file stating only lines other than its folder owner's
is said to sit in another owner's folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.readers import ReadOptions, read_file

pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
# A Unicom export: every row states 18600005678 in its 手机号码 column.
UNICOM = ROOT / "fixtures" / "household" / "china-unicom" / "联通账单-2026年08月.csv"
HUSBAND, MUM = "18600005678", "13800001234"
OWNERS = ((HUSBAND, "老公"), (MUM, "妈妈"))
TAKEN = "line taken from the folder"


def put(folder: Path, source: Path = UNICOM) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(source, folder / source.name))


def folder_alerts(result) -> list[str]:
    return [alert for alert in result.alerts if "folder" in alert]


def test_a_file_stating_its_owners_line_is_not_said_to_take_it_from_the_folder(tmp_path):
    result = read_file(put(tmp_path / "老公"), ReadOptions(line_owners=OWNERS))
    assert result.lines == [HUSBAND] and result.charges
    assert folder_alerts(result) == []


def test_a_file_stating_another_owners_line_is_said_to_sit_in_their_folder(tmp_path):
    result = read_file(put(tmp_path / "妈妈"), ReadOptions(line_owners=OWNERS))
    assert result.lines == [HUSBAND]  # read as it states, not as the folder's
    assert folder_alerts(result) == [
        f"the file states line {HUSBAND} (老公's in the settings) but sits in the folder "
        f"妈妈 (the settings' owner of {MUM}): read as the file states; is it in the "
        "wrong owner's folder?"
    ]


def test_a_line_not_in_the_settings_is_named_alone(tmp_path):
    result = read_file(put(tmp_path / "妈妈"), ReadOptions(line_owners=((MUM, "妈妈"),)))
    assert folder_alerts(result) == [
        f"the file states line {HUSBAND} but sits in the folder 妈妈 (the settings' owner "
        f"of {MUM}): read as the file states; is it in the wrong owner's folder?"
    ]


@pytest.mark.parametrize("period", [None, "2026-08"])  # the fast way and the slow way
def test_a_row_stating_no_line_takes_the_folders_and_says_so(tmp_path, period):
    path = tmp_path / "妈妈" / "账单.csv"
    path.parent.mkdir()
    path.write_text(
        "手机号码,账期,费用类别,费用项目,金额\n"
        f"{MUM},202608,月固定费,套餐月费,29.00\n"
        ",202608,增值业务费,彩铃,5.00\n",
        "utf-8",
    )
    result = read_file(path, ReadOptions(line_owners=OWNERS, period=period))
    assert {charge.line for charge in result.charges} == {MUM}
    assert folder_alerts(result) == [f"{TAKEN} 妈妈 (the settings' owner of {MUM})"]


def test_rows_of_no_line_column_take_the_folders(tmp_path):
    path = tmp_path / "妈妈" / "账单.csv"
    path.parent.mkdir()
    path.write_text("账期,费用类别,费用项目,金额\n202608,月固定费,套餐月费,29.00\n", "utf-8")
    result = read_file(path, ReadOptions(line_owners=OWNERS))
    assert result.lines == [MUM]
    assert folder_alerts(result) == [f"{TAKEN} 妈妈 (the settings' owner of {MUM})"]
