"""Mobile numbers found by their digits, however they are written, so that none is shown.

A number is eleven digits ``1[3-9]xxxxxxxxx``, maybe after the country code (``+86``,
``86``, ``0086``), and it is written in many ways: ``13900000006``, ``139 0000 0010``,
``139.0000.0011``, ``139-0000-0012``, ``(139)0000-0013``, ``139/0000/0015``,
``139–0000–0016`` (en dash), ``１３９００００００１７`` (full width), ``1③9…`` (circled),
digits split by zero-width characters, ``+86 139…``, ``008613900000006``. Masking works on
the digits, not on one spelling:

- a *run* is digits (any script's decimal digits, full-width, circled, super- and
  subscript) with invisible characters between them (zero-width, bidi controls), and
  *groups* of such digits joined by one to three separators (spaces of any width,
  ``. - – — / _ · ( ) [ ]`` and their full-width forms);
- inside a run, consecutive whole groups whose digits are a mobile number, maybe after a
  country code, are one number, however the digits are grouped (a PDF's text splits
  numbers anywhere: ``1 3900000006``). A digit is never split from its group, so an order
  id that holds a number inside it (``2026110512345678``) is no number;
- two things are never part of a number: the decimals of an amount (one or two digits
  after a lone ``.``), so ``15.00 1.00 2345.60`` is three amounts and not ``15001002345``;
  and a country code that does not start its group unless it stands first in the run or
  after a ``+`` or a bracket, so the ``86`` of ``12.86 139…`` stays an amount's;
- a circled or superscript digit before a number's own digits may be a list's mark
  (``①13900000006``): a second pass, on decimal digits alone, finds such numbers;
- so amounts, dates and ids next to a number (``2026-10-01 13900000006 6.00``) are left
  as they are: with them the digits are more than a number's.

The masked form (``139****0006``) replaces the number and its country code, with the
brackets and ``+`` that belong to them; it is made by :func:`mask_number` alone.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

# Digits: every Unicode decimal digit (\d), and the characters whose compatibility form is
# a number with at most brackets or a full stop around it (² ₃ ① ⑴ ⒈ ㉑ 🄀).
_DECIMAL = r"\d"
_OTHER_DIGIT = r"\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u249b\u24ea"
_OTHER_DIGIT += r"\u3251-\u325f\u32b1-\u32bf\U0001f100"
# Invisible characters: they do not part two digits (the Masker removes them before, but
# mask_text is also used on raw text).
_GLUE = r"\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
# What people write between the groups of a number.
_SEPARATOR = r"\s.\-_/()\[\]\u00b7\u2010-\u2015\u2212\u30fb\uff08\uff09\uff0d\uff0e\uff0f\uff3f"
_SEPARATOR += r"\u3010\u3011\uff3b\uff3d\ufe52\ufe63"


class _Digits(NamedTuple):
    """What counts as a digit in one pass: runs of such digits, a digit alone, and a
    group (digits with invisible characters between them)."""

    run: re.Pattern
    digit: re.Pattern
    group: re.Pattern


def _digits(digit: str) -> _Digits:
    # A run, scanned left to right without backtracking: a digit, then digits, invisible
    # characters, or one to three separators that a digit follows.
    run = rf"[{digit}](?:[{digit}{_GLUE}]|(?:[{_SEPARATOR}][{_GLUE}]*){{1,3}}(?=[{digit}]))*"
    group = rf"[{digit}](?:[{_GLUE}]*[{digit}])*"
    return _Digits(re.compile(run), re.compile(rf"[{digit}]"), re.compile(group))


# Two passes: every kind of digit (1③800001234 is a number), then decimal digits alone,
# for a circled or superscript digit that stands before a number as a list mark
# (①13800001234) and is no digit of it.
_ANY_DIGIT, _DECIMAL_DIGIT = _digits(_DECIMAL + _OTHER_DIGIT), _digits(_DECIMAL)
_HAS_OTHER_DIGIT = re.compile(rf"[{_OTHER_DIGIT}]")
_IS_GLUE = re.compile(rf"[{_GLUE}]")
_NOT_DECIMAL = re.compile(rf"[^{_DECIMAL}]+")  # runs, not characters: one removal each
#: A finding's id (:func:`auditor.history.findings.finding_id`: F and twelve hex digits,
#: random per history). One in a few hundred holds eleven digits in a row that read as a
#: number (F19434287244a): never masked, or a step's ``record --finding`` would not work.
FINDING_ID = re.compile(r"(?<![0-9A-Za-z])F[0-9a-f]{12}(?![0-9A-Za-z])")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_COUNTRY_CODES = ("", "86", "0086")
_OPENING, _CLOSING = "([（【［", ")]）】］"
_PLUS = "+＋"
_POINTS = (".", "．", "\ufe52")  # a decimal point, full-width or small


@lru_cache(maxsize=4096)
def digits_of(char: str) -> str:
    """The ASCII digits ``char`` stands for (``１`` → ``1``, ``⑩`` → ``10``), else ''."""
    if "0" <= char <= "9":
        return char
    value = unicodedata.decimal(char, None)
    if value is not None:
        return str(value)
    return "".join(c for c in unicodedata.normalize("NFKC", char) if "0" <= c <= "9")


def mask_number(number: str) -> str:
    """The masked form of an 11-digit mobile number: ``138****1234``, its first three and
    last four digits; lines whose masks would look the same are told apart by a count
    after it, never by more digits (:func:`unique_masks`)."""
    return f"{number[:3]}{'*' * HIDDEN_DIGITS}{number[7:]}"


#: The digits a mask hides: the 4th to the 7th.
HIDDEN_DIGITS = 4
#: A mask's count, told apart from another line's of the same mask: ``138****1234(2)``.
MASK_COUNT = re.compile(r"\((\d{1,4})\)")


def unique_masks(numbers: Iterable[str], known: Sequence[str] = ()) -> dict[str, str]:
    """The masked form of each of ``numbers`` (and of ``known``) that would share its
    usual mask with another of them, so that no two look the same: the usual mask and a
    count, ``138****1234(1)``, ``138****1234(2)``, never a digit more than any mask shows.

    ``known`` are the lines a history holds, in the order it came to hold them
    (:func:`~auditor.history.store.lines_in_order`, then those an audit is about to
    store): they are counted first, in that order, then the others (a line only the
    settings name) by number. So the count a line gets never depends on the month or on
    which bills were given, and a line joining later is counted after those alike
    before it: ``record --from`` reads an earlier report's count back by the same order
    (:func:`line_counted`)."""
    rank = {number: place for place, number in enumerate(known) if _MOBILE.fullmatch(number)}
    alike: dict[str, set[str]] = {}
    for number in itertools.chain(numbers, rank):
        alike.setdefault(mask_number(number), set()).add(number)
    forms: dict[str, str] = {}
    for mask, group in alike.items():
        if len(group) >= 2:
            ordered = sorted(group, key=lambda number: (rank.get(number, len(rank)), number))
            forms.update((number, f"{mask}({count})") for count, number in enumerate(ordered, 1))
    return forms


def line_counted(written: str, known: Sequence[str]) -> str | None:
    """The line a mask with a count (``138****1234(2)``, as :func:`unique_masks` makes
    it) stands for among ``known`` (a history's lines, in the order it came to hold
    them), or ``None`` when none is."""
    found = re.fullmatch(rf"(1\d{{2}}\*{{{HIDDEN_DIGITS}}}\d{{4}}){MASK_COUNT.pattern}", written)
    if found is None:
        return None
    ordered = [line for line in dict.fromkeys(known) if mask_number(line) == found[1]]
    count = int(found[2])
    return ordered[count - 1] if 1 <= count <= len(ordered) and len(ordered) > 1 else None


class _Group(NamedTuple):
    """Digits that stand together in a run, and where: ``text[start:end]``."""

    digits: str
    start: int
    end: int
    #: The decimals of an amount (``6.00``): never part of a number.
    decimals: bool = False


def phone_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, number)`` for each mobile number written in ``text``, in order; the
    span covers its country code and the ``+`` and brackets that belong to it."""
    # A line as the readers give it, eleven ASCII digits and nothing else (every list
    # sheet and the JSON show a thousand of a company's): a number, or none, as it stands.
    if len(text) == 11 and text.isascii() and text.isdigit():
        return [(0, 11, text)] if _MOBILE.fullmatch(text) else []
    # Most texts hold fewer than eleven digits (a name, a row, a date): without a circled
    # or superscript digit each digit is one character, so there is no number to look for.
    other = _HAS_OTHER_DIGIT.search(text) is not None
    if not other and len(_NOT_DECIMAL.sub("", text)) < 11:
        return []
    spans = list(_spans(text, _ANY_DIGIT))
    if other:
        for span in _spans(text, _DECIMAL_DIGIT):
            if all(span[1] <= start or end <= span[0] for start, end, _ in spans):
                spans.append(span)
        spans.sort()
    if spans and "F" in text:
        ids = [(found.start(), found.end()) for found in FINDING_ID.finditer(text)]
        spans = [s for s in spans if not any(a <= s[0] and s[1] <= b for a, b in ids)]
    return spans


def _spans(text: str, digits: _Digits) -> Iterator[tuple[int, int, str]]:
    """The numbers of ``text`` when ``digits`` says what a digit is."""
    for run in digits.run.finditer(text):
        if run.end() - run.start() < 6:  # no character stands for more than two digits
            continue
        found = run[0]
        if not found.isascii():
            groups = _groups(text, run.start(), run.end(), digits)
        elif found.isdigit():  # (a file's folder named by its line) one group, no points
            groups = [_Group(found, run.start(), run.end())]
        elif len(_NOT_DECIMAL.sub("", found)) < 11:  # ASCII: a digit is one character
            continue
        else:
            groups = _groups(text, run.start(), run.end(), digits)
        index = 0
        while index < len(groups):
            found = _number_at(text, groups, index)
            if found is None:
                index += 1
                continue
            last, number = found
            start, end = _with_brackets(text, groups[index].start, groups[last].end)
            yield start, end, number
            index = last + 1


def mask_phones(
    text: str, mask: Callable[[str], str] = mask_number, kept: Iterable[tuple[int, int]] = ()
) -> str:
    """``text`` with every mobile number written in it replaced by ``mask(number)``, but
    those written wholly inside one of the ``kept`` spans (``(start, end)``), left as
    written."""
    pieces: list[str] = []
    position = 0
    kept = list(kept)
    for start, end, number in phone_spans(text):
        if any(a <= start and end <= b for a, b in kept):
            continue
        masked = mask(number)
        # The span may take a '+' or bracket that parted it from digits before or after
        # (13000000+8613900000006): a space keeps the mask from joining them into a
        # number-like run of digits.
        if start and text[start - 1].isdecimal():
            masked = " " + masked
        if end < len(text) and text[end].isdecimal():
            masked += " "
        pieces += [text[position:start], masked]
        position = end
    if not pieces:
        return text
    return "".join(pieces) + text[position:]


def _groups(text: str, start: int, end: int, digits: _Digits) -> list[_Group]:
    """The run's groups of digits, invisible characters inside them, decimals marked."""
    groups: list[_Group] = []
    for group in digits.group.finditer(text, start, end):
        found = group[0]
        if not found.isascii():  # else ASCII digits alone: their own digits
            found = "".join(digits_of(char) for char in found if digits.digit.match(char))
        groups.append(_Group(found, group.start(), group.end()))
    # One point between two groups, not in a row of dotted groups (139.0000.0011, 1.3.9…),
    # and one or two digits after it: a decimal point, and an amount's decimals.
    points = [_between(text, left, right) in _POINTS for left, right in pairwise(groups)]
    for index in range(1, len(groups)):
        alone = not any(points[max(index - 2, 0) : index - 1] + points[index : index + 1])
        if points[index - 1] and alone and len(groups[index].digits) <= 2:
            groups[index] = groups[index]._replace(decimals=True)
    return groups


def _between(text: str, left: _Group, right: _Group) -> str:
    """The separator between two groups, invisible characters left out."""
    return _IS_GLUE.sub("", text[left.end : right.start])


def _number_at(text: str, groups: list[_Group], index: int) -> tuple[int, str] | None:
    """``(last group, number)`` when the groups from ``index`` on spell a mobile number."""
    digits = ""
    for last in range(index, len(groups)):
        if groups[last].decimals:
            return None
        digits += groups[last].digits
        if len(digits) > 15:  # 0086 and eleven digits is the longest spelling
            return None
        if len(digits) < 11:
            continue
        code = digits[: len(digits) - 11]
        if code not in _COUNTRY_CODES or not _MOBILE.fullmatch(digits[len(code) :]):
            continue
        if not code or _is_country_code(text, groups, index, len(code)):
            return last, digits[len(code) :]
    return None


def _is_country_code(text: str, groups: list[_Group], index: int, length: int) -> bool:
    """True when the first ``length`` digits from group ``index`` on can be a country code:
    the groups stand first in the run or after a ``+`` or a bracket (``+86 139…``, even
    split as ``+8 6139…``), or the code starts a group that goes on with the number
    (``6.00 008613900000006``). So the ``86`` of an amount (``12.86 139…``) and the ``00``
    of ``6.00`` are never taken for one."""
    group = groups[index]
    if index == 0 or text[group.start - 1] in _PLUS + _OPENING:
        return True
    return len(group.digits) > length


def _with_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the ``+`` before it and to the brackets that close inside it
    (``(139)0000-0013``, ``(+86)139…``), so that the mask leaves no half of a pair."""
    if start > 0 and text[start - 1] in _PLUS:
        start -= 1
    depth = 0
    for char in text[start:end]:
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth -= 1
    if depth < 0 and start > 0 and text[start - 1] in _OPENING:
        start -= 1
    elif depth > 0 and end < len(text) and text[end] in _CLOSING:
        end += 1
    return start, end
