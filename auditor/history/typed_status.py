"""What the Actions sheet's 状态 Status cell says (:mod:`auditor.history.from_report`
reads the sheet): the kind of record a typed word makes (退订, 销户, 投诉, 申诉, 退款 15.00,
和解), the amount a refund or a settlement carries, the note a settlement carries after
it (和解 10.00 话费补偿, 和解 送10GB流量: what was given, as ``auditor record settle
--note`` keeps it), the row's channel as its record keeps it, and a settlement's
compensation shared out between the lines of a row that names several
(:func:`shared_out`)."""

from __future__ import annotations

import re
from typing import NamedTuple

from auditor.catalog import phone_numbers
from auditor.errors import quoted
from auditor.lang import say
from auditor.sheets import LINE_CLOSED_TYPED, STATUS_TYPED, channel_of
from auditor.values import format_fen, parse_amount

#: Closing the line (销户): a cancellation of the row's service (the suspended line's
#: 停机保号费, say), its record told as the line closed (``closes_line``).
CLOSE_WORDS = (LINE_CLOSED_TYPED.zh, LINE_CLOSED_TYPED.en, "已销户", "closed the line")

#: What people type in the Status column, by the record it makes: the whole cell must be
#: one of these (a refund with its amount, a settlement with its amount or note), so that
#: 未退订, 退订失败 or 取消投诉 are never taken for what they deny. The words the report
#: says to type are the first (sheets.py).
_SAID = {kind: (text.zh, text.en) for kind, text in STATUS_TYPED.items()}
STATUS_WORDS = {
    "cancel": (*_SAID["cancel"], "已退订", "已取消", "取消", "canceled", "cancel", *CLOSE_WORDS),
    "complaint": (*_SAID["complaint"], "已投诉", "complained"),
    "appeal": (*_SAID["appeal"], "已申诉", "appealed"),
    "refund": (*_SAID["refund"], "已退款", "已退费", "退费", "refunded"),
    "settle": (*_SAID["settle"], "已和解", "放弃", "已放弃", "settle", "gave up", "given up"),
}
_REFUND_AMOUNT = re.compile(r"^[¥￥]?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?\s*元?$")
#: A settlement's rest after its word: an amount right after it, a space or a colon
#: between or not (和解10.00, 和解 10元, 已和解：¥10), then what was given in words (和解
#: 10.00话费补偿, 和解：送10GB流量); with no amount, the words set apart from it (和解失败
#: is no settlement). A number run into a unit (10GB, 3个月, 100分钟) is no money: words.
_SEP = r"[\s:：,，;；]"
_UNIT = (
    r"[A-Za-z%]|\s*(?:个|次|条|张|天|日|周|月|年|小时|分|兆|倍|折|期|份|项|笔|台|部|点|积分"
    r"|(?i:[gmkt]b?|mins?|minutes?|hours?|days?|months?|points?|texts?|sms)\b)"
)
_SETTLE_REST = re.compile(
    rf"^({_SEP}*)(?:([¥￥]?)\s*(\d{{1,3}}(?:,\d{{3}})+|\d+)(\.\d{{1,2}})?"
    rf"(?:\s*([元块])|(?!\d|[.,]\d|{_UNIT})))?{_SEP}*(.*)$",
    re.DOTALL,
)

#: The steps' channels (:data:`~auditor.sheets.CHANNEL_LABELS`: app, sms …) a record of
#: each kind may have been made through. The Status typed is what the user did; the
#: row's channel is its step's, kept as the record's only where that step is a way to do
#: it: 投诉 typed on the row of an SMS to 10086 (a cancellation's or a query's step) is a
#: complaint, not one made by SMS, and 退订 on the complaint's row is no cancellation "via
#: complaint". A complaint typed on its own step keeps it (the README says the row's
#: channel is kept): one made through the complaint line that step names (10080), not
#: the service line, as ``record complaint --channel 投诉`` keeps it too. An appeal's
#: keeps none: 12300 is the only way to make one, its kind says it. A refund keeps none:
#: it is money the carrier paid back, made through no step, and the row it is typed on
#: is the step the report asked for (a refund due's row is its next step, 申诉 once a
#: complaint is recorded), not one the user took: "退款（申诉）" read as an appeal made. A
#: complaint or an appeal made is a record of its own.
MADE_THROUGH = {
    "cancel": frozenset({"app", "sms", "hotline", "web", "store"}),
    "complaint": frozenset({"hotline", "complaint"}),
    "appeal": frozenset(),
    "refund": frozenset(),
    "settle": frozenset(),  # (closed by the user, through no step)
}


class Status(NamedTuple):
    """What a Status cell says: the record's kind, a refund's amount (a settlement's
    compensation in money, if typed) and a settlement's note (what was given), or ""."""

    kind: str
    amount_fen: int | None = None
    note: str = ""
    #: How a cell that could be read two ways was read, said where it is recorded: 和解
    #: 12300, settled through the number the steps name, not ¥12,300 (:func:`_settled`).
    read_as: str = ""
    #: The number a settlement was typed with (和解 12300): its record's channel.
    channel: str = ""


def channel_typed(kind: str, shown: str) -> str:
    """A typed row's channel, as its record keeps it: the row's step's (by its id, in no
    language: :func:`~auditor.sheets.channel_of`) where that step is one a record of
    ``kind`` is made through (:data:`MADE_THROUGH`), else none; the user's own words
    written over it, as they are."""
    step = channel_of(shown)
    if not step:
        return shown
    return step if step in MADE_THROUGH[kind] else ""


def status_typed(text: str) -> Status:
    """The record a Status cell names: its kind, a refund's amount (``退款 1,500.00``), a
    settlement's compensation and note (``和解 10.00 话费补偿``: amount first, then words,
    either may be left out); a ValueError saying what it should be, else."""
    if not text:
        raise ValueError(
            say(
                "有工单号或日期，但没有状态（退订、投诉、申诉或退款）",
                "a ticket or date without a status (退订, 投诉, 申诉 or 退款)",
            )
        )
    folded = re.sub(r"\s+", " ", text.strip().lower())
    for kind, words in STATUS_WORDS.items():
        for word in words:
            if folded == word:
                if kind == "refund":
                    raise ValueError(
                        say(
                            f"退款没有写金额（{quoted(text)}：请写成 退款 15.00）",
                            f"a refund without its amount ({text!r}: write 退款 15.00)",
                        )
                    )
                return Status(kind)
            if kind == "refund" and folded.startswith(word):
                amount = _REFUND_AMOUNT.match(folded[len(word) :].strip(" :："))
                if amount:
                    return Status(kind, _fen(amount.group(1), amount.group(2)))
    if settled := _settled(text.strip()):
        return settled
    raise ValueError(
        say(
            f"状态{quoted(text)}不是 退订、销户、投诉、申诉、退款 15.00、和解 中的任何一种",
            f"status {text!r} is none of 退订 cancel, 销户 line closed, 投诉 complaint, "
            "申诉 appeal, 退款 15.00 refund, 和解 settled",
        )
    )


def _fen(whole: str, cents: str | None) -> int:
    return parse_amount(whole.replace(",", "") + (cents or ""))


def _settled(text: str) -> Status | None:
    """A settlement with more after its word (the longest word first: 已和解 before 和解),
    set apart from it or a number run into it: its compensation (和解 10.00, 和解10元) and
    its note as the user wrote it (和解 10.00话费补偿, 放弃：不想再打电话); None when the
    text is no such settlement (和解失败)."""
    for word in sorted(STATUS_WORDS["settle"], key=len, reverse=True):
        if not text.lower().startswith(word):
            continue
        rest = text[len(word) :]
        apart, sign, whole, cents, unit, note = _SETTLE_REST.match(rest).groups()
        if not apart and not whole and not note[:1].isdigit():
            return None  # 和解失败: one word, not a settlement (和解10GB is one, given)
        if whole and not (sign or cents or unit) and whole in phone_numbers():
            # 和解 12300: settled through the number the steps gave (the appeal centre, a
            # hotline), not that sum: its channel, as --channel keeps a number called
            note = re.sub(r"\s+", " ", note).strip()
            return Status("settle", None, note, _through(text, text[: len(word)], whole), whole)
        amount = _fen(whole, cents) if whole else None
        note = re.sub(r"\s+", " ", note).strip()
        return Status("settle", amount, note) if amount or note else None
    return None


def _through(typed: str, word: str, number: str) -> str:
    """What is said of a settlement typed with a number the steps give (``和解 12300``):
    the cell quoted as typed (``和解12300 送流量``), read as settled through it, with no
    sum, and how to write a sum of that much."""
    whose = phone_numbers()[number]
    return say(
        f"“{typed}”记为通过 {number}（{whose.zh}的号码）和解，没有金额；"
        f"如果是得到 {number} 元，请写成 {word} {number}.00 或 {word} {number}元",
        f"{typed!r} is recorded as settled through {number} (the number of "
        f"{whose.en}), with no sum; for {number} yuan given, write {word} {number}.00 or "
        f"{word} {number}元",
    )


def shared_out(amount_fen: int, count: int) -> list[int]:
    """A settlement's compensation typed on a row of ``count`` lines, shared out between
    them exact to the fen: the fen left over go to the first lines (10.00 over three:
    3.34, 3.33, 3.33), so that the lines' records add up to what was typed, counted once."""
    each, left = divmod(amount_fen, count)
    return [each + (1 if n < left else 0) for n in range(count)]


def shared_said(amount_fen: int, shares: list[int]) -> str:
    """What is said of a settlement's compensation shared out between a row's lines."""
    money, each = format_fen(amount_fen), [format_fen(fen) for fen in shares]
    return say(
        f"和解 {money} 由这 {len(shares)} 个号码分记（{'、'.join(each)}，除不尽的零头记在"
        f"前面的号码上），合计仍为 {money}；每个号码各得多少不同的，请逐个号码用 auditor record "
        "settle --finding ID --amount N 记录",
        f"和解 {money} is shared out between its {len(shares)} lines ({', '.join(each)}; the "
        f"fen left over go to the first lines), {money} in all; for other shares, record "
        "each line with auditor record settle --finding ID --amount N",
    )
