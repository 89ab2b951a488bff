"""A virtual operator's brand (小米移动) read from a file is kept in the history, so that the
steps of its line name the brand whether or not a file of the line is given this time:
a line not checked (no bill of its month), a refund due of its line. A file a history
stored before it kept brands (version 11) gives the brand its folder and name give."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from cli_run import run
from history_versions import as_version

from auditor.history.schema import SCHEMA_VERSION

MOBILE, MVNO = "13900001111", "17002011011"
BRAND = "小米移动"
#: How a step speaks of a brand it does not know: its service line, its bill's place.
UNNAMED = ("the brand's own service line", "the carrier's app or online service hall")


def _names_brand(step: str) -> bool:
    """True when ``step`` names the brand."""
    return BRAND in step


def _unnamed(step: str) -> bool:
    """True when ``step`` speaks of a brand it does not name."""
    return any(words in step for words in UNNAMED)


def _bill(folder: Path, name: str, line: str, month: str, title: str, twice: bool) -> None:
    """A CSV bill of ``month`` under ``name``: a plan, and 来电提醒 (billed twice when
    ``twice``: a charge to ask back)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [title] if title else []
    rows += [
        "手机号码,账期,费用类别,费用项目,金额(元)",
        f"{line},{month},套餐及固定费,套餐月费,30.00",
        *[f"{line},{month},增值业务费,来电提醒,2.00"] * (2 if twice else 1),
    ]
    (folder / name).write_text("\n".join(rows) + "\n", "utf-8")


def _audit(tmp_path: Path, folder: Path, day: str, db: Path) -> dict:
    out = tmp_path / "out" / f"{day}.json"
    settings = tmp_path / "auditor.toml"
    known = ("--known", str(settings)) if settings.exists() else ()
    result = run(
        "audit", str(folder), "--as-of", day, "--db", str(db), "-q", "--lang", "en", *known,
        "-o", str(tmp_path / "out" / f"{day}.xlsx"), "--json", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text("utf-8"))


def _october(tmp_path: Path, mvno_name: str, title: str) -> Path:
    """September's bills of both lines, exported in October: 来电提醒 billed twice on the
    brand's line; audited into a history, which is returned."""
    folder = tmp_path / "2026-10"
    _bill(folder, f"中国移动账单-{MOBILE}-2026年09月.csv", MOBILE, "2026-09", "", False)
    _bill(folder, mvno_name, MVNO, "2026-09", title, True)
    db = tmp_path / "h.sqlite"
    found = _audit(tmp_path, folder, "2026-10-05", db)["findings"]
    step = next(f["next"]["text"] for f in found if f["rule"] == "duplicate-charge")
    assert _names_brand(step)  # the brand, as its bill was given
    return db


def _mobile_alone(tmp_path: Path, db: Path) -> dict:
    """October's bill of the China Mobile line alone, audited in November: the brand's
    line is not checked; the report's JSON."""
    folder = tmp_path / "2026-11"
    _bill(folder, f"中国移动账单-{MOBILE}-2026年10月.csv", MOBILE, "2026-10", "", False)
    return _audit(tmp_path, folder, "2026-11-05", db)


def _steps_of_unchecked(data: dict) -> list[str]:
    [line] = [entry for entry in data["not_checked"] if entry["line"].startswith("170")]
    return [finding["next"]["text"] for finding in line["findings"]]


def test_a_line_not_checked_keeps_the_brand_its_bill_named_in_its_title(tmp_path):
    # the brand in the bill's title row alone: the file's name says nothing of it
    db = _october(tmp_path, f"账单-{MVNO}-2026年09月.csv", "小米移动 话费账单")
    steps = _steps_of_unchecked(_mobile_alone(tmp_path, db))
    assert any(_names_brand(step) for step in steps)
    assert not any(_unnamed(step) for step in steps)
    with sqlite3.connect(db) as stored:
        brands = dict(stored.execute("SELECT path, brand FROM files").fetchall())
    assert {Path(path).name[:2]: brand for path, brand in brands.items()} == {
        "账单": "小米移动",  # read from its title
        "中国": "",
    }


def test_a_refund_due_on_the_brands_line_calls_the_brand(tmp_path):
    # 来电提醒 wanted: the duplicate alone is money to ask back
    (tmp_path / "auditor.toml").write_text('known_services = ["来电提醒"]\n', "utf-8")
    db = _october(tmp_path, f"账单-{MVNO}-2026年09月.csv", "小米移动 话费账单")
    folder = tmp_path / "2026-11"  # October's bill charges 来电提醒 once: the duplicate stopped
    _bill(folder, f"账单-{MVNO}-2026年10月.csv", MVNO, "2026-10", "", False)
    data = _audit(tmp_path, folder, "2026-11-05", db)
    [due] = data["refunds_due"]
    assert due["unrefunded"] == "2.00"
    assert _names_brand(due["next"]["text"])
    assert "Call 小米移动's own service line" in due["next"]["text"]


def test_a_history_from_before_brands_were_kept_takes_the_files_name(tmp_path):
    db = _october(tmp_path, f"小米移动账单-{MVNO}-2026年09月.csv", "")
    old = tmp_path / "v11.sqlite"
    as_version(db, old, 11)  # as the auditor before this one wrote it: no brand column
    steps = _steps_of_unchecked(_mobile_alone(tmp_path, old))
    assert any(_names_brand(step) for step in steps)
    assert not any(_unnamed(step) for step in steps)
    with sqlite3.connect(old) as upgraded:
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        brands = upgraded.execute("SELECT path, brand FROM files").fetchall()
    # stored before: not known (its name told); stored since: what its reading found
    assert sorted(
        (Path(path).parent.name, "?" if brand is None else brand) for path, brand in brands
    ) == [
        ("2026-10", "?"),
        ("2026-10", "?"),
        ("2026-11", ""),
    ]


@pytest.mark.parametrize("given", ["小米移动", ""])
def test_a_line_given_no_brand_anywhere_keeps_the_general_call(tmp_path, given):
    name = f"{given}账单-{MVNO}-2026年09月.csv"
    db = _october(tmp_path, name, "") if given else tmp_path / "h.sqlite"
    if not given:  # no brand in the bill's name nor text: the general call, stored ""
        folder = tmp_path / "2026-10"
        _bill(folder, f"中国移动账单-{MOBILE}-2026年09月.csv", MOBILE, "2026-09", "", False)
        _bill(folder, name, MVNO, "2026-09", "", True)
        _audit(tmp_path, folder, "2026-10-05", db)
    steps = _steps_of_unchecked(_mobile_alone(tmp_path, db))
    assert any((_names_brand if given else _unnamed)(step) for step in steps)
    assert not any((_unnamed if given else _names_brand)(step) for step in steps)
