"""A 副卡's steps go through its main card (trial t14: the cancelled 副卡's steps told him
to log in on it, which a closed line cannot): the settings' ``main_card`` of a line makes
its findings' app and call steps name the main card's account, and its SMS steps say they
work only from the 副卡 itself, the main card's call otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

from auditor.config import load_config
from auditor.errors import AuditorError

MAIN, CARD = "13912340001", "13912340004"


def audit(tmp_path: Path, settings: str) -> list[dict]:
    """The findings' steps of a family bill whose 副卡 is charged an unknown service."""
    folder = tmp_path / "2026-10"
    folder.mkdir()
    (folder / "账单.csv").write_text(
        "号码,账期,费用类别,费用项目,金额(元)\n"
        f"{MAIN},202610,套餐及固定费,全家享融合套餐199元,199.00\n"
        f"{CARD},202610,增值业务费,副卡功能费,10.00\n",
        "utf-8",
    )
    (tmp_path / "auditor.toml").write_text(settings, "utf-8")
    out = tmp_path / "r.json"
    result = run(
        "audit", str(folder), "--as-of", "2026-11-05", "--no-history", "--no-mask",
        "-o", str(tmp_path / "r.xlsx"), "--json", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [finding] = json.loads(out.read_text("utf-8"))["findings"]
    assert finding["line"] == CARD
    return finding["actions"]


LINES = f'known_services = ["全家享融合套餐199元"]\n[lines."{MAIN}"]\nowner = "吴先生"\n'


def test_a_secondary_cards_steps_name_its_main_card(tmp_path):
    steps = audit(tmp_path, LINES + f'[lines."{CARD}"]\nmain_card = "{MAIN}"\n')
    notes = {a["channel"]: a["note"] for a in steps}
    assert f"用主卡 {MAIN} 登录办理" in notes["app"]
    assert f"账户属于主卡 {MAIN}：用主卡致电 10086 办理" in notes["hotline"]
    assert f"须从该副卡发送；副卡已停用或已销号时，改用主卡 {MAIN} 致电 10086 办理" in notes["sms"]
    assert "主卡" not in notes["complaint"]  # 10080 takes a complaint from any phone


def test_a_line_without_a_main_card_is_told_nothing_of_one(tmp_path):
    steps = audit(tmp_path, LINES + f'[lines."{CARD}"]\nowner = "旧副卡"\n')
    assert not [a for a in steps if "主卡" in a["note"]]


@pytest.mark.parametrize("value", [CARD, "139123", "12"])
def test_a_main_card_that_is_no_other_line_is_refused(tmp_path, value):
    path = tmp_path / "auditor.toml"
    path.write_text(f'[lines."{CARD}"]\nmain_card = "{value}"\n'.replace('"12"', "12"), "utf-8")
    with pytest.raises(AuditorError, match="main_card"):
        load_config(path)


def test_main_card_is_a_key_of_a_lines_table(tmp_path):
    path = tmp_path / "auditor.toml"
    path.write_text(f'[lines."{CARD}"]\nmain_card = "{MAIN}"\n', "utf-8")
    config = load_config(path)
    assert config.main_cards == {CARD: MAIN} and not config.notices
