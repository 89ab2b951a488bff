"""Detecting a document's carrier, line and month from its text, its name and its folder.

The order is always the same: a command-line override, then the document's own text
(its header block), then the file's name, then its folder's name; the number's prefix
is the carrier's last fallback (numbers can be ported between carriers).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from auditor.catalog import CARRIER_IDS, brand_named, carrier_from_number, detect_carrier
from auditor.errors import ErrorCode, InputError, ValueParseError
from auditor.lang import Text, say
from auditor.model import ReadResult
from auditor.phones import phone_spans
from auditor.readers.base import NO_LINE_FOUND, ReadOptions, many_lines_unsaid
from auditor.readers.owners import (
    OwnerFolder,
    masked_text,
    owner_folder,
    owners_hint,
    owners_shown,
)
from auditor.values import find_phones, nfkc, parse_month

# Possessive spaces around the separator: two adjacent greedy runs of spaces would try
# every split of a long run between them (quadratic); no split can matter here.
_MONTH_IN_NAME = re.compile(
    r"(?<!\d)(20\d{2})\s*+[-_.年/]?\s*+(0[1-9]|1[0-2]|[1-9](?!\d))\s*月?(?!\d)"
)


def months_in_text(text: str) -> list[str]:
    """Every billing month named in free text (``2026年10月``, ``2026-10``, ``202610``)."""
    found = []
    for match in _MONTH_IN_NAME.finditer(nfkc(text)):
        try:
            found.append(parse_month(f"{match[1]}-{int(match[2]):02d}"))
        except ValueParseError:
            continue
    return found


@dataclass(frozen=True)
class NamedMonth:
    """A month, or a range of months, a file's name states: as ``YYYY-MM`` (``2026年10月``,
    ``2026年08-10月``), or by their numbers alone for a name without its year (``10月``)."""

    written: str  # as the name writes it: 2026年10月, 202610, 10月
    months: tuple[str, ...] = ()
    numbers: tuple[int, ...] = ()  # a year-less 10月: compared with the month's number


_MM = r"(?:0?[1-9]|1[0-2])"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_TO = r"\s*+[-~～至到—–]\s*+"
# Between a year and its month: a mark (2026-10, 2026.10, 2026年10月) or nothing (202610),
# never spaces alone (IMG_2012 2, 2026 10 05: a copy's number, a date spelled out).
_YM = r"(?:[-_./]|\s*+年\s*+)?"
# What follows a month's number: not another digit, nor a quarter, week or day (3季度,
# 10天, 10号), but 天翼 (China Telecom's brand) and 号码 (a number) are words of their own.
_NOT_MONTH = r"(?!\d)(?!\s*+(?:[季周日]|天(?!翼)|号(?!码)))"
# What a file's name may say of a month; at each place, the first alternative that
# matches: a date with its day (an export's or a screenshot's, no billing month), a range
# of months, a month with its year, a month without. Digits next to other digits (a
# phone number, an id, a time) are none of these. Possessive spaces, as above.
_NAMED = re.compile(
    rf"(?P<date>(?<!\d)20\d{{2}}\s*+[-_./年]\s*+{_MM}\s*+[-_./月]\s*+{_DAY}(?!\d)(?!\s*+月)"
    rf"|(?<!\d)20\d{{2}}(?:0[1-9]|1[0-2]){_DAY}(?!\d)"
    rf"|(?<!\d){_MM}\s*+月\s*+{_DAY}\s*+[日号])"
    rf"|(?P<range>(?<!\d)(?P<y>20\d{{2}}){_YM}(?P<m>{_MM})\s*+月?{_TO}"
    rf"(?:(?P<y2>20\d{{2}}){_YM}(?P<m2>{_MM}){_NOT_MONTH}\s*+月?|(?P<m3>{_MM})\s*+月(?!\s*+\d)))"
    rf"|(?P<full>(?<!\d)(?P<fy>20\d{{2}}){_YM}(?P<fm>{_MM}){_NOT_MONTH}\s*+月?)"
    rf"|(?P<bare>(?<!\d)(?P<bm>{_MM})(?:\s*+月?{_TO}(?P<bm2>{_MM}))?\s*+月(?!\s*+\d))"
)


def months_named(name: str) -> list[NamedMonth]:
    """The months a file's name (its stem) states, as :class:`NamedMonth`; a date with its
    day (``2026-10-05``, ``20261005``, ``10月5日``) states none."""
    found = []
    for match in _NAMED.finditer(nfkc(name)):
        written = match[0].strip()
        if match["range"]:
            year = int(match["y"])
            last = int(match["m2"] or match["m3"])
            # 2026年12月-1月: a range into the next year
            last_year = int(match["y2"] or (year + 1 if last < int(match["m"]) else year))
            months = _months_between(year, int(match["m"]), last_year, last)
            found.append(NamedMonth(written, months=months))
        elif match["full"]:
            found.append(NamedMonth(written, months=(f"{match['fy']}-{int(match['fm']):02d}",)))
        elif match["bare"]:
            first, last = int(match["bm"]), int(match["bm2"] or match["bm"])
            # 12-1月 runs over the new year: December and January
            numbers = (
                range(first, last + 1)
                if first <= last
                else [*range(first, 13), *range(1, last + 1)]
            )
            found.append(NamedMonth(written, numbers=tuple(numbers)))
    return found


def _months_between(year: int, month: int, last_year: int, last: int) -> tuple[str, ...]:
    """``YYYY-MM`` from one month to another, both included (a backward range: both)."""
    start, end = year * 12 + month - 1, last_year * 12 + last - 1
    if not 0 <= end - start < 24:
        return (f"{year:04d}-{month:02d}", f"{last_year:04d}-{last:02d}")
    return tuple(f"{n // 12:04d}-{n % 12 + 1:02d}" for n in range(start, end + 1))


# A number printed masked (177xxxx5383, 155****8888, 13*********): a prefix, 4 to 9 mask
# characters and the rest of the 11 digits.
_MASKED = re.compile(r"(?<![\d*＊xX])(1\d{1,3})([*＊xX]{4,9})(\d{0,4})(?![\d*＊])")


def masked_lines(text: str) -> list[tuple[str, str]]:
    """Every masked mobile number in ``text``, as the (prefix, suffix) it shows."""
    found = []
    for match in _MASKED.finditer(nfkc(text)):
        if len(match[1]) + len(match[2]) + len(match[3]) == 11:
            found.append((match[1], match[3]))
    return found


def check_masked_line(
    path: Path, text: str, line: str | None, locator: str | None, options: ReadOptions
) -> None:
    """A masked number in ``text`` (``177xxxx5383``) must agree with the line found elsewhere
    (``--line``, the file's or folder's name, an owner's folder): a bill of another line
    is not read as this one's. The error says where that line came from, and of an
    owner's folder, whose line the masked number is when the settings tell."""
    if not line:
        return
    for masked in masked_lines(text):
        prefix, suffix = masked
        if not (line.startswith(prefix) and line.endswith(suffix)):
            shown, source = masked_text(masked), _line_source(path, options, line)
            error = say(
                f"号码 {line[:3]}****{line[-4:]}（{source.zh}）与文档中的 {shown} 不符",
                f"line {line[:3]}****{line[-4:]} ({source.en}) does not match {shown} in "
                "the document",
            )
            owner = None if options.line or line_from_path(path) else owner_folder(path, options)
            if owner is not None and owner.line == line:
                error += _wrong_folder(masked, options)
            raise InputError(str(path), error, locator, code=ErrorCode.WRONG_LINE)


def _line_source(path: Path, options: ReadOptions, line: str) -> Text:
    """Where ``line``, read for a file whose document shows another number, came from."""
    if options.line == line:
        return Text("来自 --line", "from --line")
    if line_from_path(path) == line:
        return Text("来自文件名或文件夹名", "from the file's or its folder's name")
    owner = owner_folder(path, options)
    if owner is not None and owner.line == line:
        return Text(
            f"取自文件夹 {owner.folder}，即设置中这个号码的机主",
            f"taken from the folder {owner.folder}, the settings' owner of that line",
        )
    return Text("文档另一处写的号码", "as the document states it elsewhere")


def _wrong_folder(masked: tuple[str, str], options: ReadOptions) -> str:
    """What the error of a file read by its owner's folder adds: it is likely another's
    file, and whose the number it shows is, when the settings tell (one owner's)."""
    found = owners_shown(masked, options.line_owners)
    owners = {owner for _, owner in found}
    if len(owners) == 1:
        [owner] = owners
        return say(
            f"：是不是放错了文件夹？{masked_text(masked)} 与设置中 {owner} 的号码相符，"
            f"应放进文件夹 {owner}/",
            f": is it in the wrong owner's folder? {masked_text(masked)} matches {owner}'s "
            f"line in the settings: keep it in the folder {owner}/",
        )
    return say("：是不是放错了文件夹？", ": is it in the wrong owner's folder?")


def path_texts(path: Path) -> tuple[str, str]:
    """The file's name (without suffix) and then its folder's name, the order hints are tried."""
    return _path_texts(path)


def only(values: list[str]) -> str | None:
    """The value when ``values`` name just one (however often); ``None`` for none or several.

    Two different numbers or months in one text leave the choice open: no guess is made.
    """
    found = set(values)
    return found.pop() if len(found) == 1 else None


def _from_path(path: Path, find: Callable[[str], str | None]) -> str | None:
    """What ``find`` sees in the file's name, else in its folder's name."""
    for text in path_texts(path):
        found = find(text)
        if found:
            return found
    return None


# What a name says, kept by the name: a portal's files share their names (已订业务,
# 联通账单-2026年08月), a line's files its folder, and a file's name is asked several
# times (for each bill in it, then of its clues).
_NAMES_KEPT = 1024


# Kept by the path: a file's name and folder are asked for its line, month, carrier and
# brand, some more than once, and pathlib works each out anew (a tenth of the CPU of
# reading a short CSV bill).
@lru_cache(maxsize=_NAMES_KEPT)
def _path_texts(path: Path) -> tuple[str, str]:
    return path.stem, path.parent.name


def line_from_path(path: Path) -> str | None:
    """The one mobile number in the file's name, else in its folder's name."""
    return _from_path(path, _line_in_name)


def brand_from_path(path: Path) -> str:
    """The virtual operator's brand (小米移动) the file's folder and name give, ``""`` for
    none: a file's brand when its text names none."""
    stem, folder = path_texts(path)
    return brand_named(f"{folder}/{stem}")


def period_from_path(path: Path) -> str | None:
    """The one billing month in the file's name, else in its folder's name."""
    return _from_path(path, _period_in_name)


def carrier_from_path(path: Path) -> str | None:
    """The carrier named in the file's name, else in its folder's name.

    A name may use the carrier's words (``联通账单``) or its id (``china-unicom/``), as
    folders sorted by hand often do.
    """
    return _from_path(path, _carrier_in_name)


@lru_cache(maxsize=_NAMES_KEPT)
def _line_in_name(text: str) -> str | None:
    return only(find_phones(text))


def _spelled_apart(path: Path) -> str:
    """What the error that no line was found adds when the file's or its folder's name
    holds a number the masker hides (every spelling of one) but no reader takes for a
    line (``1 3 9 1 1 1 1 2 2 2 2``: a name's digits spaced one by one may be two
    numbers or none): what was seen, and how to write it; ``""`` for none."""
    for text in path_texts(path):
        taken = set(find_phones(text))
        for start, end, number in phone_spans(text):
            if number not in taken:
                seen = text[start:end]
                return say(
                    f"；名字中的 {seen} 各位数字是分开写的，不当作号码（名字里分开的数字也可能是"
                    "别的数）：请把这 11 位数字连写，或按 3、4、4 位分组",
                    f"; the name holds {seen}, a number whose digits are written apart, "
                    "which is not taken for a line (digits apart in a name may be other "
                    "numbers): write its 11 digits together, or in groups of 3, 4 and 4",
                )
    return ""


@lru_cache(maxsize=_NAMES_KEPT)
def _period_in_name(text: str) -> str | None:
    return only(months_in_text(text))


@lru_cache(maxsize=_NAMES_KEPT)
def _carrier_in_name(text: str) -> str | None:
    return detect_carrier(text) or _carrier_id_in(text)


# Each carrier id as a word of its own in a name (china-unicom/, not china-unicomx).
_CARRIER_ID_WORDS = {c: re.compile(rf"(?<![a-z]){c}(?![a-z])") for c in CARRIER_IDS}


def _carrier_id_in(text: str) -> str | None:
    folded = nfkc(text).casefold().replace("_", "-")
    found = [c for c in CARRIER_IDS if _CARRIER_ID_WORDS[c].search(folded)]
    return found[0] if len(found) == 1 else None


@dataclass
class Context:
    """The carrier, line and month a document (or a part of it) belongs to."""

    carrier: str | None = None
    line: str | None = None
    period: str | None = None
    #: Why the line was not found where a folder named after an owner of several lines
    #: (:meth:`~auditor.readers.owners.OwnerFolder.hint`) could not say it; '' else.
    line_hint: str = ""
    #: The owner's folder ``line`` was taken from, when the rows state their own lines
    #: and only those that state none take it (:func:`folder_line_used` says so then).
    folder: OwnerFolder | None = field(default=None, compare=False)
    #: The masked numbers the document shows where its line would stand (138****1234):
    #: never a line, but whose it is names the owner's folder to keep it in, in the
    #: error that no line was found (:func:`~auditor.readers.owners.owners_hint`).
    masked: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    #: The lines the document names, when two or more and none is its own: no name of
    #: the file, folder or ``--line`` can say whose each of its charges is.
    lines_named: int = field(default=0, compare=False)


def folder_line_used(result: ReadResult, ctx: Context) -> None:
    """Alert, once per file, that a record took its line from ``ctx``'s owner's folder."""
    if ctx.folder is not None and (alert := ctx.folder.alert()) not in result.alerts:
        result.alerts.append(alert)


def no_line_found(ctx: Context) -> str:
    """The error of a document whose line ``ctx`` lacks, with why an owner's folder did
    not give it, if one did not; of one naming several lines, that (never ``--line``)."""
    if ctx.lines_named > 1:
        return many_lines_unsaid(ctx.lines_named)
    return NO_LINE_FOUND.shown() + ctx.line_hint


def resolve(
    path: Path,
    options: ReadOptions,
    *,
    line: str | None = None,
    period: str | None = None,
    carrier: str | None = None,
    result: ReadResult | None = None,
    rows_state_lines: bool = False,
    masked: tuple[tuple[str, str], ...] = (),
) -> Context:
    """Combine overrides, what the reader found in the document, and the path's hints.

    ``line``, ``period`` and ``carrier`` are what the reader found in the document itself.
    A line neither it nor the file's path states is the one line of the owner a folder
    on the path is named after (:mod:`auditor.readers.owners`), which ``result`` is told.
    When ``--line`` or ``--period`` replaces another the document states, ``result``
    gets an alert: the user asked for it, but a month or line read as another is worth
    saying. Under ``--line``, the line the document states (else its name or folder, else
    its owner's folder) is kept in ``result.stated_lines``. ``rows_state_lines``: the
    document's rows have a line of their own (a 手机号码 column), so the owner's folder
    is said only by a row that takes it (:func:`folder_line_used`), not here. Nothing
    here raises: use :func:`require` for what a document cannot do without. ``masked``:
    the masked numbers the document shows (:attr:`Context.masked`).
    """
    named = None if line else line_from_path(path)
    # The last clue, asked only when the document and its name state no line.
    owner = None if line or named else owner_folder(path, options)
    owners = owner.line if owner else None
    if result is not None:
        say_override(result, "line", line, options.line)
        say_override(result, "month", period, options.period)
        if options.line and (named or owners):
            result.stated_lines.add(named or owners)  # the document names none: its path does
        elif (
            owners
            and not options.line
            and not rows_state_lines
            and (alert := owner.alert()) not in result.alerts
        ):
            result.alerts.append(alert)
    ctx = Context(
        carrier=options.carrier or carrier or carrier_from_path(path),
        line=options.line or line or named or owners,
        period=options.period or period or period_from_path(path),
        line_hint=owner.hint() if owner and not owners else "",
        folder=owner if owners and rows_state_lines and not options.line else None,
        masked=masked,
    )
    if not ctx.line and owner is None:  # no owner's folder either: whose folder to use
        ctx.line_hint = owners_hint(options, masked)
    if not ctx.line:
        ctx.line_hint += _spelled_apart(path)
    if not ctx.carrier and ctx.line:
        ctx.carrier = carrier_from_number(ctx.line)
    return ctx


#: What a line, month or carrier is called in an alert or an error.
_FIELDS = {
    "line": Text("号码", "line"),
    "month": Text("月份", "month"),
    "period": Text("月份", "period"),
    "carrier": Text("运营商", "carrier"),
}


def say_override(result: ReadResult, what: str, stated: str | None, given: str | None) -> None:
    """Alert, once per file, that an option replaced a line or month the document states;
    a line the document states under ``--line`` is kept in ``result.stated_lines``."""
    if what == "line" and stated and given:
        result.stated_lines.add(stated)
    if stated and given and stated != given:
        option = "--line" if what == "line" else "--period"
        alert = say(
            f"文档写的{_FIELDS[what].zh}是 {stated}，按 {given} 读取（{option}）",
            f"the document states {what} {stated}, read as {given} ({option})",
        )
        if alert not in result.alerts:
            result.alerts.append(alert)


#: A document's month not found: it is read from the file's and its folders' names too
#: (:func:`resolve`), which the error says (trial t14: a Telecom JSON without its month
#: was told of --period alone).
NO_PERIOD = Text(
    "找不到月份（请用 --period 指定，或把月份写进文件名、文件夹名，如 2026-10/）",
    "could not detect period (give --period, or put the month in the file's or its "
    "folder's name, as in 2026-10/)",
)


def require(path: Path, ctx: Context, *fields: str, locator: str | None = None) -> None:
    """Raise a clear error naming the file and each of ``fields`` that could not be found.

    ``locator`` names the part of the file (an XLSX sheet) when the context is per part.
    """
    hints = {"carrier": "--carrier"}
    missing = [f for f in fields if not getattr(ctx, f)]
    if missing:
        found = [
            no_line_found(ctx)
            if f == "line"
            else NO_PERIOD.shown()
            if f == "period"
            else say(
                f"找不到{_FIELDS[f].zh}（请用 {hints[f]} 指定）",
                f"could not detect {f} (give {hints[f]})",
            )
            for f in missing
        ]
        raise InputError(
            str(path), say("；", "; ").join(found), locator, code=ErrorCode.MISSING_DETAILS
        )
