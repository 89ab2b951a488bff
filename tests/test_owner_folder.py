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
# Not within a finding's id (F and 12 hex digits, random per history: one in a few
# hundred holds eleven digits that look like a number).
FULL_NUMBER = re.compile(r"(?<!\d)(?<!F)(?<!F[0-9a-f])1[3-9]\d{9}(?!\d)")


def put(folder: Path, name: str, source: Path = REPLY) -> Path:
    """``source`` copied as ``folder/name``."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(source, folder / name))


def lines_of(result) -> set[str]:
    return {service.line for service in result.services}


def taken(folder: str, line: str) -> str:
    return f"line taken from the folder {folder} (the settings' owner of {line})"


def no_line(*owners: str) -> str:
    """The error of a file no folder of an owner holds: the owners' folders it could be in."""
    return f"{NO_LINE_FOUND.en}; the settings' owners' folders: " + ", ".join(
        f"{owner}/" for owner in owners
    )


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
    assert read_file(path, ReadOptions(line_owners=OWNERS)).error == no_line("爸爸", "奶奶")


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


def elsewhere(line: str, owner: str, folder: str, folders: str) -> str:
    """Said of a file stating ``line`` (``owner``'s) in another owner's folder."""
    return (
        f"the file states line {line} ({owner}'s in the settings) but sits in the folder "
        f"{folder} (the settings' owner of {folders}): read as the file states; is it in "
        "the wrong owner's folder?"
    )


def test_the_number_in_the_name_wins_over_the_owners_folder(tmp_path):
    path = put(tmp_path / "奶奶", f"{DAD}-0000回复.txt")
    result = read_file(path, ReadOptions(line_owners=OWNERS))
    assert lines_of(result) == {DAD}
    assert result.alerts == [elsewhere(DAD, "爸爸", "奶奶", GRANDMA)]
    numbered = put(tmp_path / "奶奶" / DAD, "0000回复.txt")  # in its folder's name too
    assert lines_of(read_file(numbered, ReadOptions(line_owners=OWNERS))) == {DAD}


def test_the_number_in_the_content_wins_over_the_owners_folder(tmp_path):
    path = tmp_path / "奶奶" / "订购提醒.txt"
    path.parent.mkdir()
    path.write_text(f"您的号码{DAD}已成功订购咪咕视频会员，15元/月。【中国移动】\n", "utf-8")
    result = read_file(path, ReadOptions(line_owners=OWNERS))
    assert lines_of(result) == {DAD}
    assert result.alerts == [elsewhere(DAD, "爸爸", "奶奶", GRANDMA)]
    # in its owner's own folder: nothing to say
    path.rename(put(tmp_path / "爸爸", "x.txt"))
    mine = read_file(tmp_path / "爸爸" / "x.txt", ReadOptions(line_owners=OWNERS))
    assert lines_of(mine) == {DAD} and mine.alerts == []


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
    assert read_file(above, given).error == no_line("爸爸", "奶奶")
    # the input folder itself counts
    inside = ReadOptions(line_owners=OWNERS, input_folders=(str(top / "2026-11" / "爸爸"),))
    assert lines_of(read_file(path, inside)) == {DAD}


def test_a_file_named_directly_has_its_own_folder_alone(tmp_path):
    options = ReadOptions(line_owners=OWNERS)  # no input folder holds it
    path = put(tmp_path / "爸爸", "0000回复.txt")
    assert lines_of(read_file(path, options)) == {DAD}
    deeper = put(tmp_path / "爸爸" / "2026-11", "0000回复.txt")
    assert read_file(deeper, options).error == no_line("爸爸", "奶奶")


# ------------------------------------------------- nested folders, other owners' names

# The demo's settings: Dad's phone, and his data card as an owner of its own.
CARD_OWNER = "爸爸（流量卡）"
DAD_AND_CARD = (*OWNERS, (DAD_CARD, CARD_OWNER))


def matches(folder: str, *named: str) -> str:
    return (
        f"{NO_LINE_FOUND.en}; the folder {folder} matches {len(named)} owners of the "
        f"settings ({'; '.join(named)}): which one is not guessed"
    )


def test_nested_folders_whose_names_joined_are_an_owners_name_it(tmp_path):
    path = put(tmp_path / "爸爸" / "流量卡", "0000回复.txt")
    given = ReadOptions(line_owners=DAD_AND_CARD, input_folders=(str(tmp_path),))
    result = read_file(path, given)
    assert lines_of(result) == {DAD_CARD} and result.alerts == [taken("爸爸/流量卡", DAD_CARD)]
    # a folder of his own still his, a folder of the card's full name the card's
    assert lines_of(read_file(put(tmp_path / "爸爸", "0000回复.txt"), given)) == {DAD}
    whole = put(tmp_path / "爸爸（流量卡）" / "短信", "0000回复.txt")
    assert lines_of(read_file(whole, given)) == {DAD_CARD}


@pytest.mark.parametrize("nearer", ["卡", "流量", "爸爸的流量卡", "流量卡 旧"])
def test_a_nearer_folder_meaning_another_owners_line_is_not_guessed(tmp_path, nearer):
    path = put(tmp_path / "爸爸" / nearer, "0000回复.txt")
    given = ReadOptions(line_owners=DAD_AND_CARD, input_folders=(str(tmp_path),))
    result = read_file(path, given)
    assert result.error == matches(
        f"爸爸/{nearer}", f"'爸爸': {DAD}", f"'{CARD_OWNER}': {DAD_CARD}"
    )
    assert not result.services


@pytest.mark.parametrize("nearer", ["短信", "截图", "2026-11", "移动"])
def test_a_nearer_folder_of_no_owners_name_leaves_the_owners_line(tmp_path, nearer):
    path = put(tmp_path / "账单" / "爸爸" / nearer, "0000回复.txt")
    given = ReadOptions(line_owners=DAD_AND_CARD, input_folders=(str(tmp_path / "账单"),))
    result = read_file(path, given)
    assert lines_of(result) == {DAD} and result.alerts == [taken("爸爸", DAD)]


def test_a_nearer_folder_named_with_no_letter_or_digit_means_no_other_owner(tmp_path):
    path = put(tmp_path / "账单" / "爸爸" / "（）", "0000回复.txt")
    given = ReadOptions(line_owners=DAD_AND_CARD, input_folders=(str(tmp_path / "账单"),))
    result = read_file(path, given)
    assert lines_of(result) == {DAD} and not result.error


def test_two_owners_named_at_one_folder_are_not_guessed(tmp_path):
    path = put(tmp_path / "爸爸" / "流量卡", "0000回复.txt")
    owners = (*DAD_AND_CARD, (GRANDMA, "流量卡"))  # the folder alone names another owner
    result = read_file(path, ReadOptions(line_owners=owners, input_folders=(str(tmp_path),)))
    assert result.error == matches(
        "爸爸/流量卡", f"'流量卡': {GRANDMA}", f"'{CARD_OWNER}': {DAD_CARD}"
    )


def test_a_carrier_folder_nested_under_an_owner_may_be_part_of_a_name(tmp_path):
    owners = ((DAD, "爸爸"), (GRANDMA, "爸爸(移动)"))
    given = ReadOptions(line_owners=owners, input_folders=(str(tmp_path),))
    joined = put(tmp_path / "爸爸" / "移动", "0000回复.txt")
    assert lines_of(read_file(joined, given)) == {GRANDMA}
    within = put(tmp_path / "爸爸" / "中国移动", "0000回复.txt")  # 移动 inside: either line
    assert read_file(within, given).error == matches(
        "爸爸/中国移动", f"'爸爸': {DAD}", f"'爸爸(移动)': {GRANDMA}"
    )


@pytest.mark.parametrize(
    ("folders", "owner"),
    [
        (("移动",), "移动"),
        (("中国联通",), "联通"),
        (("2026-11",), "2026-11"),
        (("2026", "11"), "11"),
    ],
)
def test_a_month_or_carrier_folder_names_no_owner(tmp_path, folders, owner):
    path = put(tmp_path.joinpath(*folders), "0000回复.txt")
    given = ReadOptions(line_owners=((DAD, owner),), input_folders=(str(tmp_path),))
    assert read_file(path, given).error == no_line(owner)
    # the same owner's name, a person's folder: read as the line
    named = put(tmp_path / f"{owner}的卡", "0000回复.txt")
    renamed = ReadOptions(line_owners=((DAD, f"{owner}的卡"),), input_folders=(str(tmp_path),))
    assert lines_of(read_file(named, renamed)) == {DAD}


# A company's settings: two lines in the sales department, one of them its shared phone.
SALES = ((DAD, "销售部"), (GRANDMA, "销售部"))


def test_a_groups_folder_names_none_of_its_lines(tmp_path):
    path = put(tmp_path / "销售部", "0000回复.txt")
    alone = ReadOptions(
        line_owners=((DAD, "张三"),), line_groups=((DAD, "销售部"),), input_folders=(str(tmp_path),)
    )
    assert read_file(path, alone).error == no_line("张三")  # even a group of one line
    shared = ReadOptions(
        line_owners=((DAD, "销售部"),), line_groups=SALES, input_folders=(str(tmp_path),)
    )
    assert read_file(path, shared).error == (
        f"{NO_LINE_FOUND.en}; the folder 销售部 matches 2 owners or groups of the settings "
        f"('销售部': {DAD}; '销售部' (group): {DAD}; '销售部' (group): {GRANDMA}): "
        "which one is not guessed"
    )


def test_a_groups_folder_under_an_owners_is_not_guessed_and_above_it_is_no_matter(tmp_path):
    given = ReadOptions(
        line_owners=((DAD, "张三"), (GRANDMA, "李四")),
        line_groups=SALES,
        input_folders=(str(tmp_path),),
    )
    under = put(tmp_path / "张三" / "销售部", "0000回复.txt")
    assert read_file(under, given).error.endswith(
        f"the folder 张三/销售部 matches 2 owners or groups of the settings ('张三': {DAD}; "
        f"'销售部' (group): {DAD}; '销售部' (group): {GRANDMA}): which one is not guessed"
    )
    above = put(tmp_path / "销售部" / "张三", "0000回复.txt")
    result = read_file(above, given)
    assert lines_of(result) == {DAD} and result.alerts == [taken("张三", DAD)]


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
    settings = tmp_path / "family.toml"  # given with --known: not found by itself
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


def audited(tmp_path: Path, bills: Path, settings: Path) -> dict[str, dict]:
    """The inputs of an audit of ``bills`` under ``settings``, by their folder and name."""
    args = ["audit", str(bills), "--known", str(settings), "--no-history"]
    args += ["--as-of", "2026-11-05", "-o", str(tmp_path / "r.xlsx"), "--json", "-", "-q"]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code in (0, 3), result.output
    assert not FULL_NUMBER.search(result.stdout + result.stderr)
    inputs = json.loads(result.stdout)["inputs"]
    return {str(Path(i["path"]).relative_to(bills).parent): i for i in inputs}


def test_the_demos_data_card_folder_is_the_card_and_a_card_folder_is_not_guessed(tmp_path):
    bills = tmp_path / "账单"
    for folder in ("爸爸/流量卡", "爸爸/卡", "爸爸/短信"):
        put(bills / folder, "0000回复.txt")
    inputs = audited(tmp_path, bills, HOUSEHOLD / "auditor.toml")
    assert inputs["爸爸/流量卡"]["line"] == "147****2222"
    assert taken("爸爸/流量卡", "147****2222") in inputs["爸爸/流量卡"]["warnings"]
    assert inputs["爸爸/卡"]["line"] is None
    assert inputs["爸爸/卡"]["error"].endswith(
        "the folder 爸爸/卡 matches 2 owners of the settings "
        "('爸爸': 138****1234; '爸爸（流量卡）': 147****2222): which one is not guessed"
    )
    assert inputs["爸爸/短信"]["line"] == "138****1234"


def test_the_settings_groups_name_no_line_in_the_audit(tmp_path):
    bills = tmp_path / "账单"
    put(bills / "销售部", "0000回复.txt")
    bill = HOUSEHOLD / "china-mobile" / "中国移动账单-2026年10月.xlsx"
    put(bills / "张三", bill.name, bill)  # one file read: the audit runs
    settings = tmp_path / "auditor.toml"
    settings.write_text(
        f'[lines."{DAD}"]\nowner = "张三"\ngroup = "销售部"\n'
        f'[lines."{GRANDMA}"]\nowner = "销售部"\ngroup = "销售部"\n',
        "utf-8",
    )
    inputs = audited(tmp_path, bills, settings)
    assert inputs["销售部"]["line"] is None
    assert "'销售部' (group): 138****1234" in inputs["销售部"]["error"]
