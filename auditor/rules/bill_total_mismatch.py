"""Rule ``bill-total-mismatch``: a bill's charges do not add up to its stated total."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from auditor.actions import Steps
from auditor.model import BillCheck, Evidence, Finding, FindingDetails
from auditor.rules.base import AuditContext, Rule
from auditor.rules.formatting import yuan
from auditor.values import format_fen

# A bill-level finding names no service; the writers show it as the whole bill.
BILL_SERVICE = ""


@dataclass(frozen=True)
class BillTotalMismatchDetails(FindingDetails):
    """The two totals, and the unreadable rows where the gap most likely is."""

    stated_fen: int  # the total the bill states
    parsed_fen: int  # what its items add up to
    source: str = ""  # the bill's file
    unreadable_rows: int = 0  # rows of that file that could not be read
    #: Sections of the bill whose amount is not their items' sum: where the gap shows.
    sections: tuple[str, ...] = ()


class BillTotalMismatch(Rule[BillTotalMismatchDetails]):
    """A bill states a total, and the charges read from it do not add up to it.

    Every bill (one line, one month, one file) that states a total is reconciled: the
    sum of its charges (section subtotals and the total itself are never charges) must
    equal the stated total to the fen. The finding's amount is stated − parsed; a bill
    that states no total is not checked here (the report marks it unreconciled), nor is
    one that lists only its main items (a bill-reminder SMS's 主要费用项). When
    rows of the bill's file could not be read, the finding says so plainly: the missing
    money is most likely in them.

    Why it matters: either the carrier charged money the itemised bill does not explain,
    or the export left items out; both ways the user cannot check what they paid for
    until they get the detailed bill (详单).

    Fails::

        2026-10 账单: 套餐及叠加包超出费用 6.00 / 国内通话费 2.00 / 4G流量费 2.00
        本月费用合计 41.00, items add up to 39.00
        → bill-total-mismatch, periods 2026-10, amount 2.00 (stated 41.00, parsed 39.00)

    Passes::

        2026-10 账单: 套餐及固定费 19.00, 国内通话费 1.10, 合计 20.10
    """

    id: ClassVar[str] = "bill-total-mismatch"
    severity: ClassVar[str] = "high"
    label_zh: ClassVar[str] = "账单合计不符"
    description: ClassVar[str] = "A bill's charges do not add up to its stated total."
    details_type = BillTotalMismatchDetails
    resolution: ClassVar[str] = "该月账单已能对上 / the bill now adds up"

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line and bill whose stated total differs from its charges."""
        return [self._finding(check) for check in ctx.facts.bills if check.reconciles is False]

    def _finding(self, check: BillCheck) -> Finding:
        bill, parsed = check.bill, check.parsed_total_fen
        stated, period = int(bill.stated_total_fen or 0), bill.period
        message = (
            f"{period} 账单列明合计 {yuan(stated)} 元，但读到的各项费用相加为 {yuan(parsed)} 元，"
            f"相差 {yuan(stated - parsed)} 元。 / The {period} bill states a total of "
            f"{yuan(stated)} but its items add up to {yuan(parsed)} "
            f"(difference {yuan(stated - parsed)})."
        )
        for gap in check.gaps:
            message += (
                f" 差额出在「{gap.name}」：该项列 {yuan(gap.stated_fen)} 元，其明细相加为 "
                f"{yuan(gap.summed_fen)} 元（{gap.locator}）。 / The gap is in {gap.name}: it "
                f"says {yuan(gap.stated_fen)}, its items add up to {yuan(gap.summed_fen)} "
                f"({gap.locator})."
            )
        unreadable = check.unreadable_rows
        if unreadable:
            message += (
                f" 该文件有 {unreadable} 行未能读取，差额可能就在其中（见「未读行」表）。"
                f" / {unreadable} row(s) of this file could not be read: the difference may "
                "be in them (see the Unread rows sheet)."
            )
        return Finding(
            rule=self.id,
            severity=self.severity,
            carrier=bill.carrier,
            line=bill.line,
            service=BILL_SERVICE,
            periods=[period],
            amount_fen=stated - parsed,
            monthly_fen=None,
            message=message,
            evidence=[Evidence(bill.source, bill.locator)],
            details=BillTotalMismatchDetails(
                stated_fen=stated,
                parsed_fen=parsed,
                source=bill.source,
                unreadable_rows=unreadable,
                sections=tuple(gap.name for gap in check.gaps),
            ),
        )

    def subject(self, finding: Finding) -> str:
        """The bill's month: each month's bill is its own finding."""
        return finding.periods[0]

    def steps(self, kit: Steps) -> None:
        """Look at the unread rows first; else get the full bill and the 详单, and escalate."""
        f, details = kit.finding, self.details_of(kit.finding)
        stated, parsed = format_fen(details.stated_fen), format_fen(details.parsed_fen)
        app = kit.carrier.app if kit.carrier and kit.carrier.app else ""
        unreadable = details.unreadable_rows
        if unreadable:
            # The gap is most likely auditor's own: rows of the file it could not read.
            kit.add(
                "evidence",
                f"先查看报告「未读行 Unread rows」表中该文件的 {unreadable} 行："
                f"改正或重新导出后再检查；差额多半在其中，无需向运营商投诉 / first look at the "
                f"{unreadable} unread row(s) of this file in the Unread rows sheet: fix or "
                "re-export and audit again; the difference is most likely there",
            )
            kit.add(
                "hotline",
                f"若改正后仍不符：{kit.call}，索取 {f.period} 详单并请其解释差额"
                f" / if it still does not add up, ask for the detailed bill (详单)",
                to=kit.hotline,
            )
            return
        kit.add(
            "app" if app else "web",
            f"重新导出或下载 {f.period} 的完整账单，确认是否漏了明细项目"
            f" / re-export the {f.period} bill and check for missing items",
            to=app,
        )
        kit.add(
            "hotline",
            f"{kit.call}，索取 {f.period} 详单，请其解释合计 {stated} 元与明细合计 {parsed} 元相差 "
            f"{format_fen(f.amount_fen)} 元 / ask for the detailed bill (详单) and an explanation",
            to=kit.hotline,
        )
        kit.evidence()
        if f.amount_fen > 0:
            kit.escalate(f"解释并退还多收的 {format_fen(f.amount_fen)} 元（{f.period}）")
