"""A complaint step names a number to dial only where the carrier has a complaint line:
China Telecom has none, and a company's line calls its account manager (集团客户经理),
a person, not a number. Its steps ask whom the user calls to register the complaint:
never "拨打投诉电话 集团客户经理 投诉" (a company's trial, its Telecom suspended lines)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cli_run import run
from rule_cases import findings_of

from auditor import lang
from auditor.catalog import CARRIER_IDS
from auditor.rules import RULES

AS_OF = date(2026, 11, 5)
LINE = "18900189003"
#: A complaint line as a step dials it, in either language: what follows must be one.
DIALLED = re.compile(r"拨打投诉电话 (\S+)|complain through (\S+?)[,;]?(?:\s|$)")


@pytest.mark.parametrize("company", [False, True], ids=["personal", "company"])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_only_a_complaint_line_is_dialled(company, language):
    dialled = set()
    with lang.using(language):
        for rule in RULES:
            for carrier in (*CARRIER_IDS, ""):
                for finding in findings_of(rule):
                    steps = rule().actions(replace(finding, carrier=carrier), AS_OF, company)
                    for step in steps:
                        dialled |= {a or b for a, b in DIALLED.findall(step.text)}
    assert dialled and all(number.isdigit() for number in dialled), dialled


def _telecom(folder: Path, period: str, *items: tuple[str, str]) -> None:
    """A 天翼 statement of ``period`` for LINE: its plan, then 其他费用 over ``items``."""
    target = folder / LINE
    target.mkdir(parents=True, exist_ok=True)
    rows = ["中国电信 天翼 账单", "", "套餐及叠加包月基本费\t\t39.00", "\t套餐月基本费\t39.00"]
    if items:
        total = sum(int(amount.replace(".", "")) for _, amount in items)
        rows += [f"其他费用\t\t{total // 100}.{total % 100:02d}"]
        rows += [f"\t{item}\t{amount}" for item, amount in items]
    (target / f"{period[:4]}年{period[5:]}月.csv").write_text("\n".join(rows) + "\n", "utf-8")


def _audit(tmp: Path, folder: Path, as_of: str) -> dict:
    target = tmp / f"{as_of}.json"
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(tmp / "h.sqlite"),
        "--known", str(tmp / "auditor.toml"), "-o", str(tmp / f"{as_of}.xlsx"),
        "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(target.read_text("utf-8"))


@pytest.mark.usefixtures("december")
def test_a_company_telecom_line_asked_to_close_complains_through_its_account_manager(tmp_path):
    (tmp_path / "auditor.toml").write_text('account = "company"\n', "utf-8")
    _telecom(tmp_path / "oct", "2026-08")
    for period in ("2026-09", "2026-10"):  # suspended since September, 5.00 a month
        _telecom(tmp_path / "oct", period, ("停机保号费", "5.00"))
    october = _audit(tmp_path, tmp_path / "oct", "2026-11-05")
    [finding] = [f for f in october["findings"] if f["rule"] == "suspended-line"]
    [asked] = [a["text"] for a in finding["actions"] if a["channel"] == "complaint"]
    assert "联系贵公司的集团客户经理（政企客户服务），要求登记投诉" in asked, asked
    closed = run("record", "cancel", "--line", LINE, "--service", finding["service"],
                 "--on", "2026-11-06", "--ticket", "XH1", "--line-closed",
                 "--db", str(tmp_path / "h.sqlite"))  # fmt: skip
    assert closed.exit_code == 0, closed.output
    later = _audit(tmp_path, tmp_path / "oct", "2026-11-26")
    [finding] = [f for f in later["findings"] if f["rule"] == "suspended-line"]
    [complaint] = [a for a in finding["actions"] if a["channel"] == "complaint"]
    assert complaint["text"].startswith(
        "若 2026-12 账单仍收费：联系贵公司的集团客户经理（政企客户服务），要求登记投诉，"
        "出示你 2026-11-06 申请销户的工单号 XH1"
    ), complaint["text"]
    assert "拨打投诉电话" not in json.dumps(later, ensure_ascii=False)
