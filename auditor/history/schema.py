"""The history database's schema, and how an older one is brought forward.

``MIGRATIONS[v]`` takes a database from version ``v`` to ``v + 1``; a new version adds
its list here and raises :data:`SCHEMA_VERSION`. Version 0 is an empty file.

Tables (one line each):

- ``meta``: settings of this database (the secret that makes finding ids), and the
  settings file the last audit read (``settings``: auditor.history.settings_used).
- ``files``: every input file stored, by sha256 (its path as given, reader, kind, carrier,
  the audit date that stored it): a file stored once adds nothing the second time.
- ``bills``: a line's month as one file gave it (stated total, partial or not).
- ``charges``: each charge of a stored file (money in fen).
- ``services``: each service-list entry of a stored file, with its dates and status.
- In those three, ``confidence``: the OCR recogniser's confidence in the record's row's
  figures (stored before trial t11: in its least sure value, a name's too),
  NULL for one read from text (and for every record a version 2 history stored).
- ``files.unread_rows``: how many of the file's rows could not be read (NULL: stored by a
  version 3 history or older, which did not keep it; filled in, with its section gaps,
  when the file is given again).
- ``section_gaps``: a stored file's sections whose amount is not their items' sum.
- ``findings``: every finding an audit reported, by its stable id: rule, line, service,
  the first and the last audit date that reported it, its months and money as last
  reported (as it still claims them, once resolved), the change it announced (``start``,
  ``end``: what its month's bill should show), and when and why it was resolved;
  ``names``: the names its charges and list entries went by as last reported (a JSON
  list, its service's first; NULL: stored by a version 4 history or older).
- ``records``: what the user did (cancel, complaint, refund, appeal): date, channel,
  ticket.
- ``findings.refunded_on``: the audit date that first told a refund due refunded
  exactly (no longer due, nothing beyond): it is told in that audit alone (version 6).
- ``findings.grouped_by``: what its rule gathered it by (``Finding.grouped_by``: the
  service-list entry its charges matched, a fee's whole name; "" its service's own key),
  so that one no longer found still claims its own money beside another shown under the
  same name (version 8; NULL: stored before, not known).
- ``locator`` (bills, charges, services, section_gaps): where the record stands in its
  file, as its parts in no language (``[["sheet","10月"],["row",8]]``, version 9; text in
  the language of its day, stored before, is read as its parts: auditor.history.places).
- ``records.closes_line``: a cancellation that is the line closed (销户), told so;
  ``records.undone_on``: the day ``auditor record undo`` undid it (NULL: it stands), kept
  so that the report row it was typed on is not recorded again; ``records.channel``: a
  step's channel by its id (``sms``), else the user's own words (version 10).
- ``records.report_on``: the date of the report whose Actions sheet it was typed in
  (``record --from``), so that an undone one keeps that report's row alone from making
  it again, not the same typed in a later report; ``""`` typed with ``auditor record``;
  NULL not known: a report giving no date, or stored before (version 11).
- ``files.brand``: the virtual operator's brand its reading found (小米移动; "" none), so
  that the steps of a line given no file this time name it still (version 12; NULL:
  stored before, its path tells what it can).
- ``records.month``: the month a ``no_bill`` record (a kind of its own) says will not
  come (a bill out of the carrier's reach), no longer asked for (version 13; NULL: any
  other record).
- ``files.personal``: the personal texts its reading found (a customer's name, an ID
  number: a JSON list), removed from every output of every command that reads the
  history (auditor.history.hidden; version 14; NULL: stored before, not known, filled
  in when the file is given again).
- ``line_months``: each line and month a stored file's bills, charges or service-list
  entries (``kind``: their table's name; a list's month ``""``) give, with their carrier,
  once per file, in the order of the records that first give it: what an audit asks of
  the whole history (its lines, and in which order they came; the months each line is
  held for) read from a row per file and month, not from every charge (version 15,
  filled from what was stored before).
- ``line_holders``: who held each line in each month audited (its owner and department as
  the settings gave them then: auditor.history.holders), so that the settings changed
  later (a number given to a new hire, a closed line taken out) leave the money of those
  months where it was (version 16; empty before: the next audit fills in the months held
  as its settings say, and says so: ``meta`` ``holders_before`` keeps the last
  ``line_months`` row of a history brought forward, whose months no one remembered,
  ``holders_taken_on`` the day an audit remembered some of them).
- ``services.trial``: the entry's price text states a free or cheaper first period (首月0元
  次月起6元/月), a trial whatever its name says (version 17; NULL: stored before, not
  known).
- ``records.kind`` ``settle``: a finding or a refund due closed without a refund (given
  up, or settled otherwise: 话费补偿, 送流量), ``amount_fen`` what was given if money,
  ``note`` what was (version 18).
- ``findings.anew_on``: the audit date that told a finding reported before new again (news
  after the user settled it: charged after the settlement, or changed since it was
  accepted), so that the same audit run again tells it new too, not open (version 19;
  NULL: never, or stored before).
"""

from __future__ import annotations

from auditor.sheets import CHANNEL_LABELS

#: Stamped as the database's ``application_id``: "AUDT".
APPLICATION_ID = 0x41554454
SCHEMA_VERSION = 19

_VERSION_1 = [
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE files (
        sha256 TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        reader TEXT NOT NULL,
        kind TEXT,
        carrier TEXT,
        stored_on TEXT NOT NULL
    )""",
    """CREATE TABLE bills (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL REFERENCES files(sha256) ON DELETE CASCADE,
        line TEXT NOT NULL,
        period TEXT NOT NULL,
        stated_total_fen INTEGER,
        partial INTEGER NOT NULL,
        carrier TEXT NOT NULL,
        locator TEXT NOT NULL
    )""",
    "CREATE INDEX bills_by_line ON bills(line, period)",
    """CREATE TABLE charges (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL REFERENCES files(sha256) ON DELETE CASCADE,
        line TEXT NOT NULL,
        period TEXT NOT NULL,
        category TEXT NOT NULL,
        item TEXT NOT NULL,
        amount_fen INTEGER NOT NULL,
        section TEXT NOT NULL,
        code TEXT NOT NULL,
        provider TEXT NOT NULL,
        carrier TEXT NOT NULL,
        locator TEXT NOT NULL
    )""",
    "CREATE INDEX charges_by_line ON charges(line, period)",
    """CREATE TABLE services (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL REFERENCES files(sha256) ON DELETE CASCADE,
        line TEXT NOT NULL,
        name TEXT NOT NULL,
        code TEXT NOT NULL,
        type TEXT NOT NULL,
        provider TEXT NOT NULL,
        price_fen INTEGER,
        ordered TEXT,
        effective TEXT,
        expires TEXT,
        cancelled TEXT,
        status TEXT NOT NULL,
        status_text TEXT NOT NULL,
        carrier TEXT NOT NULL,
        locator TEXT NOT NULL
    )""",
    "CREATE INDEX services_by_line ON services(line)",
    """CREATE TABLE findings (
        id TEXT PRIMARY KEY,
        rule TEXT NOT NULL,
        line TEXT NOT NULL,
        service TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        resolved_on TEXT,
        reason TEXT,
        periods TEXT NOT NULL,
        amount_fen INTEGER NOT NULL,
        monthly_fen INTEGER
    )""",
    "CREATE INDEX findings_by_line ON findings(line)",
    """CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('cancel', 'complaint', 'refund')),
        line TEXT NOT NULL,
        service TEXT NOT NULL,
        finding TEXT NOT NULL,
        on_date TEXT NOT NULL,
        ticket TEXT NOT NULL,
        channel TEXT NOT NULL,
        note TEXT NOT NULL,
        amount_fen INTEGER,
        recorded_at TEXT NOT NULL
    )""",
    "CREATE INDEX records_by_line ON records(line)",
]

# Version 2: a finding of a coming change keeps which one it was, so that its resolution
# says what its month's bill shows (a finding stored before has none: NULL).
_VERSION_2 = ["ALTER TABLE findings ADD COLUMN change TEXT"]

# Version 3: a record read by OCR keeps its confidence, so that a stored copy of a bill
# read from a picture still loses to a copy read from text given later, as it does among
# one audit's inputs (crosscheck). What version 2 stored reads as text (NULL): it did not
# say, and a confidence made up for it would be shown as the recogniser's own.
_VERSION_3 = [
    f"ALTER TABLE {table} ADD COLUMN confidence REAL" for table in ("bills", "charges", "services")
]

# Version 4: what decides whether a stored month can show a charge stopped, beyond its
# records (auditor.rules.stops): how many of a file's rows could not be read, and its
# sections that are not their items' sum. Either may be the very charge, so the same
# bills must decide alike whether given now or read back. A file an older history stored
# keeps NULL, not 0: it did not say, and its months are taken as unknown (no stop shown).
_VERSION_4 = [
    "ALTER TABLE files ADD COLUMN unread_rows INTEGER",
    """CREATE TABLE section_gaps (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL REFERENCES files(sha256) ON DELETE CASCADE,
        line TEXT NOT NULL,
        period TEXT NOT NULL,
        name TEXT NOT NULL,
        stated_fen INTEGER NOT NULL,
        summed_fen INTEGER NOT NULL,
        locator TEXT NOT NULL
    )""",
    "CREATE INDEX section_gaps_by_line ON section_gaps(line, period)",
]

# Version 5: a finding keeps the names its charges went by (咪咕视频会员, and 咪咕视频会员费
# in October: one service billed under both), so that a record typed under either in a
# later month is about it, and a fee billed beside its service is not. A finding an
# older history stored keeps NULL: it did not say; until an audit reports it again, the
# bills audited tell which names their charges group with its service.
_VERSION_5 = ["ALTER TABLE findings ADD COLUMN names TEXT"]

# Version 6: a refund due refunded exactly keeps the audit date that told it so, to be
# told once (auditor.history.follow.told_refunded). A finding stored before keeps NULL.
_VERSION_6 = ["ALTER TABLE findings ADD COLUMN refunded_on TEXT"]

# Version 7: the user's appeal to the MIIT appeal centre is a record of its own kind:
# the carrier's part is over, the centre's dates count from it. SQLite cannot change a
# table's CHECK, so the records table is made anew and its rows copied.
_VERSION_7 = [
    """CREATE TABLE records_v7 (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('cancel', 'complaint', 'refund', 'appeal')),
        line TEXT NOT NULL,
        service TEXT NOT NULL,
        finding TEXT NOT NULL,
        on_date TEXT NOT NULL,
        ticket TEXT NOT NULL,
        channel TEXT NOT NULL,
        note TEXT NOT NULL,
        amount_fen INTEGER,
        recorded_at TEXT NOT NULL
    )""",
    "INSERT INTO records_v7 SELECT id, kind, line, service, finding, on_date, ticket, channel, "
    "note, amount_fen, recorded_at FROM records",
    "DROP TABLE records",
    "ALTER TABLE records_v7 RENAME TO records",
    "CREATE INDEX records_by_line ON records(line)",
]

# Version 8: a finding keeps what its rule gathered it by, as its id does (two SP services
# billed as 信息费, told apart by their codes): its claim is its own, not the name's. A
# finding stored before keeps NULL until an audit reports it again.
_VERSION_8 = ["ALTER TABLE findings ADD COLUMN grouped_by TEXT"]

# Version 9: a locator is stored as its parts, in no language, and shown in the language
# of the audit reading it back (auditor.history.places). What was stored before is text
# in the language of its day: it is read as its parts when read back, not rewritten here
# (SQL alone cannot tell a Chinese row from a line). The version is raised so that an
# older auditor refuses the file rather than show the parts as they are stored.
_VERSION_9: list[str] = []

# Version 10: a line closed (销户) is told from a cancellation by a column of its own, not
# by its note's first words in the language of its day (销户，… / line closed, …, which
# go); an undone record is kept, marked, so that ``record --from`` reading its report
# row again does not make it anew; a channel read from a report is stored by its id, not
# in the report's language (手机营业厅 / App): those stored before, in either language or
# both (a report of before --lang), are made ids too.
_VERSION_10 = [
    "ALTER TABLE records ADD COLUMN closes_line INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE records ADD COLUMN undone_on TEXT",
    "UPDATE records SET closes_line = 1, note = substr(note, 4) "
    "WHERE kind = 'cancel' AND note LIKE '销户，%'",
    "UPDATE records SET closes_line = 1, note = substr(note, 14) "
    "WHERE kind = 'cancel' AND note LIKE 'line closed, %'",
    *(
        f"UPDATE records SET channel = '{channel}' WHERE lower(channel) IN "
        f"('{words.zh}', '{words.en.lower()}', '{words.zh} {words.en.lower()}')"
        for channel, words in CHANNEL_LABELS.items()
    ),
]

# Version 11: a record typed in a report keeps that report's date, so that undoing it
# keeps the row of that report alone from making it again: the same typed in a later
# report (the charge came back) is a record of its own. One stored before keeps NULL:
# not known (auditor.history.undone tells by the day it was recorded).
_VERSION_11 = ["ALTER TABLE records ADD COLUMN report_on TEXT"]

# Version 12: a file keeps the brand its reading found (a virtual operator's, 小米移动), so
# that a line audited from the history alone (not checked this time, followed between
# audits) is still told to call that brand's service line, not "the brand's own". One
# stored before keeps NULL: its path (folder and name) tells what it can when read back.
_VERSION_12 = ["ALTER TABLE files ADD COLUMN brand TEXT"]

# Version 13: a month whose bill will not come (``auditor record no-bill``: the carrier's
# portal keeps 6 months, a line closed, an export lost) is a record of its own kind that
# keeps that month, so that the month is no longer asked for (NULL for every other
# record, and those before). SQLite cannot change a table's CHECK, so the records table
# is made anew and its rows copied, as version 7 did.
_VERSION_13 = [
    """CREATE TABLE records_v13 (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL
            CHECK (kind IN ('cancel', 'complaint', 'refund', 'appeal', 'no_bill')),
        line TEXT NOT NULL,
        service TEXT NOT NULL,
        finding TEXT NOT NULL,
        on_date TEXT NOT NULL,
        ticket TEXT NOT NULL,
        channel TEXT NOT NULL,
        note TEXT NOT NULL,
        amount_fen INTEGER,
        recorded_at TEXT NOT NULL,
        closes_line INTEGER NOT NULL DEFAULT 0,
        undone_on TEXT,
        report_on TEXT,
        month TEXT
    )""",
    "INSERT INTO records_v13 SELECT id, kind, line, service, finding, on_date, ticket, "
    "channel, note, amount_fen, recorded_at, closes_line, undone_on, report_on, NULL "
    "FROM records",
    "DROP TABLE records",
    "ALTER TABLE records_v13 RENAME TO records",
    "CREATE INDEX records_by_line ON records(line)",
]
# Version 14: a file keeps the personal texts its reading found (客户姓名，王小明 in its
# header, 尊敬的李四客户), so that no later audit or command shows them: its name and its
# items are stored as they were read, and nothing else finds a name without its label.
# One stored before keeps NULL until it is given again (auditor.history.hidden).
_VERSION_14 = ["ALTER TABLE files ADD COLUMN personal TEXT"]


def line_months_after(table: str, after: int) -> str:
    """The statement that adds to ``line_months`` what ``table`` (bills, charges or
    services) holds beyond its row ``after`` (its rows stored last; 0: all of them): each
    file's lines, months and carriers once, in the order of their first record."""
    period = "''" if table == "services" else "period"
    return (
        f"INSERT INTO line_months (file, kind, line, period, carrier) SELECT file, "
        f"'{table}', line, {period}, carrier FROM {table} WHERE id > {int(after)} "
        f"GROUP BY file, line, {period}, carrier ORDER BY MIN(id)"
    )


# Version 15: each stored file's lines and months, a row each, kept as the files are
# stored: a company's history holds a few charges per line and month, and what an audit
# asks of the whole history (auditor.history.line_months) grew with every charge of every
# month stored. Filled here from the files stored before, in the order of their records.
_VERSION_15 = [
    """CREATE TABLE line_months (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL REFERENCES files(sha256) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        line TEXT NOT NULL,
        period TEXT NOT NULL,
        carrier TEXT NOT NULL
    )""",
    "CREATE INDEX line_months_by_file ON line_months(file)",
    "CREATE INDEX line_months_by_kind ON line_months(kind)",  # each table's, in stored order
    *(line_months_after(table, 0) for table in ("bills", "charges", "services")),
]

# Version 16: who held each line in each month audited (auditor.history.holders). An
# older history did not keep it: nothing says who held the months it audited. The last
# of its line_months rows is kept (meta ``holders_before``), so that the next audit, which
# remembers them as its settings say (all there is), says so for those months, not for
# the months audited since (auditor.history.holders.unkept_months).
_VERSION_16 = [
    """CREATE TABLE line_holders (
        line TEXT NOT NULL,
        period TEXT NOT NULL,
        owner TEXT NOT NULL,
        grp TEXT NOT NULL,
        PRIMARY KEY (line, period)
    )""",
    "INSERT INTO meta (key, value) SELECT 'holders_before', id FROM line_months "
    "ORDER BY id DESC LIMIT 1",
]
# Version 17: a service-list entry priced as a trial (首月0元 次月起6元/月), a fact of its
# own beside the price after it (auditor.model.Service.trial). One stored before keeps
# NULL, not known: read back as no trial, as its name and status alone told before.
_VERSION_17 = ["ALTER TABLE services ADD COLUMN trial INTEGER"]
# Version 18: a finding or a refund due the user closes without a refund (``auditor
# record settle``: given up, or compensated otherwise, 话费补偿, 送流量, 积分) is a record
# of its own kind, so that its money is no longer asked back and is shown as closed.
# SQLite cannot change a table's CHECK, so the records table is made anew and its rows
# copied, as versions 7 and 13 did.
_VERSION_18 = [
    """CREATE TABLE records_v18 (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (
            kind IN ('cancel', 'complaint', 'refund', 'appeal', 'no_bill', 'settle')
        ),
        line TEXT NOT NULL,
        service TEXT NOT NULL,
        finding TEXT NOT NULL,
        on_date TEXT NOT NULL,
        ticket TEXT NOT NULL,
        channel TEXT NOT NULL,
        note TEXT NOT NULL,
        amount_fen INTEGER,
        recorded_at TEXT NOT NULL,
        closes_line INTEGER NOT NULL DEFAULT 0,
        undone_on TEXT,
        report_on TEXT,
        month TEXT
    )""",
    "INSERT INTO records_v18 SELECT id, kind, line, service, finding, on_date, ticket, "
    "channel, note, amount_fen, recorded_at, closes_line, undone_on, report_on, month "
    "FROM records",
    "DROP TABLE records",
    "ALTER TABLE records_v18 RENAME TO records",
    "CREATE INDEX records_by_line ON records(line)",
]

# Version 19: a finding told new again after a settlement keeps the audit date that told
# it so (``anew_on``): the row that audit wrote is no longer the settled one an audit of
# that day run again could tell it by (auditor.history.findings.status_of).
_VERSION_19 = ["ALTER TABLE findings ADD COLUMN anew_on TEXT"]

#: ``MIGRATIONS[v]``: the statements from version ``v`` to ``v + 1``.
MIGRATIONS: dict[int, list[str]] = {
    0: _VERSION_1,
    1: _VERSION_2,
    2: _VERSION_3,
    3: _VERSION_4,
    4: _VERSION_5,
    5: _VERSION_6,
    6: _VERSION_7,
    7: _VERSION_8,
    8: _VERSION_9,
    9: _VERSION_10,
    10: _VERSION_11,
    11: _VERSION_12,
    12: _VERSION_13,
    13: _VERSION_14,
    14: _VERSION_15,
    15: _VERSION_16,
    16: _VERSION_17,
    17: _VERSION_18,
    18: _VERSION_19,
}
