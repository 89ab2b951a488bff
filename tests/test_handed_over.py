"""A number handed over (张伟 left, his number is 李娜's from September) or a line moved to
another department: each month's money is that month's holder's, as the settings'
``earlier`` say or the history remembers the months it audited (t12's admin: the money
of July and August moved to the new owner with the settings). By owner adds up to the
Summary still; the JSON names the earlier owner; ``history --owner`` finds him."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from history_versions import as_version

from auditor.config import load_config
from auditor.errors import AuditorError
from auditor.history.schema import SCHEMA_VERSION
from auditor.holders import Earlier

pytestmark = pytest.mark.usefixtures("english")

LINE, MASKED = "13800000005", "138****0005"
HEADER = "号码,费用月份,费用类型,项目名称,费用（元）,服务提供商"
OLD = 'account = "company"\n[lines."13800000005"]\nowner = "张伟"\ngroup = "销售一部"\n'
NEW = 'account = "company"\n[lines."13800000005"]\nowner = "李娜"\ngroup = "销售二部"\n'
EARLIER = NEW + 'earlier = [{ owner = "张伟", group = "销售一部", until = "2026-08" }]\n'


def _bill(folder: Path, month: str, line: str = LINE, sp: bool = True) -> Path:
    """A company bill of ``month``: the plan, and (``sp``) an SP charge of 3.00 no list has."""
    folder = folder / month
    folder.mkdir(parents=True, exist_ok=True)
    rows = [HEADER, f"{line},{month},月固定费,商旅套餐88元,88.00,"]
    if sp:
        rows.append(
            f"{line},{month},代收费（信息费）,手机报-财经早晚报,3.00,北京某某信息技术有限公司"
        )
    rows.append(f"{line},{month},实际应缴合计,,{91 if sp else 88}.00,")
    (folder / f"中国移动集团账单-{month}.csv").write_text("\n".join(rows) + "\n", "utf-8")
    return folder


def _audit(
    tmp: Path, month: str, settings: str, as_of: str, db: Path | None = None, sp: bool = True
) -> dict:
    """``month``'s bill audited with ``settings`` into the history; the JSON report."""
    return _audited(tmp, month, settings, as_of, db, sp)[0]


def _audited(
    tmp: Path, month: str, settings: str, as_of: str, db: Path | None = None, sp: bool = True
) -> tuple[dict, str]:
    """:func:`_audit`'s JSON report, and what the audit said on the terminal."""
    known = tmp / f"{month}.toml"
    known.write_text('known_services = ["商旅套餐88元"]\n' + settings, "utf-8")
    out = tmp / f"r{month}"
    result = run(
        "audit", str(_bill(tmp / "bills", month, sp=sp)), "--known", str(known), "--as-of", as_of,
        "--db", str(db or tmp / "h.sqlite"), "-o", f"{out}.xlsx", "--json", f"{out}.json", "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(Path(f"{out}.json").read_text("utf-8")), result.output


def _by_owner(tmp: Path, month: str) -> list[list]:
    """The By owner sheet's rows of ``month``'s report, empty cells left out."""
    sheet = openpyxl.load_workbook(tmp / f"r{month}.xlsx")["By owner"]
    return [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]


def _year(tmp: Path, september: str) -> dict:
    """July and August audited with 张伟's settings, September with ``september``."""
    _audit(tmp, "2026-07", OLD, "2026-08-05")
    _audit(tmp, "2026-08", OLD, "2026-09-05")
    return _audit(tmp, "2026-09", september, "2026-10-05")


@pytest.mark.parametrize("september", [NEW, EARLIER], ids=["remembered", "settings"])
def test_the_months_before_the_hand_over_stay_with_the_earlier_owner(tmp_path, september):
    report = _year(tmp_path, september)
    [finding] = report["findings"]
    assert finding["periods"] == ["2026-07", "2026-08", "2026-09"]
    # shown with its latest month's owner, the earlier one named with his months
    assert (finding["owner"], finding["group"]) == ("李娜", "销售二部")
    assert finding["earlier_owners"] == [
        {"owner": "张伟", "group": "销售一部", "periods": ["2026-07", "2026-08"]}
    ]
    rows = _by_owner(tmp_path, "2026-09")
    assert rows[1] == ["销售二部", "李娜", 1, MASKED, 1, 1, 3.0, 36.0]
    assert rows[2] == [
        "销售一部",
        "张伟",
        1,
        f"{MASKED} (2026-07..2026-08, handed over)",
        0,
        0,
        6.0,
    ]
    # By owner adds up to the Summary: 6.00 + 3.00, the line counted once
    assert rows[3] == ["All", "Total", 1, 1, 1, 9.0, 36.0]
    assert report["summary"]["claimable"] == "9.00"
    # the finding's owner is its latest month's, the earlier one named beside
    book = openpyxl.load_workbook(tmp_path / "r2026-09.xlsx")
    for sheet, column in (("Summary", 1), ("Findings", 4), ("Follow-up", 3)):
        cells = [row[column] for row in book[sheet].iter_rows(values_only=True)]
        assert "李娜 (before: 张伟)" in cells, (sheet, cells)
    trend = [row[:2] for row in book["Trend"].iter_rows(values_only=True) if row[2] == "2026-08"]
    assert trend == [(MASKED, "张伟")]
    result = run("history", "--owner", "张伟", "--db", str(tmp_path / "h.sqlite"),
                 "--known", str(tmp_path / "2026-09.toml"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{MASKED} (李娜)" in result.stdout


def test_without_the_history_the_settings_alone_say_who_held_a_month(tmp_path):
    """The settings' ``earlier`` split the money of an audit of all three months at once,
    with no history; without them the line is its owner's now, all of it."""
    folder = tmp_path / "bills"
    for month in ("2026-07", "2026-08", "2026-09"):
        _bill(folder, month)
    handed = f"{MASKED} (2026-07..2026-08, handed over)"
    for name, settings, rows in [
        ("earlier", EARLIER, [["销售二部", "李娜", 1, MASKED, 1, 1, 3.0, 36.0],
                              ["销售一部", "张伟", 1, handed, 0, 0, 6.0],
                              ["All", "Total", 1, 1, 1, 9.0, 36.0]]),
        ("new", NEW, [["销售二部", "李娜", 1, MASKED, 1, 1, 9.0, 36.0]]),
    ]:  # fmt: skip
        known = tmp_path / f"{name}.toml"
        known.write_text('known_services = ["商旅套餐88元"]\n' + settings, "utf-8")
        out = tmp_path / name
        result = run("audit", str(folder), "--known", str(known), "--as-of", "2026-10-05",
                     "--no-history", "-o", f"{out}.xlsx", "-q")  # fmt: skip
        assert result.exit_code in (0, 1), result.output
        sheet = openpyxl.load_workbook(f"{out}.xlsx")["By owner"]
        body = [
            [c for c in r if c is not None] for r in sheet.iter_rows(min_row=2, values_only=True)
        ]
        assert body == rows


def test_an_earlier_setting_corrects_what_the_history_remembered(tmp_path):
    """July and August remembered 张伟's; the settings then say 王芳 held July: July is
    hers, August still his (remembered), September 李娜's."""
    _audit(tmp_path, "2026-07", OLD, "2026-08-05")
    _audit(tmp_path, "2026-08", OLD, "2026-09-05")
    settings = NEW + 'earlier = [{ owner = "王芳", until = "2026-07" }]\n'
    [finding] = _audit(tmp_path, "2026-09", settings, "2026-10-05")["findings"]
    assert finding["earlier_owners"] == [
        {"owner": "王芳", "group": "销售二部", "periods": ["2026-07"]},
        {"owner": "张伟", "group": "销售一部", "periods": ["2026-08"]},
    ]


def test_earlier_is_read_oldest_first_an_entry_keeping_what_it_does_not_name(tmp_path):
    known = tmp_path / "auditor.toml"
    known.write_text(
        NEW + 'earlier = [{ group = "销售一部", until = "2026-08" }, '
        '{ owner = "张伟", until = "2026-05" }]\n',
        "utf-8",
    )
    config = load_config(known)
    assert config.earlier[LINE] == (
        Earlier("2026-05", "张伟", "销售一部"),
        Earlier("2026-08", "李娜", "销售一部"),  # moved departments, same owner
    )
    holders = config.holders()
    assert holders.at(LINE, "2026-04") == ("张伟", "销售一部")
    assert holders.at(LINE, "2026-06") == ("李娜", "销售一部")
    assert holders.at(LINE, "2026-09") == ("李娜", "销售二部")
    assert config.notices == []  # a key auditor knows


@pytest.mark.parametrize(
    "earlier",
    [
        '"张伟"',
        '[{ owner = "张伟" }]',
        '[{ until = "2026-08" }]',
        '[{ owner = "张伟", until = "8月" }]',
    ],
)
def test_an_earlier_holder_needs_its_month_and_a_name(tmp_path, earlier):
    known = tmp_path / "auditor.toml"
    known.write_text(NEW + f"earlier = {earlier}\n", "utf-8")
    with pytest.raises(AuditorError, match="earlier"):
        load_config(known)


#: What an audit says of the months a history of before version 16 held, remembered as
#: its settings give them: nothing says who held them then.
UNKEPT = "months audited before the history kept who held each line"


def test_a_history_of_version_15_remembers_the_months_it_holds_at_the_next_audit(tmp_path):
    """Upgraded, the months stored before are remembered as the settings say at the next
    audit (张伟's still), and said so: nothing says who held them then; the settings
    changed after it move none of their money."""
    _audit(tmp_path, "2026-07", OLD, "2026-08-05")
    old = tmp_path / "old.sqlite"
    as_version(tmp_path / "h.sqlite", old, 15)
    _, said = _audited(tmp_path, "2026-08", OLD, "2026-09-05", db=old)
    assert UNKEPT in said and f"{MASKED}'s 2026-07 under 张伟, 销售一部" in said
    assert "2026-08 under" not in said  # audited now: its holder is the settings' word
    with sqlite3.connect(old) as made:
        assert made.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        held = made.execute(
            "SELECT period, owner, grp FROM line_holders ORDER BY period"
        ).fetchall()
    assert held == [("2026-07", "张伟", "销售一部"), ("2026-08", "张伟", "销售一部")]
    [finding] = _audit(tmp_path, "2026-09", NEW, "2026-10-05", db=old)["findings"]
    assert finding["earlier_owners"][0]["owner"] == "张伟"


def test_a_refund_due_of_the_months_before_is_the_earlier_owners_to_take_up(tmp_path):
    """The SP charge stopped with the hand-over: its July and August, still owed, are
    张伟's money and his to ask back, though the line is 李娜's now."""
    _audit(tmp_path, "2026-07", OLD, "2026-08-05")
    _audit(tmp_path, "2026-08", OLD, "2026-09-05")
    report = _audit(tmp_path, "2026-09", NEW, "2026-10-05", sp=False)
    [due] = report["refunds_due"]
    assert (due["owner"], due["group"], due["unrefunded"]) == ("张伟", "销售一部", "6.00")
    assert due["earlier_owners"] == []
    rows = _by_owner(tmp_path, "2026-09")
    assert ["销售一部", "张伟", 1, f"{MASKED} (2026-07..2026-08, handed over)", 0, 1, 6.0] in rows
    assert ["销售二部", "李娜", 1, MASKED, 0, 0] in rows
    assert report["summary"]["refunds_due"] == "6.00"
    summary = openpyxl.load_workbook(tmp_path / "r2026-09.xlsx")["Summary"]
    assert any(row[:2] == (MASKED, "张伟") for row in summary.iter_rows(values_only=True))


def test_a_department_renamed_keeps_its_months_together(tmp_path):
    """销售一部 renamed 销售部 in September: remembered, July and August would stay under
    the old name; ``renamed`` says it is the same department."""
    _audit(tmp_path, "2026-07", OLD, "2026-08-05")
    _audit(tmp_path, "2026-08", OLD, "2026-09-05")
    moved = OLD.replace("销售一部", "销售部")
    [finding] = _audit(tmp_path, "2026-09", moved, "2026-10-05")["findings"]
    assert finding["earlier_owners"] == [
        {"owner": "张伟", "group": "销售一部", "periods": ["2026-07", "2026-08"]}
    ]
    renamed = 'renamed = { "销售一部" = "销售部" }\n' + moved
    [finding] = _audit(tmp_path, "2026-09", renamed, "2026-10-06")["findings"]
    assert (finding["group"], finding["earlier_owners"]) == ("销售部", [])
    assert _by_owner(tmp_path, "2026-09")[1:] == [["销售部", "张伟", 1, MASKED, 1, 1, 9.0, 36.0]]


def _upgraded(tmp: Path) -> Path:
    """July and August audited with 张伟's settings by an auditor of schema version 15."""
    _audit(tmp, "2026-07", OLD, "2026-08-05")
    _audit(tmp, "2026-08", OLD, "2026-09-05")
    old = tmp / "old.sqlite"
    as_version(tmp / "h.sqlite", old, 15)
    return old


def test_months_audited_before_the_history_kept_holders_are_not_given_away_silently(tmp_path):
    """The number handed over before the upgrade, the settings already 李娜's: July and
    August are remembered as hers (nothing else says whose they were), and said so, with
    the setting that gives them back to their holder; the same audit run again says it
    again, a later one no longer (the months are remembered since)."""
    old = _upgraded(tmp_path)
    report, said = _audited(tmp_path, "2026-09", NEW, "2026-10-05", db=old)
    assert UNKEPT in said, said  # was nothing: 张伟's months silently 李娜's
    assert f"{MASKED}'s 2026-07..2026-08 under 李娜, 销售二部" in said
    assert 'earlier = [{ owner = "…", group = "…", until = "2026-08" }]' in said
    assert "2026-09 under" not in said
    [finding] = report["findings"]
    assert finding["earlier_owners"] == []  # as the settings say: nothing else does
    _, again = _audited(tmp_path, "2026-09", NEW, "2026-10-05", db=old)
    assert UNKEPT in again  # the same audit run again says what it said
    _, later = _audited(tmp_path, "2026-10", NEW, "2026-11-05", db=old)
    assert UNKEPT not in later


def test_an_earlier_holder_in_the_settings_says_whose_the_months_before_were(tmp_path):
    """The settings' earlier holder decides the months audited before the upgrade: they
    are his, nothing is said."""
    old = _upgraded(tmp_path)
    report, said = _audited(tmp_path, "2026-09", EARLIER, "2026-10-05", db=old)
    assert UNKEPT not in said, said
    [finding] = report["findings"]
    assert finding["earlier_owners"] == [
        {"owner": "张伟", "group": "销售一部", "periods": ["2026-07", "2026-08"]}
    ]


def test_a_history_made_since_says_nothing_of_months_unkept(tmp_path):
    _audit(tmp_path, "2026-07", OLD, "2026-08-05")
    _, said = _audited(tmp_path, "2026-08", NEW, "2026-09-05")
    assert UNKEPT not in said
    with sqlite3.connect(tmp_path / "h.sqlite") as made:
        keys = {key for (key,) in made.execute("SELECT key FROM meta")}
    assert "holders_before" not in keys


def test_months_unkept_are_said_in_chinese(tmp_path):
    old = _upgraded(tmp_path)
    known = tmp_path / "zh.toml"
    known.write_text('known_services = ["商旅套餐88元"]\n' + NEW, "utf-8")
    result = run(
        "audit", str(_bill(tmp_path / "bills", "2026-09")), "--known", str(known),
        "--as-of", "2026-10-05", "--db", str(old), "-o", str(tmp_path / "zh.xlsx"), "-q",
        "--lang", "zh",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    assert "历史记录开始记住每个号码归谁之前检查的" in result.output
    assert f"{MASKED} 的 2026-07..2026-08 记在 李娜，销售二部 名下" in result.output
