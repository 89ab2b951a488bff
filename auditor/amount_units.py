"""Yuan or fen, for a bill whose amount column names no unit (``金额``) and whose amounts
are all whole numbers (``2900``): either a yuan bill saved without its decimals (Excel
writes 29.00 as 29) or a bill in fen. Read as yuan, a bill in fen claims 100 times its
money and looks clean, the worst reading there is; so the readers mark such a file
(its ``settling.amount_unit``) and its unit is settled here, once every
input is read, on the evidence the inputs and the history give, item by item:

- an item whose name states its price (冰激凌套餐29元, 流量包10元/月) billed that price
  (yuan) or 100 times it (fen);
- the price the line's service list gives the item (29元/月), likewise;
- the same item of the line in another month whose unit is known: the same figure
  (yuan), or 100 times it (fen). A month the history holds counts only when it is
  itself plausible: read as stored, it does not look 100 times a line's month
  (:func:`looks_hundredfold`). An older version may have stored a fen bill as yuan
  (2900 for a 29元 plan): taken as evidence, that reading would contradict a fen bill
  whose own items say fen, and have it refused. A line whose months in yuan are that
  large (a ¥588 plan alone) loses that evidence: its file, if it looks so too, is
  decided as one with none (below). A file given now with its unit known counts as it
  is.

Evidence of fen alone: read as fen, and said on the file (the item that tells). Of yuan
alone: yuan, unsaid (a yuan bill saved as whole numbers is common), never refused, however
large its plans (冰激凌套餐398元 billed 398). Both: yuan, said, unless its amounts look 100
times a line's month (:func:`looks_hundredfold`): then the file is refused. None: yuan,
unsaid, unless its amounts look 100 times a line's month; then yuan with a warning on the
file (the unit not stated, how to say fen: 金额(分) or ``--amount-unit fen``), for a
company's list of plans alone (388, 588, 128) is yuan; refused only where they cannot
sensibly be yuan (:func:`cannot_be_yuan`: most of its lines' months read as yuan over
¥1,000, where a fen bill of ¥10 or more a month lands). A refused file's error says how to
give the unit (金额(元), 金额(分) or ``--amount-unit``). A header naming the unit, or
``--amount-unit``, is never in doubt.

A reader's text with an amount in it is an :class:`~auditor.amount_text.AmountText`:
a file read as fen here has them made again, 100 times smaller, with its items, its
bills' stated totals (its copies' too) and its sections that do not add up.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from auditor.amount_text import in_fen
from auditor.errors import ErrorCode
from auditor.lang import Text, say
from auditor.model import SERVICES, Charge, ReadResult
from auditor.names import service_key
from auditor.values import format_yuan, nfkc, parse_amount

# A price written in an item's name: 29元, 10元/月, 5.5元; not a price per use (0.1元/分钟).
_NAMED_PRICE = re.compile(r"(?<![\d.])(\d{1,5}(?:\.\d{1,2})?)\s*元(?!\s*/\s*(?!月))")

#: A line's month in yuan is tens of yuan, its items a few yuan each, a plan ¥8 to ¥588:
#: written in fen, nearly every item is 100 or more and the largest hundreds or
#: thousands. Amounts read as yuan look 100 times a line's month when two thirds of the
#: items charging money are ¥100 or more and the largest is ¥300 or more (a yuan bill
#: saved without decimals has ¥5, ¥10, ¥29 items beside its plan).
HUNDREDFOLD_SHARE = 2 / 3
HUNDREDFOLD_ITEM_FEN = 100_00
HUNDREDFOLD_LARGEST_FEN = 300_00
#: A line's month in yuan is rarely over ¥1,000 (the dearest plans are ¥588 to ¥888);
#: read as yuan, a bill in fen is over it from a month of ¥10. Whole amounts with no
#: evidence of their unit cannot sensibly be yuan when they look 100 times a line's month
#: and more than half of their lines' months are over it.
YUAN_MONTH_MOST_FEN = 1_000_00

FEN, YUAN = "fen", "yuan"
#: What a reader marks a result's ``settling.amount_unit`` (whole amounts under a column
#: naming no unit), which :func:`settle_units` makes one of the three after it.
UNSTATED = "unstated"
FEN_INFERRED, YUAN_INFERRED, YUAN_ASSUMED = "fen-inferred", "yuan-inferred", "yuan-assumed"


# A unit the document states outside the amount column's header, in a row above the table
# or a note below it: 单位：分, 金额单位：元, (单位：人民币元), 注：金额单位为分, 以下金额以分为
# 单位, unit: fen. Only where 单位 starts its clause or follows a word of money: 时长单位：分
# and 通话时长以分为单位 are minutes, and 单位：分钟, 单位名称, 单位：分公司, 资费单位：元/月
# (a price's unit) say nothing of the amounts either.
_CLAUSE = r"(?:^|(?<=[\s,，;；。:：(（\[【|]))(?:以下|本表|本账单)?(?:金额|费用|货币|币种)?\s{0,3}"
_STATED_UNIT = re.compile(
    _CLAUSE + r"(?:单位\s*(?:[:：]|为|是|[(（])?\s*(?:人民币)?\s*(元|分)(?![\u3400-\u9fff/])"
    r"|以\s*(?:人民币)?\s*(元|分)\s*(?:为单位|计))"
    r"|\bunits?\s*:\s*(yuan|fen|rmb|cny)\b",
    re.IGNORECASE,
)
# What a unit stated right after it is the unit of: a quantity's, never money's. (Both
# patterns are asked of a bounded text, or at a fixed word: a cell of a million spaces
# costs no more than its length.)
_OF_USAGE = re.compile(r"(?:时长|通话|语音|流量|短信|积分|次数|时间|用量)\s*[(（\[【:：]?\s*$")
_STATED = {"元": YUAN, "分": FEN, "yuan": YUAN, "rmb": YUAN, "cny": YUAN, "fen": FEN}


def units_stated(texts: Iterable[str]) -> dict[str, str]:
    """The units ``texts`` (a document's rows above its table and notes below it) state
    its amounts are in, each with the first words stating it (never the rest of their
    row, which may hold a number): ``{"fen": "单位：分"}``; two when the document states
    both, none when it states no unit."""
    found: dict[str, str] = {}
    for text in texts:
        text = nfkc(text)
        for match in _STATED_UNIT.finditer(text):
            if _OF_USAGE.search(text[max(0, match.start() - 8) : match.start()]):
                continue  # 通话时长(单位:分): minutes
            word = next(group for group in match.groups() if group)
            # (单位(元) quoted 单位元, not with one bracket of its two)
            found.setdefault(_STATED[word.casefold()], re.sub(r"[(（\s]+", " ", match[0]).strip())
    return found


def settle_units(results: list[ReadResult], earlier: Iterable[ReadResult] = ()) -> None:
    """Settle the unit of each result :func:`unit_unsettled`
    (see the module's text): its amounts made fen and said, or the file refused (its
    ``error`` set, its records dropped), or left as yuan. ``earlier``: what the history
    holds of the lines (their service lists and other months)."""
    doubtful = [r for r in results if unit_unsettled(r)]
    if not doubtful:
        return
    given = [r for r in results if r.readable and not unit_unsettled(r)]
    stored = [r for r in earlier if r.readable]
    prices: dict[tuple[str, str], set[int]] = defaultdict(set)
    for result in (*given, *stored):
        if result.kind == SERVICES:
            for service in result.services:
                if service.price_fen:
                    prices[(service.line, service_key(service.name))].add(service.price_fen)
    months = _months(given, stored)
    for result in doubtful:
        votes: dict[str, list[str]] = {FEN: [], YUAN: []}
        for charge in result.charges:
            for unit, why in _evidence(charge, prices, months):
                votes[unit].append(why)
        assumed = YUAN_INFERRED if votes[YUAN] and not votes[FEN] else YUAN_ASSUMED
        result.settling.amount_unit = assumed
        if votes[FEN] and not votes[YUAN]:
            _to_fen(result, votes[FEN])
            result.settling.amount_unit = FEN_INFERRED
        elif votes[YUAN] and not votes[FEN]:
            pass  # yuan, as its items say: never refused (冰激凌套餐398元 billed 398)
        elif votes[FEN]:  # both: read as written, and said, unless it looks 100 times
            if looks_hundredfold(result.charges):
                _refuse(result, votes)
            else:
                result.alerts.append(_conflict(votes))
        elif cannot_be_yuan(result.charges):
            _refuse(result, votes)
        elif looks_hundredfold(result.charges):  # none: yuan, but never silently
            result.alerts.append(_unstated(result))


def _months(
    given: list[ReadResult], stored: list[ReadResult]
) -> dict[tuple[str, str], dict[str, int]]:
    """Each item's amount (line and item name, then month) in the files ``given`` now
    whose unit is known, and in the history's (``stored``) where their line's month does
    not itself look 100 times a line's month (see the module's text)."""
    months: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for result, checked in [*((r, False) for r in given), *((r, True) for r in stored)]:
        by_month: dict[tuple[str, str], list[Charge]] = defaultdict(list)
        for charge in result.charges:
            by_month[(charge.line, charge.period)].append(charge)
        for charges in by_month.values():
            if checked and looks_hundredfold(charges):
                continue
            for charge in charges:
                if charge.amount_fen and charge.item:
                    months[(charge.line, service_key(charge.item))][charge.period] = (
                        charge.amount_fen
                    )
    return months


def unit_unsettled(result: ReadResult) -> bool:
    """True for a file read whose unit is still to settle (see the module's text)."""
    return result.readable and result.settling.amount_unit == UNSTATED


def unit_known(result: ReadResult) -> bool:
    """False for a file whose whole amounts under a column naming no unit are yuan for
    want of any evidence, or not settled yet; True for every other."""
    return result.settling.amount_unit not in (UNSTATED, YUAN_ASSUMED)


def _evidence(
    charge: Charge,
    prices: dict[tuple[str, str], set[int]],
    months: dict[tuple[str, str], dict[str, int]],
) -> list[tuple[str, str]]:
    """What ``charge`` says of its file's unit: (fen or yuan, why), at most one of each
    kind of evidence."""
    read = charge.amount_fen  # as written, in fen of yuan: 2900 is 290000
    if read <= 0 or not charge.item:
        return []
    found: list[tuple[str, str]] = []
    shown, written = f"「{charge.item}」", read // 100  # the figure as the file writes it
    for match in _NAMED_PRICE.finditer(nfkc(charge.item)):
        unit = _unit(read, parse_amount(match[1]))  # exact: money is never a float
        if unit:
            found.append(
                (unit, say(f"{shown}记 {written}，名称写明 {match[1]}元",
                           f"{shown} is {written} where its name says {match[1]}元"))
            )  # fmt: skip
            break
    key = (charge.line, service_key(charge.item))
    for price in sorted(prices.get(key, ())):
        if unit := _unit(read, price):
            found.append(
                (unit, say(f"{shown}记 {written}，已订业务写 {format_yuan(price)}元/月",
                           f"{shown} is {written} where the service list says "
                           f"{format_yuan(price)}元/月"))
            )  # fmt: skip
            break
    for period, fen in sorted(months.get(key, {}).items(), reverse=True):
        if period != charge.period and (unit := _unit(read, fen)):
            found.append(
                (unit, say(f"{shown}记 {written}，{period} 为 ¥{format_yuan(fen)}",
                           f"{shown} is {written} where {period}'s bill says "
                           f"¥{format_yuan(fen)}"))
            )  # fmt: skip
            break
    return found


def _unit(read: int, fen: int) -> str | None:
    """Fen when ``read`` (an amount as written, read as yuan) is 100 times ``fen``, yuan
    when it is ``fen``, else None."""
    return FEN if read == fen * 100 else YUAN if read == fen else None


def looks_hundredfold(charges: list[Charge]) -> bool:
    """True when ``charges``, read as yuan, look 100 times a line's month (the thresholds
    above)."""
    money = [abs(c.amount_fen) for c in charges if c.amount_fen]
    if not money or max(money) < HUNDREDFOLD_LARGEST_FEN:
        return False
    large = sum(1 for fen in money if fen >= HUNDREDFOLD_ITEM_FEN)
    return large >= HUNDREDFOLD_SHARE * len(money)


def cannot_be_yuan(charges: list[Charge]) -> bool:
    """True when ``charges``, read as yuan, look 100 times a line's month
    (:func:`looks_hundredfold`) and more than half of their lines' months are over
    :data:`YUAN_MONTH_MOST_FEN`: a bill whose unit nothing states is refused then."""
    if not looks_hundredfold(charges):
        return False
    months: dict[tuple[str, str], int] = defaultdict(int)
    for charge in charges:
        months[(charge.line, charge.period)] += charge.amount_fen
    over = sum(1 for fen in months.values() if fen > YUAN_MONTH_MOST_FEN)
    return over * 2 > len(months)


def _unstated(result: ReadResult) -> str:
    """What a file read as yuan for want of any evidence says, its amounts looking 100
    times a line's month: the unit is not stated, and how to say fen."""
    largest = max(result.charges, key=lambda c: abs(c.amount_fen))
    item, yuan = f"「{largest.item}」", f"¥{format_yuan(largest.amount_fen)}"
    return say(
        f"金额按元读取，但单位没有写明：金额列没有写单位，金额都是整数，数额偏大（最大一项"
        f"{item}{yuan}）；若是分，请把表头写成 金额(分) 或用 --amount-unit fen 指定",
        f"amounts read as yuan, but their unit is not stated: the amount column names no "
        f"unit and every amount is a whole number, large ones (its largest item, {item}, "
        f"{yuan}); if they are fen, head the column 金额(分) or give --amount-unit fen",
    )


def _whys(whys: list[str]) -> str:
    """The first piece of evidence, and how many more."""
    more = len(whys) - 1
    return whys[0] + (say(f"（另有 {more} 项相符）", f" (and {more} more)") if more > 0 else "")


_HOW = Text(
    "请把表头写成 金额(元) 或 金额(分)，或用 --amount-unit yuan / --amount-unit fen 指定",
    "head the column 金额(元) or 金额(分), or give --amount-unit yuan or --amount-unit fen",
)


def _to_fen(result: ReadResult, whys: list[str]) -> None:
    """Read ``result``'s whole amounts as fen (they were read as yuan), and say why: its
    items, its bills' stated totals (any set aside as copies too), the sections that do
    not add up, and what its reader said of them (its
    :class:`~auditor.amount_text.AmountText`)."""
    for charge in result.charges:
        charge.amount_fen //= 100
    for bill in (*result.bills, *result.copies):
        if bill.stated_total_fen is not None:
            bill.stated_total_fen //= 100
    result.section_gaps = [
        replace(gap, stated_fen=gap.stated_fen // 100, summed_fen=gap.summed_fen // 100)
        for gap in result.section_gaps
    ]
    result.warnings, result.alerts = in_fen(result.warnings), in_fen(result.alerts)
    result.notes = in_fen(result.notes)
    result.unparseable = [
        replace(
            issue,
            reason=in_fen([issue.reason])[0],
            amount_fen=None if issue.amount_fen is None else issue.amount_fen // 100,
        )
        for issue in result.unparseable
    ]
    result.alerts.append(
        say(
            f"金额按分读取：金额列没有写单位，金额都是整数，而{_whys(whys)}；若是元，请把表头"
            "写成 金额(元) 或用 --amount-unit yuan 指定",
            f"amounts read as fen: the amount column names no unit and every amount is a "
            f"whole number, and {_whys(whys)}; if they are yuan, head the column 金额(元) or "
            "give --amount-unit yuan",
        )
    )
    result.notes.append(say("金额以分为单位：由账单内容推断", "amounts in fen: inferred"))


def _conflict(votes: dict[str, list[str]]) -> str:
    """What a file whose evidence disagrees says, read as yuan."""
    return say(
        f"金额列没有写单位，金额都是整数：已按元读取，但证据不一致（{_whys(votes[FEN])}：按分；"
        f"{_whys(votes[YUAN])}：按元）：请核对，{_HOW.zh}",
        f"the amount column names no unit and every amount is a whole number: read as "
        f"yuan, but the evidence disagrees ({_whys(votes[FEN])}: fen; {_whys(votes[YUAN])}: "
        f"yuan): check it; {_HOW.en}",
    )


def _refuse(result: ReadResult, votes: dict[str, list[str]]) -> None:
    """Refuse ``result``: its unit is unclear and read as yuan it looks 100 times too much."""
    largest = max(result.charges, key=lambda c: abs(c.amount_fen))
    evidence = ""
    if votes[FEN]:
        evidence = say(
            f"；证据不一致：{_whys(votes[FEN])}（按分），{_whys(votes[YUAN])}（按元）",
            f"; its evidence disagrees: {_whys(votes[FEN])} (fen), {_whys(votes[YUAN])} (yuan)",
        )
    result.error = say(
        f"金额单位不明：金额列没有写单位（元还是分），金额都是整数，按元读取是一个号码一个月常见"
        f"金额的 100 倍（最大一项「{largest.item}」¥{format_yuan(largest.amount_fen)}）{evidence}；"
        f"{_HOW.zh}",
        f"unit unclear: the amount column names no unit (yuan or fen) and every amount is a "
        f"whole number, 100 times a line's usual month if read as yuan (its largest item, "
        f"「{largest.item}」, ¥{format_yuan(largest.amount_fen)}){evidence}; {_HOW.en}",
    )
    result.error_code = ErrorCode.AMBIGUOUS_UNIT.value
    result.charges, result.bills, result.services, result.section_gaps = [], [], [], []
    result.alerts, result.warnings = [], []
