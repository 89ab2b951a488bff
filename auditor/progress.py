"""What an audit says on stderr as it goes: a progress bar for a long run (files read,
pages, then the findings), and each input's error or alerts.

Why click's progress bar and not rich's: click is already what the command is built on
(no new dependency, nothing more to import at start-up: rich and its pygments take about
0.1 s to import), and its bar is the standard one of click programs: label, bar,
``12/2000`` and an ETA, redrawn in place on a terminal. It is shown only when stderr is
a terminal and ``--quiet`` is not given, and only once the run has gone on for about a
second: a quick audit prints what it always printed and nothing else.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable
from typing import TextIO

import click

from auditor.errors import located
from auditor.lang import say
from auditor.model import ReadResult

log = logging.getLogger("auditor")

#: How long a run goes before its progress is shown.
SHOW_AFTER = 1.0


class Progress:
    """The progress of one audit over ``files`` input files (see the module docstring).

    ``stream`` is where it is drawn (stderr); ``shown`` is False when it must never be
    drawn (not a terminal, ``--quiet``).
    """

    def __init__(self, files: int, *, quiet: bool, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.files = files
        self.enabled = not quiet and _is_terminal(self.stream)
        self.started = time.monotonic()
        self.bar = None
        self.read = self.pages = 0
        self.status = ""

    def file_read(self, result: ReadResult) -> None:
        """Count one more file read (and its pages)."""
        self.read += 1
        self.pages += result.pages
        self._draw(1)

    def findings(self, count: int) -> None:
        """The rules have run: say how many findings, and that the report is written."""
        self.status = say(
            f"{count:,} 项发现 · 正在写报告", f"{count:,} findings · writing the report"
        )
        self._draw(0)

    def pause(self) -> None:
        """End the bar's line, so that other output on stderr starts on its own line (the
        bar is drawn again below it at its next step)."""
        if self.bar is not None:
            self.stream.write("\n")
            self.stream.flush()

    def close(self) -> None:
        """Draw the bar a last time and end its line."""
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _draw(self, step: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.started < SHOW_AFTER:
                return
            self.bar = click.progressbar(
                length=self.files,
                label=say("auditor：正在读取", "auditor: reading"),
                file=self.stream,
                show_pos=True,
                item_show_func=self._item,
                # drawn about 200 times over the run, not once a file
                update_min_steps=max(self.files // 200, 1),
            )
            self.bar.update(self.read, self)
        elif step:
            self.bar.update(step, self)
        else:
            self.bar.render_progress()

    def _item(self, _current: object) -> str:
        pages = say(f" · {self.pages:,} 页", f" · {self.pages:,} pages") if self.pages else ""
        return say("个文件", "files") + pages + (f" · {self.status}" if self.status else "")


def say_read(results: list[ReadResult], mask: Callable[[str], str]) -> None:
    """Each input's error or alerts on stderr; what it was read as, for --verbose."""
    for result in results:
        if result.error:
            click.echo(mask(_said(result.path, result.error)), err=True)
            continue
        if result.not_a_bill:  # said once with the others, in the summary: not here
            log.info(located("%s", say("已略过：%s", "skipped: %s")), result.path, result.skipped)
            continue
        if result.skipped:
            skipped = say(f"已略过：{result.skipped}", f"skipped: {result.skipped}")
            click.echo(mask(_said(result.path, skipped)), err=True)
            continue
        say_alerts([(result, result.alerts)], mask)
        log.info(
            say(
                "%s：按 %s %s 读取（%s），%d 项费用，%d 项业务，%d 行略过，%d 行未读取",
                "%s: read as %s %s (%s), %d charges, %d services, %d rows set aside, %d unread",
            ),
            result.path,
            result.reader,
            result.kind,
            result.carrier or say("运营商未知", "carrier unknown"),
            len(result.charges),
            len(result.services),
            sum(result.set_aside.values()),
            len(result.unparseable),
        )
        for text in (*result.notes, *result.warnings):
            log.info(located("%s", "%s"), result.path, text)


def say_alerts(added: Iterable[tuple[ReadResult, list[str]]], mask: Callable[[str], str]) -> None:
    """Each of the alerts about each input (``added``: an input and its alerts) on
    stderr, a line each, written at once: the audit adds one to each of a company's 500
    lines billed only in an older month, and a write each took 9 ms."""
    said = [mask(_said(result.path, alert)) for result, alerts in added for alert in alerts]
    if said:
        click.echo("\n".join(said), err=True)


def _said(path: str, text: str) -> str:
    """One line on stderr about the input ``path``."""
    return "auditor: " + located(path, text)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
