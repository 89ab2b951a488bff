"""What auditor read, stored and read back: files, bills, charges, service-list entries.

Storing is idempotent: a file is stored once, by its sha256, whatever it is called and
however often it is given (the same month exported again as another file is a second
copy, set aside by the duplicate-copy rule when the audit runs, never counted twice).
Loading gives back, for the lines an audit touches, one :class:`ReadResult` per stored
file, marked with the date it was stored, so that the rules see every month known for a
line whether it was given this time or before.
"""

from __future__ import annotations

from datetime import date, datetime

from auditor.history.db import HistoryDB, storable
from auditor.model import Bill, Charge, ReadResult, Service

_CHARGE = ("line", "period", "category", "item", "amount_fen", "section", "code", "provider",
           "carrier", "locator")  # fmt: skip
_SERVICE = ("line", "name", "code", "type", "provider", "price_fen", "ordered", "effective",
            "expires", "cancelled", "status", "status_text", "carrier", "locator")  # fmt: skip
_BILL = ("line", "period", "stated_total_fen", "partial", "carrier", "locator")
_MOMENTS = ("ordered", "effective", "expires", "cancelled")


def store_results(db: HistoryDB, results: list[ReadResult], as_of: date) -> int:
    """Store every readable result whose file is not stored yet; how many were stored."""
    stored = 0
    for result in results:
        if result.error or not result.sha256 or result.stored_on is not None:
            continue
        known = db.execute("SELECT 1 FROM files WHERE sha256 = ?", (result.sha256,)).fetchone()
        if known:
            continue
        db.execute(
            "INSERT INTO files (sha256, path, reader, kind, carrier, stored_on) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (result.sha256, storable(result.path), result.reader, result.kind, result.carrier,
             as_of.isoformat()),
        )  # fmt: skip
        _insert(db, "bills", _BILL, result.sha256, result.bills)
        _insert(db, "charges", _CHARGE, result.sha256, result.charges)
        _insert(db, "services", _SERVICE, result.sha256, result.services)
        stored += 1
    return stored


def _insert(db: HistoryDB, table: str, columns: tuple[str, ...], file: str, records) -> None:
    if not records:
        return
    marks = ", ".join("?" * (len(columns) + 1))
    rows = [(file, *(_cell(getattr(r, c)) for c in columns)) for r in records]
    db.executemany(f"INSERT INTO {table} (file, {', '.join(columns)}) VALUES ({marks})", rows)


def _cell(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, bool):
        return int(value)
    return value


def stored_lines(db: HistoryDB) -> set[str]:
    """Every line the history holds something of."""
    rows = db.execute(
        "SELECT line FROM bills UNION SELECT line FROM charges UNION SELECT line FROM services"
    )
    return {line for (line,) in rows}


def load_results(db: HistoryDB, lines: set[str], skip: set[str] = frozenset()) -> list[ReadResult]:
    """What the history holds of ``lines``: one result per stored file (but the files of
    ``skip``, read again this time), in the order they were stored."""
    if not lines:
        return []
    marks = ", ".join("?" * len(lines))
    wanted = tuple(sorted(lines))
    files = db.execute(
        f"SELECT sha256, path, reader, kind, carrier, stored_on FROM files WHERE sha256 IN ("
        f"SELECT file FROM bills WHERE line IN ({marks}) UNION "
        f"SELECT file FROM charges WHERE line IN ({marks}) UNION "
        f"SELECT file FROM services WHERE line IN ({marks})) ORDER BY rowid",
        wanted * 3,
    ).fetchall()
    results = []
    for sha256, path, reader, kind, carrier, stored_on in files:
        if sha256 in skip:
            continue
        result = ReadResult(path=path, sha256=sha256, reader=reader, kind=kind, carrier=carrier)
        result.stored_on = date.fromisoformat(stored_on)
        listed_on = result.stored_on
        result.bills = [_bill(row, path) for row in _select(db, "bills", _BILL, sha256, wanted)]
        result.charges = [
            _charge(row, path) for row in _select(db, "charges", _CHARGE, sha256, wanted)
        ]
        result.services = [
            _service(row, path, listed_on)
            for row in _select(db, "services", _SERVICE, sha256, wanted)
        ]
        results.append(result)
    return results


def _select(db: HistoryDB, table: str, columns: tuple[str, ...], file: str, lines: tuple):
    marks = ", ".join("?" * len(lines))
    return db.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE file = ? AND line IN ({marks}) "
        "ORDER BY id",
        (file, *lines),
    ).fetchall()


def _bill(row: tuple, path: str) -> Bill:
    fields = dict(zip(_BILL, row, strict=True))
    fields["partial"] = bool(fields["partial"])
    return Bill(**fields, source=path)


def _charge(row: tuple, path: str) -> Charge:
    fields = dict(zip(_CHARGE, row, strict=True))
    return Charge(**fields, source=path)


def _service(row: tuple, path: str, listed_on: date) -> Service:
    """An entry as stored, known as of the audit that stored its list."""
    fields = dict(zip(_SERVICE, row, strict=True))
    for name in _MOMENTS:
        if fields[name] is not None:
            fields[name] = datetime.fromisoformat(fields[name])
    return Service(**fields, source=path, listed_on=listed_on)


def forget_line(db: HistoryDB, line: str) -> int:
    """Remove ``line`` and everything about it: its bills, charges and service-list
    entries, its findings and the user's records; a stored file left with nothing is
    forgotten too (so that giving it again stores it again). How many rows went."""
    removed = 0
    for table in ("bills", "charges", "services", "findings", "records"):
        removed += db.execute(f"DELETE FROM {table} WHERE line = ?", (line,)).rowcount
    db.execute(
        "DELETE FROM files WHERE sha256 NOT IN ("
        "SELECT file FROM bills UNION SELECT file FROM charges UNION SELECT file FROM services)"
    )
    return removed
