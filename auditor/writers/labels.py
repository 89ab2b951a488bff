"""Chinese labels the report shows beside the stable English ids (a rule's own come
from the rule)."""

from __future__ import annotations

from auditor.rules import find_rule

SEVERITY_LABELS = {"high": "高", "medium": "中", "low": "低", "info": "提示"}

CHANNEL_LABELS = {
    "app": "手机营业厅",
    "sms": "短信",
    "hotline": "客服电话",
    "complaint": "投诉",
    "appeal": "申诉",
    "evidence": "留存证据",
    "web": "网页",
    "store": "营业厅",
}

CONFIDENCE_LABELS = {
    "documented": "官方说明",
    "reported": "用户反馈",
    "unverified": "未核实",
}

KIND_LABELS = {"bill": "账单", "services": "已订业务"}

STATUS_LABELS = {"active": "在用", "pending": "待生效", "ended": "已结束"}

CHANGE_LABELS = {"start": "开始收费", "end": "停止收费"}

#: Shown for a finding about a whole bill rather than one service.
BILL_LEVEL = "（整张账单 whole bill）"

#: A finding across audits: first reported now, reported before, or no longer holding.
FINDING_STATUS_LABELS = {"new": "新发现", "open": "仍未解决", "resolved": "已解决"}

RECORD_LABELS = {"cancel": "退订", "complaint": "投诉", "refund": "退款"}

RECONCILED_LABELS = {"yes": "是", "no": "否", "unreconciled": "未核对"}


def label(labels: dict[str, str], key: str | None) -> str:
    """``key`` with its Chinese label (``sms 短信``); unknown keys come back as they are."""
    if not key:
        return ""
    name = labels.get(key)
    return f"{name} {key}" if name else key


def rule_label(rule_id: str) -> str:
    """A rule id with the Chinese name the rule declares (see ``Rule.label``); an id no
    registered rule has comes back as it is."""
    rule = find_rule(rule_id)
    return rule.label() if rule else rule_id
