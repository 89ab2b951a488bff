"""``--line`` given over several lines' files: refused, since it would make them one.

Split from :mod:`auditor.crosscheck` (the other check across files) for its size.
"""

from __future__ import annotations

from auditor.errors import AuditorError
from auditor.lang import say
from auditor.model import ReadResult


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
