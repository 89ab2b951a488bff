"""How a finding's service is shown, where the name alone does not tell it from another:
two SP services of one line both billed as 信息费, told apart by their codes (A100 手机报,
B200 游戏点播: two findings, two ids, :func:`auditor.rules.money_keys`), are shown
``信息费（手机报）`` and ``信息费（游戏点播）`` in every sheet, the JSON's
``service_shown``, the terminal and ``auditor history``, as their steps name them
(``退订「信息费（手机报）」``). A finding whose name names one service is shown by its
name, as before.

What tells each apart is worked out once a report, over its findings and the earlier
ones it follows, by the pipeline before the steps are worded
(:attr:`~auditor.audit_report.AuditReport.told`, :func:`auditor.history.same_name.apart`);
the writers only read it, so that a row, its steps and the terminal never disagree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from auditor.history.same_name import Gathered
from auditor.names import shown_as


def service_shown(finding: Gathered, told: Mapping[str, str]) -> str:
    """``finding``'s service as shown, with what tells it apart from another finding of
    its line under the same name (``told``: the report's,
    :attr:`~auditor.audit_report.AuditReport.told`)."""
    return shown_as(finding.service, told.get(finding.id, ""))


def group_shown(service: str, findings: Iterable[Gathered], told: Mapping[str, str]) -> str:
    """A group's ``service`` (its ``findings``: a thing to do, a row of By service) as
    shown: told apart as its findings are, when they all are alike."""
    names = {service_shown(f, told) for f in findings}
    return names.pop() if len(names) == 1 else service
