"""Bill reminders and bill notices sent by SMS.

A bill reminder (real China Unicom sample, ``realworld/china-unicom-bill-sms.txt``)::

    【账单提醒】尊敬的18600005678用户，您2026年10月份账单合计53.60元，实际应付53.60元。
    主要费用项包括：月固定费29元，增值业务费25元。…【中国联通】

gives a bill (month, stated total) and one category-level charge (item ``""``) per fee
item. The total is phrased many ways: 本期/本月 with 消费/话费/费用, 合计 or not
(本期实际消费79.0元, 本月话费合计, 本期费用), or 账单合计. 实际应付, 本期应付金额, 实付 or
应缴金额 beside it is what is payable after prepayments and discounts are deducted, not
the charges' total: never taken as the total, and a warning when it differs from it.

A reminder listing 主要费用项 names only the main items, and one with no items at all
(China Telecom: 您本账单周期为7月1日-7月31日，本期实际消费79.0元) names none: both are
partial (the total is shown, never reconciled). Items may be combined: 语音、短信及流量等
费用合计8.30元 is one item, its category from its first word.

A month printed without its year (7月1日-7月31日, 7月份) is taken from ``--period``;
else from the file's name when that names the same month; else it is the latest such
month not after the audit date, with an alert saying so.

A bill notice (China Unicom, 2025: 账单信息, 用户号码, 计费周期 and a link, no amount)
has nothing to audit: its lines are notes, and the file gets one alert saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from auditor import where
from auditor.amount_text import AmountText
from auditor.categories import charge_category
from auditor.errors import ErrorCode, InputError, located
from auditor.lang import Text, say
from auditor.model import Bill, Charge, ReadResult
from auditor.readers.base import ReadOptions
from auditor.readers.detect import Context, no_line_found, period_from_path, require
from auditor.readers.sections import credit_printed_discounts
from auditor.readers.sms_lines import Head, check_unstated
from auditor.readers.sms_text import Message, TextLineBook, check_line, context, first_month
from auditor.readers.sms_text import read_amount as _amount
from auditor.words import (
    SMS_ITEMS_WORDS,
    SMS_NOTICE_WORDS,
    SMS_PAYABLE_WORDS,
    SMS_TOTAL_ENDINGS,
    SMS_TOTAL_NOUNS,
    SMS_TOTAL_PERIODS,
    SMS_TOTAL_PHRASES,
    any_of,
)

NOTICE_ALERT = Text(
    "账单通知里没有金额：没有可审计的内容", "bill notice without amounts: nothing to audit"
)

_NUM = r"(-?\d[\d,]*+(?:\.\d++)?)\s*+元"
# The charges' total, and what is payable once prepayments and discounts are deducted.
_TOTAL = re.compile(
    "("
    + any_of(SMS_TOTAL_PERIODS)
    + "(?:实际)?(?:"
    + any_of(SMS_TOTAL_NOUNS)
    + any_of((*SMS_TOTAL_ENDINGS, "金额"))
    + "?|"
    + "|".join(SMS_TOTAL_ENDINGS)
    + ")|"
    + "|".join(SMS_TOTAL_PHRASES)
    + r")(?:金额)?[为是:：]?\s*+"
    + _NUM
)
_PAYABLE = re.compile(
    "(" + any_of(("实际", *SMS_TOTAL_PERIODS)) + "?" + any_of(SMS_PAYABLE_WORDS) + "(?:金额)?)"
    r"[为是:：]?\s*+" + _NUM
)
_ITEMS_CLAUSE = re.compile("(" + "|".join(SMS_ITEMS_WORDS) + r")[:：]?([^。]*+)")
# An item's amount ends it; starting only at the head of a run of figures keeps it linear.
_ITEM_AMOUNT = re.compile(r"(?<![\d.,])(-?\d[\d.,]*+)\s*+元\s*+$")
# A comma between a digit and three more (1,229元) marks thousands, never a new piece.
_PIECE_SEPARATOR = re.compile(r"([，；;]|(?<!\d),|,(?!\d{3}(?!\d)))")
# The words of a combined item (语音、短信及流量等费用合计): its first word names it.
_WORD_JOINS = re.compile(r"[、及和与等]")
_RUNNING = re.compile(r"截[至止]")
_ANY_AMOUNT = re.compile(r"\d\s*+元")
_NOTICE_WORDS = re.compile("|".join(SMS_NOTICE_WORDS))
# A month with no year: 7月1日-7月31日, 7月份 (a month after 年 or a figure has one).
_BARE_MONTH = re.compile(r"(?<![\d年.\-/])(1[0-2]|0?[1-9])月(?:份|\d{1,2}日)")
_MONTH = re.compile(r"\d{4}\s?年\s?\d{1,2}\s?月")


def is_bill(text: str) -> bool:
    """A bill reminder: it states a total, or a bill's items or payable amount. A running
    figure up to a day (截至10月20日, 本月消费为45.60元) is a balance notice, not a bill."""
    if _RUNNING.search(text):
        return False
    if _TOTAL.search(text):
        return True
    return "账单" in text and bool(_ITEMS_CLAUSE.search(text) or _PAYABLE.search(text))


def is_notice(text: str) -> bool:
    """A bill notice: it names a bill and its month or cycle, and no amount at all."""
    return (
        "账单" in text
        and not _ANY_AMOUNT.search(text)
        and bool(_NOTICE_WORDS.search(text) or _MONTH.search(text) or _BARE_MONTH.search(text))
    )


@dataclass
class _Figure:
    """A labelled amount of a message: its label as printed, its fen, where it stands."""

    label: str
    fen: int | None
    text_line: int


def read_bill(
    result: ReadResult,
    message: Message,
    path: Path,
    options: ReadOptions,
    book: TextLineBook,
    heads: tuple[Head, list[Head]] | None = None,
) -> None:
    """One bill reminder into ``result``: a bill, its fee items and its warnings.
    ``heads``: see :func:`_bill_context`."""
    ctx = _bill_context(result, message, path, options, heads)
    result.carrier = result.carrier or ctx.carrier
    text = message.text
    clause = _ITEMS_CLAUSE.search(text)
    # An item may be phrased as a total (…等费用合计8.30元): the total is looked for
    # outside the items clause.
    total = _TOTAL.search(text, 0, clause.start()) if clause else _TOTAL.search(text)
    if total is None and clause:
        total = _TOTAL.search(text, clause.end())
    stated = _figure(result, book, message, total)
    if stated:
        book.set_aside(stated.text_line, "total")
    payable = _figure(result, book, message, _PAYABLE.search(text))
    locator = where.line(stated.text_line) if stated else message.first
    bill = Bill(
        ctx.line, ctx.period, stated.fen if stated else None, ctx.carrier, str(path), locator
    )
    result.bills.append(bill)
    first_charge = len(result.charges)
    if clause:
        _read_fee_items(result, message, clause, ctx, path, book)
    items = result.charges[first_charge:]
    if payable and payable.fen is not None:
        if stated is None:
            result.warnings.append(
                AmountText(
                    "{at}：{label} {payable} 是扣除预存和优惠后的应缴金额，不是费用合计：短信"
                    "没有写明合计",
                    "{at}: {label} {payable} is what is payable after prepayments and "
                    "discounts, not the charges' total: the message states no total",
                    at=where.line(payable.text_line),
                    label=payable.label,
                    payable=payable.fen,
                )
            )
        elif stated.fen is not None and payable.fen != stated.fen:
            result.warnings.append(_payable_differs(payable, stated))
    if stated is None or stated.fen is None:
        return
    if not clause:
        result.warnings.append(
            AmountText(
                "{at}：短信没有列出费用项目：只显示其合计 {total}，不做核对",
                "{at}: the message gives no fee items: its total {total} is shown, not reconciled",
                at=where.line(stated.text_line),
                total=stated.fen,
            )
        )
        bill.partial = True
    elif clause[1].startswith("主要"):
        # Only the main items: they need not add up to the total, and when they do it is
        # by chance, so the bill is shown, never reconciled.
        bill.partial = True
    else:
        # a discount printed positive (优惠费用10元), read as the credit it is when only so
        # the items add up to the total (as a table's, bill_layouts.make_bills)
        if said := credit_printed_discounts(items, stated.fen):
            result.warnings.append(said)
        bill.partial = sum(c.amount_fen for c in items) != stated.fen


def _payable_differs(payable: _Figure, stated: _Figure) -> str:
    """What a message's amount payable other than its total is: less, what a prepaid
    balance or a discount took off (a bill's usual case, no finding); more, what they
    cannot explain (an earlier month's arrears, perhaps), for the user to look at."""
    fields = {
        "at": where.line(payable.text_line),
        "label": payable.label,
        "payable": payable.fen,
        "stated_label": stated.label,
        "stated": stated.fen,
        "gap": abs(payable.fen - stated.fen),
    }
    if payable.fen < stated.fen:
        return AmountText(
            "{at}：{label} {payable} 比 {stated_label} {stated} 少 {gap}：通常是预存款或优惠"
            "抵扣后的应缴金额，这很正常，不算问题",
            "{at}: {label} {payable} is {gap} less than {stated_label} {stated}: usually what "
            "is left to pay after a prepaid balance or discounts (预存/优惠抵扣); normal, not "
            "a finding",
            **fields,
        )
    return AmountText(
        "{at}：{label} {payable} 比 {stated_label} {stated} 多 {gap}：预存和优惠抵扣只会让应付"
        "更少，多出的可能是往月欠费，请对照完整账单",
        "{at}: {label} {payable} is {gap} more than {stated_label} {stated}: a prepaid "
        "balance or a discount only lowers what is payable; the rest may be an earlier "
        "month's arrears: compare with the full bill",
        **fields,
    )


def _figure(
    result: ReadResult, book: TextLineBook, message: Message, match: re.Match | None
) -> _Figure | None:
    if match is None:
        return None
    text_line = message.text_line_at(match.start())
    return _Figure(match[1], _amount(result, book, match[2], text_line, match[1]), text_line)


def _bill_context(
    result: ReadResult,
    message: Message,
    path: Path,
    options: ReadOptions,
    heads: tuple[Head, list[Head]] | None = None,
) -> Context:
    """The bill's line, carrier and month; a month without its year is placed here.
    ``heads``: this message's head and all the file's bill messages' (two or more), to
    refuse a message stating no number that is not its folder's line's
    (:func:`~auditor.readers.sms_lines.check_unstated`)."""
    period, alert, no_year = _month(message, path, options)
    if heads is not None:
        check_unstated(*heads, path, options)
    if alert and alert not in result.alerts:
        result.alerts.append(alert)
    ctx = context(result, path, options, message, period)
    if no_year:
        missing = [] if ctx.line else [no_line_found(ctx)]
        no_year = say("月份没有写年份（请用 --period 指定）", "month has no year (give --period)")
        raise InputError(
            str(path), say("；", "; ").join([*missing, no_year]), code=ErrorCode.MISSING_DETAILS
        )
    require(path, ctx, "line", "period", "carrier")
    check_line(path, message, ctx, options)
    return ctx


def _month(message: Message, path: Path, options: ReadOptions) -> tuple[str | None, str, bool]:
    """The month of a bill message, what to say of it when it was printed without its
    year and placed by the audit date (``""``: nothing), and whether no year was found."""
    period = first_month(message)
    bare = None if period or options.period else _BARE_MONTH.search(message.text)
    if not bare:
        return period, "", False
    month = int(bare[1])
    hint = period_from_path(path)
    if hint and int(hint[5:7]) == month:
        return hint, "", False  # the file's name gives the year of the printed month
    if not options.as_of:
        return None, "", True
    period = latest_month(month, options.as_of)
    at, day = where.line(message.text_line_at(bare.start())), options.as_of.isoformat()
    alert = say(
        f"{at}：{month}月 没有写年份：按 {period} 读取，即检查日期 {day} "
        "之前（含当天）最近的这个月份（可用 --period 另行指定）",
        f"{at}: {month}月 has no year: read as {period}, the latest such month not "
        f"after the audit date {day} (give --period to choose another)",
    )
    return period, alert, False


def bill_heads(numbered: list[tuple[int, Message]], path: Path, options: ReadOptions) -> list[Head]:
    """The head of each bill reminder among the ``numbered`` messages, for
    :func:`read_bill` to tell whose a message stating no number is."""
    return [
        Head.of(number, message.text, _month(message, path, options)[0])
        for number, message in numbered
        if is_bill(message.text)
    ]


def latest_month(month: int, as_of: date) -> str:
    """The latest ``YYYY-MM`` of calendar month ``month`` not after ``as_of``."""
    year = as_of.year if month <= as_of.month else as_of.year - 1
    return f"{year:04d}-{month:02d}"


def _read_fee_items(
    result: ReadResult,
    message: Message,
    clause: re.Match,
    ctx: Context,
    path: Path,
    book: TextLineBook,
) -> None:
    """The reminder's fee items: category-level charges, one per item."""
    offset = clause.start(2)
    for piece in _PIECE_SEPARATOR.split(clause[2]):
        start, offset = offset, offset + len(piece)
        if not piece.strip() or _PIECE_SEPARATOR.fullmatch(piece):
            continue
        for part_start, name, figure in _items_of(piece, start):
            text_line = message.text_line_at(part_start)
            if figure is None:
                result.warnings.append(
                    located(
                        where.line(text_line),
                        say(
                            f"费用项目未读取：{piece.strip()}",
                            f"fee item not read: {piece.strip()}",
                        ),
                    )
                )
                continue
            fen = _amount(result, book, figure, text_line, name)
            if fen is None:
                continue
            result.charges.append(
                Charge(
                    line=ctx.line,
                    period=ctx.period,
                    category=_category(name, fen),
                    item="",
                    amount_fen=fen,
                    section=name,
                    carrier=ctx.carrier,
                    source=str(path),
                    locator=where.line(text_line),
                )
            )
            book.gave(text_line)


def _items_of(piece: str, start: int) -> list[tuple[int, str, str | None]]:
    """The items of one piece of the clause as (offset, name, figure or None).

    Items listed with 、 (月固定费22元、增值业务费0.40元) are apart when each has its own
    amount; otherwise the 、 joins the words of one item (语音、短信及流量等费用合计8.30元).
    """
    parts, offset = [], start
    for part in piece.split("、"):
        parts.append((offset, part))
        offset += len(part) + 1
    split = [(at, _name_and_figure(part)) for at, part in parts]
    if len(split) == 1 or any(figure is None for _, (_, figure) in split):
        lead = len(piece) - len(piece.lstrip())
        return [(start + lead, *_name_and_figure(piece))]
    return [
        (at + len(part) - len(part.lstrip()), *found)
        for (at, part), (_, found) in zip(parts, split, strict=True)
    ]


_LIST_NUMBER = re.compile(r"^\d{1,2}[.、．]\s*")


def _name_and_figure(text: str) -> tuple[str, str | None]:
    """An item's name and its amount (``None`` when it ends with no amount in 元)."""
    found = _ITEM_AMOUNT.search(text)
    if not found:
        return text.strip(), None
    name = text[: found.start()].strip().rstrip("为是:：").strip()
    name = _LIST_NUMBER.sub("", name)  # 其中：1.套餐及固定费58.00元；2.…
    return (name, found[1]) if name else (text.strip(), None)


def _category(name: str, fen: int) -> str:
    """A single item's category from its name; a combined one's (its words listed with 、)
    from its first word, as the rest may name anything (短信 would outrank 语音). A
    positive amount is never a discount (see :func:`~auditor.categories.charge_category`):
    优惠费用10元 is a credit only when the total says so (credit_printed_discounts)."""
    if "、" not in name:
        return charge_category(fen, name)
    return charge_category(fen, _WORD_JOINS.split(name, maxsplit=1)[0])


def read_notice(
    result: ReadResult, message: Message, path: Path, options: ReadOptions, book: TextLineBook
) -> None:
    """A bill notice: nothing to audit; its lines are notes, and the file gets one alert
    for each line and month its notices are of, naming them (when they say), so that a
    person knows which bill it was and can find it elsewhere (the app, the e-bill)."""
    ctx = context(result, path, options, message, first_month(message))
    result.carrier = result.carrier or ctx.carrier
    for text_line in message.text_lines:
        book.set_aside(text_line, "note")
    month = ctx.period
    result.notes.append(
        say(
            f"{message.first}：{f'{month} 的' if month else ''}账单通知，没有金额（已略过）",
            f"{message.first}: a bill notice{f' for {month}' if month else ''} with no "
            "amounts (set aside)",
        )
    )
    alert = NOTICE_ALERT.shown()
    if of := " ".join(part for part in (ctx.line, month) if part):
        alert = say(f"{of}：{alert}", f"{of}: {alert}")
    if alert not in result.alerts:
        result.alerts.append(alert)
