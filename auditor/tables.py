"""The records of the files read as pandas tables, for a script or a notebook (and the
readers' golden tests): one row per charge, per service-list entry, per bill.

Each takes what an audit gives (an :class:`~auditor.run.AuditRun`, its ``report``) or the
files read themselves (``report.inputs``, a list of :class:`~auditor.model.ReadResult`)::

    from auditor import tables
    from auditor.run import audit

    done = audit("bills/2026-10", as_of="2026-11-05", report="nov.xlsx", jobs=1)
    charges = tables.charges_table(done.report)  # or done, or done.report.inputs
    print(charges.groupby("line")["amount_fen"].sum())

Money stays integer fen, in nullable ``Int64`` columns. pandas is imported only here,
where a table is made (about 0.25 s): reading files, which every pool worker does, and
the audit never need it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import TYPE_CHECKING

from auditor.bill_check import BillCheck, check_bills
from auditor.errors import BadArgument
from auditor.lang import say
from auditor.model import Bill, Charge, ReadResult, Service

if TYPE_CHECKING:
    import pandas as pd

    from auditor.audit_report import AuditReport
    from auditor.run import AuditRun

    #: What a table is made of: an audit's run or report, or the files read.
    Source = AuditRun | AuditReport | Iterable[ReadResult]


def read_results(source: object, table: str) -> list[ReadResult]:
    """The files read of ``source``: an :class:`~auditor.run.AuditRun` (its report's),
    an :class:`~auditor.audit_report.AuditReport` (its ``inputs``) or the files read
    themselves; anything else a :class:`~auditor.errors.BadArgument` saying what to
    give (the obvious call, a report, was once a TypeError: not iterable)."""
    source = getattr(source, "report", source)  # a run: its report (duck-typed: no upward import)
    source = getattr(source, "inputs", source)  # a report: the files it read
    kind = type(source).__name__
    if isinstance(source, Iterable) and not isinstance(source, str | bytes):
        results = list(source)
        wrong = [type(result).__name__ for result in results if not isinstance(result, ReadResult)]
        if not wrong:
            return results
        # the items given: a list of Finding, not "list"
        kind = say(f"{wrong[0]} 的 {kind}", f"{kind} of {wrong[0]}")
    raise BadArgument(
        say(
            f"{table}：应给 AuditRun、AuditReport 或 ReadResult 的列表，而不是 {kind}",
            f"{table}: give an AuditRun, an AuditReport or a list of ReadResult, not {kind}",
        )
    )


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


def charges_table(results: Source) -> pd.DataFrame:
    """All charges of all readable inputs (``results``: see :func:`read_results`), one row
    per charge (money in ``amount_fen``)."""
    results = read_results(results, "charges_table")
    return _table([c for r in results for c in r.charges], Charge)


def services_table(results: Source) -> pd.DataFrame:
    """All service-list entries of all readable inputs (:func:`read_results`)."""
    results = read_results(results, "services_table")
    return _table([s for r in results for s in r.services], Service)


def bills_table(results: Source, checks: Sequence[BillCheck] | None = None) -> pd.DataFrame:
    """One row per (file, line, month) bill of ``results`` (:func:`read_results`): its
    fields, how many rows of its file could not be read, and what its items add up to.

    ``checks`` is :func:`check_bills` of the same ``results`` when the caller has it.
    """
    results = read_results(results, "bills_table")
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
