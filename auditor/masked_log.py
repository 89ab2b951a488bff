"""What auditor logs during a script's audit, through the audit's masker.

``auditor audit`` masks every line it writes on stderr (``cli.common.StderrLog``), but a
script calling :func:`auditor.run.audit` has handlers of its own, or none (Python then
writes warnings to stderr as they are). Within :func:`masked_log`, each record that
reaches the ``auditor`` logger, from any module under it (a reading process's records
too, logged again here), has its message and traceback put through the masker before
any handler sees it: a line not in the settings is told ``137****4444``, never whole.

The record is changed in place by a handler placed first on the ``auditor`` logger, so
the handlers after it, the root's and the command's, get the masked text; masking is
idempotent, so the command's own masking of the same record changes nothing more.
Records of other libraries' loggers (pdfminer, ``py.warnings``) are not the audit's:
the command masks those on its own handler.
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


class MaskingHandler(logging.Handler):
    """Puts a record's message and traceback through the masker of the thread's audit,
    in place, for the handlers after it; hands it to Python's last resort (stderr, from
    warnings up) when no other handler would see it, as logging itself would."""

    audits = _Audits()

    def handle(self, record: logging.LogRecord) -> bool:
        """Mask ``record`` (when this thread is auditing) and let it go on."""
        mask = self.audits.mask
        # A reading process forked meanwhile sends its records as they are (as lines,
        # auditor.readers.pool): they are masked when logged again here.
        if mask is not None and self.audits.pid == os.getpid():
            _mask_record(record, mask)
            if not _other_handlers(record) and logging.lastResort is not None:
                if record.levelno >= logging.lastResort.level:
                    logging.lastResort.handle(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:
        """Nothing: :meth:`handle` did what there is to do."""


def _mask_record(record: logging.LogRecord, mask: Callable[[str], str]) -> None:
    """``record``'s message and traceback lines masked, the message formatted first (its
    arguments are what a number is in); the traceback as text lines (the lines of a
    reading process's record first, ``traceback_lines``), which formatters show as the
    exception's text and ``StderrLog`` as lines."""
    record.msg, record.args = mask(record.getMessage()), None
    lines = list(getattr(record, "traceback_lines", ()))
    if record.exc_info and record.exc_info[1] is not None:
        lines += safe_traceback(record.exc_info[1])
    elif record.exc_text:
        lines += record.exc_text.splitlines()
    record.exc_info = None
    if lines:
        record.traceback_lines = [mask(line) for line in lines]
        record.exc_text = "\n".join(record.traceback_lines)


def _other_handlers(record: logging.LogRecord) -> bool:
    """Whether a handler besides the masking one is on ``record``'s way up."""
    logger: logging.Logger | None = logging.getLogger(record.name)
    while logger is not None:
        if any(not isinstance(handler, MaskingHandler) for handler in logger.handlers):
            return True
        logger = logger.parent if logger.propagate else None
    return False


class _Installed:
    """The one masking handler of the process while any thread audits, and how many do."""

    lock = threading.Lock()
    users = 0
    handler = MaskingHandler()


@contextlib.contextmanager
def masked_log(mask: Callable[[str], str]) -> Iterator[Callable[[Callable[[str], str]], None]]:
    """Within the block, this thread's records under the ``auditor`` logger go through
    ``mask``; yields a function that replaces it (the masker that knows the inputs' names
    and lines, once they are read). The handler goes when the last block ends."""
    with _Installed.lock:
        if not _Installed.users:
            AUDITOR.handlers.insert(0, _Installed.handler)
        _Installed.users += 1
    audits = MaskingHandler.audits
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
                with contextlib.suppress(ValueError):
                    AUDITOR.handlers.remove(_Installed.handler)
