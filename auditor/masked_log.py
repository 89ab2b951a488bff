"""What auditor logs during a script's audit, through the audit's masker.

``auditor audit`` masks every line it writes on stderr (``cli.common.StderrLog``), but a
script calling :func:`auditor.run.audit` has handlers of its own, or none (Python then
writes warnings to stderr as they are). Within :func:`masked_log`, each record logged
to the ``auditor`` logger or one under it (``auditor.readers``; a reading process's
records too, logged again here) has its message and traceback put through the masker
before any handler sees it, theirs included: a line not in the settings is told
``137****4444``, never whole.

The record is changed in place by a filter on the logger it is logged to
(:class:`MaskingFilter`): a logger's filters run before any handler on the record's way
up, those of the loggers below ``auditor`` too, which a handler on ``auditor`` would
come after. So a record is masked once, where it starts; the command masks again only
what its masker knows more of (the names a file held, found once read) and the records
of other libraries' loggers (pdfminer, ``py.warnings``), which are not the audit's.
The loggers are those there when the audit starts: every auditor module's is made
when it is imported.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterator

from auditor.safe_text import safe_traceback

#: The logger every auditor module logs under (``auditor.<module>``).
AUDITOR = logging.getLogger("auditor")


class _Audits(threading.local):
    """The masker of the audit this thread runs (None: none) and its process; a thread's
    own, so that two scripts' audits in two threads each mask with theirs."""

    mask: Callable[[str], str] | None = None
    pid = 0


class MaskingFilter(logging.Filter):
    """Puts a record's message and traceback through the masker of the thread's audit,
    in place, before the handlers see it; records no audit of this thread logs pass as
    they are."""

    audits = _Audits()

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask ``record`` (when this thread is auditing) and let it go on."""
        mask = self.audits.mask
        # A reading process forked meanwhile sends its records as they are (as lines,
        # auditor.readers.pool): they are masked when logged again here.
        if mask is not None and self.audits.pid == os.getpid():
            _mask_record(record, mask)
        return True


def masked_with(record: logging.LogRecord) -> Callable[[str], str] | None:
    """The masker :class:`MaskingFilter` put ``record`` through (None: none): a handler
    that masks what it writes (the command's) need not do it again with that one."""
    return getattr(record, "masked_with", None)


def _mask_record(record: logging.LogRecord, mask: Callable[[str], str]) -> None:
    """``record``'s message and traceback lines masked, the message formatted first (its
    arguments are what a number is in); the traceback as text lines (the lines of a
    reading process's record first, ``traceback_lines``), which formatters show as the
    exception's text and ``StderrLog`` as lines."""
    record.msg, record.args = mask(record.getMessage()), None
    record.masked_with = mask
    lines = list(getattr(record, "traceback_lines", ()))
    if record.exc_info and record.exc_info[1] is not None:
        lines += safe_traceback(record.exc_info[1])
    elif record.exc_text:
        lines += record.exc_text.splitlines()
    record.exc_info = None
    if lines:
        record.traceback_lines = [mask(line) for line in lines]
        record.exc_text = "\n".join(record.traceback_lines)


class _Installed:
    """The one masking filter of the process while any thread audits, how many do, and
    the loggers it is on."""

    lock = threading.Lock()
    users = 0
    filter = MaskingFilter()
    loggers: tuple[logging.Logger, ...] = ()


def _auditors() -> tuple[logging.Logger, ...]:
    """The ``auditor`` logger and the loggers under it there are now."""
    below = (
        logger
        for name, logger in list(logging.Logger.manager.loggerDict.items())
        if name.startswith(AUDITOR.name + ".") and isinstance(logger, logging.Logger)
    )
    return (AUDITOR, *below)


@contextlib.contextmanager
def masked_log(mask: Callable[[str], str]) -> Iterator[Callable[[Callable[[str], str]], None]]:
    """Within the block, this thread's records under the ``auditor`` logger go through
    ``mask``; yields a function that replaces it (the masker that knows the inputs' names
    and lines, once they are read). The filter goes when the last block ends."""
    with _Installed.lock:
        if not _Installed.users:
            _Installed.loggers = _auditors()
            for logger in _Installed.loggers:
                logger.addFilter(_Installed.filter)
        _Installed.users += 1
    audits = MaskingFilter.audits
    outer, audits.mask, audits.pid = audits.mask, mask, os.getpid()

    def use(better: Callable[[str], str]) -> None:
        audits.mask = better

    try:
        yield use
    finally:
        audits.mask = outer
        with _Installed.lock:
            _Installed.users -= 1
            if not _Installed.users:
                for logger in _Installed.loggers:
                    logger.removeFilter(_Installed.filter)
                _Installed.loggers = ()
