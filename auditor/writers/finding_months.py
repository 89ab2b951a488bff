"""The Finding months sheet (按月发现): one row per finding and month, so that a finance team
pivots the findings by month (the Findings sheet lists a finding's months in one cell).

A month's amount is what the bills charged that month for the finding's service (by
:func:`~auditor.names.service_key`, as the rules match names, under any name its charges
go by: :func:`~auditor.history.records.name_keys`), and only when those
months add up to the finding's own amount: otherwise (a duplicate's extra copy, a bill's
gap, a coming price) the month's amount is left empty rather than guessed, and the
finding's amount stands on its first month. The month's disputed money is what is still
disputed of its amount where the finding disputes money and shows that month (no other
finding of its service holds more of it:
:attr:`~auditor.writers.figures.Counted.shown_months`): the refunds recorded taken off as
the claims set them, the oldest months first
(:meth:`~auditor.history.claims.Claim.left_by_month`), so that the months add up to the
finding's claimable money and disputed money pivots by month.
"""

from __future__ import annotations

import functools

from auditor.audit_report import AuditReport
from auditor.history.records import name_keys
from auditor.lang import Text
from auditor.model import Finding
from auditor.names import service_key
from auditor.sheets import FINDING_MONTHS
from auditor.writers import figures
from auditor.writers.labels import bill_level, finding_label, holder_shown
from auditor.writers.listings import DISPUTED, LINE, OWNER, RULE, RULE_ID, SERVICE
from auditor.writers.report_figures import ReportFigures
from auditor.writers.sheet import Column, Listing
from auditor.writers.shown import service_shown

COLUMNS = [
    Column(Text("发现 #", "Finding #"), "int"),
    Column(Text("编号", "Id"), "plain"),
    Column(RULE),
    Column(LINE),
    Column(OWNER),
    Column(Text("部门", "Group")),
    Column(SERVICE),
    Column(Text("账期", "Month"), "plain"),
    Column(Text("当月金额", "Amount that month"), "money"),
    Column(Text("当月已多扣", "Disputed that month"), "money"),
    Column(Text("发现金额", "Finding's amount"), "money"),
    Column(DISPUTED, "money"),
    RULE_ID,
]


def finding_months(report: AuditReport, shown: ReportFigures) -> Listing:
    """The Finding months sheet (see the module docstring); ``shown``: the report's
    figures (a month's disputed money is shown on the finding
    :attr:`~auditor.writers.figures.Counted.shown_months` says)."""
    charged = _charged(report)
    counted = shown.counted
    # each line's holder of a month once (a company's 3,000 findings are of 100 lines)
    holder = functools.cache(lambda line, month: holder_shown(report, line, month))
    rows = []
    for number, finding in enumerate(report.findings, 1):
        months = finding.periods or [""]
        split = _split(finding, charged)
        # the month's disputed money, where the finding disputes money and shows the
        # month (not another finding of the same service and month): what no refund
        # covers of it
        disputed = (
            {month: held.left for month, held in counted.shown_months[id(finding)].items()}
            if split and id(finding) in counted.shown_months and _known(finding, split, report)
            else {}
        )
        for index, month in enumerate(months):
            first = index == 0
            rows.append(
                [
                    number,
                    finding.id,
                    finding_label(finding.rule, finding.periods),
                    finding.line,
                    *holder(finding.line, month),
                    service_shown(finding, shown.told) or bill_level(),
                    month,
                    split.get(month) if split else None,
                    disputed.get(month) if disputed else None,
                    finding.amount_fen if first else None,
                    (counted.claimable_shown(finding) or None) if first else None,
                    finding.rule,
                ]
            )
    return Listing(FINDING_MONTHS, COLUMNS, rows)


def _charged(report: AuditReport) -> dict[tuple[str, str, str], int]:
    """What the bills (given and stored) charged per line, month and service name, in
    the months of the findings that :func:`_split` asks about (a long bill's 200,000
    items are keyed only when a finding is of their line and month)."""
    asked = {(f.line, month) for f in report.findings if f.service for month in f.periods}
    charged: dict[tuple[str, str, str], int] = {}
    for result in [*report.readable_inputs, *report.stored]:
        for charge in result.charges:
            if (charge.line, charge.period) not in asked:
                continue
            key = (charge.line, charge.period, service_key(charge.item))
            charged[key] = charged.get(key, 0) + charge.amount_fen
    return charged


def _known(finding: Finding, split: dict[str, int], report: AuditReport) -> bool:
    """Whether ``finding``'s claim has the bills' months (``split``: its amount by them),
    so that its months' disputed money is shown: never a guess."""
    return figures.claim_of(finding, report.claims).months == split


def _split(finding: Finding, charged: dict[tuple[str, str, str], int]) -> dict[str, int]:
    """The finding's amount month by month, when the bills' charges for its service in
    its months add up to it exactly (else nothing: never a guess)."""
    if not finding.service or finding.change is not None:
        return {}
    keys = name_keys(finding)  # 咪咕视频会员, and 咪咕视频会员费 in October
    split = {m: sum(charged.get((finding.line, m, k), 0) for k in keys) for m in finding.periods}
    return split if sum(split.values()) == finding.amount_fen else {}
