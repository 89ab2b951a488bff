"""The day an audit is dated (its ``as_of``): what a script or the command gives read as a
day (:func:`audit_date`: a date, a datetime's day, a text ``YYYY-MM-DD``), and checked
(:func:`check_as_of`: today or earlier, not before the carriers' e-bills began), once,
before anything is read.
"""

from __future__ import annotations

from datetime import date, datetime

from auditor import clock
from auditor.errors import AuditDateRefused, BadArgument
from auditor.lang import say

#: The earliest audit date auditor accepts: carriers' e-bills begin in the 2000s.
EARLIEST_AS_OF = date(2000, 1, 1)


def check_as_of(as_of: date) -> date:
    """``as_of`` when auditor can audit as of that day; else :class:`AuditDateRefused`.

    An audit is dated today or earlier, as a record is: the history keeps when each
    finding was first and last reported, and an audit dated later would make the real
    ones of the days between see its findings as already reported, and its resolutions
    as already listed. Every audit is checked once, by :func:`auditor.run.prepare`,
    before anything is read (the command says it of its ``--as-of``)."""
    if as_of > clock.today():
        raise AuditDateRefused(
            say(
                f"{as_of.isoformat()} 晚于今天：检查日期只能是今天或更早",
                f"{as_of.isoformat()} is after today: an audit is dated today or earlier",
            )
        )
    if as_of < EARLIEST_AS_OF:
        earliest = EARLIEST_AS_OF.isoformat()
        raise AuditDateRefused(
            say(
                f"{as_of.isoformat()} 不是 auditor 接受的检查日期（{earliest} 至今天）",
                f"{as_of.isoformat()} is not an audit date auditor takes ({earliest} to today)",
            )
        )
    return as_of


def audit_date(as_of: date | str) -> date:
    """The day ``as_of`` names: a date, a datetime's day, or a text ``YYYY-MM-DD``; a
    :class:`~auditor.errors.BadArgument` for anything else."""
    if isinstance(as_of, datetime):
        return as_of.date()
    if isinstance(as_of, date):
        return as_of
    if isinstance(as_of, str):
        try:
            return date.fromisoformat(as_of.strip())
        except ValueError:
            raise BadArgument(
                say(
                    f"as_of：{as_of!r} 不是日期（YYYY-MM-DD）",
                    f"as_of: {as_of!r} is not a date (YYYY-MM-DD)",
                )
            ) from None
    kind = type(as_of).__name__
    raise BadArgument(
        say(
            f"as_of：应是日期或 'YYYY-MM-DD'，而不是 {kind} {as_of!r}",
            f"as_of: a date or 'YYYY-MM-DD', not {kind} {as_of!r}",
        )
    )
