"""The records of the files read as pandas tables, for a script or a notebook (and the
readers' golden tests): one row per charge, per service-list entry, per bill.

Money stays integer fen, in nullable ``Int64`` columns. pandas is imported only here,
where a table is made (about 0.25 s): reading files, which every pool worker does, and
the audit never need it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import TYPE_CHECKING

from auditor.bill_check import BillCheck, check_bills
from auditor.model import Bill, Charge, ReadResult, Service

if TYPE_CHECKING:
    import pandas as pd


def _table(records: list, record_type: type) -> pd.DataFrame:
    import pandas as pd

    columns = [f.name for f in fields(record_type)]
    # Each record's values by attribute, not asdict: asdict deep-copies every value
    # through its recursive walk (2.4 s for 200,000 charges, against 0.4 s), and a
    # record's fields are scalars, so the rows and the columns' types are the same.
    rows = [[getattr(record, name) for name in columns] for record in records]
    frame = pd.DataFrame(rows, columns=columns)
    for money in ("amount_fen", "price_fen", "stated_total_fen"):
        if money in frame:
            frame[money] = frame[money].astype("Int64")
    return frame


def charges_table(results: list[ReadResult]) -> pd.DataFrame:
    """All charges of all readable inputs, one row per charge (money in ``amount_fen``)."""
    return _table([c for r in results for c in r.charges], Charge)


def services_table(results: list[ReadResult]) -> pd.DataFrame:
    """All service-list entries of all readable inputs."""
    return _table([s for r in results for s in r.services], Service)


def bills_table(
    results: list[ReadResult], checks: Sequence[BillCheck] | None = None
) -> pd.DataFrame:
    """One row per (file, line, month) bill: its fields, how many rows of its file could
    not be read, and what its items add up to.

    ``checks`` is :func:`check_bills` of the same ``results`` when the caller has it.
    """
    if checks is None:
        checks = check_bills(results)
    import pandas as pd

    frame = _table([check.bill for check in checks], Bill)
    frame["unreadable_rows"] = pd.Series(
        [check.unreadable_rows for check in checks], index=frame.index, dtype="int64"
    )
    frame["parsed_total_fen"] = pd.Series(
        [check.parsed_total_fen for check in checks], index=frame.index, dtype="Int64"
    )
    return frame
