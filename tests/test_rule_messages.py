"""What the rules' messages and details say beyond the figures the case files check:
names as the bill writes them, the service list's name beside them, contracts."""

from __future__ import annotations

import pytest
from rule_cases import context, load_cases

from auditor import lang
from auditor.model import Finding
from auditor.rules import get_rule


def case_findings(rule_id: str, case_id: str) -> list[Finding]:
    """The findings ``rule_id`` gives on its case ``case_id``."""
    (case,) = [c for c in load_cases(rule_id) if c["id"] == case_id]
    return get_rule(rule_id)().evaluate(context(case))


@pytest.mark.parametrize(
    ("rule_id", "case_id", "billed", "listed"),
    [
        (
            "unknown-vas",
            "a-trial-note-in-the-list-name-is-not-the-bill-name",
            "咪咕阅读会员",
            "咪咕阅读会员（7天免费试用）",
        ),
        (
            "unknown-vas",
            "code-match-names-the-service-as-the-bill-does",
            "MIGU-VIDEO",
            "咪咕视频会员",
        ),
        (
            "lingering-charge",
            "code-match-with-different-names",
            "视频彩铃订阅-酷电秀专属6元包",
            "酷电秀6元包",
        ),
        (
            "lingering-charge",
            "bracketed-price-in-the-name",
            "视频彩铃订阅包（10元/月）",
            "视频彩铃订阅包",
        ),
    ],
)
def test_a_finding_names_the_bill_item_and_gives_the_list_name(rule_id, case_id, billed, listed):
    (finding,) = case_findings(rule_id, case_id)
    assert finding.service == billed
    assert finding.message.startswith(f"{billed}（已订业务中为「{listed}」）")
    with lang.using("en"):
        (english,) = case_findings(rule_id, case_id)
    assert english.message.startswith(f"{billed} (listed as 「{listed}」): ")


def test_the_same_name_on_the_bill_and_the_list_is_given_once():
    (finding,) = case_findings("unknown-vas", "charged-unknown-vas-over-three-months")
    assert finding.service == "咪咕视频会员"
    assert "已订业务中为" not in finding.message and "listed as" not in finding.message
