"""Chinese labels the report shows beside the stable English ids."""

from __future__ import annotations

SEVERITY_LABELS = {"high": "高", "medium": "中", "low": "低", "info": "提示"}

RULE_LABELS = {
    "lingering-charge": "退订后仍扣费",
    "unknown-vas": "未知增值业务",
    "next-month-effective": "次月生效变化",
    "bill-total-mismatch": "账单合计不符",
}

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

RECONCILED_LABELS = {"yes": "是", "no": "否", "unreconciled": "未核对"}


def label(labels: dict[str, str], key: str | None) -> str:
    """``key`` with its Chinese label (``sms 短信``); unknown keys come back as they are."""
    if not key:
        return ""
    name = labels.get(key)
    return f"{name} {key}" if name else key


def rule_label(rule_id: str) -> str:
    """A rule id with its Chinese name (``lingering-charge 退订后仍扣费``)."""
    name = RULE_LABELS.get(rule_id)
    return f"{rule_id} {name}" if name else rule_id
