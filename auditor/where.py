"""Where in a file a row, a line or a value stands, in the active language.

A locator (``row 14``, ``page 2 line 5``; ``第 14 行``, ``第 2 页 第 5 行``) is read by a
person: in an error, in the Unread rows, as a finding's evidence. It is made once, when
the file is read, so it is in the language the audit runs in; nothing parses one (code
that needs a row's number keeps the number).
"""

from __future__ import annotations

from auditor.lang import say


def row(number: int | str) -> str:
    """A table row: ``row 14``, ``第 14 行``."""
    return say(f"第 {number} 行", f"row {number}")


def line(number: int | str) -> str:
    """A line of text: ``line 5``, ``第 5 行``."""
    return say(f"第 {number} 行", f"line {number}")


def lines(first: int | str, last: int | str) -> str:
    """Lines ``first`` to ``last``: ``lines 5–7``, ``第 5–7 行``."""
    return say(f"第 {first}–{last} 行", f"lines {first}–{last}")


def page(number: int | str) -> str:
    """A page of a PDF: ``page 2``, ``第 2 页``."""
    return say(f"第 {number} 页", f"page {number}")


def sheet(name: str) -> str:
    """A sheet of a workbook: ``sheet 10月``, ``工作表 10月``."""
    return say(f"工作表 {name}", f"sheet {name}")


def sheet_named(name: str) -> str:
    """A sheet named in a message, not a locator: its name quoted, since it may hold
    spaces and run into the words after it: ``工作表「账单明细 Copy」``, ``sheet '账单明细
    Copy'`` (a line break or a control character in it escaped, never printed)."""
    shown = repr(name)
    return say(f"工作表「{shown[1:-1]}」", f"sheet {shown}")


def message(number: int | str) -> str:
    """A message of an SMS export: ``message 3``, ``第 3 条短信``."""
    return say(f"第 {number} 条短信", f"message {number}")


def part(number: int | str) -> str:
    """A part of a MIME message: ``part 2``, ``第 2 部分``."""
    return say(f"第 {number} 部分", f"part {number}")


def table(number: int | str) -> str:
    """A table of an HTML page: ``table 2``, ``第 2 个表格``."""
    return say(f"第 {number} 个表格", f"table {number}")


def entry(number: int | str) -> str:
    """An entry of a numbered list: ``entry 3``, ``第 3 项``."""
    return say(f"第 {number} 项", f"entry {number}")


def right_half() -> str:
    """The right one of two tables printed side by side on a page: ``right half``,
    ``右栏`` (after the line it stands on)."""
    return say("右栏", "right half")


def within(outer: str, inner: str) -> str:
    """``inner`` inside ``outer``: ``page 2 line 5``, ``第 2 页 第 5 行`` (``outer`` empty:
    ``inner`` alone)."""
    return f"{outer} {inner}" if outer else inner
