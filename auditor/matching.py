"""Which charge belongs to which service, and when a service starts and ends.

The rules share these answers (audit spec, "Matching a charge to a service" and "When a
service ends"): a charge and a service-list entry of the same line are the same service
when their codes are equal, or else when their names are equal after
:func:`auditor.names.service_key`. A service ends with its expiry (an expiry at 00:00 on
the 1st ends the month before), else with the month it was cancelled in, which is
charged in full (次月生效 / 月底失效).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime

import pandas as pd

from auditor.catalog import detect_carrier
from auditor.categories import CATEGORIES, OTHER, THIRD_PARTY, VAS, category_of
from auditor.model import ENDED, PENDING
from auditor.names import service_key
from auditor.values import is_open_ended, month_add, month_of
from auditor.words import THIRD_PARTY_KEYWORDS, VAS_KEYWORDS

# ------------------------------------------------------------------------------ dates


def when(value: object) -> datetime | None:
    """A table cell as a plain ``datetime``, or ``None`` for an empty cell (None, NaT, NaN)."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None


def fixed_expiry(expires: object) -> datetime | None:
    """An expiry cell as a ``datetime``; ``None`` when empty or open-ended (2099-12-31...).

    Readers already turn open-ended expiries into empty cells; this also catches a far
    date that reached the table some other way, so every rule reads an expiry alike.
    """
    expiry = when(expires)
    return None if expiry is None or is_open_ended(expiry) else expiry


def _is_month_boundary(moment: datetime) -> bool:
    return moment.day == 1 and (moment.hour, moment.minute, moment.second) == (0, 0, 0)


def end_month(expires: object, cancelled: object) -> str | None:
    """The last month a service is charged for, or ``None`` when its end is unknown or open.

    The expiry counts when there is one (an open-ended expiry reaches the table as empty);
    an expiry at 00:00:00 on the 1st ends the previous month, since the service is gone
    for the whole of the month that starts then. Without an expiry, a cancellation ends
    the service with the month it was made in: that month is charged in full.
    """
    expiry = fixed_expiry(expires)
    if expiry is not None:
        ended = month_of(expiry)
        return month_add(ended, -1) if _is_month_boundary(expiry) else ended
    cancellation = when(cancelled)
    if cancellation is not None:
        return month_of(cancellation)
    return None


def start_month(effective: object, ordered: object) -> str | None:
    """The first month a service is charged for: its effective time's, else its order's."""
    start = when(effective) or when(ordered)
    return month_of(start) if start is not None else None


def end_moment(expires: object, cancelled: object) -> datetime | None:
    """The date that decided :func:`end_month` (the expiry, else the cancellation)."""
    return fixed_expiry(expires) or when(cancelled)


def format_moment(moment: datetime | None) -> str:
    """A date for messages: ``2026-09-15 14:02`` (or just the day when it has no time).

    Seconds show when there are some: 00:00:01 on the 1st ends that month, not the one
    before, and a message saying "00:00" would seem to say otherwise.
    """
    if moment is None:
        return ""
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.strftime("%Y-%m-%d 00:00") if moment.day == 1 else f"{moment:%Y-%m-%d}"
    return f"{moment:%Y-%m-%d %H:%M:%S}" if moment.second else f"{moment:%Y-%m-%d %H:%M}"


# ------------------------------------------------------------------------ value-added

_SP_WORD = re.compile(r"(?<![a-z])sp(?![a-z])")

# Categories that name what a charge is outright; a keyword in its item name does not
# override them (a 视频 plan is a plan, a 视频通话费 is voice).
_DEFINITE = frozenset(CATEGORIES) - {VAS, THIRD_PARTY, OTHER}


def _fold(*texts: object) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(t or "")).casefold() for t in texts)


def _says_vas(*texts: object) -> bool:
    text = _fold(*texts)
    return any(word in text for word in VAS_KEYWORDS) or bool(_SP_WORD.search(text))


def _says_third_party(*texts: object) -> bool:
    text = _fold(*texts)
    return any(word in text for word in THIRD_PARTY_KEYWORDS) or bool(_SP_WORD.search(text))


def is_outside_provider(provider: object) -> bool:
    """True when a provider is named and it is not a carrier (a content provider, an SP)."""
    text = str(provider or "").strip()
    return bool(text) and detect_carrier(text) is None


def is_vas_charge(category: object, item: object = "", section: object = "", provider="") -> bool:
    """True when a charge is value-added or third-party.

    Category ``vas`` or ``third-party`` decides at once; a charge the bill files under a
    definite other category (plan, voice, data, sms, discount) is not turned into one by
    a keyword of its name (冰激凌套餐, a 视频 plan). Otherwise the item, section or
    provider decides: a keyword of :data:`VAS_KEYWORDS`, or a provider that is not a
    carrier.
    """
    category = str(category or "")
    if category in (VAS, THIRD_PARTY):
        return True
    if category in _DEFINITE:
        return False
    return _says_vas(item, section) or is_outside_provider(provider)


def is_third_party_charge(category: object, item: object = "", provider: object = "") -> bool:
    """True when a charge is collected for someone else (代收费, SP, an outside provider)."""
    if str(category or "") == THIRD_PARTY:
        return True
    return _says_third_party(item) or is_outside_provider(provider)


def service_category(type_: object, name: object) -> str | None:
    """The category a service's type says, else its name says, or ``None``."""
    return category_of(type_) or category_of(name)


def is_vas_service(type_: object, name: object, provider: object = "") -> bool:
    """True when a service-list entry is value-added or third-party.

    Its type (增值业务, 代收费业务) decides first, then its name; a service whose type or
    name makes it a plan, voice, data, sms or discount entry is not one by keyword alone.
    """
    category = service_category(type_, name)
    if category in (VAS, THIRD_PARTY):
        return True
    if category in _DEFINITE:
        return False
    return _says_vas(type_, name) or is_outside_provider(provider)


def is_third_party_service(type_: object, name: object, provider: object = "") -> bool:
    """True when a service is billed for a content provider (代收费 / SP)."""
    if service_category(type_, name) == THIRD_PARTY:
        return True
    return _says_third_party(type_, name) or is_outside_provider(provider)


# ------------------------------------------------------------------------- the tables


def _objects(frame: pd.DataFrame, values: list) -> pd.Series:
    return pd.Series(values, index=frame.index, dtype=object)


def annotate_services(services: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The services table with what the rules ask of each entry.

    Adds ``key`` (the matching name), ``start_month``, ``end_month``, ``end_at`` (the
    date that ended it), ``vas`` and ``third_party`` flags, ``pending``, ``shown_ended``
    (the list shows it cancelled, ended, or expired by the audit date) and ``superseded``
    (see :func:`superseded_entries`).
    """
    frame = services.copy()
    if frame.empty:
        for column in ("key", "start_month", "end_month", "end_at"):
            frame[column] = pd.Series(dtype=object)
        for column in ("vas", "third_party", "pending", "shown_ended", "superseded"):
            frame[column] = pd.Series(dtype=bool)
        return frame
    rows = frame.to_dict("records")
    cutoff = datetime(as_of.year, as_of.month, as_of.day)
    frame["key"] = [service_key(r["name"]) for r in rows]
    # Object columns keep None as None (a string column would turn it into NaN).
    frame["start_month"] = _objects(
        frame, [start_month(r["effective"], r["ordered"]) for r in rows]
    )
    frame["end_month"] = _objects(frame, [end_month(r["expires"], r["cancelled"]) for r in rows])
    frame["end_at"] = _objects(frame, [end_moment(r["expires"], r["cancelled"]) for r in rows])
    frame["vas"] = [is_vas_service(r["type"], r["name"], r["provider"]) for r in rows]
    frame["third_party"] = [
        is_third_party_service(r["type"], r["name"], r["provider"]) for r in rows
    ]
    frame["pending"] = [r["status"] == PENDING for r in rows]
    frame["shown_ended"] = [
        r["status"] == ENDED
        or when(r["cancelled"]) is not None
        or (when(r["expires"]) is not None and when(r["expires"]) <= cutoff)
        for r in rows
    ]
    frame["superseded"] = superseded_entries(frame)
    return frame


def superseded_entries(services: pd.DataFrame) -> list[bool]:
    """True for an undated entry of a service that another list shows ended on a date.

    A list without dates (the reply to ``0000``) is a snapshot of an unknown day, often
    from before a cancellation; the dated cancellation in the other list is the better
    fact, so the undated entry must not make a later charge look rightful. (Should the
    user have ordered the service again, the finding's first step, checking the service
    list, shows it.)
    """
    dated_end = {
        (line, key)
        for line, key, end in zip(
            services["line"], services["key"], services["end_month"], strict=True
        )
        if end is not None
    }
    return [
        start is None and end is None and not ended and (line, key) in dated_end
        for line, key, start, end, ended in zip(
            services["line"],
            services["key"],
            services["start_month"],
            services["end_month"],
            services["shown_ended"],
            strict=True,
        )
    ]


def annotate_charges(charges: pd.DataFrame) -> pd.DataFrame:
    """The charges table with ``key`` (the matching name of the item) and a ``vas`` flag."""
    frame = charges.copy()
    if frame.empty:
        frame["key"] = pd.Series(dtype=object)
        frame["vas"] = pd.Series(dtype=bool)
        frame["third_party"] = pd.Series(dtype=bool)
        return frame
    rows = frame.to_dict("records")
    frame["key"] = [service_key(r["item"]) if r["item"] else "" for r in rows]
    frame["vas"] = [
        is_vas_charge(r["category"], r["item"], r["section"], r["provider"]) for r in rows
    ]
    frame["third_party"] = [
        is_third_party_charge(r["category"], r["item"], r["provider"]) for r in rows
    ]
    return frame


def match_charges(charges: pd.DataFrame, services: pd.DataFrame) -> pd.DataFrame:
    """Pairs of (charge index, service index) that are the same service on the same line.

    Both tables must carry ``key`` (see :func:`annotate_charges`, :func:`annotate_services`).
    A charge with a code that matches a service's code is matched by code only; every
    other charge is matched by name key. Returns columns ``charge``, ``service``, ``by``.
    """
    empty = pd.DataFrame({"charge": [], "service": [], "by": []}).astype(
        {"charge": "int64", "service": "int64", "by": object}
    )
    if charges.empty or services.empty:
        return empty
    left = charges[["line", "code", "key"]].reset_index(names="charge")
    right = services[["line", "code", "key"]].reset_index(names="service")
    by_code = left[left["code"] != ""].merge(right[right["code"] != ""], on=["line", "code"])
    by_code = by_code[["charge", "service"]].assign(by="code")
    rest = left[~left["charge"].isin(by_code["charge"]) & (left["key"] != "")]
    by_name = rest.merge(right, on=["line", "key"])[["charge", "service"]].assign(by="name")
    pairs = pd.concat([by_code, by_name], ignore_index=True)
    return pairs.sort_values(["charge", "service"], ignore_index=True) if len(pairs) else empty


def monthly_amounts(rows: Iterable[Mapping] | pd.DataFrame) -> dict[str, int]:
    """Money charged per month in ``rows`` (charges of one line and service), months sorted.

    The same month read from two files (an XLSX and the PDF of the same bill) must not
    count twice: each file's sum is taken, and the largest per month wins.
    """
    if isinstance(rows, pd.DataFrame):
        rows = rows.to_dict("records")
    per_file: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (str(row["period"]), str(row["source"] or ""))
        per_file[key] = per_file.get(key, 0) + int(row["amount_fen"])
    per_month: dict[str, int] = {}
    for (period, _), fen in per_file.items():
        per_month[period] = max(per_month.get(period, fen), fen)
    return dict(sorted(per_month.items()))


def is_category_level(item: object) -> bool:
    """True for a charge that gives only its category's amount (an SMS's 增值业务费 0.40)."""
    return not str(item or "").strip()
