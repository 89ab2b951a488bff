"""What a finding reported before became, as an audit follows it: a notice grown into a
finding (a change announced that is now a charge after cancellation: not resolved, grown
worse), a disputed charge stopped since it was last reported."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from auditor.history.findings import OPEN, Seen
from auditor.lang import say
from auditor.model import Finding
from auditor.names import service_key
from auditor.rules import disputes, find_rule, is_notice

#: A finding of this audit's, or one reported before as the history knows it.
Found = TypeVar("Found", Finding, Seen)


def by_service(current: Iterable[Found]) -> dict[tuple[str, str], Found]:
    """Findings that are no notice (this audit's, or as the history knows them), by line
    and the key of every name they went by (:attr:`~auditor.model.Finding.names`); of
    several, the first (of an audit's, the gravest: they come in report order)."""
    found: dict[tuple[str, str], Found] = {}
    for finding in current:
        if not is_notice(finding.rule):
            for name in (finding.service, *finding.names):
                if name:
                    found.setdefault((finding.line, service_key(name)), finding)
    return found


def grown_into(earlier: Seen, found: Mapping[tuple[str, str], Found]) -> Found | None:
    """The finding a notice reported before grew into: one of an audit (``found``:
    :func:`by_service`'s) about its line and service, by any name either went by. A
    change announced that is now a finding (an end announced and still charged after
    it: a charge after cancellation) does not hold as it was told, and is not resolved
    either: it grew worse. None for another finding, or none found."""
    if not is_notice(earlier.rule):
        return None
    names = (earlier.service, *earlier.names)
    keys = [(earlier.line, service_key(name)) for name in names if name]
    return next((found[key] for key in keys if key in found), None)


def still_open_as(earlier: Seen, found: Mapping[tuple[str, str], Found]) -> Found | None:
    """The finding of an audit (``found``: :func:`by_service`'s) still open about the line
    and service of ``earlier``, a finding reported before that the audit resolves, by any
    name either went by: another rule's (a trial turned paid, where the service is no
    longer unknown), which its service's money is followed by. None for a notice (what
    one became is :func:`grown_into`'s), or none found."""
    if is_notice(earlier.rule):
        return None
    names = (earlier.service, *earlier.names)
    keys = [(earlier.line, service_key(name)) for name in names if name]
    return next((found[k] for k in keys if k in found and found[k].id != earlier.id), None)


def charged_after_cancelling(rule_id: str) -> bool:
    """Whether ``rule_id``'s findings are charges after a cancellation the carrier did not
    act on (``Rule.after_cancelling``): what a finding the user cancelled becomes, when a
    bill after the cancellation still charges it."""
    rule = find_rule(rule_id)
    return bool(rule and rule.after_cancelling)


def now_a_finding(rule_id: str) -> str:
    """Why a notice is no longer one: it became a finding of ``rule_id``, in the active
    language (now a finding: charged after cancellation)."""
    rule = find_rule(rule_id)
    name = rule.name_shown() if rule else rule_id
    return say(f"已成为问题：{name}", f"now a finding: {name}")


def charge_stopped_again(finding: Finding) -> bool:
    """True for a disputed charge reported before whose line's latest bill no longer
    charges it (``Finding.stopped``, as the rules found it): the charge stopped, if that
    month is news since it was last reported (which :func:`audit_with_history` asks the
    history: :func:`auditor.pipeline.audit_with_history`)."""
    return (
        finding.status == OPEN
        and disputes(finding.rule, finding.service)
        and finding.amount_fen > 0
        and bool(finding.stopped)
    )
