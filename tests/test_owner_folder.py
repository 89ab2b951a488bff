"""A file in a folder named after a line's owner in the settings (``账单/2026-11/奶奶/``) is
read as that owner's one line when its content and name state none, with a warning
naming the folder; an owner of several lines, or two owners of one name, guess nothing
and the error says why; the number in the content or the name, and ``--line``, come
first; only the folders within the input folder given are looked at."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.readers import ReadOptions, read_file
from auditor.readers.base import NO_LINE_FOUND

pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
# A 0000 reply and a real order confirmation: neither carries the number it is about.
REPLY = ROOT / "fixtures" / "sms" / "china-mobile" / "13800001234-0000回复.txt"
ORDERS = ROOT / "fixtures" / "realworld" / "china-mobile-order-confirmation-sms-2014.txt"
HOUSEHOLD = ROOT / "fixtures" / "household"
DAD, DAD_CARD, GRANDMA = "13800001234", "14700002222", "13900001111"  # all China Mobile
OWNERS = ((DAD, "爸爸"), (GRANDMA, "奶奶"))
FULL_NUMBER = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def put(folder: Path, name: str, source: Path = REPLY) -> Path:
    """``source`` copied as ``folder/name``."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(source, folder / name))


def lines_of(result) -> set[str]:
    return {service.line for service in result.services}


def taken(folder: str, line: str) -> str:
    return f"line taken from the folder {folder} (the settings' owner of {line})"


# ----------------------------------------------------------------------- reading


def test_a_file_in_an_owners_folder_is_read_as_the_owners_line(tmp_path):
    path = put(tmp_path / "账单" / "爸爸", "0000回复.txt")
    assert read_file(path, ReadOptions()).error == NO_LINE_FOUND.en  # as before
    result = read_file(path, ReadOptions(line_owners=OWNERS))
    assert result.error is None and lines_of(result) == {DAD}
    assert result.alerts == [taken("爸爸", DAD)]  # once, for its several services
    assert len(result.services) > 1


def test_an_order_confirmation_is_read_as_grandmas_line(tmp_path):
    path = put(tmp_path / "奶奶", "订购提醒.txt", ORDERS)
    result = read_file(path, ReadOptions(line_owners=OWNERS))
    assert lines_of(result) == {GRANDMA} and result.alerts == [taken("奶奶", GRANDMA)]


@pytest.mark.parametrize(
    ("folder", "owner"),
    [(" 奶奶 ", "奶奶"), ("（奶奶）", "(奶奶)"), ("(奶奶)", "（奶奶）"), ("Grandma", "grandma")],
)
def test_a_folder_is_compared_trimmed_and_as_half_width(tmp_path, folder, owner):
    path = put(tmp_path / folder, "0000回复.txt")
    result = read_file(path, ReadOptions(line_owners=((GRANDMA, owner),)))
    assert lines_of(result) == {GRANDMA} and result.alerts == [taken(folder, GRANDMA)]


def test_a_folder_named_otherwise_gives_no_line(tmp_path):
    path = put(tmp_path / "奶奶的手机", "0000回复.txt")
    assert read_file(path, ReadOptions(line_owners=OWNERS)).error == NO_LINE_FOUND.en


def test_an_owner_of_several_lines_is_not_guessed(tmp_path):
    path = put(tmp_path / "爸爸", "0000回复.txt")
    owners = (*OWNERS, (DAD_CARD, "爸爸"))
    result = read_file(path, ReadOptions(line_owners=owners))
    assert result.error == (
        f"{NO_LINE_FOUND.en}; the folder 爸爸 is the settings' owner of 2 lines "
        f"({DAD}, {DAD_CARD}): which one is not guessed"
    )
    assert not result.services


def test_two_owners_of_one_name_are_not_guessed(tmp_path):
    path = put(tmp_path / "奶奶", "0000回复.txt")
    owners = ((DAD, "奶奶 "), (GRANDMA, "奶奶"))
    result = read_file(path, ReadOptions(line_owners=owners))
    assert result.error == (
        f"{NO_LINE_FOUND.en}; the folder 奶奶 matches 2 owners of the settings "
        f"('奶奶 ': {DAD}; '奶奶': {GRANDMA}): which one is not guessed"
    )


def test_the_number_in_the_name_wins_over_the_owners_folder(tmp_path):
    path = put(tmp_path / "奶奶", f"{DAD}-0000回复.txt")
    result = read_file(path, ReadOptions(line_owners=OWNERS))
    assert lines_of(result) == {DAD} and result.alerts == []
    numbered = put(tmp_path / "奶奶" / DAD, "0000回复.txt")  # in its folder's name too
    assert lines_of(read_file(numbered, ReadOptions(line_owners=OWNERS))) == {DAD}


def test_the_number_in_the_content_wins_over_the_owners_folder(tmp_path):
    path = tmp_path / "奶奶" / "订购提醒.txt"
    path.parent.mkdir()
    path.write_text(f"您的号码{DAD}已成功订购咪咕视频会员，15元/月。【中国移动】\n", "utf-8")
    result = read_file(path, ReadOptions(line_owners=OWNERS))
    assert lines_of(result) == {DAD} and result.alerts == []


def test_line_option_wins_and_the_folders_line_counts_as_stated(tmp_path):
    path = put(tmp_path / "奶奶", "0000回复.txt")
    result = read_file(path, ReadOptions(line=DAD, line_owners=OWNERS))
    assert lines_of(result) == {DAD}
    assert not any("folder" in alert for alert in result.alerts)
    # what tells --line over one line's files from --line over a family's folder
    assert result.stated_lines == {GRANDMA}


def test_the_nearest_owners_folder_within_the_input_folder_decides(tmp_path):
    top = tmp_path / "奶奶" / "账单"  # a home folder named after its user
    path = put(top / "2026-11" / "爸爸" / "短信", "0000回复.txt")
    given = ReadOptions(line_owners=OWNERS, input_folders=(str(top),))
    result = read_file(path, given)
    assert lines_of(result) == {DAD} and result.alerts == [taken("爸爸", DAD)]
    # above the input folder: not the user's sorting of the bills
    above = put(top / "2026-11", "0000回复.txt")
    assert read_file(above, given).error == NO_LINE_FOUND.en
    # the input folder itself counts
    inside = ReadOptions(line_owners=OWNERS, input_folders=(str(top / "2026-11" / "爸爸"),))
    assert lines_of(read_file(path, inside)) == {DAD}


def test_a_file_named_directly_has_its_own_folder_alone(tmp_path):
    options = ReadOptions(line_owners=OWNERS)  # no input folder holds it
    path = put(tmp_path / "爸爸", "0000回复.txt")
    assert lines_of(read_file(path, options)) == {DAD}
    deeper = put(tmp_path / "爸爸" / "2026-11", "0000回复.txt")
    assert read_file(deeper, options).error == NO_LINE_FOUND.en


# ----------------------------------------------------------------------- the audit


def family(tmp_path: Path) -> tuple[Path, Path]:
    """A family's month of files in folders named after their owners, none of those
    without a bill naming a number, and the settings naming the owners."""
    bills = tmp_path / "账单"
    month = bills / "2026-11"
    put(month / "爸爸", "0000回复.txt")
    put(
        month / "爸爸",
        "中国移动账单-2026年10月.xlsx",
        HOUSEHOLD / "china-mobile" / "中国移动账单-2026年10月.xlsx",
    )
    put(month / "奶奶", "订购提醒.txt", ORDERS)
    settings = tmp_path / "auditor.toml"
    settings.write_text(
        f'[lines."{DAD}"]\nowner = "爸爸"\n[lines."{GRANDMA}"]\nowner = "奶奶"\n', "utf-8"
    )
    return bills, settings


def test_a_family_folder_is_audited_by_its_owners_folders(tmp_path):
    bills, settings = family(tmp_path)
    args = ["audit", str(bills), "--known", str(settings), "--no-history"]
    args += ["--as-of", "2026-11-05", "-o", str(tmp_path / "r.xlsx"), "--json", "-", "-q"]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    inputs = {Path(i["path"]).name: i for i in json.loads(result.stdout)["inputs"]}
    assert all(i["error"] is None for i in inputs.values())
    assert inputs["0000回复.txt"]["line"] == "138****1234"
    assert taken("爸爸", "138****1234") in inputs["0000回复.txt"]["warnings"]
    assert inputs["订购提醒.txt"]["line"] == "139****1111"
    assert taken("奶奶", "139****1111") in inputs["订购提醒.txt"]["warnings"]
    assert not any("folder" in w for w in inputs["中国移动账单-2026年10月.xlsx"]["warnings"])
    assert taken("奶奶", "139****1111") in result.stderr  # said as it is read, masked
    assert not FULL_NUMBER.search(result.stdout + result.stderr)

    forced = CliRunner().invoke(cli.main, [*args, "--line", DAD])
    assert forced.exit_code == 2  # --line over two owners' folders: not made one line
    assert "the inputs state 2 lines" in forced.stderr


def test_without_the_settings_the_family_folder_fails_as_before(tmp_path):
    bills, _ = family(tmp_path)
    args = ["audit", str(bills), "--no-history", "--as-of", "2026-11-05"]
    args += ["-o", str(tmp_path / "r.xlsx"), "--json", "-", "-q"]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 3
    errors = [i["error"] for i in json.loads(result.stdout)["inputs"] if i["error"]]
    assert errors == [NO_LINE_FOUND.en, NO_LINE_FOUND.en]
