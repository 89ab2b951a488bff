"""携号转网 (number portability): a line whose bills move from China Unicom to China
Telecom in 2026-06, the same number (trial t10's cases port-carrier and port-settings).
The money of its Unicom months is owed by China Unicom whatever the line's latest carrier
is; the port is said once as a port, never as a conflict to settle in the settings; a
carrier set in the settings since does not misread the months before the port; and
``auditor history`` shows the line's carrier by month."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.readers import ReadOptions, read_file

pytestmark = pytest.mark.usefixtures("english")

LINE = "18602221003"  # a China Unicom prefix, kept by the port
UNICOM = [("月固定费", "冰激凌套餐59元", "59.00"), ("增值业务费", "沃音乐会员", "10.00")]
TELECOM = [("套餐月基本费", "畅享套餐59元", "59.00")]
SETTLE = 'carrier = "'  # the advice to set the line's carrier in the settings


def bill(folder: Path, carrier: str, month: str, rows: list[tuple[str, str, str]]) -> None:
    """The trial's CSV bill of ``LINE`` for 2026-``month``, named for ``carrier``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = ["手机号码,账期,费用类别,费用项目,金额(元)"]
    text += [f"{LINE},2026{month},{c},{i},{a}" for c, i, a in rows]
    total = sum(int(a.replace(".", "")) for _, _, a in rows)
    text.append(f"{LINE},2026{month},本月费用合计,,{total // 100}.{total % 100:02d}")
    path = folder / f"{carrier}账单-{LINE}-2026年{month}月.csv"
    path.write_text("\n".join(text) + "\n", "utf-8")


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """Unicom's April and May (a), Telecom's June (b) and July (c)."""
    bill(tmp_path / "a", "中国联通", "04", UNICOM)
    bill(tmp_path / "a", "中国联通", "05", UNICOM)
    bill(tmp_path / "b", "中国电信", "06", TELECOM)
    bill(tmp_path / "c", "中国电信", "07", TELECOM)
    return tmp_path


def audit(folder: Path, as_of: str, *more: str) -> tuple[str, dict]:
    """``auditor audit`` of ``folder`` over the history beside it: its stderr and JSON."""
    out = folder.parent / f"{folder.name}.json"
    result = CliRunner().invoke(
        main,
        ["audit", str(folder), "--db", str(folder.parent / "h.sqlite"), "--as-of", as_of,
         "-q", "-o", str(folder.parent / f"{folder.name}.xlsx"), "--json", str(out), *more],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.stderr, json.loads(out.read_text("utf-8"))


def year(cases: Path, *more: str) -> list[tuple[str, dict]]:
    """The three monthly audits, as the trial ran them."""
    return [
        audit(cases / "a", "2026-06-05", *more),
        audit(cases / "b", "2026-07-05", *more),
        audit(cases / "c", "2026-08-05", *more),
    ]


def test_money_of_the_months_before_the_port_is_asked_of_the_old_carrier(cases):
    (_, first), (_, second), (_, third) = year(cases)
    [finding] = first["findings"]
    assert finding["carrier"] == "china-unicom"
    # the appeal names the carrier that billed the months
    assert any("state the carrier (China Unicom)" in a["text"] for a in finding["actions"])
    for data in (second, third):  # two Telecom bills stored: still China Unicom's money
        [due] = data["refunds_due"]
        assert due["periods"] == ["2026-04", "2026-05"]
        text = due["next"]["text"]
        assert "Call 10010" in text and "complain on 10015" in text
        assert "10000" not in text and "complain to the carrier" not in text


def test_the_port_is_said_once_as_a_port_never_as_a_carrier_to_set(cases):
    (first, _), (second, data), (third, _) = year(cases)
    assert "携号转网" not in first
    # the audit whose June bill shows it says the port, once, and no conflict
    assert second.count("携号转网") == 1
    assert "from China Unicom to China Telecom in 2026-06" in second
    assert "prefix of" not in second and SETTLE not in second
    [june] = [i for i in data["inputs"] if "2026年06月" in i["path"]]
    assert any("携号转网" in w for w in june["warnings"])
    # July's bill: the port, known, explains its prefix; nothing said
    assert "carrier" not in third and "携号转网" not in third


def test_a_prefix_alone_gainsaying_a_bill_never_advises_setting_the_carrier(cases):
    result = read_file(cases / "b" / f"中国电信账单-{LINE}-2026年06月.csv", ReadOptions())
    [alert] = result.alerts
    assert "the prefix of" in alert and "number ported to another carrier" in alert
    assert SETTLE not in alert
    assert result.settling.port_alert == alert


def test_a_carrier_set_in_the_settings_does_not_misread_the_months_before_the_port(cases):
    known = cases / "auditor.toml"
    known.write_text(f'[lines."{LINE}"]\nowner = "儿子"\ncarrier = "china-telecom"\n', "utf-8")
    (first, one), (second, two), (_, three) = year(cases, "--known", str(known))
    # Unicom's bills stay Unicom's: before any Telecom bill, and once the port shows
    [finding] = one["findings"]
    assert finding["carrier"] == "china-unicom"
    assert {i["carrier"] for i in one["inputs"]} == {"china-unicom"}
    assert "read as it says" in first and "before the number was ported" in first
    assert second.count("携号转网") == 1 and "prefix of" not in second
    for data in (two, three):
        [due] = data["refunds_due"]
        assert "Call 10010" in due["next"]["text"] and "10000" not in due["next"]["text"]
    assert {i["carrier"] for i in two["inputs"]} == {"china-telecom"}


def test_history_shows_a_ported_lines_carrier_by_month(cases):
    year(cases)
    db = str(cases / "h.sqlite")
    shown = CliRunner().invoke(main, ["history", "--db", db])
    assert shown.exit_code == 0, shown.output
    rows = {row.split()[0]: row for row in shown.stdout.splitlines() if row.startswith("  2026")}
    assert rows["2026-05"].endswith("China Unicom") and rows["2026-06"].endswith("China Telecom")
    assert "携号转网 (number ported) from China Unicom to China Telecom in 2026-06" in shown.stdout
    listed = CliRunner().invoke(main, ["history", "--db", db, "--json", "-"])
    [line] = json.loads(listed.stdout)["lines"]
    assert line["ports"] == [{"month": "2026-06", "from": "china-unicom", "to": "china-telecom"}]


def test_a_line_never_ported_shows_no_carrier_column(cases):
    audit(cases / "a", "2026-06-05")
    shown = CliRunner().invoke(main, ["history", "--db", str(cases / "h.sqlite")])
    assert "carrier" not in shown.stdout and "携号转网" not in shown.stdout
    listed = CliRunner().invoke(main, ["history", "--db", str(cases / "h.sqlite"), "--json", "-"])
    assert json.loads(listed.stdout)["lines"][0]["ports"] == []
