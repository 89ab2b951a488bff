"""What auditor read, stored and read back: files, bills, charges, service-list entries.

Storing is idempotent: a file is stored once, by its sha256, whatever it is called and
however often it is given (the same month exported again as another file is a second
copy, set aside by the duplicate-copy rule when the audit runs, never counted twice).
Two files of the same bytes read as different bills (a fixed-fee line's months alike to
the byte, their month or line told by their names) are two files: the second is stored
under a key of its bytes and of what was read from them
(:func:`~auditor.history.file_keys.file_keys`).
Loading gives back, for the lines an audit touches, one :class:`ReadResult` per stored
file, marked with the date it was stored, so that the rules see every month known for a
line whether it was given this time or before; its records as they were read, their OCR
confidence too, so that a stored copy of a bill ranks against a new one as it would
have among one audit's inputs; and what decides whether its month can show a charge
stopped (:mod:`auditor.rules.stops`): how many of its rows could not be read, and its
sections that are not their items' sum.
"""

from __future__ import annotations

from datetime import date, datetime
from operator import attrgetter
from pathlib import Path

from auditor.history.db import HistoryDB, storable
from auditor.history.file_keys import file_keys
from auditor.history.given_again import stored_places
from auditor.history.hidden import add_personal, personal_column
from auditor.history.holders import forget_holders
from auditor.history.line_months import (
    forget_line_months,
    last_ids,
    lines_in_order,
    note_stored,
)
from auditor.history.places import shown, stored_in
from auditor.lang import say
from auditor.model import Bill, Charge, ReadResult, SectionGap, Service, covered_lines
from auditor.readers.detect import brand_from_path
from auditor.values import month_add

_CHARGE = ("line", "period", "category", "item", "amount_fen", "section", "code", "provider",
           "carrier", "locator", "confidence")  # fmt: skip
_SERVICE = ("line", "name", "code", "type", "provider", "price_fen", "ordered", "effective",
            "expires", "cancelled", "status", "status_text", "carrier", "locator",
            "confidence", "trial")  # fmt: skip
_BILL = ("line", "period", "stated_total_fen", "partial", "carrier", "locator", "confidence")
_GAP = ("line", "period", "name", "stated_fen", "summed_fen", "locator")
_MOMENTS = frozenset(("ordered", "effective", "expires", "cancelled"))


def store_results(
    db: HistoryDB, results: list[ReadResult], as_of: date, keys: list[str] | None = None
) -> int:
    """Store every readable result whose file is not stored yet; how many were stored.
    ``keys``: each result's key, as :func:`~auditor.history.file_keys.file_keys` gives them
    (asked here when None).

    A file given twice is stored once, the first time. Each table's rows go in with one
    statement for all the files, in the order they were given: the same rows and ids as
    file by file (a company's month is 2,000 files of a few rows each).

    A file a version 3 history stored, given again, is completed from this reading: its
    unread rows and section gaps (:func:`_complete`), and the personal texts it found
    (:func:`~auditor.history.hidden.add_personal`)."""
    if keys is None:
        keys = file_keys(db, results, as_of).keys
    new: dict[str, ReadResult] = {}
    for result, key in zip(results, keys, strict=True):
        if key:
            new.setdefault(key, result)
    known = stored_places(db, list(new))
    fresh = [(key, result) for key, result in new.items() if key not in known]
    db.executemany(
        "INSERT INTO files (sha256, path, reader, kind, carrier, stored_on, unread_rows, "
        "brand, personal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(key, storable(r.path), r.reader, r.kind, r.carrier, as_of.isoformat(),
          len(r.unparseable), r.brand, personal_column(r)) for key, r in fresh],
    )  # fmt: skip
    readers = {key: r.reader for key, r in new.items()}
    before = last_ids(db)
    _insert(db, "bills", _BILL, [(key, r.bills) for key, r in fresh], readers)
    _insert(db, "charges", _CHARGE, [(key, r.charges) for key, r in fresh], readers)
    _insert(db, "services", _SERVICE, [(key, r.services) for key, r in fresh], readers)
    note_stored(db, before)  # their lines and months, as stored (auditor.history.line_months)
    _insert(db, "section_gaps", _GAP, [(key, r.section_gaps) for key, r in fresh], readers)
    given = [(key, result) for key, result in new.items() if key in known]
    _complete(db, given, readers)
    add_personal(db, given)
    return len(fresh)


def _complete(db: HistoryDB, given: list[tuple[str, ReadResult]], readers: dict[str, str]) -> None:
    """Fill in, from this reading, what a file stored by a version 3 history lacks (its
    unread rows NULL, its section gaps never stored), for each of ``given`` (its key and
    this audit's reading of it). Its key is of its bytes and, for a twin, of what was
    read from them: the same file read alike, so this reading holds what that one would
    have kept. Left NULL, its month would show no stop when read back, though it showed
    one the day it was given: the same bills, two answers."""
    unknown = _unread_unknown(db, [key for key, _ in given])
    filled = [(key, result) for key, result in given if key in unknown]
    db.executemany(
        "UPDATE files SET unread_rows = ? WHERE sha256 = ? AND unread_rows IS NULL",
        [(len(result.unparseable), key) for key, result in filled],
    )
    _insert(db, "section_gaps", _GAP, [(key, r.section_gaps) for key, r in filled], readers)


def _unread_unknown(db: HistoryDB, files: list[str]) -> set[str]:
    """Those of ``files`` (sha256s) stored without their unread rows (NULL)."""
    rows = db.rows_in(
        "SELECT sha256 FROM files WHERE sha256 IN ({marks}) AND unread_rows IS NULL", files
    )
    return {sha256 for (sha256,) in rows}


def forget_files(db: HistoryDB, files: set[str]) -> None:
    """Forget the stored ``files`` (sha256s) and, by the schema's cascade, everything
    read from them."""
    db.executemany("DELETE FROM files WHERE sha256 = ?", [(file,) for file in files])


def _insert(
    db: HistoryDB,
    table: str,
    columns: tuple[str, ...],
    files: list[tuple[str, list]],
    readers: dict[str, str],
) -> None:
    """Insert the records of ``files`` (each a file's sha256 and its records) into
    ``table``, file after file, their locators in no language (``readers``: each file's
    reader, by its sha256: :func:`auditor.history.places.stored`)."""
    if not any(records for _, records in files):
        return
    marks = ", ".join("?" * (len(columns) + 1))
    sql = f"INSERT INTO {table} (file, {', '.join(columns)}) VALUES ({marks})"
    # The values as they are (SQLite stores a bool as 0 or 1, as int() did), taken in C by
    # attrgetter, a service's dates as _cell writes them: a 200,000-charge bill's 2.2
    # million values each through _cell took most of a second. A text SQLite cannot hold
    # (a lone surrogate) fails the whole batch, which is then taken back and stored value
    # by value.
    values = attrgetter(*columns)
    moments = [i for i, column in enumerate(columns, 1) if column in _MOMENTS]
    at = columns.index("locator") + 1
    # a company's 2,000 files give the same few locators (第 3 行), each made once
    places: dict[tuple[str, str], str] = {}
    rows = (
        _dated(_placed([file, *values(r)], at, readers.get(file, ""), places), moments)
        for file, records in files
        for r in records
    )
    db.execute("SAVEPOINT stored_rows")
    try:
        db.executemany(sql, rows)
    except UnicodeEncodeError:
        db.execute("ROLLBACK TO stored_rows")
    else:
        db.execute("RELEASE stored_rows")
        return
    db.execute("RELEASE stored_rows")
    db.executemany(
        sql,
        [
            [_cell(v) for v in stored_in([file, *values(r)], at, readers.get(file, ""))]
            for file, records in files
            for r in records
        ],
    )


def _placed(row: list, at: int, reader: str, places: dict[tuple[str, str], str]) -> list:
    """``row`` with its locator (at ``at``) as :func:`~auditor.history.places.stored_in`
    stores it, each locator of a reader made once (``places``: those made so far; a long
    bill's rows, each its own, are made and not kept)."""
    locator = row[at]
    place = places.get((locator, reader))
    if place is None:
        place = stored_in(row, at, reader)[at]
        if len(places) < _PLACES_KEPT:
            places[locator, reader] = place
    row[at] = place
    return row


_PLACES_KEPT = 4096


def _dated(row: list, at: list[int]) -> list:
    """``row`` with its values at ``at`` (dates) as :func:`_cell` stores them."""
    for index in at:
        if row[index] is not None:
            row[index] = _cell(row[index])
    return row


def _cell(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, bool):
        return int(value)
    return value


def lines_after_storing(db: HistoryDB | None, results: list[ReadResult]) -> tuple[str, ...]:
    """The order :func:`lines_in_order` will give once ``results`` are stored: the
    history's lines, then each new one as its first file comes among ``results`` (files are
    stored in their order), those of one file by number. An audit counts lines alike in
    it, so that its report prints the counts every later one will."""
    held = list(lines_in_order(db)) if db is not None else []
    seen = set(held)
    for result in results:
        if result.readable:
            fresh = sorted(covered_lines([result]) - seen)
            held += fresh
            seen.update(fresh)
    return tuple(held)


def load_results(
    db: HistoryDB, lines: set[str], skip: set[str] = frozenset(), as_of: date | None = None
) -> list[ReadResult]:
    """What the history holds of ``lines``: one result per stored file (but the files of
    ``skip``, read again this time), in the order they were stored.

    ``as_of``: only what was known that day, so that an earlier month audited again gives
    what it gave: the files stored by an audit dated that day or before, and of them the
    bills and charges of months not after its month (a list stored then shows what it
    showed then)."""
    if not lines:
        return []
    until = as_of.isoformat() if as_of else "9999-12-31"
    with db.lines_table(lines):
        return _load(db, skip, until, until[:7])


def month_known_by(db: HistoryDB, line: str, month: str, day: date) -> bool:
    """True when a file stored by an audit dated ``day`` or before charges ``line`` in
    ``month`` or a later month: an audit of that day could see that month. Asked of the
    stored files, copies set aside by this audit included (the same month exported again
    is no newer a month), but a bill so far (stored in its month) that a copy stored
    since replaces: its final bill is news. The index on (line, period) is used."""
    row = db.execute(
        "SELECT 1 FROM charges AS c JOIN files AS f ON f.sha256 = c.file "
        "WHERE c.line = ?1 AND c.period >= ?2 AND f.stored_on <= ?3 "
        "AND (c.period < substr(f.stored_on, 1, 7) OR NOT EXISTS ("
        "SELECT 1 FROM charges AS later JOIN files AS g ON g.sha256 = later.file "
        "WHERE later.line = c.line AND later.period = c.period AND g.stored_on > ?3)) LIMIT 1",
        (line, month, day.isoformat()),
    ).fetchone()
    return row is not None


def _load(db: HistoryDB, skip: set[str], until: str, last_month: str) -> list[ReadResult]:
    """:func:`load_results`, the lines in ``temp.wanted``."""
    results: dict[str, ReadResult] = {}
    for sha256, path, reader, kind, carrier, stored_on, unread, brand in db.execute(
        "SELECT sha256, path, reader, kind, carrier, stored_on, unread_rows, brand FROM files "
        "WHERE sha256 IN (SELECT file FROM bills JOIN temp.wanted USING (line) UNION "
        "SELECT file FROM charges JOIN temp.wanted USING (line) UNION "
        "SELECT file FROM services JOIN temp.wanted USING (line)) AND stored_on <= ? "
        "ORDER BY rowid",
        (until,),
    ).fetchall():
        if sha256 not in skip:
            result = ReadResult(path=path, sha256=sha256, reader=reader, kind=kind, carrier=carrier)
            result.stored_on, result.stored_unread = date.fromisoformat(stored_on), unread
            result.brand = brand_from_path(Path(path)) if brand is None else brand
            results[sha256] = result
    # Only the rows of those files: the files read again this time (a 200,000-row bill
    # just stored) are left out by SQLite, not fetched to be dropped here.
    db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_files (sha256 TEXT PRIMARY KEY)")
    db.execute("DELETE FROM temp.wanted_files")
    db.executemany("INSERT INTO temp.wanted_files (sha256) VALUES (?)", ((f,) for f in results))
    shared = _Shared()
    try:
        for file, *row in _rows(db, "bills", _BILL, last_month):
            fields = shared.fields(_BILL, row, results[file])
            results[file].bills.append(_bill(fields, results[file].path))
        for file, *row in _rows(db, "charges", _CHARGE, last_month):
            result = results[file]
            values = shared.values(row, _CHARGE_AT, result.reader)
            # by position, the fields as _CHARGE lists them (a company's months: 40,000)
            result.charges.append(
                Charge(*values[:-2], source=result.path, locator=values[-2], confidence=values[-1])
            )
        for file, *row in _rows(db, "section_gaps", _GAP, last_month):
            fields = shared.fields(_GAP, row, results[file])
            results[file].section_gaps.append(SectionGap(**fields, source=results[file].path))
        for file, *row in _rows(db, "services", _SERVICE):
            fields = shared.fields(_SERVICE, row, results[file])
            results[file].services.append(_service(fields, results[file], shared))
    finally:
        db.execute("DELETE FROM temp.wanted_files")
    return list(results.values())


def _rows(db: HistoryDB, table: str, columns: tuple[str, ...], last_month: str = ""):
    """The rows of ``table`` of the wanted lines and files, with their file first, in
    stored order (``last_month``: only those of months up to it)."""
    months = "AND period <= ? " if last_month else ""
    return db.execute(
        f"SELECT file, {', '.join(columns)} FROM {table} JOIN temp.wanted USING (line) "
        f"WHERE file IN (SELECT sha256 FROM temp.wanted_files) {months}ORDER BY id",
        (last_month,) if last_month else (),
    )


class _Shared:
    """What the rows read back share: one string for each text they repeat (a company's
    months of charges name a few items, months and carriers: a string each, not one a
    row), one locator shown for each stored one, one moment for each stored day."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.places: dict[tuple[str, str], str] = {}
        self.moments: dict[str, datetime] = {}

    def values(self, row: list, at: int, reader: str) -> list:
        """``row``'s values, its locator (at ``at``) in the active language (its file's
        ``reader`` tells a Chinese row from a line in what an older history stored)."""
        texts = self.texts
        values = [texts.setdefault(v, v) if type(v) is str else v for v in row]
        place = self.places.get((values[at], reader))
        if place is None:
            place = self.places[values[at], reader] = shown(values[at], reader)
        values[at] = place
        return values

    def fields(self, columns: tuple[str, ...], row: list, result: ReadResult) -> dict:
        """A stored row's fields by name, as :meth:`values` gives them."""
        at = columns.index("locator")
        return dict(zip(columns, self.values(row, at, result.reader), strict=True))

    def moment(self, text: str) -> datetime:
        """A stored date and time."""
        moment = self.moments.get(text)
        if moment is None:
            moment = self.moments[text] = datetime.fromisoformat(text)
        return moment


#: Where a charge's locator stands in its row: its last but one, the fields before it
#: Charge's own first ones, in their order (test_history_db reads them back alike).
_CHARGE_AT = _CHARGE.index("locator")


def _bill(fields: dict, source: str) -> Bill:
    fields["partial"] = bool(fields["partial"])
    return Bill(**fields, source=source)


def _service(fields: dict, result: ReadResult, shared: _Shared) -> Service:
    """An entry as stored, known as of the audit that stored its list."""
    for name in _MOMENTS:
        if fields[name] is not None:
            fields[name] = shared.moment(fields[name])
    fields["trial"] = bool(fields["trial"])  # NULL: stored before version 17, not known
    return Service(**fields, source=result.path, listed_on=result.stored_on)


def forget_line(db: HistoryDB, line: str) -> int:
    """Remove ``line`` and everything about it: its bills, charges and service-list
    entries, its findings and the user's records; a stored file left with nothing is
    forgotten too (so that giving it again stores it again). How many rows went."""
    removed = 0
    for table in ("bills", "charges", "services", "section_gaps", "findings", "records"):
        removed += db.execute(f"DELETE FROM {table} WHERE line = ?", (line,)).rowcount
    forget_line_months(db, line)
    forget_holders(db, line)
    db.execute(
        "DELETE FROM files WHERE sha256 NOT IN ("
        "SELECT file FROM bills UNION SELECT file FROM charges UNION SELECT file FROM services)"
    )
    return removed


def same_day_catch_up(db: HistoryDB, results: list[ReadResult], day: date) -> str:
    """A warning when an audit dated ``day`` already stored older months of the lines
    ``results`` bring newer months of (a user catching up on several months in one day),
    else ``""``. The history orders audits by their date: audits of one day are one point
    in it, so nothing found by the first is followed up or resolved by the next."""
    newest: dict[str, str] = {}
    for result in results:
        for charge in result.charges:
            if charge.line and charge.period > newest.get(charge.line, ""):
                newest[charge.line] = charge.period
    if not newest:
        return ""
    with db.lines_table(newest) as wanted:
        stored = db.execute(
            f"SELECT line, MAX(period) FROM line_months JOIN {wanted} USING (line) "
            "WHERE kind = 'charges' AND file IN (SELECT sha256 FROM files WHERE stored_on = ?) "
            "GROUP BY line",
            (day.isoformat(),),
        ).fetchall()
    older = {line: month for line, month in stored if month < newest[line]}
    if not older:
        return ""
    month, count, total = max(older.values()), len(older), len(newest)  # among its lines
    example, some = f"{month_add(month, 1)}-05", "" if count == total else f"{count} of "
    return say(
        f"{day} 已有一次检查存入了本次 {total} 个号码中 {count} 个较早的账单（至 {month}）："
        "同一天的检查在历史中是同一时刻，之前的发现会再算作新发现，之间不会跟进或判定已解决；要逐月"
        f"跟进，请把每个月的检查日期定在该账单月之后几天（{month} 的账单用 --as-of {example}）",
        f"an audit dated {day} already stored older bills of {some}this audit's {total} "
        f"line{'s' if total > 1 else ''} (up to {month}): audits of one day are one point in "
        "the history, so what it found counts as new again and nothing is followed up or "
        "resolved between them; to follow the months one by one, date each month's audit a "
        f"few days after its bill's month (--as-of {example} for the {month} bill)",
    )
