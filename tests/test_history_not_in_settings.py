"""``auditor history``'s account counts the lines not in the settings apart, as the
audit's Summary does: a stranger's bill dropped in a company's folder had its open
findings and refunds due added to the company's in the account's totals, though the
report had left them out. Settings naming no line leave every line the user's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_run import run
from test_not_in_settings import OWNERS, STRANGER, _bills

from auditor import lang
from auditor.writers.summary_alerts import not_in_settings_note

pytestmark = pytest.mark.usefixtures("december", "english")

MINE, THEIRS = "139****1111", "139****5678"


def _november(folder: Path) -> None:
    """November's bills, 咪咕 gone from every line: the findings resolved, their money
    (甲's 30.00, the stranger's 40.00) a refund due."""
    folder.mkdir(parents=True, exist_ok=True)
    for line in (*OWNERS, STRANGER):
        rows = [
            "手机号码,账期,费用类型,费用项目,金额(元)",
            f"{line},202611,套餐及固定费,4G飞享18元套餐,18.00",
            f"{line},202611,合计,,18.00",
        ]
        (folder / f"中国移动账单-2026年11月-{line}.csv").write_text("\n".join(rows) + "\n", "utf-8")


def _audited(tmp: Path, settings: str, november: bool = False) -> tuple[str, str]:
    """The bills of September and October (and November) audited into a history, with
    ``settings``; the ``--db`` and ``--known`` to read it back with."""
    known, db = tmp / "auditor.toml", tmp / "h.sqlite"
    known.write_text(settings, "utf-8")
    _bills(tmp / "bills")
    audits = [(tmp / "bills", "2026-11-05")]
    if november:
        _november(tmp / "nov")
        audits.append((tmp / "nov", "2026-12-05"))
    for folder, as_of in audits:
        result = run(
            "audit", str(folder), "--as-of", as_of, "--known", str(known), "--db", str(db),
            "-o", str(tmp / f"{folder.name}.xlsx"), "-q",
        )  # fmt: skip
        assert result.exit_code in (0, 1), result.output
    return str(db), str(known)


def _company() -> str:
    return "".join(f'[lines."{n}"]\nowner = "{o}"\ngroup = "{g}"\n' for n, (o, g) in OWNERS.items())


def _account(db: str, known: str, *args: str) -> list[str]:
    result = run("history", "--db", db, "--known", known, *args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_a_strangers_open_finding_is_counted_apart_and_named_as_the_summary_does(tmp_path):
    db, known = _audited(tmp_path, _company())
    shown = _account(db, known)
    assert f"{THEIRS} (not in the settings): findings 1 open, 0 resolved; records 0" in shown
    assert f"{MINE} (甲): findings 1 open, 0 resolved; records 0" in shown
    assert shown[-3:] == [
        "2 lines: findings 1 open; refunds due ¥0.00",
        "1 line not in the settings: findings 1 open; refunds due ¥0.00, not counted above",
        not_in_settings_note([THEIRS], by_owner=False),
    ]
    # the Summary's own words, less its By owner sheet, which the account has none of
    note = shown[-1]
    assert note.startswith(f"{THEIRS} not in the settings: checked, findings listed, money ")
    assert "By owner" not in note and note.endswith("auditor forget --line NUMBER")


def test_a_strangers_refund_due_is_left_out_of_the_money_due(tmp_path):
    db, known = _audited(tmp_path, _company(), november=True)
    shown = _account(db, known)
    assert shown[-3:-1] == [
        "2 lines: findings 0 open; refunds due ¥30.00",
        "1 line not in the settings: findings 0 open; refunds due ¥40.00, not counted above",
    ]


def test_the_account_says_it_in_chinese_too(tmp_path):
    db, known = _audited(tmp_path, _company())
    result = run("history", "--db", db, "--known", known, "--lang", "zh")
    assert result.exit_code == 0, result.output
    with lang.using("zh"):
        note = not_in_settings_note([THEIRS], by_owner=False)
    assert result.stdout.splitlines()[-3:] == [
        "共 2 个号码：发现 1 项未解决；待退还 ¥0.00",
        "另有 1 个不在设置中的号码：发现 1 项未解决；待退还 ¥0.00，不计入以上合计",
        note,
    ]
    assert "「" not in note  # no sheet named: the account has no By owner


def test_settings_naming_no_line_leave_every_line_in_the_totals(tmp_path):
    db, known = _audited(tmp_path, 'account = "company"\n')
    shown = _account(db, known)
    assert shown[-1] == "3 lines: findings 2 open; refunds due ¥0.00"
    assert not [row for row in shown if "not in the settings" in row]


def test_only_strangers_shown_are_counted_apart_alone(tmp_path):
    db, known = _audited(tmp_path, '[lines."13900002222"]\nowner = "乙"\n')
    shown = _account(db, known, "--line", "13900001111", "--line", STRANGER)
    assert shown[-2] == (
        "2 lines not in the settings: findings 2 open; refunds due ¥0.00, not counted above"
    )
    assert shown[-1].startswith(f"{MINE}, {THEIRS} not in the settings: ")
    assert not [row for row in shown if re.match(r"\d+ lines?: ", row)]  # no named line
