"""Personal data no label names (an item ``寄送至 wangxm@example.com``) is found by its
shape: e-mail addresses, bank-card numbers and street addresses never reach an output,
and amounts, dates, a 工单号 and service names are left as they are (trial t8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run
from test_output_text import cells_of

from auditor.personal import redact_personal, redacted

R = "[redacted]"  # in English (--lang en)
EMAIL, ADDRESS = "wangxm@example.com", "上海市浦东新区世纪大道100号"
CARD, BANK = "4111 1111 1111 1111", "6222 0212 3456 7890 123"  # Luhn-valid, a bank's
LINE = "13811112222"

BILL_CSV = f"""手机号码,{LINE}
账期,2026年10月
费用类型,费用项目,金额(元)
套餐及固定费,4G飞享18元套餐,18.00
增值业务费,寄送至 {EMAIL},1.00
增值业务费,地址 {ADDRESS},1.00
增值业务费,银行代扣 {BANK},1.00
增值业务费,会员 {CARD},1.00
增值业务费,咪咕视频会员,15.00
合计,,37.00
"""


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"寄送至 {EMAIL}", f"寄送至 {R}"),
        ("邮箱 ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ 您好", f"邮箱 {R} 您好"),
        (f"{LINE}@139.com", R),
        (f"地址 {ADDRESS}", f"地址 {R}"),
        ("寄往北京市朝阳区建国路88号2号楼1001室 收", f"寄往{R} 收"),
        # from the place's name on: the item's name before it is kept
        (f"宽带安装费{ADDRESS}", f"宽带安装费{R}"),
        ("住黑龙江省哈尔滨市南岗区西大直街92号", f"住{R}"),
        ("宽带迁移费广西壮族自治区南宁市青秀区民族大道100号", f"宽带迁移费{R}"),
        ("银行卡代扣 5000 5000 5000 5000", f"银行卡代扣 {R}"),  # a card named
        (f"银行代扣 {BANK}", f"银行代扣 {R}"),  # no check digit: the bank says what it is
        (f"会员 {CARD}", f"会员 {R}"),
        ("会员 4111111111111111", f"会员 {R}"),
        ("会员 ４１１１１１１１１１１１１１１１", f"会员 {R}"),
    ],
)
def test_unlabelled_personal_data_is_removed(text, shown):
    assert redact_personal(text) == shown.replace(R, redacted())


@pytest.mark.parametrize(
    "text",
    [
        "工单号 2026110512345678",  # a ticket starts with its year
        "订单 4111111111111112",  # no card's check digit, no bank named
        "3000 3000 3000 3000.00",  # amounts
        "银行代扣 5000 5000 5000 5000",  # amounts: no card named, no check digit
        "2026-10-01 至 2026-10-31 15.00 1.00 2345.60",
        "和多号",
        "咪咕频道3号会员",
        "城市通道1号会员",
        "北京市长安街",  # a place and a road: no one's address
        "4G飞享18元套餐",
        "F0123456789ab",
        "请发邮件 @客服",
    ],
)
def test_amounts_dates_tickets_and_services_are_left_as_they_are(text):
    assert redact_personal(text) == text


def _texts(out: Path, result) -> dict[str, str]:
    return {
        "workbook": cells_of(out / "r.xlsx"),
        "json": (out / "r.json").read_text("utf-8"),
        "terminal": result.stdout + result.stderr,
    }


@pytest.mark.parametrize("masking", [[], ["--no-mask"]])
def test_no_output_shows_them(tmp_path, masking):
    bills, db, out = tmp_path / "bills", tmp_path / "h.sqlite", tmp_path / "out"
    bills.mkdir()
    (bills / f"{LINE}-2026年10月.csv").write_text(BILL_CSV, "utf-8")
    result = run(
        "audit", str(bills), "--as-of", "2026-11-05", "--db", str(db), "--lang", "en",
        "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"), *masking,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    texts = _texts(out, result)
    texts["history"] = run("history", "--db", str(db), "--lang", "en", *masking).stdout
    for where, text in texts.items():
        for secret in (EMAIL, "example.com", "世纪大道", BANK, "6222", CARD, "4111"):
            assert secret not in text, (where, secret)
    assert f"寄送至 {R}" in texts["history"] and f"银行代扣 {R}" in texts["history"]
    data = json.loads(texts["json"])
    services = {finding["service"] for finding in data["findings"]}
    assert {f"寄送至 {R}", f"地址 {R}", f"会员 {R}", "咪咕视频会员"} <= services
    assert data["inputs"][0]["periods"] == ["2026-10"]


def test_a_ticket_is_shown_whole(tmp_path):
    db = tmp_path / "h.sqlite"
    recorded = run(
        "record", "complaint", "--line", LINE, "--service", "咪咕视频会员", "--on", "2026-11-06",
        "--ticket", "2026110512345678", "--db", str(db), "--create", "--lang", "en",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    assert "2026110512345678" in run("records", "--db", str(db), "--lang", "en").stdout
