"""A promotion running out (next-month-effective) when the service list gives it no price,
as China Broadnet's list does: the bill's discount (优惠 -10.00) says what its end adds,
and an audit a month on tells whether the bill dropped it (a trial's grandmother heard
of hers only as a price rise)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cli_run import run
from test_rule_messages import case_findings

from auditor import lang
from auditor.model import Action, Finding
from auditor.rules import get_rule

RULE = "next-month-effective"
LINE = "19200001111"
LIST = """业务名称,业务类型,资费,办理时间,生效时间,失效时间,状态
广电5G 19元套餐,主套餐,19元/月,2026-07-16 10:20:00,2026-07-16 10:20:00,2099-12-31 23:59:59,正常
新入网话费优惠（3个月）,优惠活动,,2026-07-16 10:20:00,2026-07-16 10:20:00,2026-10-01 00:00:00,正常
"""


def _found(case_id: str, language: str, as_of: date) -> tuple[Finding, list[Action]]:
    with lang.using(language):
        (finding,) = case_findings(RULE, case_id)
        rule = get_rule(RULE)()
        return finding, rule.actions(replace(finding, carrier="china-broadnet"), as_of)


def _texts(actions: list[Action]) -> str:
    return "\n".join(a.text for a in actions)


def test_a_discount_of_no_listed_price_ends_by_what_the_bill_took_off():
    case = "a-discount-the-list-gives-no-price-ends-by-the-bills-amount"
    finding, steps = _found(case, "zh", date(2026, 10, 5))
    assert "已于 2026-10-01 00:00 失效" in finding.message
    assert "2026-10 起不再优惠，账单每月约多 10.00 元" in finding.message
    assert "新入网话费优惠（3个月）" in finding.message  # the list's name beside the bill's
    assert "账单约高 10.00 元" in steps[0].text and "续办" in steps[1].text
    assert not any(word in _texts(steps) for word in ("退费", "退订后仍扣费", "-10.00"))
    english, steps = _found(case, "en", date(2026, 10, 5))
    assert "the bill is about 10.00 yuan a month higher" in english.message
    assert "ended on 2026-10-01" in steps[1].text and "refund" not in _texts(steps)


def test_a_discount_of_unknown_amount_says_so_and_to_check_the_bill():
    case = "a-discount-no-bill-itemises-ends-by-an-amount-not-known"
    for language, unknown, check in (
        ("zh", "优惠金额未知", "请核对 2026-12 账单"),
        ("en", "by how much is not known", "check the 2026-12 bill"),
    ):
        finding, steps = _found(case, language, date(2026, 11, 5))
        assert (finding.amount_fen, finding.monthly_fen) == (0, None)
        assert unknown in finding.message and check in finding.message
        assert "0.00" not in finding.message and "0.00" not in _texts(steps)
        assert "2026-12" in steps[0].text and len(steps) == 2


def _bill(month: str, discount: bool) -> str:
    """China Broadnet's month ``month`` (``202609``) for the line, with its discount or not."""
    rows = [f"{LINE},{month},套餐及固定费,广电5G 19元套餐,19.00"]
    if discount:
        rows.append(f"{LINE},{month},优惠及减免,新入网话费优惠,-10.00")
    total = "9.00" if discount else "19.00"
    return "\n".join(
        ["手机号码,账期,费用类型,费用项目,金额(元)", *rows, f"{LINE},{month},合计,,{total}"]
    )


def _audit(tmp_path: Path, name: str, files: dict[str, str], as_of: str) -> dict:
    folder = tmp_path / name
    folder.mkdir()
    for file, text in files.items():
        (folder / file).write_text(text, "utf-8")
    target = tmp_path / f"{name}.json"
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(tmp_path / "h.sqlite"),
        "-o", str(tmp_path / f"{name}.xlsx"), "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text("utf-8"))


@pytest.mark.usefixtures("december")
@pytest.mark.parametrize(
    ("dropped", "reason"),
    [(True, "账单已体现"), (False, "2026-10 账单仍有此优惠，未如期结束")],
)
def test_the_next_audit_tells_whether_the_bill_dropped_the_discount(tmp_path, dropped, reason):
    files = {f"{LINE}-已订业务.csv": LIST, "广电账单-2026年09月.csv": _bill("202609", True)}
    october = _audit(tmp_path, "october", files, "2026-10-05")
    (end,) = [f for f in october["findings"] if f["rule"] == RULE]
    assert (end["change"], end["periods"], end["amount"]) == ("end", ["2026-10"], "-10.00")
    bill = {"广电账单-2026年10月.csv": _bill("202610", not dropped)}
    november = _audit(tmp_path, "november", bill, "2026-11-05")
    (resolved,) = [r for r in november["resolved"] if r["rule"] == RULE]
    assert reason in resolved["reason"]


@pytest.mark.usefixtures("december")
def test_a_discount_that_ran_out_as_listed_is_told_not_complained_of(tmp_path):
    # October: the end announced (a notice). November: October's bill, the first without
    # the discount, is the end the list stated: no price rise, no complaint or 12300, no
    # money a year; the notice is resolved as shown on the bill, not "now a finding".
    files = {
        f"{LINE}-已订业务.csv": LIST,
        "广电账单-2026年08月.csv": _bill("202608", True),
        "广电账单-2026年09月.csv": _bill("202609", True),
    }
    october = _audit(tmp_path, "october", files, "2026-10-05")
    assert [f["rule"] for f in october["findings"]] == [RULE]
    bill = {"广电账单-2026年10月.csv": _bill("202610", False)}
    november = _audit(tmp_path, "november", bill, "2026-11-05")
    assert november["findings"] == [] and november["now_findings"] == []
    (resolved,) = november["resolved"]
    assert resolved["rule"] == RULE and "账单已体现" in resolved["reason"]
    assert november["summary"]["yearly"] == "0.00"


@pytest.mark.parametrize(
    ("ends", "rule"),
    [("2026-10-01 00:00:00", None), ("2027-01-01 00:00:00", "price-change")],
)
def test_only_a_discount_stopped_before_its_listed_end_is_a_price_rise(tmp_path, ends, rule):
    # The three months at once, without a history: a list ending it with September is a
    # promotion that ran out; one running to 2027 is a discount cut short, complained of.
    files = {
        f"{LINE}-已订业务.csv": LIST.replace("2026-10-01 00:00:00", ends),
        **{f"广电账单-{m}.csv": _bill(m, m != "202610") for m in ("202608", "202609", "202610")},
    }
    folder = tmp_path / "three"
    folder.mkdir()
    for file, text in files.items():
        (folder / file).write_text(text, "utf-8")
    target = tmp_path / "three.json"
    result = run(
        "audit", str(folder), "--as-of", "2026-11-05", "--no-history",
        "-o", str(tmp_path / "three.xlsx"), "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(target.read_text("utf-8"))
    rises = [f for f in found["findings"] if f["rule"] == "price-change"]
    assert [f["rule"] for f in rises] == ([rule] if rule else [])
    if rule:  # (and next-month-effective announces its end in December, as listed)
        (rise,) = rises
        # owed October to December, its listed end: 3 months of 10.00, not a year's
        assert rise["severity"] == "medium" and rise["yearly"] == "30.00"
        assert "到 2027-01-01 00:00 才到期" in rise["message"]
        assert any(a["to"] == "12300" for a in rise["actions"])
