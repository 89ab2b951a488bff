"""Findings across months: a stable id, new or open, and the ones an audit resolves.

A finding's id is the same in every audit of one database for the same rule, line and
service: an HMAC of them under a secret kept in the database, so the id names no phone
number (a plain hash of an 11-digit number is undone by trying them all). Without a
database, the secret is drawn afresh for each audit: any secret made from what the output
prints (the inputs' digests, say) would let the four hidden digits of a masked number be
found by trying the 10,000 of them against an id. Such ids hold for that audit's outputs
alone; ids that last from month to month are what the history is for.

Statuses count from the audit date, so that running the same audit twice gives the same
answer: a finding first reported on this audit date is ``new``, one reported before is
``open``; a finding an earlier audit reported, of a line this audit looked at, that no
longer holds is resolved on this audit date, and listed in this audit (and again only
when this same audit is run again). A finding that only an earlier run on this same date
reported is that run's: the audit run again (its inputs fixed, a file renamed, a service
list added) replaces it, and one it no longer finds is forgotten, neither resolved nor
followed for its money (:func:`forget_replaced`), unless it still claims money: a service
the user cancelled between the runs is resolved then, its months still to ask back.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from auditor.history.db import HistoryDB, storable
from auditor.history.reasons import ReasonCode
from auditor.lang import Text
from auditor.model import Finding
from auditor.names import service_key
from auditor.rules.facts import ChargeFact

NEW, OPEN = "new", "open"
#: The reason of a resolution nothing more specific explains (stored in the language of
#: the audit that resolved it).
NO_LONGER_FOUND = Text(
    "本次审计的账单和已订业务中不再出现", "no longer found in the bills and lists audited"
)


def finding_id(secret: bytes, rule: str, line: str, subject: str) -> str:
    """The stable id of the finding of ``rule`` on ``line`` about ``subject`` (what the
    rule says tells its findings of one line apart: see ``Rule.subject``)."""
    message = "\x00".join((rule, line, subject)).encode("utf-8", "surrogatepass")
    return "F" + hmac.new(secret, message, hashlib.sha256).hexdigest()[:12]


def database_secret(db: HistoryDB) -> bytes:
    """This database's secret for finding ids, made the first time it is asked for."""
    row = db.execute("SELECT value FROM meta WHERE key = 'finding_secret'").fetchone()
    if row:
        return bytes.fromhex(row[0])
    secret = secrets.token_bytes(32)
    db.execute("INSERT INTO meta (key, value) VALUES ('finding_secret', ?)", (secret.hex(),))
    return secret


def audit_secret() -> bytes:
    """A secret for one audit without a database: random, kept nowhere."""
    return secrets.token_bytes(32)


@dataclass(frozen=True)
class Seen:
    """A finding as the history knows it: as last reported, and whether it was resolved."""

    id: str
    rule: str
    line: str
    service: str
    first_seen: date
    last_seen: date
    resolved_on: date | None
    reason: str
    periods: tuple[str, ...] = ()
    amount_fen: int = 0
    monthly_fen: int | None = None
    change: str | None = None  # the coming change it announced ("start", "end"), if one
    #: The names its charges went by (:attr:`~auditor.model.Finding.names`): as stored,
    #: or, of one a history before version 5 stored, those :func:`with_names` gives.
    names: tuple[str, ...] = ()
    #: The audit that told it refunded exactly, no longer due
    #: (:func:`~auditor.history.follow.told_refunded`).
    refunded_on: date | None = None
    #: Whether the history kept its names (``names`` NULL before version 5), so that a
    #: finding stored with none (its rule gives none) is told from one stored without.
    names_kept: bool = True
    #: What its rule gathered it by (:attr:`~auditor.model.Finding.grouped_by`); None
    #: where a history before version 8 stored it and did not keep it.
    grouped_by: str | None = ""
    #: The audit that told it new again, reported before (news after a settlement): an
    #: audit of that day run again tells it new too (:func:`remember` keeps it).
    anew_on: date | None = None


@dataclass(frozen=True)
class Resolved:
    """A finding an earlier audit reported that no longer holds, and why; its months and
    money as last reported."""

    id: str
    rule: str
    line: str
    service: str
    first_seen: date
    resolved_on: date
    reason: str
    periods: tuple[str, ...] = ()
    amount_fen: int = 0
    monthly_fen: int | None = None
    #: Whether its charge is over (cancelled, stopped): else, resolved while still billed,
    #: it saves nothing a year.
    ended: bool = False
    names: tuple[str, ...] = ()  # as last reported (Seen.names)
    grouped_by: str | None = ""  # as last reported (Seen.grouped_by)
    #: A notice that became a finding of this audit about its line and service: that
    #: finding's id (:func:`~auditor.history.became.grown_into`). It no longer holds as
    #: told, but is not resolved: reports list it apart (``AuditReport.now_findings``).
    became: str = ""
    #: A finding of this audit still open about its line and service (another rule's: a
    #: trial turned paid, the service no longer unknown), by id, and its rule
    #: (:func:`~auditor.history.became.still_open_as`): resolved, but not done with.
    still_open: str = ""
    still_open_rule: str = ""
    #: Resolved by the user's cancellation, which the newest service list, from a month
    #: after it took effect, still shows running: that list's day (its reason warns of it).
    still_listed: str = ""
    reason_code: str = ReasonCode.NO_LONGER_FOUND.value  # its reason's (ReasonCode)
    #: Not resolved: cancelled by the user's record, no bill after it yet to show the
    #: charge stopped; the month whose bill should (the history keeps it open till then).
    waiting: str = ""


def status_of(seen: Seen | None, as_of: date) -> str:
    """``new`` when first reported on ``as_of`` (or never before), else ``open``."""
    return NEW if seen is None or seen.first_seen >= as_of else OPEN


def seen_findings(db: HistoryDB, lines: set[str]) -> dict[str, Seen]:
    """What the history knows of the findings of ``lines``, by id."""
    if not lines:
        return {}
    with db.lines_table(lines) as wanted:
        rows = db.execute(
            "SELECT id, rule, line, service, first_seen, last_seen, resolved_on, reason, "
            "periods, amount_fen, monthly_fen, change, names, refunded_on, grouped_by, anew_on "
            f"FROM findings "
            f"JOIN {wanted} USING (line)"
        ).fetchall()
    return {row[0]: _seen(row) for row in rows}


def forget_replaced(db: HistoryDB, seen: dict[str, Seen], as_of: date, keep: set[str]) -> int:
    """Forget the findings among ``seen`` that only an earlier run on ``as_of`` reported,
    but those of ``keep`` (found again, or still claiming money: a service the user
    cancelled between the runs is resolved, its months still to ask back), so that this
    run's findings replace them; how many there were. One reported on an earlier date,
    or seen by a later audit, is the history's: kept."""
    gone = [
        (fid,)
        for fid, known in seen.items()
        if known.first_seen == known.last_seen == as_of
        and known.resolved_on is None
        and fid not in keep
    ]
    db.executemany("DELETE FROM findings WHERE id = ?", gone)
    return len(gone)


def _seen(row: tuple) -> Seen:
    fid, rule, line, service, first, last, resolved, reason, periods, *figures = row
    *figures, names, told, by, anew = figures
    return Seen(
        fid, rule, line, service, date.fromisoformat(first), date.fromisoformat(last),
        _day(resolved), reason or "", tuple(p for p in periods.split(",") if p), *figures,
        read_names(names), _day(told), names is not None, by, _day(anew),
    )  # fmt: skip


def _day(stored: str | None) -> date | None:
    """A date the history keeps, or None where it keeps none."""
    return date.fromisoformat(stored) if stored else None


def with_names(
    seen: Mapping[str, Seen],
    charges: Iterable[ChargeFact],
    together: Mapping[tuple[str, str], frozenset[str]],
) -> dict[str, Seen]:
    """``seen``, each finding a history before version 5 stored (no names kept) given the
    names the bills audited group with its service on its line (``together``: the
    audit's :func:`~auditor.rules.fee_names.billed_together` of ``charges``,
    ``AuditContext.billed_together``: 咪咕视频会员, and 咪咕视频会员费 in October), so that a
    record typed under either is about it until an audit reports it again (and keeps its
    own). An audit gives them once, as soon as its facts are known; whatever follows the
    findings (their claims, refunds due, resolutions) reads them so."""
    bare = [s for s in seen.values() if s.service and not s.names_kept]
    if not bare or not together:
        return dict(seen)
    items: dict[tuple[str, str], str] = {}
    for charge in charges:
        if (charge.line, charge.key) in together and charge.item.strip():
            items.setdefault((charge.line, charge.key), charge.item.strip())
    named = dict(seen)
    for earlier in bare:
        key = service_key(earlier.service)
        others = sorted(together.get((earlier.line, key), frozenset()) - {key})
        if others:
            names = (earlier.service, *(items.get((earlier.line, k), k) for k in others))
            named[earlier.id] = replace(earlier, names=names)
    return named


def stored_names(finding: Finding) -> str:
    """How the history keeps :attr:`~auditor.model.Finding.names`: a JSON list."""
    return json.dumps([storable(name) for name in finding.names], ensure_ascii=False)


def read_names(stored: str | None) -> tuple[str, ...]:
    """The names :func:`stored_names` kept (``[]``: none, its rule gives none); none
    either where a history before version 5 kept none (NULL): ``stored is None`` tells
    the two apart (:attr:`Seen.names_kept`)."""
    return tuple(json.loads(stored)) if stored else ()


def remember(
    db: HistoryDB,
    current: list[Finding],
    lines: set[str],
    as_of: date,
    reason_for: dict[str, str],
    figures: dict[str, tuple[tuple[str, ...], int]] | None = None,
    ended: set[str] | frozenset[str] = frozenset(),
    named: Mapping[str, Seen] | None = None,
    became: Mapping[str, str] | None = None,
    codes: Mapping[str, str] | None = None,
    waiting: Mapping[str, str] | None = None,
) -> list[Resolved]:
    """Store this audit's findings (by their ids) and resolve, on ``as_of``, the earlier
    ones of ``lines`` that no longer hold (``reason_for`` gives a reason per id; the
    default: no longer found). Returns the findings this audit resolves, with
    the months and money ``figures`` gives (what it still claims), else as last reported,
    and the names the audit followed them by (``named``: :func:`with_names`'s), else as
    stored, so that their records are the ones their reasons cite (``codes``: each
    reason's code, :class:`~auditor.history.reasons.ReasonCode`); and, of a notice
    that became a finding (``became``: the finding's id, by the notice's), that id
    (:attr:`Resolved.became`): the history closes it as a notice all the same. One
    ``waiting`` (by id: the month whose bill should show its charge stopped) is returned
    so, but left open: a cancellation is not yet a charge stopped.

    An audit dated before a later one that reported a finding (an earlier month audited
    again) changes nothing that later audit recorded: not the finding's figures nor its
    last sighting, not its resolution, and it resolves nothing that audit reported. It
    may date the first sighting earlier: it reports the finding, from what was known on
    its own date (the history is cut off there), so the finding was known then.
    """
    seen = seen_findings(db, lines)
    day = as_of.isoformat()
    new = []  # inserted at once: a month of thousands of findings is mostly new ones
    for finding in current:
        reported = (
            ",".join(finding.periods), finding.amount_fen, finding.monthly_fen, finding.change,
            stored_names(finding), storable(finding.grouped_by),
        )  # fmt: skip
        known = seen.get(finding.id)
        if known is None:
            new.append(
                (finding.id, finding.rule, finding.line, storable(finding.service), day, day,
                 *reported)
            )  # fmt: skip
            continue
        db.execute(
            "UPDATE findings SET first_seen = min(first_seen, ?) WHERE id = ?", (day, finding.id)
        )
        if as_of < known.last_seen or (known.resolved_on or as_of) > as_of:
            continue  # a later audit reported or resolved it: its figures are the newer ones
        # named as its newest bill names it (天翼视频会员 after September's 天翼视频会员
        # （体验）, one id): what a resolution of it later shows
        db.execute(
            "UPDATE findings SET last_seen = ?, periods = ?, amount_fen = ?, monthly_fen = ?, "
            "change = ?, names = ?, grouped_by = ?, service = ? WHERE id = ?",
            (day, *reported, storable(finding.service), finding.id),
        )
        if finding.status == NEW and known.first_seen < as_of:
            # reported before, told new again (news after a settlement): so it is told by
            # this audit run again, whose history then holds this run's row, not the one
            # that told it settled (status_of counts from first_seen alone)
            db.execute("UPDATE findings SET anew_on = ? WHERE id = ?", (day, finding.id))
        if known.resolved_on is not None:
            # back (or this same audit again, finding it now): open again
            db.execute(
                "UPDATE findings SET resolved_on = NULL, reason = NULL WHERE id = ?",
                (finding.id,),
            )
    db.executemany(
        "INSERT INTO findings (id, rule, line, service, first_seen, last_seen, periods, "
        "amount_fen, monthly_fen, change, names, grouped_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new,
    )
    ids, wait = {finding.id for finding in current}, waiting or {}
    resolved = []
    for fid, known in sorted(seen.items()):
        if fid in ids or known.first_seen > as_of or known.last_seen > as_of:
            continue  # still found, or reported by a later audit
        then = fid in wait and (known.resolved_on or as_of) > as_of  # a later one resolved it
        if known.resolved_on not in (None, as_of) and not then:
            continue  # resolved by another audit: listed there, not again
        reason = reason_for.get(fid) or NO_LONGER_FOUND.shown()
        periods, amount = (figures or {}).get(fid, (known.periods, known.amount_fen))
        if fid not in wait:
            db.execute(
                "UPDATE findings SET resolved_on = ?, reason = ?, periods = ?, amount_fen = ? "
                "WHERE id = ?",
                (day, reason, ",".join(periods), amount, fid),
            )
        else:  # open still, with the months it claims now (`auditor history` shows them)
            db.execute(
                "UPDATE findings SET periods = ?, amount_fen = ? WHERE id = ?",
                (",".join(periods), amount, fid),
            )
        resolved.append(
            Resolved(
                fid,
                known.rule,
                known.line,
                known.service,
                known.first_seen,
                as_of,
                reason,
                tuple(periods),
                amount,
                known.monthly_fen,
                fid in ended,
                (named or {}).get(fid, known).names,
                known.grouped_by,
                (became or {}).get(fid, ""),
                reason_code=(codes or {}).get(fid, ReasonCode.NO_LONGER_FOUND.value),
                waiting=wait.get(fid, ""),
            )
        )
    return resolved
