"""An amount a bill gives by category only (a bill SMS's 增值业务费15元): a low finding
that disputes no money, and never money to ask back once the itemised bill is read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_run import run

pytestmark = pytest.mark.usefixtures("december", "english")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ITEMISED = FIXTURES / "json" / "china-unicom" / "18600005678-账单-202608.json"
SMS = (
    "【账单提醒】尊敬的18600005678用户，您2026年8月份账单合计41.40元，实际应付41.40元。"
    "主要费用项包括：月固定费29元，语音通话费2.40元，增值业务费15元。【中国联通】\n"
)
UNLISTED = "增值业务费（未列明项目）"


def audit(tmp: Path, folder: Path, as_of: str, *extra: str) -> dict:
    target = tmp / f"{folder.name}-{as_of}.json"
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(tmp / "h.sqlite"),
        "-o", str(target.with_suffix(".xlsx")), "--json", str(target), "-q", *extra,
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(target.read_text("utf-8"))


def test_an_amount_by_category_disputes_nothing(tmp_path):
    (tmp_path / "sms").mkdir()
    (tmp_path / "sms" / "18600005678-账单短信.txt").write_text(SMS, "utf-8")
    report = audit(tmp_path, tmp_path / "sms", "2026-09-05")
    [finding] = [f for f in report["findings"] if f["service"] == UNLISTED]
    assert (finding["severity"], finding["amount"]) == ("low", "15.00")
    assert (finding["claimable"], finding["yearly"]) == ("0.00", "0.00")
    assert (report["summary"]["claimable"], report["summary"]["yearly"]) == ("0.00", "0.00")
    assert "detailed bill" in finding["message"]
    steps = " ".join(a["text"] for a in finding["actions"])
    assert "detailed bill" in steps and "refund" not in steps and "Cancel" not in steps

    # The itemised bill of the month, read later: its 腾讯视频会员 is known. The amount by
    # category is resolved, and none of it is money to ask back.
    (tmp_path / "json").mkdir()
    shutil.copy(ITEMISED, tmp_path / "json" / ITEMISED.name)
    known = tmp_path / "auditor.toml"
    known.write_text('known_services = ["腾讯视频会员"]\n', "utf-8")
    later = audit(tmp_path, tmp_path / "json", "2026-10-05", "--known", str(known))
    assert [(r["service"], r["reason"]) for r in later["resolved"]] == [
        (UNLISTED, "a bill now lists the services it held, each checked on its own")
    ]
    assert (later["refunds_due"], later["summary"]["refunds_due"]) == ([], "0.00")
