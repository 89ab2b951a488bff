"""The JSON output: the findings as the audit spec's contract ("Outputs") lays them out.

Keys come in the spec's order, followed by additions (``owner``, ``change``, ``yearly``,
``details``, ``due``, a ``summary`` block, ``lang``: the language of the texts); nothing of
the contract is renamed or removed, and no key changes with the language.
Money is a string with two decimals. The same inputs and ``--as-of`` give byte-identical
output: nothing here depends on the clock, the machine or dict ordering by chance.
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import attrgetter
from pathlib import Path

from auditor import lang
from auditor.audit_report import AuditReport
from auditor.catalog.glossary import service_gloss
from auditor.errors import ErrorCode
from auditor.history.findings import Resolved
from auditor.history.refund_due import RefundDue
from auditor.model import Action, Finding, ReadResult
from auditor.values import format_fen
from auditor.writers import figures, unchecked
from auditor.writers.followup import NextStep
from auditor.writers.indented import RepeatedDict, RepeatedList, dumps
from auditor.writers.json_history import (
    closed_json,
    next_json,
    record_json,
    refund_due_json,
    whose,
    whose_months,
)
from auditor.writers.json_values import masked_tree, plain
from auditor.writers.report_figures import ReportFigures, report_figures
from auditor.writers.resolved_reason import resolved_reason
from auditor.writers.safe import REPORT_MARKER, Masker, atomic_write
from auditor.writers.shown import service_shown


def report_to_dict(report: AuditReport, mask: Masker, shown: ReportFigures | None = None) -> dict:
    """The whole report as plain data, keys in the contract's order, numbers masked;
    every finding's lists and dicts its own, so that a caller may edit one. ``shown``:
    the report's figures, when already worked out."""
    return _unshared(_report_tree(report, mask, shown or report_figures(report)))


def _unshared(value: object) -> object:
    """``value`` with each list and dict in it a new plain one: the report's tree holds
    the steps many findings share once (see :class:`_Repeats`)."""
    if isinstance(value, dict):
        return {key: _unshared(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unshared(item) for item in value]
    return value


def _report_tree(report: AuditReport, mask: Masker, shown: ReportFigures) -> dict:
    """The report's data as :func:`report_to_dict` gives it, but with the parts many
    findings share standing as one object wherever they stand (what the JSON text is
    written from, each of them once)."""
    repeats = _Repeats(mask)
    listed = figures.refunds_listed(report)  # a refund's money in one entry, not two
    return {
        "as_of": report.as_of.isoformat(),
        "inputs": [_input(result, mask) for result in report.inputs],
        "findings": [
            _finding(finding, report, mask, repeats, shown) for finding in report.findings
        ],
        "resolved": [
            _resolved(item, report, mask, item.id in listed, shown) for item in report.resolved
        ],
        "now_findings": [_now_finding(item, report, mask, shown) for item in report.now_findings],
        "waiting": [_waiting(item, report, mask, shown) for item in report.waiting],
        "refunds_due": [_due(due, report, mask, shown) for due in report.refunds_due],
        "over_refunded": [_due(due, report, mask, shown) for due in report.over_refunded],
        "refunds_closed": [_due(due, report, mask, shown) for due in report.refunded],
        # closed without a refund (settled, given up): told once, as those refunded exactly
        "closed_without_refund": [_due(due, report, mask, shown) for due in report.closed],
        # the lines the history follows that no input covers: not checked, their money apart
        "not_checked": [_unchecked(each, report, mask) for each in shown.unchecked],
        # the months between a line's first and latest whose bill was never given
        "missing_months": [
            {
                "line": mask(line),
                **whose(line, report.holders, mask),
                "months": list(months),
            }
            for line, months in report.gaps.items()
        ],
        "summary": _summary(report, mask, shown),
        # last, then the language: how an earlier report is known in a folder of inputs
        # from its tail (readers/walk.py's _JSON_REPORT_END)
        "generator": REPORT_MARKER,
        # the language of its texts (messages, steps); the keys and ids are the same in all
        "lang": lang.active(),
    }


def render_json(report: AuditReport, mask: Masker, shown: ReportFigures | None = None) -> str:
    """The JSON text of the report (UTF-8 as is, two-space indent, final newline);
    ``shown``: the report's figures, when already worked out."""
    data = _report_tree(report, mask, shown or report_figures(report))
    # json.dumps(data, ensure_ascii=False, indent=2, default=plain), in half the time
    return dumps(data, plain, "\n")


def write_json(report: AuditReport, target: Path, mask: Masker) -> None:
    """Write the JSON report to ``target`` whole or not at all."""
    atomic_write(Path(target), render_json(report, mask).encode("utf-8"))


def _input(result: ReadResult, mask: Masker) -> dict:
    lines, periods = result.held() if result.readable else ([], [])
    return {
        "path": mask(result.path),
        "sha256": result.sha256,
        "kind": result.kind,
        "carrier": result.carrier,
        "line": ",".join(mask(line) for line in lines) or None,
        "periods": periods,
        "error": mask(result.error) if result.error else None,
        # why, as a code a script matches (ErrorCode): given where the error was raised
        "error_code": (result.error_code or ErrorCode.UNREADABLE.value) if result.error else None,
        "skipped": mask(result.skipped) or None,
        "not_a_bill": result.not_a_bill,  # skipped as a paper that is no bill: no failure
        "reader": result.reader or None,
        "warnings": [mask(w) for w in result.all_warnings],
        "rows": {
            "read": result.rows_read,
            "used": result.rows_used,
            "set_aside": {k: v for k, v in sorted(result.set_aside.items()) if v},
            "unparseable": len(result.unparseable),
            # the money of those that are charges (a 宽带账号's): not checked
            "unread_money": format_fen(result.unread_fen),
        },
        # How a file read by OCR was read (null for one read as text).
        "ocr": None
        if result.ocr is None
        else {
            "values": result.ocr.values,
            "uncertain": result.ocr.uncertain,
            "rows_unread": result.ocr.rows_unread,
            "rows_uncertain": result.ocr.rows_uncertain,
            "rows_between": result.ocr.rows_between,
            "threshold": f"{result.ocr.threshold:.2f}",
        },
    }


#: What an action's JSON is made of: equal keys, equal JSON (the step's type too, since
#: ``1``, ``1.0`` and ``True`` are equal and written apart).
_ACTION_KEY = attrgetter(
    "step.__class__", "step", "channel", "text", "to", "confidence", "note", "opens", "due", "zh"
)


class _Repeats:
    """The parts of findings that many findings share, made once for one report: the
    same object wherever they stand, so that the JSON text writes each once
    (:class:`~auditor.writers.indented.RepeatedList`). 3,000 findings of one unknown
    service each hold a dozen steps, 12 MB of the 21 MB the JSON text takes; there are 30
    distinct lists of them."""

    def __init__(self, mask: Masker):
        self.mask = mask
        self._actions: dict[tuple, RepeatedList] = {}
        self._next: dict[NextStep, RepeatedDict] = {}

    def actions(self, actions: list[Action]) -> list:
        """The JSON of a finding's steps."""
        key = tuple(map(_ACTION_KEY, actions))
        known = self._actions.get(key)
        if known is None:
            known = self._actions[key] = RepeatedList(_action(a, self.mask) for a in actions)
        return known

    def next(self, step: NextStep) -> dict:
        """The JSON of a finding's next step."""
        known = self._next.get(step)
        if known is None:
            known = self._next[step] = RepeatedDict(next_json(step, self.mask))
        return known


def _finding(
    finding: Finding, report: AuditReport, mask: Masker, repeats: _Repeats, shown: ReportFigures
) -> dict:
    # Money two findings of one service claim (unknown, and a trial turned paid) is shown
    # on one of them, as the Findings sheet and the summary count it: the findings'
    # claimable and yearly add up to the summary's.
    counted = shown.counted
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "carrier": finding.carrier,
        "line": mask(finding.line),
        "service": mask(finding.service) or None,
        "periods": list(finding.periods),
        "period": finding.period,
        "amount": format_fen(finding.amount_fen),
        "monthly": None if finding.monthly_fen is None else format_fen(finding.monthly_fen),
        "message": mask(finding.message),
        "evidence": [{"path": mask(e.path), "locator": mask(e.locator)} for e in finding.evidence],
        "actions": repeats.actions(finding.actions),
        "id": finding.id,
        "status": finding.status,
        **whose_months(finding.line, finding.periods, report.holders, mask),
        "change": finding.change,
        "yearly": format_fen(
            counted.yearly[id(finding)] if id(finding) in counted.yearly_carriers else 0
        ),
        # the latest bill's month, which no longer charges it: nothing costs a year
        "stopped": finding.stopped or None,
        "details": _details(finding, mask),
        "records": [
            record_json(r, report.refunds_beyond, mask, report.refunds_over_charged)
            for r in finding.records
        ],
        "names": [mask(name) for name in finding.names],
        "service_shown": mask(named := service_shown(finding, shown.told)) or None,
        "service_gloss": service_gloss(named) or None,
        "next": repeats.next(shown.next_step(finding)),
        "refunded": format_fen(counted.refunded_shown(finding)),
        "claimable": format_fen(counted.claimable_shown(finding)),
    }


def _details(finding: Finding, mask: Masker) -> dict:
    """The rule's details as they are typed (money in integer fen, under ``…_fen``
    names), a text with nothing to say null, as everywhere in the JSON."""
    details = masked_tree(finding.details.as_dict(), mask)
    return {key: None if value == "" else value for key, value in details.items()}


def _resolved(
    item: Resolved, report: AuditReport, mask: Masker, listed: bool, shown: ReportFigures
) -> dict:
    """A finding no longer found: the keys of one reported before (:func:`_earlier`), when
    and why it was resolved; its ``refunded`` null where its refund due's entry
    (``listed``) holds that money."""
    refunded = figures.resolved_refunded_fen(report, item)
    resolved = {
        "resolved_on": item.resolved_on.isoformat(),
        "reason": mask(resolved_reason(item, refunded, figures.resolved_on_bills(report, item))),
        "reason_code": item.reason_code,  # the reason as a script matches it (ReasonCode)
    }
    return {
        **_earlier(item, report, mask, shown, resolved),
        "refunded": None if listed else format_fen(report.resolved_refunded.get(item.id, 0)),
        "yearly": format_fen(figures.resolved_yearly_fen(item)),
        # a finding of this audit still open about its line and service (a trial turned
        # paid, the service no longer unknown): resolved, not done with
        "still_open": item.still_open or None,
        "still_listed": item.still_listed or None,  # the cancellation may not have taken
    }


def _earlier(
    item: Resolved,
    report: AuditReport,
    mask: Masker,
    shown: ReportFigures,
    since: Mapping[str, object] | None = None,
) -> dict:
    """The keys a finding reported before is told by, as it was last reported: its id,
    rule, line and service (as shown, told apart as
    :attr:`~auditor.writers.report_figures.ReportFigures.told` says, as a finding's),
    whose line, when first seen, ``since`` (what became of it since: a resolved one's
    day and reason), its months and money."""
    return {
        "id": item.id,
        "rule": item.rule,
        "line": mask(item.line),
        "service": mask(item.service) or None,
        "service_shown": mask(service_shown(item, shown.told)) or None,
        **whose_months(item.line, item.periods, report.holders, mask),
        "first_seen": item.first_seen.isoformat(),
        **(since or {}),
        "periods": list(item.periods),
        "amount": format_fen(item.amount_fen),
    }


def _now_finding(item: Resolved, report: AuditReport, mask: Masker, shown: ReportFigures) -> dict:
    """A notice reported before that is now one of ``findings[]``: its keys as it was
    told, and that finding's id and rule."""
    rules = {finding.id: finding.rule for finding in report.findings}
    return {
        **_earlier(item, report, mask, shown),
        "finding": item.became,
        "finding_rule": rules.get(item.became),
    }


def _waiting(item: Resolved, report: AuditReport, mask: Masker, shown: ReportFigures) -> dict:
    """A finding reported before that the user cancelled, no bill after it yet: open till
    the bill of ``check_bill`` shows the charge stopped (``state``: what the user did)."""
    return {
        **_earlier(item, report, mask, shown),
        "state": mask(item.reason),
        "check_bill": item.waiting,
        "still_listed": item.still_listed or None,  # the cancellation may not have taken
    }


def _due(due: RefundDue, report: AuditReport, mask: Masker, shown: ReportFigures) -> dict:
    made = closed_json if due.settlement is not None else refund_due_json
    return made(
        due, report.records, report.refunds_beyond, mask, report.holders, shown.told,
        report.refunds_over_charged,
    )  # fmt: skip


def _unchecked(each: unchecked.UncheckedFigures, report: AuditReport, mask: Masker) -> dict:
    """A line not checked (no file of it given this time): whose it is, its newest month
    the history holds, the months whose bills to give, the money still at stake there
    (counted apart from the summary's), its step (to give its bill), and its findings
    still open and refunds due, carried over as the history holds them, each with its
    own next step."""
    line, money = each.unchecked, each.counted
    return {
        "line": mask(line.line),
        **whose(line.line, report.holders, mask),
        "carrier": line.carrier or None,
        "closed": line.closed,
        "last_month": line.last_month or None,
        "months_to_give": list(line.wanted),
        "at_stake": format_fen(each.at_stake_fen),
        "next": next_json(each.step, mask),
        "findings": [
            {
                "id": f.id,
                "rule": f.rule,
                "severity": f.severity,
                "service": mask(f.service) or None,
                "service_shown": mask(service_shown(f, each.told)) or None,
                "periods": list(f.periods),
                "amount": format_fen(f.amount_fen),
                "monthly": None if f.monthly_fen is None else format_fen(f.monthly_fen),
                "message": mask(f.message),
                "status": f.status,
                "records": [record_json(r, line.beyond, mask, line.over) for r in f.records],
                "refunded": format_fen(money.refunded_shown(f)),
                "claimable": format_fen(money.claimable_shown(f)),
                "next": next_json(each.steps[id(f)], mask),
            }
            for f in line.findings
        ],
        "refunds_due": [
            refund_due_json(
                due,
                list(line.records),
                line.beyond,
                mask,
                report.holders,
                each.told,
                line.over,
            )
            for due in line.refunds_due
        ],
    }


def _action(action: Action, mask: Masker) -> dict:
    return {
        "step": action.step,
        "channel": action.channel,
        "to": mask(action.to),
        "text": mask(action.text),
        "confidence": action.confidence or None,
        "note": mask(action.note),
        "from": action.opens.isoformat() if action.opens else None,
        "due": action.due.isoformat() if action.due else None,
        "text_zh": mask(action.zh) if action.zh else None,
    }


def _summary(report: AuditReport, mask: Masker, shown: ReportFigures) -> dict:
    return {
        "files_read": len(report.readable_inputs),
        "files_failed": len(report.failed_inputs),
        "files_skipped": len(report.skipped_inputs),
        "rows_unread": report.unread_rows,
        "unread_money": format_fen(report.unread_fen),  # of the rows unread that are charges
        "files_not_bills": len(report.not_bills),  # of those skipped
        "settings": mask(report.settings) if report.settings else None,
        "history": report.history or None,  # "new": it held no earlier audit (a mistyped --db?)
        # Lines whose masks show more digits, so that no two look the same (Masker.lines).
        "masks_widened": mask.counted(),
        "findings": dict(shown.severities),
        "claimable": format_fen(shown.counted.claimable_fen),
        "past_appeal_limit": format_fen(shown.past_limit_fen),
        "yearly": format_fen(shown.counted.yearly_fen),
        "refunds_due": format_fen(shown.refunds_due_fen),
        # no longer asked back: closed without a refund (report.closed), never refunds due
        "closed_without_refund": format_fen(sum(due.closed_fen for due in report.closed)),
        "not_checked_lines": len(shown.unchecked),
        "not_checked_at_stake": format_fen(unchecked.at_stake_fen(shown.unchecked)),
        "not_in_settings": [mask(line) for line in shown.outside.lines],
        "not_in_settings_totals": shown.outside.totals(format_fen),
        "lines": [
            {
                "line": mask(line.line),
                **whose(line.line, report.holders, mask),
                "carrier": line.carrier or None,
                "findings": line.findings,
                "claimable": format_fen(line.claimable_fen),
                "yearly": format_fen(line.yearly_fen),
                # as summary.refunds_due counts them: what an appeal can still get, apart
                # from what is past the appeal limit
                "refunds_due": format_fen(line.refund_due_fen - line.refund_past_fen),
                "refunds_past_appeal_limit": format_fen(line.refund_past_fen),
            }
            for line in shown.lines
        ],
        "months": [
            {
                "line": mask(month.line),
                "period": month.period,
                "billed": _money_or_null(month.billed_fen),
                "stated": _money_or_null(month.stated_fen),
                "total": _money_or_null(month.total_fen),
                "reconciled": month.reconciled,
            }
            for month in shown.months
        ],
    }


def _money_or_null(fen: int | None) -> str | None:
    """Money as the JSON writes it, or ``null`` for a figure not known."""
    return None if fen is None else format_fen(fen)
