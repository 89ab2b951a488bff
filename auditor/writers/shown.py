"""How a finding's service is shown, where the name alone does not tell it from another:
two SP services of one line both billed as 信息费, told apart by their codes (A100 手机报,
B200 游戏点播: two findings, two ids, :func:`auditor.rules.money_keys`), are shown
``信息费（手机报）`` and ``信息费（游戏点播）`` in every sheet, the JSON's
``service_shown``, the terminal and ``auditor history``: what tells them apart is the
name the service list gives the entry its charges matched, which a finding keeps in its
names whether this audit found it or the history holds it (and which ``--service``
takes). Not the SP's name a bill may give: the history keeps no such detail, and one
finding would be shown under two names. A finding whose name names one service is shown
by its name, as before.

Worked out once a report (:func:`apart`, held by the report's figures,
:attr:`~auditor.writers.report_figures.ReportFigures.told`) for all the writers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from auditor.history.same_name import Gathered
from auditor.lang import say
from auditor.names import service_key
from auditor.rules import entry_of, money_keys

if TYPE_CHECKING:
    from auditor.pipeline import AuditReport


def apart(findings: Iterable[Gathered]) -> dict[str, str]:
    """By id, what tells each of ``findings`` apart from another of its line shown under
    the same name (手机报 for one of two SP services billed as 信息费); none for a finding
    whose name names one service."""
    findings = list(findings)
    entries = [entry_of(f.rule, f.service, f.grouped_by) for f in findings]
    keys = money_keys(
        [(f.line, service_key(f.service), e) for f, e in zip(findings, entries, strict=True)]
    )
    told: dict[str, str] = {}
    for finding, entry, key in zip(findings, entries, keys, strict=True):
        if key != service_key(finding.service):  # its money counts under its entry
            told[finding.id] = _what_tells(finding, entry)
    return told


def earlier_apart(report: AuditReport) -> dict[str, str]:
    """:func:`apart` of the findings of earlier audits ``report`` follows (resolved,
    notices now findings, refunds due, refunded), beside those it found: a Follow-up row
    of one is told apart as the findings' rows are (信息费（手机报）, resolved, beside
    信息费（游戏点播）)."""
    earlier = [
        *report.resolved,
        *report.now_findings,
        *report.refunds_due,
        *report.over_refunded,
        *report.refunded,
    ]
    return apart([*report.findings, *earlier]) if earlier else {}


def _what_tells(finding: Gathered, entry: str) -> str:
    """The entry's name on the list, as the finding's names keep it (its key when they
    give none)."""
    return next((name for name in finding.names if service_key(name) == entry), entry)


def shown(service: str, told: str) -> str:
    """``service`` as shown with what tells it apart (``told``; "": as it is)."""
    if not told:
        return service
    return say(f"{service}（{told}）", f"{service} ({told})")


def service_shown(finding: Gathered, told: Mapping[str, str]) -> str:
    """``finding``'s service as shown, with what tells it apart from another finding of
    its line under the same name (``told``: :func:`apart` of the report's findings)."""
    return shown(finding.service, told.get(finding.id, ""))


def group_shown(service: str, findings: Iterable[Gathered], told: Mapping[str, str]) -> str:
    """A group's ``service`` (its ``findings``: a thing to do, a row of By service) as
    shown: told apart as its findings are, when they all are alike."""
    names = {service_shown(f, told) for f in findings}
    return names.pop() if len(names) == 1 else service
