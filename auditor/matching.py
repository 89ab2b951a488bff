"""The words that make a charge or a service value-added or third-party.

:mod:`auditor.rules.value_added` applies them; how charges are matched to services, and
when services start and end, live with the rules' facts (:mod:`auditor.rules.facts`,
:mod:`auditor.rules.service_dates`).
"""

from __future__ import annotations

#: Words that make a charge or service value-added or third-party (audit spec,
#: "Value-added or third-party"). ``sp`` is matched as a word, see
#: :mod:`auditor.rules.value_added`.
VAS_KEYWORDS = (
    "增值",
    "代收",
    "信息费",
    "会员",
    "彩铃",
    "炫铃",
    "铃音",
    "手机报",
    "阅读",
    "游戏",
    "音乐",
    "视频",
    "动漫",
    "点播",
)
#: Words that make it third-party (代收费 / SP) rather than the carrier's own.
THIRD_PARTY_KEYWORDS = ("代收", "信息费", "第三方")
