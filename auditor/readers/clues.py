"""Carrier clues: what in a document, its file name and its numbers says which carrier it
is, and an alert when they disagree.

A document says its carrier in several ways: its signature (``【中国联通】``), the links
it carries (``u.10010.cn``), the keyword it says to reply to stop it (``TDZD``), a
labelled carrier (``运营商：中国电信``), its words; the file's name and each number's
prefix say it too. The reading follows the input contract whatever they say (the user's
``--carrier``, then the document's text, then the file's name, then the prefix: numbers
are ported between carriers), but when the clues disagree the user is told, naming both
sides, because a bill read as the wrong carrier sends them to the wrong hotline.

A file's name is checked the same way against the line and the month the document holds
(:func:`check_line`, :func:`check_month`): the document is read as it is, and the user
told, because a bill filed or exported for another line or month is easily mistaken.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from auditor.catalog import carrier_from_number, carrier_name, carriers, detect_carrier
from auditor.lang import Text, say
from auditor.model import ReadResult
from auditor.ports import portable
from auditor.readers.base import ReadOptions
from auditor.readers.detect import NamedMonth, carrier_from_path, line_from_path, months_named
from auditor.values import nfkc

Clue = tuple[str, str]  # (what was seen, carrier id)

_SIGNATURE = re.compile(r"【([^【】]{2,12})】")
_LABEL = re.compile(r"(?:所属|归属)?运营商(?:名称)?\s*[:：]\s*([^\s,，;；]{2,12})")
_MAX_TEXT = 200_000  # clues stand in a document's head and foot; a huge text adds none


def text_clues(text: str) -> list[Clue]:
    """Every carrier clue in a document's text, in a fixed order (signature, link, reply
    keyword, label, words)."""
    if not text:
        return []  # (a service list's: no header block, no notes)
    text = nfkc(text[:_MAX_TEXT])
    found: list[Clue] = []
    for match in _SIGNATURE.finditer(text):
        carrier = detect_carrier(match[1])
        if carrier:
            found.append((say(f"其签名【{match[1]}】", f"its signature 【{match[1]}】"), carrier))
    folded = text.casefold()
    for carrier in carriers():
        for domain in carrier.domains:
            if domain in folded and _link(domain).search(folded):
                found.append((say(f"其链接 {domain}", f"its link {domain}"), carrier.id))
        for keyword in carrier.unsubscribe:
            if keyword in text and _keyword(keyword).search(text):
                found.append(
                    (say(f"其回复关键词 {keyword}", f"its reply keyword {keyword}"), carrier.id)
                )
    for match in _LABEL.finditer(text):
        carrier = detect_carrier(match[1])
        if carrier:
            found.append(
                (say(f"其标注 运营商：{match[1]}", f"its label 运营商：{match[1]}"), carrier)
            )
    words = detect_carrier(text)
    if words:
        found.append((say("其中的文字", "its text"), words))
    return list(dict.fromkeys(found))


# Each compiled once (a file's clues are asked of every file), and searched for only in
# a text holding the domain or keyword itself.
@cache
def _link(domain: str) -> re.Pattern:
    return re.compile(rf"(?<![a-z0-9-]){re.escape(domain)}(?![a-z0-9-])")


@cache
def _keyword(keyword: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Za-z]){re.escape(keyword)}(?![A-Za-z])")


def check_line(result: ReadResult, path: Path, options: ReadOptions) -> None:
    """Alert when the file's name (or folder) names a line the document does not hold:
    the document's own line is read (or ``--line``'s, which the alert then names), but a
    bill filed under another line's folder is worth a look."""
    named = line_from_path(path)
    if not named or not result.lines or named in result.lines:
        return
    shown = ", ".join(result.lines[:3]) + (" …" if len(result.lines) > 3 else "")
    if options.line:
        result.alerts.append(
            say(
                f"文件名或文件夹名写的号码是 {named}：按 --line 读作 {options.line}",
                f"its file name or folder says line {named}: read as {options.line} (--line)",
            )
        )
        return
    result.alerts.append(
        say(
            f"文件名或文件夹名写的号码是 {named}，文档里的是 {shown}：按文档读取",
            f"its file name or folder says line {named}, the document holds {shown}: "
            "read as the document says",
        )
    )


def check_month(result: ReadResult, path: Path, options: ReadOptions) -> None:
    """Alert when the file's name states a month (``10月``, ``2026年10月``, ``202610``) and
    the document holds none of the months it names: a bill e-mailed or exported for
    another month than its name says is read as the month it holds, but the user likely
    meant to give the named one. Only the file's own name counts (a folder named for the
    month of the audit holds the month before), a year-less ``10月`` is compared by its
    month alone, and a date with its day (an export's) is no month.

    A billing period running into another month (2026-09-26至2026-10-25) is read as its
    start month, and said, naming both: a name naming its other month then says the
    period's doubt, not that the export is another month's."""
    held = result.periods
    if options.period or not held:
        return  # --period says the month; a service list holds none
    named = months_named(path.stem)
    spans = {period: span for period, span in result.settling.spans.items() if period in held}
    for period, (text, end) in spans.items():
        result.alerts.append(_span_alert(period, text, end, _names(named, end)))
    # a month read from 2026.1 may be 2026.10 (auditor.doubtful_months settles it so)
    maybe = {*held, *(f"{period[:4]}-10" for period, _, _ in result.settling.months)}
    maybe |= {end for _, end in spans.values()}
    numbers = {int(period[5:]) for period in maybe}
    if not named or any(set(n.months) & maybe or set(n.numbers) & numbers for n in named):
        return
    shown = say("、", ", ").join(_named_as(clue, held) for clue in named[:3])
    bills = say("、", ", ").join(held[:3]) + (" …" if len(held) > 3 else "")
    result.alerts.append(
        say(
            f"文件名写的是 {shown}，但其中是 {bills} 的账单：请确认导出的月份对不对",
            f"named for {shown} but it holds the {'bill' if len(held) == 1 else 'bills'} "
            f"of {bills}: check you exported the right month",
        )
    )


def _names(named: list[NamedMonth], month: str) -> NamedMonth | None:
    """The first of a file name's months that names ``month`` (by its number, yearless)."""
    return next((n for n in named if month in n.months or int(month[5:]) in n.numbers), None)


def _span_alert(period: str, text: str, end: str, name: NamedMonth | None) -> str:
    """Said of a bill whose billing period ``text`` runs from ``period`` into ``end``: read
    as ``period`` (the month it starts in, as the spec reads a range), which may not be
    the month the user calls it; ``name``: the file's name names ``end``."""
    zh = f"账期 {text} 从 {period} 跨到 {end}：按开始的月份读作 {period} 的账单"
    en = (
        f"its billing period {text} runs from {period} into {end}: read as the bill of "
        f"{period}, the month it starts in"
    )
    if name is not None:
        zh = f"文件名写的是 {name.written}，而{zh}（不是导出错了月份：这个账期两个月都占）"
        en = (
            f"named for {name.written}, and {en} (not another month's export: the period "
            "is in both)"
        )
    return say(
        f"{zh}；如果这是 {end} 的账单，请用 --period {end} 检查这个文件",
        f"{en}; if it is the bill of {end}, audit this file with --period {end}",
    )


def _named_as(clue: NamedMonth, held: list[str]) -> str:
    """``2026-10 (10月)``: the month a name states, as the name wrote it too; a year-less
    month takes the year that puts it nearest the months held."""
    months = list(clue.months) or [_nearest(number, held) for number in clue.numbers]
    month = months[0] if len(months) == 1 else f"{months[0]}–{months[-1]}"
    return (
        month
        if month == clue.written
        else say(f"{month}（{clue.written}）", f"{month} ({clue.written})")
    )


def _nearest(number: int, held: list[str]) -> str:
    def index(period: str) -> int:
        return int(period[:4]) * 12 + int(period[5:])

    years = {int(period[:4]) + step for period in held for step in (-1, 0, 1)}
    candidates = sorted(f"{year:04d}-{number:02d}" for year in years)
    return min(candidates, key=lambda c: min(abs(index(c) - index(p)) for p in held))


def settle_line_carriers(result: ReadResult, path: Path, options: ReadOptions) -> None:
    """Give each record of a line whose carrier the settings give (``carrier`` in its
    table) that carrier, over what the file says of it: the user knows a virtual
    operator's line whose bill names its host network, or no brand at all. But a bill
    whose own words or name say another carrier that takes ported numbers, where the
    settings' does too, is read as it says: a bill from before the number was ported
    (携号转网) to the settings' carrier (:mod:`auditor.ports`). ``--carrier`` (every
    input's) comes first: then nothing changes. The file's own carrier becomes the
    settings' when they give every line it holds that one carrier."""
    if options.carrier or not options.line_carriers:
        return
    given = dict(options.line_carriers)
    said = {c for _, c in result.carrier_clues} | {carrier_from_path(path)}
    settled = False
    for record in (*result.bills, *result.charges, *result.services):
        wanted = given.get(record.line)
        if wanted is None or (
            record.carrier in said and record.carrier != wanted and both_portable(record, wanted)
        ):
            continue
        record.carrier, settled = wanted, True
    named = {r.carrier for r in (*result.bills, *result.charges, *result.services)}
    if settled and len(named) == 1 and set(result.lines) <= set(given):
        result.carrier = named.pop()


def both_portable(record: object, wanted: str) -> bool:
    """Whether ``record``'s carrier (a bill's, a charge's: a list is the line as it is
    now) and ``wanted`` both take ported numbers (携号转网)."""
    return (
        hasattr(record, "period") and portable(getattr(record, "carrier", "")) and portable(wanted)
    )


def check_carrier(result: ReadResult, path: Path, options: ReadOptions) -> None:
    """Alert, naming both sides, when the clues of a read file disagree with the carrier
    it was read as. A file of several messages may hold several carriers: a clue agrees
    when it names any of them, a number's prefix when it names that line's, the settings'
    carrier of a line (when ``--carrier`` is given over it) when it names that line's."""
    read_as = {r.line: r.carrier for r in (*result.bills, *result.charges, *result.services)}
    carriers = {c for c in read_as.values() if c} | ({result.carrier} if result.carrier else set())
    if not carriers:
        return
    clues = list(result.carrier_clues)
    from_path = carrier_from_path(path)
    if from_path:
        clues.append((say("其文件名", "its file name"), from_path))
    against = [(what, c) for what, c in clues if c not in carriers]
    unported = bool(against)  # the document's own words or name gainsay it: no port explains it
    given = dict(options.line_carriers)
    kept_own = False  # a bill of a line the settings give another carrier, read as it says
    for line in result.lines:
        held = read_as.get(line) or result.carrier
        if given.get(line, held) != held:
            against.append((_line_setting(line), given[line]))
            kept_own = kept_own or not options.carrier
        prefix = carrier_from_number(line)
        if prefix and prefix != held:
            against.append((say(f"{line} 的号段", f"the prefix of {line}"), prefix))
            # a virtual operator's number whose bill names its host network: set it
            unported = unported or not (portable(prefix) and portable(held))
    if not against:
        return
    chosen = result.carrier or sorted(carriers)[0]
    settled = not options.carrier and any(given.get(line) == chosen for line in result.lines)
    if options.carrier:
        why = say("由 --carrier 指定", "given with --carrier")
    elif settled:
        why = _line_setting(next(line for line in result.lines if given.get(line) == chosen))
    else:
        prefix = say("号码的号段", "the number's prefix")
        why = next((what for what, c in clues if c == chosen), prefix)
    extra = len(against) - 4
    # Settling it in the settings helps where the document's clues disagree; where only
    # the prefix or the settings gainsay what the document says, the number may have
    # been ported (携号转网), and a carrier set for the line would misread its bills from
    # before the port: never advised then.
    if kept_own:
        check = _BEFORE_PORT
    elif settled:
        check = _CHECK_SETTING
    else:
        check = _CHECK_IT
    advise = not (options.carrier or settled or kept_own or not unported)
    alert = say(
        f"运营商按{carrier_name(chosen)}读取（{why}），但"
        + "；".join(f"{what}显示为{carrier_name(c)}" for what, c in against[:4])
        + (f"（另有 {extra} 处）" if extra > 0 else "")
        + check.zh
        + (_SETTLE_IT.zh if advise else ""),
        f"carrier read as {carrier_name(chosen)} ({why}), but "
        + "; ".join(f"{what} says {carrier_name(c)}" for what, c in against[:4])
        + (f" (and {extra} more)" if extra > 0 else "")
        + check.en
        + (_SETTLE_IT.en if advise else ""),
    )
    result.alerts.append(alert)
    if not unported and not options.carrier:  # a port of the line would explain it
        result.settling.port_alert = alert


#: What to check where the clues disagree (and the settings did not decide).
_CHECK_IT = Text(
    "：请核对运营商（携号转网的号码保留原号段）",
    ": check the carrier (a number ported to another carrier keeps its prefix)",
)
#: What to check where a file was read as the settings' carrier against its clues.
_CHECK_SETTING = Text(
    "：请核对运营商或设置中该号码的 carrier", ": check the carrier, or the line's in the settings"
)
#: What a bill read as its own carrier over the settings' is taken to be.
_BEFORE_PORT = Text(
    "：与设置不同的运营商的账单按其自身所写读取（携号转网前的月份）",
    ": a bill of another carrier than the settings' is read as it says (a month before "
    "the number was ported, 携号转网)",
)
#: How the user settles a line's carrier for good, told where the clues disagree.
_SETTLE_IT = Text(
    '；设置文件中号码的表下写 carrier = "…" 可指定该号码的运营商',
    '; carrier = "…" in the line\'s table of the settings gives its carrier',
)


def _line_setting(line: str) -> str:
    """The settings' ``carrier`` of ``line``, as a clue is named."""
    return say(f"设置中 {line} 的 carrier", f"the settings' carrier of {line}")
