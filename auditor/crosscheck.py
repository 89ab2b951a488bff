"""Checks across input files: the same bill read twice, gaps that unreadable rows explain,
and ``--line`` given over several lines' files.

Users export the same month more than once (the PDF e-bill and the portal's Excel, a
bill-reminder SMS beside the full bill, a workbook with the month on two sheets).
Counting each copy would double the money on the report, so one copy of each line's
month is kept and the others are set aside, each with a warning on its file that says
which copy was counted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePath

from auditor.errors import AuditorError
from auditor.lang import counted, say
from auditor.model import Bill, BillCheck, ReadResult, check_bills


def set_aside_duplicate_bills(results: list[ReadResult]) -> None:
    """Keep one bill per line and month across input files; set the other copies aside.

    The copy kept is a whole bill over a partial one (a reminder SMS lists only the main
    items), then one read from text over one read by OCR (a picture, a scanned page),
    then the one that reconciles, then the one that states a total, then the one with
    the most charges, then the one not named as a copy ("账单 (1).csv", "- 副本"), then
    the first read (this audit's inputs come before the copies the history holds). A copy
    the history holds ranks as it did when it was given: its records keep their OCR
    confidence (:mod:`auditor.history.store`). A copy set aside moves its charges to
    ``set_aside["duplicate"]``, so the file's row accounting still adds up.
    """
    for key, kept, copy in _duplicates(results):
        copy.warnings.append(
            say(
                f"{key[0]} {key[1]}：同一账单也在 {kept.path} 中，本文件的这一份未计入",
                f"{key[0]} {key[1]}: the same bill is also in {kept.path}; this copy was not "
                "counted",
            )
        )


def set_aside_duplicate_parts(parts: list[ReadResult], names: list[str]) -> None:
    """The same, among the parts of one file (a workbook's sheets, each named in
    ``names``): two sheets holding one line's month count once, like two files do. One
    warning per month says which part was counted and which were not."""
    where = {id(part): name for part, name in zip(parts, names, strict=True)}
    left_out: dict[tuple[tuple[str, str], str], list[ReadResult]] = defaultdict(list)
    for key, kept, copy in _duplicates(parts):
        left_out[(key, where[id(kept)])].append(copy)
    for (key, kept), copies in left_out.items():
        others = [where[id(copy)] for copy in copies]
        more = len(others) - 3
        copies[0].warnings.append(
            say(
                f"{key[0]} {key[1]}：同一账单在 {kept} 和 {'、'.join(others[:3])}"
                f"{f' 等另外 {more} 处' if more > 0 else ''}各有一份，只计入 {kept}",
                f"{key[0]} {key[1]}: the same bill is in {kept} and {', '.join(others[:3])}"
                f"{f' and {more} more' if more > 0 else ''}; only {kept} was counted",
            )
        )


def _duplicates(results: list[ReadResult]) -> list[tuple[tuple[str, str], ReadResult, ReadResult]]:
    """Set aside every copy but the preferred one of each line's month (see
    :func:`set_aside_duplicate_bills`); for each copy set aside, the line and month, the
    result kept and the result whose copy was set aside."""
    done = []
    bills: dict[tuple[str, str], list[tuple[int, Bill]]] = defaultdict(list)
    for order, result in enumerate(results):
        for bill in result.bills:
            bills[(bill.line, bill.period)].append((order, bill))
    # Only the files holding a copy are checked (each on its own): most bills have none.
    copied = sorted({order for found in bills.values() if len(found) > 1 for order, _ in found})
    checks = {id(check.bill): check for order in copied for check in check_bills([results[order]])}
    for key, copies in bills.items():
        if len(copies) < 2:
            continue
        found = [(order, results[order], checks[id(bill)]) for order, bill in copies]
        kept = max(found, key=lambda copy: _preference(copy, key))
        for order, result, check in found:
            if order == kept[0]:
                continue
            same = [c for c in result.charges if (c.line, c.period) == key]
            result.charges = [c for c in result.charges if (c.line, c.period) != key]
            result.bills.remove(check.bill)
            result.copies.append(check.bill)
            result.set_aside["duplicate"] += len(same)
            done.append((key, kept[1], result))
    return done


def _preference(copy: tuple[int, ReadResult, BillCheck], key: tuple[str, str]) -> tuple:
    order, result, check = copy
    same = [c for c in result.charges if (c.line, c.period) == key]
    stated = check.bill.stated_total_fen is not None
    copied = bool(_COPY_NAME.search(PurePath(result.path).stem))
    # Text is read as the carrier wrote it; OCR may misread a figure and still add up (or
    # not), so between two whole copies the text one is kept whatever the order given.
    # A whole bill still beats a partial one read from text: the rules need its items.
    # (Reconciling implies whole: a partial bill is never reconciled.)
    by_ocr = check.bill.confidence is not None or any(c.confidence is not None for c in same)
    return (
        not check.bill.partial,
        not by_ocr,
        check.reconciles is True,
        stated,
        len(same),
        not copied,
        -order,
    )


# What a file manager or a browser adds to a second copy's name: "账单 (1).csv",
# "账单 - 副本.csv", "bill copy.csv". Between two equal copies, the one named as the
# carrier named it is the one kept (and its row in the Inputs sheet the one read).
_COPY_NAME = re.compile(r"(?:\s*\(\d+\)|[\s_-]*(?:副本|copy)(?:\s*\(?\d+\)?)?)$", re.IGNORECASE)


def warn_unreadable_gaps(results: list[ReadResult], bills: Iterable[BillCheck]) -> None:
    """Say plainly, on the file itself, when it does not add up and has unreadable rows.

    A bill that cannot be reconciled (no total, or only its main items listed) is not
    said to fall short.
    """
    suspects = {check.bill.source for check in bills if check.reconciles is False}
    for result in results:
        if result.path in suspects and result.unparseable:
            count = len(result.unparseable)
            warning = say(
                f"合计与账单总额不符，且有 {count} 行未能读取：差额很可能就在这些行里",
                f"does not add up to its stated total and {counted(count, 'row')} could not be "
                f"read: the difference is likely in {'that row' if count == 1 else 'those rows'}",
            )
            if warning not in result.warnings:
                result.warnings.append(warning)


class LinesForced(AuditorError):
    """``--line`` was given over the files of several other lines (see
    :func:`refuse_forced_line`)."""


def refuse_forced_line(results: list[ReadResult], line: str | None) -> None:
    """Raise :class:`LinesForced` when ``--line`` (``line``) is given over documents that
    state two lines or more in two files or more, or three or more in one: ``--line``
    reads every input as one line, which one line's files want (a scan or an SMS
    without its number, a number misread in one file), and which would make a family's
    or a company's folder one line, its bills each other's duplicates. A file's name or
    folder counts only where its document states no line (the document's own line is
    the one read without ``--line``)."""
    if not line:
        return
    files = [result.stated_lines for result in results if result.stated_lines]
    stated = sorted(set().union(*files))
    if len(stated) < 2 or (len(files) < 2 and len(stated) < 3):
        return
    shown = "、".join(stated[:3]) + ("……" if len(stated) > 3 else "")
    shown_en = ", ".join(stated[:3]) + (", …" if len(stated) > 3 else "")
    raise LinesForced(
        say(
            f"--line {line} 会把每个输入都读作这一个号码，但输入写的是 {len(stated)} 个号码"
            f"（{shown}）：去掉 --line，按每个文件自己的号码读取；或只对一个号码的文件使用它",
            f"--line {line} reads every input as that one line, but the inputs state "
            f"{len(stated)} lines ({shown_en}): leave --line off to read each file's own "
            "line, or give it for one line's files only",
        )
    )
