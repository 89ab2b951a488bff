"""The words the report shows for the stable ids it keeps (a severity, a channel, a
status...), each in Chinese and in English (:class:`~auditor.lang.Text`), shown in the
active language where a cell is made; a rule's own name comes from the rule."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from auditor.audit_report import AuditReport
from auditor.catalog import load_escalation
from auditor.categories import CATEGORY_TEXTS
from auditor.history.charged import Over, over_charged_note
from auditor.history.claims import beyond_note
from auditor.history.refund_due import RefundDue
from auditor.lang import Text, say
from auditor.model import Finding, UserRecord
from auditor.rules import find_rule
from auditor.values import format_fen, format_yuan

#: What stands for the owner of a line the settings do not name, where they name the
#: company's or the family's lines (a stranger's bill among theirs).
NOT_IN_SETTINGS = Text("（不在设置中）", "(not in the settings)")


def owner_shown(report: AuditReport, line: str) -> str:
    """``line``'s owner as the report shows it: the settings' owner; for a line not in
    the settings (:meth:`~auditor.audit_report.AuditReport.not_in_settings`), that it is not
    (a stranger's line must not pass for one of the company's); else nothing."""
    owner = report.holders.now(line)[0]
    return owner or (NOT_IN_SETTINGS.shown() if report.not_in_settings(line) else "")


def holder_shown(report: AuditReport, line: str, period: str) -> tuple[str, str]:
    """``line``'s owner and department in ``period`` (a number handed over: that month's
    holder, :class:`~auditor.holders.Holders`), the owner shown as :func:`owner_shown`."""
    owner, group = report.holders.at(line, period)
    return owner or (NOT_IN_SETTINGS.shown() if report.not_in_settings(line) else ""), group


def months_owner(report: AuditReport, line: str, periods: Iterable[str]) -> str:
    """The owner of a finding's (a refund due's) ``periods`` on ``line``: its latest
    month's, and who held the others where someone else did (a number handed over
    between them: ``李娜（之前：张伟）``), as By owner splits its money."""
    periods = list(periods)
    owner = holder_shown(report, line, max(periods, default=""))[0]
    others = [held[0] or held[1] for held, _ in report.holders.before(line, periods)]
    if not (others := [name for name in others if name and name != owner]):
        return owner
    return say(f"{owner}（之前：{'、'.join(others)}）", f"{owner} (before: {', '.join(others)})")


def owners_about(report: AuditReport, items: Sequence[Finding | RefundDue]) -> list[str]:
    """The owners a thing to do names of its ``items`` (findings, refunds due): each
    line's owner of the months at issue (a refund due of months before a number was
    handed over is its earlier owner's to take up), each once, sorted; of one item, its
    owner with the earlier owners of its months named (:func:`months_owner`)."""
    if len(items) == 1:
        return [owner] if (owner := months_owner(report, items[0].line, items[0].periods)) else []
    found = {holder_shown(report, i.line, max(i.periods, default=""))[0] for i in items}
    return sorted(found - {""})


SEVERITY_LABELS = {
    "high": Text("高", "High"),
    "medium": Text("中", "Medium"),
    "low": Text("低", "Low"),
    "info": Text("提示", "Info"),
}

CONFIDENCE_LABELS = {
    "documented": Text("官方说明", "documented"),
    "reported": Text("用户反馈", "reported by users"),
    "unverified": Text("未核实", "unverified"),
}

KIND_LABELS = {"bill": Text("账单", "Bill"), "services": Text("已订业务", "Service list")}

#: What read a file (a reader's ``name``), as the Inputs sheet says it; the JSON keeps the
#: ids. A format's own name (CSV, PDF, Excel) reads the same in both languages.
READER_LABELS = {
    "csv": Text("CSV", "CSV"),
    "xlsx": Text("Excel（XLSX）", "Excel (XLSX)"),
    "xls": Text("Excel（XLS）", "Excel (XLS)"),
    "ods": Text("ODS 表格", "ODS spreadsheet"),
    "pdf": Text("PDF", "PDF"),
    "image": Text("图片（文字识别）", "Picture (OCR)"),
    "sms": Text("短信", "SMS"),
    "portal-json": Text("网上营业厅 JSON", "Portal JSON"),
    "html": Text("网页", "Web page"),
    "mht": Text("网页存档", "Web archive"),
    "eml": Text("电子邮件", "E-mail"),
}

STATUS_LABELS = {
    "active": Text("在用", "Active"),
    "pending": Text("待生效", "Pending"),
    "ended": Text("已结束", "Ended"),
}

CHANGE_LABELS = {"start": Text("开始收费", "Starts"), "end": Text("停止收费", "Stops")}

#: A finding across audits: first reported now, reported before, or no longer holding.
FINDING_STATUS_LABELS = {
    "new": Text("新发现", "New"),
    "open": Text("仍未解决", "Still open"),
    "resolved": Text("已解决", "Resolved"),
    # a notice reported before that grew into a finding: not resolved
    "now-finding": Text("已成为问题", "Now a finding"),
    # cancelled by the user's record, no bill after it yet: not resolved
    "waiting": Text("已退订待核对", "Cancelled, unconfirmed"),
    "refund-due": Text("待退款", "Refund due"),
    # closed by the user without a refund (auditor record settle): given up, compensated
    "closed": Text("已了结（未退款）", "Closed, not refunded"),
    "refunded": Text("已退款", "Refunded"),
    # of a line the history follows that no file of this audit covers
    "not-checked": Text("未核对（无账单）", "Not checked (no bill)"),
}

RECORD_LABELS = {
    "cancel": Text("退订", "Cancelled"),
    "complaint": Text("投诉", "Complained"),
    "refund": Text("退款", "Refunded"),
    "appeal": Text("申诉", "Appealed"),
    "no_bill": Text("缺账单", "No bill"),  # a month's bill that will not come
    "settle": Text("和解", "Settled"),  # closed without a refund (given up, compensated)
}
#: A cancellation that is the line closed (销户: ``UserRecord.closes_line``), as shown.
LINE_CLOSED = Text("销户", "Line closed")

RECONCILED_LABELS = {
    "yes": Text("是", "Yes"),
    "no": Text("否", "No"),
    "unreconciled": Text("未核对", "Not checked"),
    # two readings of the month (an SMS and the portal's bill) give other figures
    "differs": Text("两份不符", "Copies differ"),
}

#: The charge categories (:data:`auditor.categories.CATEGORIES`), in both languages.
CATEGORY_LABELS = CATEGORY_TEXTS

#: Why a reader set rows of a file aside (``ReadResult.set_aside``'s reasons).
SET_ASIDE_LABELS = {
    "blank": Text("空行", "blank"),
    "chrome": Text("应用界面栏（状态栏、标题栏、导航栏）", "app bars (status, title, tab)"),
    "comparison": Text("仅上月对比列有金额", "only in last month's comparison column"),
    "duplicate": Text("重复", "duplicate"),
    "empty": Text("空白", "empty"),
    "header": Text("表头", "header"),
    "note": Text("备注", "note"),
    "section": Text("科目行", "section"),
    "subtotal": Text("小计", "subtotal"),
    "title": Text("标题", "title"),
    "total": Text("合计", "total"),
}

#: Shown for a finding about a whole bill rather than one service.
BILL_LEVEL = Text("（整张账单）", "(whole bill)")


def label(labels: Mapping[str, Text], key: str | None) -> str:
    """The word for ``key`` in the active language (``短信`` or ``SMS``); a key with no
    word comes back as it is, and none as ''."""
    if not key:
        return ""
    word = labels.get(key)
    return word.shown() if word else key


def record_label(record: UserRecord) -> str:
    """What a record is, in the active language: its kind's word (退订 Cancelled), a line
    closed's own (销户 Line closed)."""
    return LINE_CLOSED.shown() if record.closes_line else label(RECORD_LABELS, record.kind)


def rule_label(rule_id: str) -> str:
    """A rule's name as the report shows it: words in the active language (退订后仍扣费),
    the id standing in its own data column; an id no registered rule has comes back as
    it is."""
    rule = find_rule(rule_id)
    return rule.name_shown() if rule else rule_id


def finding_label(rule_id: str, periods: Sequence[str]) -> str:
    """The name of a finding of ``rule_id`` over ``periods`` (its months), as the report
    shows it: its rule's, saying the month where the rule's name would otherwise say
    when (``change from 2026-10``, not "from next month" for October seen in August:
    :meth:`~auditor.rules.base.Rule.name_for`)."""
    rule = find_rule(rule_id)
    return rule.name_for(periods) if rule else rule_id


def rules_named(findings: Iterable[Finding]) -> list[str]:
    """The names of the rules of ``findings`` (a group's), one per rule in their order:
    a finding's own (:func:`finding_label`) where that rule's findings there start in one
    month, else the rule's (:func:`rule_label`)."""
    months: dict[str, set[str]] = {}
    for finding in findings:
        months.setdefault(finding.rule, set()).add(finding.periods[0] if finding.periods else "")
    return [
        finding_label(rule, [m for m in found if m]) if len(found) == 1 else rule_label(rule)
        for rule, found in months.items()
    ]


def bill_level() -> str:
    """What a finding about a whole bill shows for its service."""
    return BILL_LEVEL.shown()


def listed(items: list[str]) -> str:
    """Names in a row: ``、`` between them in Chinese, ``, `` in English."""
    return say("、", ", ").join(items)


def past_limit_part(past_fen: int) -> str:
    """What the headlines add to the disputed money when ``past_fen`` of it is past the
    appeal limit for billing disputes (:attr:`~auditor.writers.figures.Counted.past_limit_fen`):
    ``，其中 ¥200.00 已过 5 个月申诉期（只能向运营商投诉）``; ``""`` when none is. The
    terminal's, the Summary's and the JSON's totals keep counting it: the carrier may
    still refund it."""
    if not past_fen:
        return ""
    months, yuan = load_escalation().billing_deadline_months, format_yuan(past_fen)
    return say(
        f"，其中 ¥{yuan} 已过 {months} 个月申诉期（只能向运营商投诉）",
        f", of which ¥{yuan} is past the {months}-month appeal limit (a complaint to the "
        "carrier only)",
    )


def refunds_past_part(due_fen: int, past_fen: int) -> str:
    """What the headlines add to the refunds due's money when ``past_fen`` of what they
    still ask back is past the appeal limit
    (:attr:`~auditor.writers.report_figures.ReportFigures.refunds_past_fen`: the carrier
    still owes it, a complaint is what is left), counted apart from ``due_fen``, what an
    appeal can still get (the money they show: ``due_fen``, or, none, ``past_fen``):
    ``，另有 ¥15.00 已过 5 个月申诉期、只能向运营商投诉``, or, all past it,
    ``，均已过 5 个月申诉期、只能向运营商投诉``; ``""`` when none is."""
    if not past_fen:
        return ""
    months, yuan = load_escalation().billing_deadline_months, format_yuan(past_fen)
    if not due_fen:
        return say(
            f"，均已过 {months} 个月申诉期、只能向运营商投诉",
            f", all past the {months}-month appeal limit: a complaint to the carrier only",
        )
    return say(
        f"，另有 ¥{yuan} 已过 {months} 个月申诉期、只能向运营商投诉",
        f", and ¥{yuan} past the {months}-month appeal limit: a complaint to the carrier only",
    )


#: Whose money the refunds due are (:func:`refunds_owed_for`): findings resolved, findings
#: whose cancellation waits for the bill after it, or both; as the terminal's label puts
#: it, then as the Summary's headline names them.
_OWED_FOR = {
    (True, False): (Text("已解决", "resolved"), Text("已解决的发现", "resolved findings")),
    (False, True): (
        Text("已退订待核对", "cancelled (waiting for the next bill)"),
        Text("已退订、待下月账单核对的发现", "findings cancelled, waiting for the next bill"),
    ),
    (True, True): (
        Text("已解决或已退订待核对", "resolved or cancelled (waiting for the next bill)"),
        Text(
            "已解决或已退订待核对的发现",
            "resolved findings and findings cancelled, waiting for the next bill",
        ),
    ),
}


def refunds_owed_for(report: AuditReport) -> tuple[str, str]:
    """Whose money the report's refunds due are, in the active language: as a label
    (``已解决`` then ``、仍未退还``) and as a noun (``已解决的发现``). A finding you recorded
    cancelling, waiting for the bill after it (:attr:`AuditReport.waiting`), has its
    money followed as a refund due, but is not resolved: never called so."""
    waiting = {item.id for item in report.waiting}
    kinds = {due.id in waiting for due in report.refunds_due}
    label, noun = _OWED_FOR.get((False in kinds, True in kinds), _OWED_FOR[True, False])
    return label.shown(), noun.shown()


def record_text(
    record: UserRecord, beyond: int | None = None, over: Mapping[int, Over] | None = None
) -> str:
    """``2026-11-09 退款 ¥20.00（短信，工单号 T-77）`` (``Refunded ¥20.00 on 2026-11-09
    (via 短信, ticket T-77)``): what was done, with a refund's amount, when, and how; a
    refund more than its service was ever charged said so (``over``, by record id:
    :func:`~auditor.history.charged.over_charged`'s), else its money ``beyond`` what its
    findings claim, set against nothing."""
    done = record_label(record)
    if record.amount_fen is not None:
        done += f" ¥{format_fen(record.amount_fen)}"
    text = say(f"{record.on} {done}", f"{done} on {record.on}") + record.particulars()
    if over and record.id in over:
        return text + over_charged_note(record, over, {record.id: beyond} if beyond else {})
    if beyond:
        text += beyond_note(beyond)
    return text


def refunded_note(refunded_fen: int, amount_fen: int) -> str:
    """``（已退 ¥6.00）``: what came back of a finding still found, after its amount, as
    the terminal's audit and ``auditor history`` both say it ('' when nothing); never more
    than its amount."""
    if not refunded_fen:
        return ""
    back = format_yuan(min(refunded_fen, amount_fen))
    return say(f"（已退 ¥{back}）", f" (¥{back} refunded)")


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def one_language(text: str) -> str:
    """The active language's half of a text still written ``中文 / English`` (a Chinese
    half, then one with Latin letters); any other text as it is. For the Summary's first
    steps, read at a glance on a short page: a step made before the rules spoke one
    language, or by one that still speaks both, shows one half there (the Actions sheet
    has the whole text)."""
    zh, sep, en = text.partition(" / ")
    if sep and _has_cjk(zh) and any(ch.isascii() and ch.isalpha() for ch in en):
        return say(zh, en)
    return text


#: What the Summary's headline and the console say when the files read hold nothing.
NOTHING_TO_AUDIT = Text(
    "没有可检查的内容：读到的文件里没有费用、业务或账单合计",
    "Nothing to audit: the files read hold no charge, service or bill total",
)
