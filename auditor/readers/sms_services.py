"""Services named by SMS: the reply listing subscribed services, and order confirmations.

Service-list reply (China Mobile's answer to ``0000`` sent to 10086)::

    【中国移动】尊敬的客户，您好！您当前订购的套餐外业务如下：1.视频彩铃订阅-酷电秀专属6元包，
    6元/月，由咪咕音乐有限公司提供；2.咪咕视频会员，15元/月。如需退订，请回复序号…

gives one active service per numbered entry (name, monthly price, provider).

Order confirmation (订购提醒, real China Mobile samples,
``realworld/china-mobile-order-confirmation-sms-2014.txt``)::

    尊敬的客户，您好！您已成功订购中国移动的芒果TV手机视频包月业务，标准资费10.0元/月（实际
    收费根据您参加的套餐或优惠活动而定），从2014年10月10日开始生效。…【中国移动提醒服务】
    订购提醒：尊敬的客户，您好！您已成功订购由中国移动通信集团北京有限公司提供的飞信，免费。…

gives one active service: its name, monthly price (免费 is 0), effective date, order
date when stated (订购时间：…), and provider (由…提供; 中国移动的… names the carrier
itself as the seller).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from auditor import where
from auditor.errors import ValueParseError
from auditor.lang import say
from auditor.model import ACTIVE, ReadResult, RowIssue, Service
from auditor.readers.base import ReadOptions
from auditor.readers.detect import Context, require
from auditor.readers.sms_text import Message, TextLineBook, check_line, context
from auditor.trial_price import sentence_states_trial, states_trial
from auditor.values import parse_datetime, parse_price

_ENTRY_MARK = re.compile(r"(?:^|(?<=[\s：:；;。]))(\d{1,2})[.、．]")
_ENTRY_END = re.compile(r"[；;。\n]")
_PROVIDER = re.compile(r"由([^由，,。；;]{1,60}?)提供")
_ORDERED = re.compile(
    r"成功订购(?:由([^由，,。；;]{1,60}?)提供的)?(?:(中国移动|中国联通|中国电信|中国广电)的)?"
    r"([^，,。；;\n（(]{1,80})"
)
_SENTENCE_END = re.compile(r"[。\n]")
# A trial's first period and the price after it, as a list's comma parts (首月0元，次月起6元/月).
_FIRST_PERIOD = re.compile(r"^(?:首月|前\d{1,2}个?月)")
_THEN = re.compile(r"^(?:次月|之后|以后|此后)")
_PRICE = re.compile(
    r"(?<![\d.,])\d[\d,]*+(?:\.\d++)?\s*+元\s*+/\s*+\d{0,4}\s*+(?:个月|月|天|日|年|次|条)|免费"
)
_DATE = r"(\d{4}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
_EFFECTIVE = re.compile(_DATE + r"\s?(?:起|开始)?\s?生效")
_ORDER_DATE = re.compile(r"(?:订购|办理|开通)(?:时间|日期)[:：]?\s?" + _DATE)


def numbered_entries(text: str) -> list[re.Match]:
    """The ``1.`` ``2.`` marks of a numbered list, in sequence.

    Only a mark that follows the previous number counts, so an amount (``：6.00元``)
    or a plan's name (``4G…``) is not taken for an entry.
    """
    marks: list[re.Match] = []
    for mark in _ENTRY_MARK.finditer(text):
        if not marks or int(mark[1]) == int(marks[-1][1]) + 1:
            marks.append(mark)
    return marks


def reply_entries(text: str) -> list[re.Match]:
    """The entries of a reply listing subscribed services (empty when it is not one)."""
    if "订购" not in text and "已订" not in text:
        return []
    return numbered_entries(text)


def is_order_confirmation(text: str) -> bool:
    """An order confirmation: 您已成功订购…."""
    return bool(_ORDERED.search(text))


def _service_context(
    result: ReadResult, message: Message, path: Path, options: ReadOptions
) -> Context:
    """The line and carrier a message about services needs (an error without them)."""
    ctx = context(result, path, options, message, None)
    require(path, ctx, "line", "carrier")
    check_line(path, message, ctx, options)
    result.carrier = result.carrier or ctx.carrier
    return ctx


def read_service_reply(
    result: ReadResult,
    message: Message,
    entries: list[re.Match],
    path: Path,
    options: ReadOptions,
    book: TextLineBook,
) -> None:
    """One reply listing services: a service per numbered entry."""
    text = message.text
    ctx = _service_context(result, message, path, options)
    ends = [m.start() for m in entries[1:]] + [len(text)]
    for mark, end in zip(entries, ends, strict=True):
        body = text[mark.end() : end]
        stop = _ENTRY_END.search(body)
        body = body[: stop.start()] if stop else body
        text_line = message.text_line_at(mark.start())
        locator = where.within(where.line(text_line), where.entry(mark[1]))
        book.gave(text_line)
        try:
            service = _entry(body, ctx.line, ctx.carrier)
        except ValueParseError as exc:
            result.unparseable.append(
                RowIssue(locator, say(f"业务无法读取：{exc}", f"service not readable: {exc}"), body)
            )
            continue
        service.source, service.locator = str(path), locator
        result.services.append(service)


def _entry(body: str, line: str, carrier: str) -> Service:
    """One numbered entry: ``name，price，由provider提供`` (price and provider optional)."""
    fields = [f.strip() for f in re.split(r"[，,]", body) if f.strip()]
    if not fields:
        raise ValueParseError(say("空条目", "empty entry"))
    name, price, provider, priced = fields[0], None, "", ""
    for part in _first_periods_joined(fields[1:]):
        found = _PROVIDER.search(part)
        if found:
            provider = found[1].strip()
        elif price is None and ("元" in part or "免费" in part):
            price, priced = parse_price(part), part
    if price is None:
        priced = _bracketed_price(name) or ""
        price = parse_price(priced or None)
    return Service(
        line=line,
        name=name,
        provider=provider,
        price_fen=price,
        trial=states_trial(priced),
        status=ACTIVE,
        status_text="当前订购",
        carrier=carrier,
    )


def _first_periods_joined(fields: list[str]) -> list[str]:
    """``fields`` with a first period's price and the price after it, split at their comma
    (首月0元，次月起6元/月), one field again: a trial's price, as a list prints it whole."""
    joined: list[str] = []
    for part in fields:
        if joined and _FIRST_PERIOD.match(joined[-1]) and _THEN.match(part):
            joined[-1] += "," + part
        else:
            joined.append(part)
    return joined


def _bracketed_price(name: str) -> str | None:
    """The price a name ends with in brackets (``手机报（3元/月）``), else ``None``."""
    if not name.endswith(("）", ")")):
        return None
    opening = max(name.rfind("（"), name.rfind("("))
    inner = name[opening + 1 : -1] if opening >= 0 else ""
    if not inner or any(c in inner for c in "（）()"):
        return None
    return inner if ("元" in inner or "免费" in inner) else None


def read_order_confirmations(
    result: ReadResult, message: Message, path: Path, options: ReadOptions, book: TextLineBook
) -> None:
    """One order confirmation: a service entry per 成功订购 it holds."""
    text = message.text
    ctx = _service_context(result, message, path, options)
    orders = list(_ORDERED.finditer(text))
    ends = [order.start() for order in orders[1:]] + [len(text)]
    for order, end in zip(orders, ends, strict=True):
        text_line = message.text_line_at(order.start())
        locator = where.line(text_line)
        book.gave(text_line)
        # What an order says stands between it and the next order: its sentence holds
        # the price, and the dates follow it.
        said = text[order.end() : end]
        stop = _SENTENCE_END.search(said)
        sentence = said[: stop.start()] if stop else said
        price = _PRICE.search(sentence)
        try:
            service = Service(
                line=ctx.line,
                name=order[3].strip(),
                provider=(order[1] or order[2] or "").strip(),
                price_fen=parse_price(price[0]) if price else None,
                trial=sentence_states_trial(sentence, parse_price(price[0]) if price else None),
                ordered=_date_of(_ORDER_DATE.search(said)),
                effective=_date_of(_EFFECTIVE.search(said)),
                status=ACTIVE,
                status_text="成功订购",
                carrier=ctx.carrier,
                source=str(path),
                locator=locator,
            )
        except ValueParseError as exc:
            result.unparseable.append(
                RowIssue(
                    locator, say(f"订购信息无法读取：{exc}", f"order not readable: {exc}"), sentence
                )
            )
            continue
        result.services.append(service)


def _date_of(match: re.Match | None) -> datetime | None:
    """The date a match holds, or ``None``."""
    return parse_datetime(match[1].replace(" ", "")) if match else None
