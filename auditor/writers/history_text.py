"""The text ``auditor history`` prints, in the active language: each line's block (its
months, its open findings in brief, its notices apart (no money at issue), its refunds
due with their own step in short, its records, a refund's money beyond its claims said
after it) and what several lines come to. Told from the typed
:class:`~auditor.overview.LineHistory` (money in fen, the refund due itself), not from
the JSON's strings; each row masked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import TYPE_CHECKING

from auditor.catalog import carrier_name
from auditor.history.charged import over_charged_note
from auditor.history.claims import beyond_note
from auditor.history.findings import Seen
from auditor.history.refund_due import RefundDue
from auditor.lang import Text, counted, say, using
from auditor.model import UserRecord
from auditor.names import shown_as
from auditor.rules.formatting import months_text
from auditor.values import format_fen, month_add
from auditor.wording import uncapitalized
from auditor.writers.labels import (
    NOT_IN_SETTINGS,
    RECONCILED_LABELS,
    finding_label,
    label,
    record_label,
    refunded_note,
    refunds_past_part,
)
from auditor.writers.safe import Masker
from auditor.writers.sheet import display_width
from auditor.writers.summary_alerts import not_in_settings_note

if TYPE_CHECKING:  # a type only: the account is gathered after the writers
    from auditor.overview import LineHistory


def line_text(
    line: str, owner: str | None, held: LineHistory, mask: Masker, apart: bool = False
) -> str:
    """One line's block of ``auditor history`` (``owner``: its owner in the settings;
    ``apart``: the line is not in settings naming the lines, said where an owner is, as
    the report says it: a stranger's line must not pass for one of the company's)."""
    still, done, kept = len(held.still), held.resolved, len(held.records)
    who = line + (say(f"（{owner}）", f" ({owner})") if owner else "")
    if not owner and apart:
        who = say(f"{line}{NOT_IN_SETTINGS.zh}", f"{line} {NOT_IN_SETTINGS.en}")
    coming = len(held.notices)  # information, not open: counted apart when there are any
    notices = say(f"；提示 {coming} 项", f"; notices {coming}") if coming else ""
    rows = [
        say(
            f"{who}：发现 {still} 项未解决，{done} 项已解决{notices}；记录 {kept} 条",
            f"{who}: findings {still} open, {done} resolved{notices}; records {kept}",
        ),
        # a column's head as wide on screen as in English: the figures line up under it
        "  "
        + _cell(say("月份", "month"), 8)
        + " "
        + _cell(say("账单", "billed"), 10, right=True)
        + " "
        + _cell(say("账单合计", "stated"), 10, right=True)
        + "  "
        + _cell(say("是否相符", "adds up"), 10)
        + " "
        + _cell(say("未解决", "open"), 6, right=True)
        + " "
        + _cell(say("已解决", "resolved"), 8, right=True)
        # a ported line's carrier by month (携号转网): who billed each month's money
        + ("  " + say("运营商", "carrier") if held.ports else ""),
    ]
    # the findings of each month (by the months they charged): open, and resolved
    still = per_month(held.still)
    gone = per_month([f for f in held.gone if f.id not in held.became])
    given = {month.period: month for month in held.months}
    excused = no_bill_records(held.records)
    for period in months_between(sorted(given)):
        month = given.get(period)
        counts = f"{still.get(period, 0):>6} {gone.get(period, 0):>8}"
        if month is None:  # a month whose bill was never given: not checked, said so
            said = MISSING.shown()
            if (record := excused.get(period)) is not None:  # its bill will not come
                said = say(f"无账单，{record.on} 记录", f"no bill, recorded on {record.on}")
            rows.append(f"  {period:<8} {'—':>10} {'—':>10}  " + said)
            continue
        stated = "—" if month.stated_fen is None else format_fen(month.stated_fen)
        billed = "—" if month.billed_fen is None else format_fen(month.billed_fen)  # no item
        rows.append(
            f"  {month.period:<8} {billed:>10} {stated:>10}  "
            + _cell(label(RECONCILED_LABELS, month.reconciled), 10)
            + f" {counts}"
            + (f"  {carrier_name(held.carriers[period])}" if period in held.carriers else "")
        )
    rows += ["  " + port.told(named=False) for port in held.ports]
    # two SP services billed as 信息费: 信息费（手机报）, open, a notice or a refund due alike
    told_apart = held.told
    rows += [
        "  "
        + say("未解决：", "open: ")
        + _open(finding, told_apart.get(finding.id, ""), held.back.get(finding.id, 0))
        + _waiting(held.waiting.get(finding.id, ""))
        for finding in held.still
    ]
    rows += [
        "  " + say("提示：", "notice: ") + _notice(finding, told_apart.get(finding.id, ""))
        for finding in held.notices
    ]
    rows += [
        "  "
        + (say("后续：", "then: ") if f.id in held.became else say("已解决：", "resolved: "))
        + _gone(f, f.id in held.became)
        for f in held.gone
    ]
    rows += ["  " + _due(due, told_apart.get(due.id, "")) for due in held.due]
    rows += [
        "  "
        + say("已了结：", "closed: ")
        + f"{shown_as(due.service, told_apart.get(due.id, ''))}"
        + say("，", ", ")
        + uncapitalized(due.next_step().text)
        for due in held.closed
    ]
    rows += ["  " + _record(item, held, set(given)) for item in held.records]
    return "\n".join(mask(row) for row in rows)


def totals_text(held: dict[str, LineHistory], mask: Masker, apart: Collection[str] = ()) -> str:
    """The last lines of ``auditor history`` over several lines: their open findings and
    the money their refunds due ask back, added up. The lines ``apart`` (not in settings
    naming the lines: a stranger's bill dropped in the folder) are counted apart in the
    words of the audit's Summary (``另有 1 个不在设置中的号码：…，不计入以上合计``), then
    named with what to do, as its note names them; each row masked."""
    named = [each for line, each in held.items() if line not in apart]
    outside = sorted(line for line in held if line in apart)
    zh, en = _added_up(named)
    rows = [say(f"共 {len(named)} 个号码：{zh}", f"{counted(len(named), 'line')}: {en}")]
    if outside:
        zh, en = _added_up([held[line] for line in outside])
        many = len(outside)
        rows += [
            say(
                f"另有 {many} 个不在设置中的号码：{zh}，不计入以上合计",
                f"{counted(many, 'line')} not in the settings: {en}, not counted above",
            ),
            not_in_settings_note(outside, by_owner=False),
        ]
    return "\n".join(mask(row) for row in (rows if named else rows[1:]))


def _added_up(held: list[LineHistory]) -> tuple[str, str]:
    """What ``held`` comes to, in Chinese and in English: its open findings and the money
    its refunds due ask back (``findings 2 open; refunds due ¥10.00``), what of it is past
    the appeal limit apart, as an audit's headline says it (``refunds due ¥10.00, and
    ¥15.00 past the 5-month appeal limit: a complaint to the carrier only``)."""
    still = sum(len(each.still) for each in held)
    dues = [due for each in held for due in each.due]
    due, past = sum(d.appealable_fen for d in dues), sum(d.past_fen for d in dues)
    money = format_fen(due or past)
    with using("zh"):
        zh = refunds_past_part(due, past)
    with using("en"):
        en = refunds_past_part(due, past)
    return (
        f"发现 {still} 项未解决；待退还 ¥{money}{zh}",
        f"findings {still} open; refunds due ¥{money}{en}",
    )


def _open(finding: Seen, told: str = "", back: int = 0) -> str:
    """``未知增值业务 咪咕视频会员 ¥45.00（已退 ¥15.00）（2026-08..2026-10）``: an open
    finding, briefly (``told``: what tells its service apart,
    :attr:`~auditor.overview.LineHistory.told`; ``back``: what came back of it, as the
    audit says it after its amount)."""
    span = months_text(finding.periods)  # with their gaps, as the audit lists them
    money = f"¥{format_fen(finding.amount_fen)}" + refunded_note(back, finding.amount_fen)
    if not finding.amount_fen and finding.monthly_fen:  # on the list, not billed yet
        monthly = format_fen(finding.monthly_fen)
        money = say(f"每月 ¥{monthly}", f"¥{monthly} a month")
    service = shown_as(finding.service, told)
    what = " ".join(
        part for part in (finding_label(finding.rule, finding.periods), service) if part
    )
    return f"{what} {money}" + (say(f"（{span}）", f" ({span})") if span else "")


#: A month between a line's first and latest whose bill was never given: not checked.
MISSING = Text("缺账单，未核对", "no bill: not checked")


def no_bill_records(records: list[UserRecord]) -> dict[str, UserRecord]:
    """The months ``records`` say will not have a bill (``auditor record no-bill``), each
    with its first record: shown as such, not as a gap."""
    months: dict[str, UserRecord] = {}
    for record in records:
        if record.kind == "no_bill" and record.month:
            months.setdefault(record.month, record)
    return months


def months_between(periods: list[str]) -> list[str]:
    """Every month from the first of ``periods`` (sorted) to the last, those not among
    them too: a month between whose bill was never given is a gap to show."""
    if not periods:
        return []
    every = [periods[0]]
    while every[-1] < periods[-1]:
        every.append(month_add(every[-1], 1))
    return every


def per_month(findings: list[Seen]) -> dict[str, int]:
    """How many of ``findings`` charged each month (by their months)."""
    return dict(Counter(period for finding in findings for period in set(finding.periods)))


def _gone(finding: Seen, became: bool = False) -> str:
    """``退订后仍扣费 手机报 ¥8.00（2026-08）：2026-10-05 已解决，2026-09 账单已不再收取``: a
    finding resolved, what it was, and when and how (its reason, as the audit said it);
    one that ``became`` a charge after cancellation, when, and its reason (saying so)."""
    on = f"{finding.resolved_on:%Y-%m-%d}" if finding.resolved_on else ""
    if became:
        return _open(finding) + say(f"：{on} {finding.reason}", f": on {on}, {finding.reason}")
    done = say(f"：{on} 已解决，", f": resolved on {on}, ")
    return _open(finding) + done + finding.reason


def _waiting(month: str) -> str:
    """After an open finding the user recorded cancelling, no bill after it yet: the
    month whose bill tells whether the cancellation took (``""``: none, nothing said)."""
    if not month:
        return ""
    return say(f"，已退订，待 {month} 账单核对", f", cancelled: to check on the {month} bill")


def _notice(finding: Seen, told: str = "") -> str:
    """``2026-12 起变化 5G智享套餐（个人版）（2026-12）``: a notice, briefly; no money, as it
    disputes none (``told``: what tells its service apart, as :func:`_open`'s)."""
    span = months_text(finding.periods)
    service = shown_as(finding.service, told)
    what = " ".join(
        part for part in (finding_label(finding.rule, finding.periods), service) if part
    )
    return what + (say(f"（{span}）", f" ({span})") if span else "")


def _due(due: RefundDue, told: str = "") -> str:
    """A refund due with its own step in short (:meth:`RefundDue.brief`): the money and
    months to ask back, whom to ask, and after a complaint, the carrier's answer and the
    appeal (``told``: what tells its service apart, as :func:`_open`'s)."""
    step, service = due.brief(), shown_as(due.service, told)
    return say(f"待退还：{service}，{step}", f"refund due: {service}, {uncapitalized(step)}")


def _record(item: UserRecord, held: LineHistory, given: set[str]) -> str:
    """``#5 2026-11-12 Refunded 咪咕视频会员 ¥10.00 ticket R-1``: one of the user's records,
    a refund more than its service was ever charged said so after it, else its money
    beyond its claims (``held``'s figures of both, as the report says them); a month's
    bill that will not come, its month, and that it is moot once that bill was given
    (among the months ``given``)."""
    if item.kind == "no_bill":
        moot = say(
            "（该月账单后来已提供，照常核对：此记录不再起作用）",
            " (its bill was given since and is audited as usual: this record no longer counts)",
        )
        note = say(f"（{item.note}）", f" ({item.note})") if item.note else ""
        return f"#{item.id} {item.on:%Y-%m-%d} {record_label(item)} {item.month}{note}" + (
            moot if item.month in given else ""
        )
    beyond_fen = held.beyond.get(item.id)
    ticket = item.ticket and say(f"工单号 {item.ticket}", f"ticket {item.ticket}")
    amount = "" if item.amount_fen is None else f"¥{format_fen(item.amount_fen)}"
    # a settlement: closed without a refund, what was given as the user wrote it
    given = say(f"（未退款，所得：{item.note}）", f" (not refunded; given: {item.note})")
    given = given if item.kind == "settle" and item.note else ""
    return (
        f"#{item.id} {item.on:%Y-%m-%d} {record_label(item)} "
        f"{item.service or item.finding}"
        + "".join(f" {part}" for part in (amount, ticket) if part)
        + given
        + (
            over_charged_note(item, held.over_charged, held.beyond)
            or (beyond_note(beyond_fen) if beyond_fen else "")
        )
    )


def _cell(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` columns on screen (a CJK character takes two)."""
    pad = " " * max(width - display_width(text), 0)
    return pad + text if right else text + pad
