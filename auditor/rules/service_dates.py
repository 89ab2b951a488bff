"""When a service starts and ends (audit spec, "When a service ends").

A service ends with its expiry (an expiry at 00:00 on the 1st ends the month before),
else with the month it was cancelled in, which is charged in full (次月生效 / 月底失效).
It starts in the month of its effective time, else of its order.
"""

from __future__ import annotations

from datetime import datetime

from auditor.values import is_open_ended, month_add, month_of


def fixed_expiry(expires: datetime | None) -> datetime | None:
    """An expiry, or ``None`` when there is none or it is open-ended (2099-12-31...).

    Readers already turn open-ended expiries into ``None``; this also catches a far date
    that came some other way, so every rule reads an expiry alike.
    """
    return None if expires is None or is_open_ended(expires) else expires


def _is_month_boundary(moment: datetime) -> bool:
    return moment.day == 1 and (moment.hour, moment.minute, moment.second) == (0, 0, 0)


def month_inside(moment: datetime) -> str | None:
    """The month ``moment`` falls inside of, splitting it (2026-04-15 10:00: 2026-04), or
    ``None`` at 00:00:00 on a 1st, between two months: a change then leaves both whole."""
    return None if _is_month_boundary(moment) else month_of(moment)


def end_month(expires: datetime | None, cancelled: datetime | None) -> str | None:
    """The last month a service is charged for, or ``None`` when its end is unknown or open.

    The expiry counts when there is one; an expiry at 00:00:00 on the 1st ends the
    previous month, since the service is gone for the whole of the month that starts
    then. Without an expiry, a cancellation ends the service with the month it was made
    in: that month is charged in full.
    """
    expiry = fixed_expiry(expires)
    if expiry is not None:
        ended = month_of(expiry)
        return month_add(ended, -1) if _is_month_boundary(expiry) else ended
    return month_of(cancelled) if cancelled is not None else None


def end_moment(expires: datetime | None, cancelled: datetime | None) -> datetime | None:
    """The date that decided :func:`end_month` (the expiry, else the cancellation)."""
    return fixed_expiry(expires) or cancelled


def start_month(effective: datetime | None, ordered: datetime | None) -> str | None:
    """The first month a service is charged for: its effective time's, else its order's."""
    start = effective or ordered
    return month_of(start) if start is not None else None
