"""The settings file: found where the bills are, named in the report, and edited by
``auditor known`` without losing what the user wrote in it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.config import load_config
from auditor.names import close_names
from auditor.settings_search import find_config

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
FAMILY = """\
# our family's settings
known_services = ["彩铃功能费"]  # we want this one

[lines."13800001234"]
owner = "爸爸"  # dad's phone
group = "家里"
"""


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli.main, list(args), input=input)


def test_found_beside_the_inputs_then_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bills, other = tmp_path / "bills", tmp_path / "other"
    bills.mkdir()
    other.mkdir()
    (bills / "auditor.toml").write_text(FAMILY, "utf-8")
    (other / "auditor.toml").write_text(FAMILY, "utf-8")
    bill = other / "a.csv"
    bill.write_text("x\n", "utf-8")
    assert find_config(None, [bills, bill]) == (bills / "auditor.toml", [other / "auditor.toml"])
    assert find_config(None, [bill]) == (other / "auditor.toml", [])
    # the working folder's, above the bills, is further from them than their own
    (tmp_path / "auditor.toml").write_text(FAMILY, "utf-8")
    assert find_config(None, [bills]) == (bills / "auditor.toml", [Path("auditor.toml")])
    (bills / "auditor.toml").unlink()
    assert find_config(None, [bills]) == (Path("auditor.toml"), [])
    assert find_config(tmp_path / "x.toml", [bills]) == (tmp_path / "x.toml", [])


def test_found_above_the_months_folders_not_above_home(tmp_path, monkeypatch):
    """The family's settings beside the months' folders (~/账单/auditor.toml, bills in
    ~/账单/2026-11) are found from wherever the audit runs; none above the home folder."""
    home, elsewhere = tmp_path / "home", tmp_path / "home" / "work"
    bills = home / "账单"
    month = bills / "2026-11"
    month.mkdir(parents=True)
    elsewhere.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(elsewhere)
    (tmp_path / "auditor.toml").write_text(FAMILY, "utf-8")  # above home: never found
    assert find_config(None, [month]) == (None, [])
    (bills / "auditor.toml").write_text(FAMILY, "utf-8")
    assert find_config(None, [month]) == (bills / "auditor.toml", [])
    assert find_config(None, [month / "a.csv"]) == (bills / "auditor.toml", [])
    # the month's own wins over the one above; the one above is then not said unused
    (month / "auditor.toml").write_text(FAMILY, "utf-8")
    assert find_config(None, [month]) == (month / "auditor.toml", [])
    # from a month's folder, the commands without inputs (history, known) find it above
    monkeypatch.chdir(bills / "2026-11")
    (month / "auditor.toml").unlink()
    assert find_config(None, []) == (bills / "auditor.toml", [])
    assert "18612345678" not in (bills / "auditor.toml").read_text("utf-8")
    assert run("known", "add", "沃音乐会员", "--line", "18612345678").exit_code == 0
    assert "沃音乐会员" in (bills / "auditor.toml").read_text("utf-8")
    assert not (month / "auditor.toml").exists()


def test_outside_home_found_up_to_the_root(tmp_path, monkeypatch):
    """Bills outside the home folder (a shared drive) look up to the root."""
    monkeypatch.setenv("HOME", str(tmp_path / "someone"))
    month = tmp_path / "share" / "2026-11"
    month.mkdir(parents=True)
    (tmp_path / "auditor.toml").write_text(FAMILY, "utf-8")
    monkeypatch.chdir(month)
    assert find_config(None, [month]) == (tmp_path / "auditor.toml", [])


def test_a_settings_file_of_another_user_above_is_not_taken(tmp_path, monkeypatch):
    """Bills outside the home folder: an auditor.toml another user left above them (in
    /tmp, say) could hide findings, and is not used; the bills' own folder's always is."""
    monkeypatch.setenv("HOME", str(tmp_path / "someone"))
    month = tmp_path / "share" / "2026-11"
    month.mkdir(parents=True)
    above = tmp_path / "auditor.toml"
    above.write_text(FAMILY, "utf-8")
    monkeypatch.chdir(month)
    someone_else = above.stat().st_uid + 1
    monkeypatch.setattr("auditor.settings_search.os.getuid", lambda: someone_else)
    assert find_config(None, [month]) == (None, [])
    (month / "auditor.toml").write_text(FAMILY, "utf-8")  # the folder given: taken
    assert find_config(None, [month])[0].resolve() == (month / "auditor.toml").resolve()


def test_a_working_folder_removed_meanwhile_is_no_error(tmp_path, monkeypatch):
    def gone():
        raise FileNotFoundError("the working folder was removed")

    monkeypatch.setattr(Path, "cwd", staticmethod(gone))
    assert find_config(None, []) == (None, [])


@pytest.fixture
def unicom(tmp_path) -> Path:
    """Mum's Unicom bills and list with the household's settings beside them."""
    folder = tmp_path / "bills"
    shutil.copytree(HOUSEHOLD / "china-unicom", folder)
    shutil.copy(HOUSEHOLD / "auditor.toml", folder)
    return folder


def test_the_settings_beside_the_bills_are_used_from_anywhere(tmp_path, monkeypatch, unicom):
    monkeypatch.chdir(tmp_path)
    result = run(
        "audit", str(unicom), "--as-of", "2026-11-05", "--no-history", "-o", "r.xlsx",
        "--json", "r.json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"已知业务和机主来自：{unicom / 'auditor.toml'}" in result.stdout
    data = json.loads(Path("r.json").read_text("utf-8"))
    assert data["summary"]["settings"] == str(unicom / "auditor.toml")
    # 腾讯视频会员 is known there: not flagged, and 妈妈 owns the line
    flagged = {f["service"] for f in data["findings"] if f["rule"] == "unknown-vas"}
    assert "沃音乐会员" in flagged and "腾讯视频会员" not in flagged
    assert {f["owner"] for f in data["findings"]} == {"妈妈"}
    assert "没有找到设置文件" not in result.stdout
    # without it, the summary says none was found (not a silent audit without owners)
    (unicom / "auditor.toml").unlink()
    bare = run("audit", str(unicom), "--as-of", "2026-11-05", "--no-history", "-o", "r.xlsx")
    assert "没有找到设置文件 auditor.toml" in bare.stdout
    assert "已知业务和机主来自" not in bare.stdout


def test_a_second_settings_file_is_named_as_not_used(tmp_path, monkeypatch, unicom):
    """One ``known add`` made in the working folder, above the bills' own: the bills'
    are used (owners, known services), the other named with how to take it instead."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "auditor.toml").write_text(FAMILY, "utf-8")
    result = run("audit", str(unicom), "--as-of", "2026-11-05", "--no-history", "-o", "r.xlsx")
    assert result.exit_code == 0, result.output
    used = unicom / "auditor.toml"
    assert (
        f"auditor: auditor.toml：未使用：设置来自离账单最近的 {used}；"
        "要用这一个，请加 --known auditor.toml"
    ) in result.stderr
    assert f"已知业务和机主来自：{used}" in result.stdout


@pytest.mark.usefixtures("english")
def test_account_and_groups_are_read_and_checked(tmp_path):
    path = tmp_path / "auditor.toml"
    path.write_text('account = "company"\n' + FAMILY, "utf-8")
    config = load_config(path)
    assert (config.account, config.groups, config.source) == (
        "company",
        {"13800001234": "家里"},
        path,
    )
    path.write_text('account = "shop"\n', "utf-8")
    result = run("audit", str(HOUSEHOLD), "--known", str(path), "--no-history")
    assert result.exit_code == 2
    assert "account must be one of personal, company, not 'shop'" in result.stderr


def test_known_add_remove_list_keep_the_comments(tmp_path):
    path = tmp_path / "auditor.toml"
    path.write_text(FAMILY, "utf-8")
    known = ["known", "--known", str(path)]
    added = run("known", "add", "腾讯视频会员", "--known", str(path))
    assert added.exit_code == 0 and added.stdout == f"已把 腾讯视频会员 加入 {path}\n"
    again = run("known", "add", "腾讯视频会员（15元/月）", "--known", str(path))
    assert again.stdout == f"腾讯视频会员（15元/月） 已在 {path} 的已知业务中\n"
    under = run("known", "add", "沃音乐会员", "--line", "186 0000 5678", "--known", str(path))
    assert under.stdout == f"已把 沃音乐会员 加入 {path}，只对 186****5678 有效\n"
    text = path.read_text("utf-8")
    for comment in ("# our family's settings", "# we want this one", "# dad's phone"):
        assert comment in text
    assert '[lines."18600005678"]' in text
    config = load_config(path)
    assert config.known_services == ["彩铃功能费", "腾讯视频会员"]
    assert config.line_known == {"18600005678": ["沃音乐会员"]}
    assert config.lines == ["13800001234", "18600005678"]
    listed = run(*known[:1], "list", *known[1:]).stdout.splitlines()
    assert listed == ["彩铃功能费", "腾讯视频会员", "沃音乐会员  （只对 186****5678 有效）"]
    removed = run("known", "remove", "沃音乐会员", "--known", str(path))
    assert removed.stdout == f"已从 {path} 删除 沃音乐会员\n"
    missing = run("known", "remove", "沃音乐会员", "--known", str(path))
    assert missing.exit_code == 2 and f"沃音乐会员 不在 {path} 的已知业务中" in missing.stderr
    assert "# dad's phone" in path.read_text("utf-8")


@pytest.mark.usefixtures("english")
def test_known_add_makes_the_file_and_refuses_a_broken_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    made = run("known", "add", "彩铃功能费")
    assert made.exit_code == 0
    assert load_config(Path("auditor.toml")).known_services == ["彩铃功能费"]
    broken = tmp_path / "broken.toml"
    broken.write_text("known_services = [\n", "utf-8")
    before = broken.read_bytes()
    result = run("known", "add", "x", "--known", str(broken))
    assert result.exit_code == 2 and result.stderr.startswith(f"auditor: {broken}: not a valid")
    assert broken.read_bytes() == before


@pytest.mark.parametrize("name", ["", "   "])
@pytest.mark.usefixtures("english")
def test_known_add_needs_a_name(tmp_path, name):
    result = run("known", "add", name, "--known", str(tmp_path / "k.toml"))
    assert result.exit_code == 2 and "give the service's name" in result.stderr


@pytest.fixture
def mum_audited(tmp_path, unicom) -> Path:
    """A history holding mum's Unicom line (18600005678: 腾讯视频会员, 沃音乐会员)."""
    db = tmp_path / "h.sqlite"
    result = run(
        "audit", str(unicom), "--as-of", "2026-11-05", "--db", str(db), "-q",
        "-o", str(tmp_path / "r.xlsx"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return db


def test_known_add_of_a_name_close_to_a_billed_one_suggests_it(tmp_path, mum_audited):
    path, db = tmp_path / "k.toml", str(mum_audited)
    typo = run(
        "--lang", "zh", "known", "add", "腾讯视屏会员", "--line", "18600005678", "--db", db,
        "--known", str(path),
    )  # fmt: skip
    # added, as a record is, but said: it matches nothing the line was billed
    made, added = typo.stdout.splitlines()
    assert typo.exit_code == 0 and added.startswith("已把 腾讯视屏会员")
    assert made.startswith(f"已新建设置文件 {path}（--known 指定的）")
    assert typo.stderr == (
        "auditor: 腾讯视屏会员：186****5678 的账单和已订业务都没有这项业务"
        "（是不是 腾讯视频会员？）；仍已加入\n"
    )
    assert load_config(path).line_known == {"18600005678": ["腾讯视屏会员"]}
    # without --line: any line's names, and a part of a name is a slip too
    part = run("known", "add", "沃音乐", "--db", db, "--known", str(path), "--lang", "en")
    assert part.exit_code == 0
    assert part.stderr == (
        "auditor: 沃音乐: no bill or service list in the history names it "
        "(did you mean 沃音乐会员?); added anyway\n"
    )


def test_known_add_of_a_billed_or_a_new_name(tmp_path, mum_audited):
    path, db = tmp_path / "k.toml", str(mum_audited)
    # as the bill writes it, however spaced: nothing to say
    billed = run("known", "add", "腾讯视频 会员（15元/月）", "--db", db, "--known", str(path))
    assert (billed.exit_code, billed.stderr) == (0, "")
    # a name close to nothing is still added, with a note; so is one for an unseen line
    new = run("known", "add", "爱奇艺黄金会员", "--db", db, "--known", str(path))
    assert new.exit_code == 0
    assert (
        new.stderr
        == "auditor: 爱奇艺黄金会员：历史记录里的账单和已订业务都没有这项业务；仍已加入\n"
    )
    other = run("known", "add", "芒果TV会员", "--line", "13900001111", "--db", db,
                "--known", str(path))  # fmt: skip
    assert other.stderr == "auditor: 139****1111：还没有检查见过这个号码；仍已加入\n"
    # before any audit (no history in the data folder), nothing to compare with
    first = run("known", "add", "腾讯视屏会员", "--known", str(path))
    assert (first.exit_code, first.stderr) == (0, "")
    assert "腾讯视屏会员" in load_config(path).known_services


@pytest.mark.parametrize(
    ("typed", "close"),
    [
        ("腾讯视屏会员", ["腾讯视频会员"]),  # one character changed
        ("沃音乐", ["沃音乐会员"]),  # a part of it
        ("腾讯视频会员", []),  # the name itself is no slip
        ("咪咕视频会员", []),  # another provider's membership is another service
        ("彩玲", []),  # two characters: 彩铃 and 彩信 differ by one too
    ],
)
def test_close_names_are_slips_not_other_services(typed, close):
    names = ["腾讯视频会员", "腾讯视频会员（15元/月）", "沃音乐会员", "彩铃", "彩信"]
    assert close_names(typed, names) == close


@pytest.mark.parametrize(("under", "flagged"), [("13800001234", False), ("18600005678", True)])
def test_a_service_known_under_a_line_is_known_on_that_line_alone(tmp_path, under, flagged):
    # Dad's line (13800001234) is billed 彩铃功能费: known when his table lists it, still
    # flagged when only mum's does.
    settings = tmp_path / "auditor.toml"
    settings.write_text(
        f'known_services = ["腾讯视频会员"]\n[lines."{under}"]\nknown_services = ["彩铃功能费"]\n',
        "utf-8",
    )
    result = run(
        "audit", str(HOUSEHOLD), "--known", str(settings), "--as-of", "2026-11-05",
        "--no-history", "--no-mask", "-q", "-o", str(tmp_path / "r.xlsx"), "--json", "-",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    unknown = {
        (f["line"], f["service"]) for f in json.loads(result.stdout)["findings"]
        if f["rule"] == "unknown-vas"
    }  # fmt: skip
    assert (("13800001234", "彩铃功能费") in unknown) is flagged
    assert not any(service == "腾讯视频会员" for _, service in unknown)  # known everywhere


def audit_household(tmp_path, settings: Path, *extra: str):
    result = run(
        "audit", str(HOUSEHOLD), "--known", str(settings), "--as-of", "2026-11-05",
        "-o", str(tmp_path / "r.xlsx"), "-q", *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.usefixtures("english")
def test_lines_the_settings_do_not_name_are_audited_and_said_once(tmp_path):
    settings = tmp_path / "dad.toml"
    settings.write_text('[lines."13800001234"]\nowner = "爸爸"\n', "utf-8")
    result = audit_household(tmp_path, settings, "--db", str(tmp_path / "h.sqlite"))
    [notice] = [row for row in result.stderr.splitlines() if "not in your settings" in row]
    assert notice == (
        "auditor: 147****2222, 186****5678, 189****9003, 192****1111 are not in your settings "
        f"({settings}): audited, their money not in the totals; "
        "`auditor forget --line …` removes one from the history"
    )
    # audited and stored like the others
    history = json.loads(run("history", "--db", str(tmp_path / "h.sqlite"), "--json", "-").stdout)
    assert len(history["lines"]) == 5
    # without a history nothing is kept, and nothing to forget
    alone = audit_household(tmp_path, settings, "--no-history", "--lang", "zh")
    assert "不在你的设置" in alone.stderr and "forget" not in alone.stderr


@pytest.mark.usefixtures("english")
def test_no_notice_when_the_settings_name_every_line_or_none(tmp_path):
    every = audit_household(tmp_path, HOUSEHOLD / "auditor.toml", "--no-history")
    named_none = tmp_path / "k.toml"
    named_none.write_text('known_services = ["彩铃功能费"]\n', "utf-8")
    unnamed = audit_household(tmp_path, named_none, "--no-history")
    assert "not in your settings" not in every.stderr + unnamed.stderr
