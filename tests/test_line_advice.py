"""What a family's user is told when a file's line is not found, or is not the one the
document shows: the settings' own owners, never an example that reads as one of them
(``owner = "奶奶" 的号码：奶奶/`` offered for dad's file); whose line a masked number the
document shows (``186****5678``) is, and so the folder to keep it in; and where a line
that disagrees with the document came from (an owner's folder is no file name)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli

SETTINGS = """
[lines."13800001234"]
owner = "爸爸"

[lines."18600005678"]
owner = "妈妈"

[lines."19200001111"]
owner = "奶奶"
"""
# Mum's bill reminder as some phones show it: her number masked.
MASKED = (
    "【账单提醒】尊敬的186****5678用户，您10月份账单合计53.60元，实际应付53.60元。"
    "主要费用项包括：月固定费29元，增值业务费25元，代收费（信息费）3元。【中国联通】\n"
)
# A reminder with no number at all.
NO_NUMBER = "【账单提醒】您本账单周期为10月1日-10月31日，本期应付金额为38.94元。【中国电信】\n"


def audit(bills: Path, *extra: str):
    """``auditor audit bills`` as the family's user types it (their settings beside)."""
    args = ["audit", str(bills), "--no-history", "--as-of", "2026-11-06", "--lang", "zh"]
    args += ["-o", str(bills.parent / "r.xlsx"), "-q", *extra]
    return CliRunner().invoke(cli.main, args)


def family(tmp_path: Path, text: str, where: str = "") -> Path:
    """A family's month folder with ``text`` saved in it (in the folder ``where``)."""
    (tmp_path / "auditor.toml").write_text(SETTINGS, "utf-8")
    bills = tmp_path / "2026-11"
    (bills / where).mkdir(parents=True)
    (bills / where / "短信.txt").write_text(text, "utf-8")
    return bills


def test_a_masked_number_the_settings_know_names_its_owners_folder(tmp_path):
    result = audit(family(tmp_path, MASKED))
    assert result.exit_code == 2
    assert "找不到号码" in result.stderr
    assert (
        "文档中的号码 186****5678 与设置中 妈妈 的号码相符：把文件放进文件夹 妈妈/ 即可"
        in result.stderr
    )
    assert 'owner = "奶奶"' not in result.stderr and "奶奶/" not in result.stderr


def test_a_file_with_no_number_names_the_settings_owners_folders(tmp_path):
    result = audit(family(tmp_path, NO_NUMBER))
    assert result.exit_code == 2
    assert "；设置中的机主文件夹：爸爸/、妈妈/、奶奶/" in result.stderr
    assert 'owner = "奶奶"' not in result.stderr


def test_without_settings_the_advice_names_no_one(tmp_path):
    bills = tmp_path / "2026-11"
    bills.mkdir()
    (bills / "短信.txt").write_text(NO_NUMBER, "utf-8")
    result = audit(bills)
    assert result.exit_code == 2
    assert '（设置中写 owner = "<机主>" 的号码放进 <机主>/）' in result.stderr
    assert "奶奶" not in result.stderr and "机主文件夹" not in result.stderr


def test_a_file_in_another_owners_folder_says_the_folder_gave_the_line(tmp_path):
    result = audit(family(tmp_path, MASKED, "奶奶"))
    assert result.exit_code == 2
    assert (
        "号码 192****1111（取自文件夹 奶奶，即设置中这个号码的机主）与文档中的 186****5678 不符"
        "：是不是放错了文件夹？186****5678 与设置中 妈妈 的号码相符，应放进文件夹 妈妈/"
    ) in result.stderr
    assert "来自文件名或 --line" not in result.stderr


def test_a_line_given_by_option_is_said_to_be_the_options(tmp_path):
    result = audit(family(tmp_path, MASKED), "--line", "13800001234")
    assert result.exit_code == 2
    assert "号码 138****1234（来自 --line）与文档中的 186****5678 不符" in result.stderr
    assert "放错了文件夹" not in result.stderr


@pytest.mark.usefixtures("english")
def test_in_english(tmp_path):
    bills = family(tmp_path, MASKED, "奶奶")
    args = ["audit", str(bills), "--no-history", "--as-of", "2026-11-06", "-q"]
    result = CliRunner().invoke(cli.main, [*args, "-o", str(tmp_path / "r.xlsx")])
    assert (
        "line 192****1111 (taken from the folder 奶奶, the settings' owner of that line) does "
        "not match 186****5678 in the document: is it in the wrong owner's folder? "
        "186****5678 matches 妈妈's line in the settings: keep it in the folder 妈妈/"
    ) in result.stderr
    (bills / "奶奶" / "短信.txt").rename(bills / "短信.txt")
    result = CliRunner().invoke(cli.main, [*args, "-o", str(tmp_path / "r.xlsx")])
    assert (
        "; the document's 186****5678 matches 妈妈's line in the settings: keep the file in "
        "the folder 妈妈/"
    ) in result.stderr
