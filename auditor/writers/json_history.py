"""The history's entries in the JSON: the user's records, a refund still due, whose line
it is, a next step; the audit's JSON (:mod:`auditor.writers.json`) and ``auditor history
--json`` give them alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from auditor.history.charged import Over
from auditor.history.records import records_of
from auditor.history.refund_due import RefundDue
from auditor.holders import Holders
from auditor.model import UserRecord
from auditor.sheets import channel_id
from auditor.values import format_fen
from auditor.writers.followup import NextStep
from auditor.writers.safe import Masker
from auditor.writers.shown import service_shown


def next_json(step: NextStep, mask: Masker) -> dict:
    """A next step as the JSON gives it: its text, from when and by when (null where
    none)."""
    return {
        "text": mask(step.text),
        "from": step.opens.isoformat() if step.opens else None,
        "by": step.due.isoformat() if step.due else None,
    }


def record_json(
    record: UserRecord,
    beyond: Mapping[int, int],
    mask: Masker,
    over: Mapping[int, Over] | None = None,
) -> dict:
    """One of the user's records about a finding or a refund due, with a refund's money
    ``beyond`` what the findings it names claim (:attr:`AuditReport.refunds_beyond`) and,
    for one more than its service was ever charged on its line (alone or with the refunds
    before it), what was charged and refunded before it (``over``:
    :attr:`AuditReport.refunds_over_charged`)."""
    extra, found = beyond.get(record.id), (over or {}).get(record.id)
    return {
        "id": record.id,
        "kind": record.kind,
        "line_closed": record.closes_line,  # a cancellation that is the line closed (销户)
        "on": record.on.isoformat(),
        "channel": mask(channel_id(record.channel)) or None,  # a step's by its id, or as typed
        "ticket": mask(record.ticket) or None,
        "amount": None if record.amount_fen is None else format_fen(record.amount_fen),
        "note": mask(record.note) or None,
        "month": record.month or None,  # a no_bill record's month, whose bill will not come
        # a refund's money beyond what the findings it names claim (compensation?)
        "beyond_claims": None if extra is None else format_fen(extra),
        # all its service was ever charged on its line, less than the refund and those
        # before it (a slip? recorded twice?), and what those before it refunded
        **over_json(found),
    }


def over_json(found: Over | None) -> dict:
    """``charged_ever`` and ``refunded_before`` of a refund's JSON: what its service was
    ever charged on its line and what the refunds recorded before it came to, where the
    two come to more (:func:`~auditor.history.charged.over_charged`); else both null."""
    return {
        "charged_ever": None if found is None else format_fen(found.charged_fen),
        "refunded_before": None if found is None else format_fen(found.before_fen),
    }


def whose(line: str, holders: Holders, mask: Masker) -> dict[str, str | None]:
    """The ``owner`` and ``group`` (department, branch) of ``line`` now, as the settings
    give them (``holders``: a report's, which the By owner sheet files the lines by; of a
    line taken out of them, the history's holder of its latest month), each null where
    there is none."""
    owner, group = holders.now(line)
    return {"owner": mask(owner) or None, "group": mask(group) or None}


def whose_months(
    line: str, periods: Iterable[str], holders: Holders, mask: Masker
) -> dict[str, object]:
    """The ``owner`` and ``group`` of a finding's (or a refund due's) latest month of
    ``periods``, and ``earlier_owners``: who held the line in its other months, where
    someone else did (a number handed over between them: each month's money is its
    holder's, as By owner counts it), each with those months; [] where no one else did."""
    periods = list(periods)
    owner, group = holders.of_months(line, periods)
    earlier = [
        {"owner": mask(held[0]) or None, "group": mask(held[1]) or None, "periods": months}
        for held, months in holders.before(line, periods)
    ]
    return {"owner": mask(owner) or None, "group": mask(group) or None, "earlier_owners": earlier}


def closed_json(due: RefundDue, *args, **kwargs) -> dict:
    """A refund due (or a finding) the user closed without a refund (``auditor record
    settle``), as the JSON gives it: as :func:`refund_due_json` (``unrefunded`` 0.00, its
    ``next`` saying it is closed), and ``closed`` (the money no longer asked back),
    ``settled_on``, ``given`` (the compensation in money, or null), ``given_note`` (what
    was given, as the user wrote it, or null) and ``record`` (the settlement's id)."""
    data = refund_due_json(due, *args, **kwargs)
    made = due.settlement
    assert made is not None
    mask = args[2] if len(args) > 2 else kwargs["mask"]
    return data | {
        "closed": format_fen(due.closed_fen),
        "settled_on": made.on.isoformat(),
        "given": format_fen(made.amount_fen) if made.amount_fen else None,
        "given_note": mask(made.note) or None,
        "record": made.id,
    }


def refund_due_json(
    due: RefundDue,
    records: list[UserRecord],
    beyond: Mapping[int, int],
    mask: Masker,
    holders: Holders,
    told: Mapping[str, str],
    over: Mapping[int, Over] | None = None,
) -> dict:
    """A refund still due (or refunded beyond, or exactly), as the JSON gives it (the report's and
    `auditor history`'s): whose line it is (``holders``: its latest month's, and the
    earlier owners of its other months),
    its service as shown (told apart as ``told`` says: :func:`~auditor.writers.shown.
    apart`), its next step as a finding's is (its text, from when: after a complaint,
    the appeal's first day; by when), its last day to appeal, and its records among
    ``records``, a refund's money ``beyond`` its claims with it (as a finding's), and
    what its service was ever charged where a refund is more (``over``)."""
    service = service_shown(due, told)
    step = due.next_step(service)
    return {
        "id": due.id,
        "rule": due.rule,
        "line": mask(due.line),
        "service": mask(due.service) or None,
        "service_shown": mask(service) or None,
        **whose_months(due.line, due.periods, holders, mask),
        "periods": list(due.periods),
        "unrefunded": format_fen(due.unrefunded_fen),
        # of it, the months and money past the appeal limit: a complaint's, not 12300's
        "periods_past_limit": list(due.past_periods),
        "past_appeal_limit": format_fen(due.past_fen),
        "refunded": format_fen(due.refunded_fen),
        "reason": mask(due.why),
        "reason_code": due.reason_code,  # the reason as a script matches it (ReasonCode)
        # the newest list, after the cancellation took effect, still shows the service
        "still_listed": due.still_listed or None,
        "next": next_json(step, mask),
        "due": due.due.isoformat(),
        "records": [record_json(r, beyond, mask, over) for r in records_of(records, due)],
    }
