"""A company's months: one month's bills made into the months before it (``bench/scale.py``'s
``company-months`` workload).

The company admin audits month after month into one history, so what an audit costs
depends on how many months the history already holds. An audit is dated today or
earlier, so the months end with the company's own (``bench/scale.py``'s ``company``) and
begin before it: the first is that month moved back whole, its service lists' every date
too (a service ordered 2026-07-21 is ordered 2026-02-21 when its first bill is May's), so
that it finds what that month finds. Each month's bills are the same files made that
month's (every line's bill of the month audited): a bill's name (中国移动账单-2026年10月),
its period (计费周期 2026-10-01至2026-10-31 inside the workbook's sheet, 202608 in a long
CSV bill's rows), and nothing else; the service lists are the same bytes each month, as a
list exported again unchanged is (stored once).
"""

from __future__ import annotations

import calendar
import io
import re
import shutil
import zipfile
from pathlib import Path


def month_add(month: str, count: int) -> str:
    """``YYYY-MM`` moved on by ``count`` months."""
    year, number = int(month[:4]), int(month[5:7]) - 1 + count
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def _spellings(month: str) -> list[str]:
    """How a month is written in the company's bills: its first and last day, its digits
    alone (a long CSV bill's 账期), and in a file's name (2026年10月)."""
    year, number = int(month[:4]), int(month[5:7])
    last = calendar.monthrange(year, number)[1]
    return [
        f"{month}-01",
        f"{month}-{last:02d}",
        f";{year}{number:02d};",
        f"{year}年{number:02d}月",
    ]


def shifted(data: bytes, old: str, new: str, encoding: str) -> bytes:
    """``data`` with each spelling of month ``old`` (in ``encoding``) made ``new``'s."""
    for was, now in zip(_spellings(old), _spellings(new), strict=True):
        data = data.replace(was.encode(encoding), now.encode(encoding))
    return data


_DAY = re.compile(rb"(\d{4})-(\d{2})-(\d{2})")


def days_shifted(data: bytes, count: int) -> bytes:
    """``data`` with every day written ``YYYY-MM-DD`` moved on by ``count`` months (its
    day kept, or its month's last): a service list's dates. Digits are ASCII in GBK too."""

    def moved(day: re.Match) -> bytes:
        month = month_add(f"{int(day[1]):04d}-{int(day[2]):02d}", count)
        last = calendar.monthrange(int(month[:4]), int(month[5:]))[1]
        return f"{month}-{min(int(day[3]), last):02d}".encode()

    return _DAY.sub(moved, data)


def _shifted_file(data: bytes, name: str, old: str, new: str) -> bytes:
    """A bill file's bytes with its month ``old`` made ``new``: in every member of a
    workbook (UTF-8 XML), in the text of a CSV (a China Unicom bill's is GBK)."""
    if name.endswith(".xlsx"):
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                target.writestr(info, shifted(source.read(info), old, new, "utf-8"))
        return out.getvalue()
    return shifted(data, old, new, "gbk")


def bill_month(name: str) -> str | None:
    """The month a bill file's name gives (中国移动账单-2026年10月.xlsx: 2026-10), else None."""
    at = name.find("年")
    if at < 4 or name[at + 3 : at + 4] != "月":
        return None
    return f"{name[at - 4 : at]}-{name[at + 1 : at + 3]}"


def months_of(last: Path, folder: Path, count: int) -> list[Path]:
    """``count`` months of the lines of ``last`` (a month's folder of bills and service
    lists), the last of them its newest bill's month, as folders under ``folder`` named by
    their number (``1`` to ``count``): each bill made that month's (every line checked
    each month: the company's China Unicom bills are two months older than its China
    Mobile ones), the service lists' dates moved back by ``count - 1`` months, each month
    alike. Made once, then reused."""
    files = sorted(p for p in last.rglob("*") if p.is_file() and not p.name.startswith("."))
    newest = max(filter(None, (bill_month(p.name) for p in files)))
    made = []
    for number in range(1, count + 1):
        target, offset = folder / f"{number}", number - count
        made.append(target)
        if (target / ".complete").exists():
            continue
        shutil.rmtree(target, ignore_errors=True)
        for path in files:
            data, name, old = path.read_bytes(), path.name, bill_month(path.name)
            if old:
                new = month_add(newest, offset)
                data = _shifted_file(data, name, old, new)
                name = name.replace(_spellings(old)[3], _spellings(new)[3])
            else:
                data = days_shifted(data, 1 - count)
            out = target / path.parent.relative_to(last) / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        (target / ".complete").write_text("done")
    return made
