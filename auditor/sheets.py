"""The report's sheet names, and the words its Actions sheet gives a step's channel, in
both languages, kept in one place.

The workbook names its sheets with these (:mod:`auditor.writers.listings`), and every
text that sends the user to a sheet quotes them (``「{UNREAD.zh}」表``, ``the
{UNREAD.en} sheet``) rather than spelling a name of its own: a name typed twice drifts,
and a warning would send the user to a sheet the report does not have. This module
imports nothing of auditor's but its texts and their fold, so readers and rules, which
sit below the writers, can quote the names too.
"""

from __future__ import annotations

from auditor.lang import Text
from auditor.names import fold_text

SUMMARY = Text("摘要", "Summary")
BY_SERVICE = Text("按业务", "By service")
ACTIONS = Text("处理步骤", "Actions")
FOLLOW_UP = Text("跟进", "Follow-up")
FINDINGS = Text("发现", "Findings")
FINDING_MONTHS = Text("按月发现", "Finding months")
BY_OWNER = Text("按机主", "By owner")
TREND = Text("趋势", "Trend")
CHARGES = Text("费用明细", "Charges")
SERVICES = Text("已订业务", "Services")
INPUTS = Text("输入文件", "Inputs")
UNREAD = Text("未读行", "Unread rows")

#: The sheets, in the order the workbook has them.
SHEETS = (
    SUMMARY,
    BY_SERVICE,
    ACTIONS,
    FOLLOW_UP,
    FINDINGS,
    FINDING_MONTHS,
    BY_OWNER,
    TREND,
    CHARGES,
    SERVICES,
    INPUTS,
    UNREAD,
)


def sheet_names() -> list[str]:
    """The names of a report's sheets, in order, in the active language."""
    return [name.shown() for name in SHEETS]


#: What the Actions sheet's 方式 Channel column shows for a step's channel (its id:
#: :attr:`auditor.model.Action.channel`); ``auditor record --from`` reads them back
#: (:mod:`auditor.history.from_report`), so they are kept here, below both.
CHANNEL_LABELS = {
    "app": Text("手机营业厅", "App"),
    "sms": Text("短信", "SMS"),
    "hotline": Text("客服电话", "Hotline"),
    "complaint": Text("投诉", "Complaint"),
    "appeal": Text("申诉", "Appeal"),
    "evidence": Text("留存证据", "Keep evidence"),
    "web": Text("网页", "Website"),
    "store": Text("营业厅", "Shop"),
}
#: The other words a person types for a step's channel (``--channel 热线``, as the
#: README's own example writes it; ``phone``): each is that channel, in either language,
#: so that a record made in Chinese reads "via Hotline" in an English report, not "via
#: 热线". Whole words only: ``10080 投诉热线`` (a number called) stays as typed.
CHANNEL_WORDS = {
    "app": ("app", "手机app", "营业厅app", "掌上营业厅", "客户端", "mobile app"),
    "sms": ("发短信", "text", "text message"),
    "hotline": (
        "热线", "客服热线", "客服", "人工客服", "电话", "打电话", "phone", "phone call",
        "call", "telephone", "customer service",
    ),
    "web": ("网站", "官网", "网上营业厅", "web", "online"),
    "store": ("实体营业厅", "线下营业厅", "门店", "store", "in store", "in person"),
    "complaint": ("complain",),
}  # fmt: skip
#: A step's channel by the words the sheet shows for it, in either language, or both (a
#: report of before ``--lang``), and by the other words a person types for it; folded.
_CHANNEL_BY_WORDS = {
    fold_text(words): channel
    for channel, text in CHANNEL_LABELS.items()
    for words in (text.zh, text.en, f"{text.zh} {text.en}", *CHANNEL_WORDS.get(channel, ()))
}


def channel_of(words: str) -> str:
    """The step's channel (``sms``) the sheet shows as ``words`` (短信, SMS, 短信 SMS, in
    any case, width and spacing), or a person types for it (热线, phone:
    :data:`CHANNEL_WORDS`), so that a record stores it in no language; "" for other words
    (the user's own: 10080 投诉热线)."""
    return _CHANNEL_BY_WORDS.get(fold_text(" ".join(words.split())), "")


def channel_id(channel: str) -> str:
    """A record's channel as stored now: a step's by its id (an older history stored the
    words typed: 热线 is ``hotline``), the user's own words as they are."""
    return channel if channel in CHANNEL_LABELS else channel_of(channel) or channel


def channel_shown(channel: str) -> str:
    """A record's channel as the active language shows it: a step's (stored by its id,
    or in an older history as words for it) by its label, the user's own words as they
    are."""
    step = channel_id(channel)
    return CHANNEL_LABELS[step].shown() if step in CHANNEL_LABELS else channel


#: The Actions sheet's columns the user fills in once a step is done: what they did, its
#: ticket number and the day (``auditor record --from`` finds them by these names).
STATUS_COLUMN, TICKET_COLUMN, DATE_COLUMN = (
    Text("状态", "Status"),
    Text("工单号", "Ticket"),
    Text("日期", "Date"),
)

#: What the Actions sheet says to type in its 状态 Status column once a step is done, a
#: word for each kind of record in each language (a refund with the amount that came
#: back: 退款 6.00, refund 6.00), and 销户 for a line closed; ``auditor record --from``
#: reads them back (:data:`auditor.history.from_report.STATUS_WORDS` is made of these,
#: with the other words people type), so the sheet never names a word it does not take.
STATUS_TYPED = {
    "cancel": Text("退订", "cancelled"),
    "complaint": Text("投诉", "complaint"),
    "appeal": Text("申诉", "appeal"),
    "refund": Text("退款", "refund"),
    # closed without a refund (given up, or compensated otherwise): 和解 10.00 with money
    "settle": Text("和解", "settled"),
}
LINE_CLOSED_TYPED = Text("销户", "line closed")
