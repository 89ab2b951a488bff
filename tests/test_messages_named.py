"""Two messages a family's user misread: 12321, the spam report line, offered beside the
appeal as if it took a charge collected for an SP (it takes the SP's spam, and the step
now says so, from the catalog); and a bill notice without amounts that said "nothing to
audit" without naming the line and month it was of."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from auditor import cli

LINE = "18600005678"


def audit(given: Path, as_of: str, *extra: str):
    """``auditor audit given`` in Chinese: its result and its JSON (when written)."""
    out = given.parent / "r.json"
    args = ["audit", str(given), "--no-history", "--as-of", as_of, "--lang", "zh"]
    args += ["-o", str(given.parent / "r.xlsx"), "--json", str(out), *extra]
    result = CliRunner().invoke(cli.main, args)
    return result, json.loads(out.read_text("utf-8")) if out.exists() else None


def test_the_spam_line_is_for_the_sps_spam_not_its_charge(tmp_path):
    bill = tmp_path / f"{LINE}-费用明细-2026-10.csv"
    bill.write_text(
        "手机号码,账期,费用类型,费用项目,金额(元)\n"
        f"{LINE},2026-10,套餐及固定费,冰激凌套餐29元,29.00\n"
        f"{LINE},2026-10,代收费,手机报-新闻早晚报,3.00\n",
        "utf-8",
    )
    result, data = audit(bill, "2026-11-06")
    assert result.exit_code == 0, result.output
    [finding] = [f for f in data["findings"] if f["service"] == "手机报-新闻早晚报"]
    [spam] = [a for a in finding["actions"] if a["to"] == "12321"]
    assert "推销短信，可把这些短信举报到 12321（垃圾信息举报）" in spam["text"]
    assert "12321 只受理垃圾信息，不处理扣费：退费仍按上面的步骤" in spam["text"]
    # the market regulator takes the matter itself, as before
    [market] = [a for a in finding["actions"] if a["to"] == "12315"]
    assert market["text"] == "同时可向 12315（市场监管投诉）反映"


def test_a_bill_notice_without_amounts_names_its_line_and_month(tmp_path):
    notice = tmp_path / "通知短信.txt"
    notice.write_text(
        "【中国联通】您2025年12月份通信账单信息：用户号码：15600001234；计费周期：12月1日-12月31日；"
        "账单查询详情请点击：http://u.10010.cn/tAE3W 。回复TDZD退订本短信。\n",
        "utf-8",
    )
    result, data = audit(notice, "2026-01-05")
    said = "156****1234 2025-12：账单通知里没有金额：没有可审计的内容"
    assert said in result.stderr  # masked, as every output
    assert data["inputs"][0]["warnings"] == [said]
