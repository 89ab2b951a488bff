"""Which settings file is used: the one nearest the bills for an audit, and for the
commands given no bills (``known``, ``history``) the working folder's or the one the
last audit read; a new one is made only where no audit's settings can be meant, and
said. The trial's trap: ``known add`` run a folder above the bills made an
``auditor.toml`` there that took the family's owners and known services away."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.config import load_config
from auditor.settings_search import find_config, settings_below

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


@pytest.fixture
def family(tmp_path, monkeypatch) -> Path:
    """Mum's Unicom bills in ``bills/2026-11``, the family's settings in ``bills/``
    (mum owns 18600005678; 沃音乐会员 is not known), the audits run from the folder above."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(HOUSEHOLD / "china-unicom", tmp_path / "bills" / "2026-11")
    shutil.copy(HOUSEHOLD / "auditor.toml", tmp_path / "bills")
    return tmp_path / "bills" / "auditor.toml"


def audit(*more: str) -> dict:
    result = run(
        "audit", "bills/2026-11", "--as-of", "2026-11-05", "-q", "-o", "r.xlsx",
        "--json", "r.json", *more,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(Path("r.json").read_text("utf-8")) | {"stderr": result.stderr}


def unknown(data: dict) -> set[str]:
    return {f["service"] for f in data["findings"] if f["rule"] == "unknown-vas"}


def test_known_add_goes_to_the_settings_the_audits_read(family):
    # no settings here or above, no audit in the history: the bills' below is named, and
    # no ./auditor.toml is made to be read by no audit of them
    refused = run("known", "add", "沃音乐会员", "--line", "18600005678")
    assert refused.exit_code == 2
    assert "下层文件夹中有：bills/auditor.toml（请用 --known bills/auditor.toml 指定）" in (
        refused.stderr
    )
    assert "未加入" in refused.stderr and not Path("auditor.toml").exists()
    first = audit("--db", "h.sqlite")
    assert first["summary"]["settings"] == str(family)
    assert "沃音乐会员" in unknown(first)
    # the history remembers the settings the audit read: known add, list and history use them
    added = run("known", "add", "沃音乐会员", "--line", "18600005678", "--db", "h.sqlite")
    assert added.exit_code == 0, added.output
    assert added.stdout == f"已把 沃音乐会员 加入 {family}，只对 186****5678 有效\n"
    assert not Path("auditor.toml").exists()
    assert load_config(family).line_known == {"18600005678": ["沃音乐会员"]}
    assert "沃音乐会员" not in unknown(audit("--db", "h.sqlite"))
    listed = run("known", "list", "--db", "h.sqlite")
    assert listed.stdout.splitlines()[-1] == "沃音乐会员  （只对 186****5678 有效）"
    shown = run("history", "--db", "h.sqlite")
    assert shown.exit_code == 0 and "186****5678（妈妈）" in shown.stdout


def test_a_settings_file_above_the_bills_does_not_shadow_theirs(family):
    # what the trial's known add left in the working folder: one line's known service
    Path("auditor.toml").write_text('[lines."18900189003"]\nknown_services = ["翼铃"]\n')
    data = audit("--db", "h.sqlite")
    assert data["summary"]["settings"] == str(family)  # mum stays mum's, 腾讯视频会员 known
    assert {f["owner"] for f in data["findings"]} == {"妈妈"}
    assert "腾讯视频会员" not in unknown(data) and "沃音乐会员" in unknown(data)
    assert (
        f"auditor: auditor.toml：未使用：设置来自离账单最近的 {family}；"
        "要用这一个，请加 --known auditor.toml"
    ) in data["stderr"]
    # a command given no bills takes the one here, and says the audits read another
    listed = run("known", "list", "--db", "h.sqlite")
    assert listed.stdout == "翼铃  （只对 189****9003 有效）\n"
    assert listed.stderr == (
        f"auditor: 注意：auditor.toml 不是上次检查用的设置文件 {family}"
        f"（要用那个，请加 --known {family}）\n"
    )


@pytest.mark.usefixtures("english")
def test_a_new_settings_file_is_said_where_and_why(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    listed = run("known", "list")
    assert listed.stdout == (
        "no settings file auditor.toml here or above, nor one an audit in the history read\n"
    )
    made = run("known", "add", "彩铃功能费")
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines() == [
        f"made the settings file {tmp_path / 'auditor.toml'} (none here or above, nor one an "
        "audit in the history read): audits of the bills in its folder and below read it, "
        "where none stands nearer them",
        "added 彩铃功能费 to auditor.toml",
    ]
    again = run("known", "add", "腾讯视频会员")
    assert again.stdout == "added 腾讯视频会员 to auditor.toml\n"  # made once, said once
    gone = run("known", "remove", "x", "--known", "none.toml")
    assert gone.exit_code == 2 and "known-services file not found" in gone.stderr


def test_the_working_folders_own_is_nearer_than_one_above_both(tmp_path, monkeypatch):
    """Bills in ~/Downloads, the audit run in ~/work: the settings of ~/work, not those
    kept in the home folder above both."""
    home = tmp_path / "home"
    work, downloads = home / "work", home / "Downloads"
    work.mkdir(parents=True)
    downloads.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    bill = downloads / "a.csv"
    bill.write_text("x\n", "utf-8")
    (home / "auditor.toml").write_text("", "utf-8")
    assert find_config(None, [bill]) == (home / "auditor.toml", [])
    (work / "auditor.toml").write_text("", "utf-8")
    assert find_config(None, [bill]) == (Path("auditor.toml"), [])
    # the bills' own folder's is theirs again, the working folder's named as not used
    (downloads / "auditor.toml").write_text("", "utf-8")
    assert find_config(None, [bill]) == (downloads / "auditor.toml", [Path("auditor.toml")])


def test_the_settings_below_are_found_nearest_first_hidden_folders_left_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for folder in ("a/b/c", "a/b/c/d", ".hidden", "z"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "auditor.toml").write_text("", "utf-8")
    # three folders down at most: a/b/c/d/auditor.toml is too deep to be the bills'
    assert settings_below() == [Path("z/auditor.toml"), Path("a/b/c/auditor.toml")]
    monkeypatch.setattr("auditor.settings_search.BELOW_FOLDERS", 2)
    assert settings_below() == []  # a huge tree is not walked whole
