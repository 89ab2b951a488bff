"""Rule ``bill-total-mismatch``: a bill's charges do not add up to its stated total."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from auditor.actions import Steps
from auditor.bill_check import BillCheck
from auditor.lang import Text, counted, say
from auditor.model import Evidence, Finding, FindingDetails
from auditor.rules.base import AuditContext, Rule
from auditor.rules.formatting import yuan
from auditor.sheets import CHARGES, UNREAD
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
    read_by_ocr: bool = False  # the bill was read from a picture: a misreading may be the gap
    #: Sections of the bill whose amount is not their items' sum: where the gap shows.
    sections: tuple[str, ...] = ()
    #: Every month of the line whose bill does not add up, this one's among them, with its
    #: difference (stated − parsed): the steps ask for all of their bills at once, as the
    #: report groups them into one thing to do.
    gaps_fen: dict[str, int] = field(default_factory=dict)


class BillTotalMismatch(Rule[BillTotalMismatchDetails]):
    """A bill states a total, and the charges read from it do not add up to it.

    Every bill (one line, one month, one file) that states a total is reconciled: the
    sum of its charges (section subtotals and the total itself are never charges) must
    equal the stated total to the fen. The finding's amount is stated − parsed; a bill
    that states no total is not checked here (the report marks it unreconciled), nor is
    one that lists only its main items (a bill-reminder SMS's 主要费用项). When
    rows of the bill's file could not be read, the finding says so plainly: the missing
    money is most likely in them. Each month's bill is a finding of its own; when several
    months of a line do not add up, each finding's steps ask for all their bills at once.

    Why it matters: either the carrier charged money the itemised bill does not explain,
    or the export left items out; both ways the user cannot check what they paid for
    until they get the detailed bill (详单). So its money is not counted as disputed:
    the steps ask the carrier to explain the difference and correct the bill, a total
    larger than its items naming the difference as money charged without an item, and
    ask for no refund until an item is known to be wrong.

    Fails::

        2026-10 账单: 套餐及叠加包超出费用 6.00 / 国内通话费 2.00 / 4G流量费 2.00
        本月费用合计 41.00, items add up to 39.00
        → bill-total-mismatch, periods 2026-10, amount 2.00 (stated 41.00, parsed 39.00)

    Passes::

        2026-10 账单: 套餐及固定费 19.00, 国内通话费 1.10, 合计 20.10
    """

    doc_zh: ClassVar[str] = """
        某张账单列明了合计，而从中读到的各项费用相加与之不符。

        每张列明合计的账单（一个号码、一个月、一个文件）都要核对：各项费用之和（分项小计
        和合计本身不算费用）须与列明的合计分毫不差。报告的金额为列明合计减去读到的合计；
        没有列明合计的账单不在此核对（报告中标为未核对），只列出主要项目的账单（账单提醒
        短信的“主要费用项”）也不核对。该账单的文件有未能读取的行时，报告会直接说明：
        差额多半就在这些行里。每个月的账单各为一项发现；同一号码有几个月都对不上时，每项
        发现的处理步骤都一并索取这几个月的账单。

        为什么重要：要么运营商收了明细账单无法解释的钱，要么导出时漏了项目；无论哪种，
        用户在拿到详单之前都无法核实自己付的钱。因此差额不计为有争议的金额：处理步骤请
        运营商说明差额并更正账单（合计大于各项之和时，差额即没有对应明细的收费），在确知
        哪一项有误之前不要求退费。

        会报告：

            2026-10 账单: 套餐及叠加包超出费用 6.00 / 国内通话费 2.00 / 4G流量费 2.00
            本月费用合计 41.00，各项相加为 39.00
            → bill-total-mismatch，月份 2026-10，金额 2.00（列明 41.00，读到 39.00）

        不会报告：

            2026-10 账单: 套餐及固定费 19.00，国内通话费 1.10，合计 20.10
        """

    id: ClassVar[str] = "bill-total-mismatch"
    severity: ClassVar[str] = "high"
    label_zh: ClassVar[str] = "账单合计不符"
    label_en: ClassVar[str] = "bill total mismatch"
    description: ClassVar[str] = "A bill's charges do not add up to its stated total."
    description_zh: ClassVar[str] = "账单各项费用相加与列明的合计不符。"
    details_type = BillTotalMismatchDetails
    resolution: ClassVar[Text | None] = Text("该月账单已能对上", "the bill now adds up")
    unexplained: ClassVar[bool] = True  # a total above its items charges the difference

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line and bill whose stated total differs from its charges."""
        checks = [check for check in ctx.facts.bills if check.reconciles is False]
        gaps: dict[str, dict[str, int]] = {}  # per line, each month's difference
        for check in sorted(checks, key=lambda c: c.bill.period):
            month = gaps.setdefault(check.bill.line, {})
            period = check.bill.period
            gap = int(check.bill.stated_total_fen or 0) - check.parsed_total_fen
            month[period] = month.get(period, 0) + gap
        return [self._finding(check, gaps[check.bill.line]) for check in checks]

    def _finding(self, check: BillCheck, gaps: dict[str, int]) -> Finding:
        bill, parsed = check.bill, check.parsed_total_fen
        stated, period = int(bill.stated_total_fen or 0), bill.period
        gap_fen = stated - parsed
        message = say(
            f"{period} 账单列明合计 {yuan(stated)} 元，但读到的各项费用相加为 {yuan(parsed)} 元，"
            f"相差 {yuan(gap_fen)} 元。",
            f"The {period} bill states a total of {yuan(stated)} yuan, but the items read "
            f"from it add up to {yuan(parsed)} yuan: a difference of {yuan(gap_fen)} yuan.",
        )
        if check.read_by_ocr:
            message += say(
                "该账单的金额由 OCR 从图片读出，差额可能是识别错误：请先对照图片核对。",
                " Its amounts were read by OCR from a picture, so the difference may be a "
                "misreading: compare them with the picture first.",
            )
        for gap in check.gaps:
            said, summed = yuan(gap.stated_fen), yuan(gap.summed_fen)
            message += say(
                f"差额出在「{gap.name}」：该项列 {said} 元，其明细相加为 "
                f"{summed} 元（{gap.locator}）。",
                f" The difference is in 「{gap.name}」: it says {said} yuan, but its items "
                f"add up to {summed} yuan ({gap.locator}).",
            )
        unreadable = check.unreadable_rows
        if unreadable and check.unread_fen == gap_fen:
            # the items explain the total: auditor could not read some of them
            message += say(
                f"差额正是该文件未读行中的费用（{yuan(gap_fen)} 元）：账单本身对得上，是这些行"
                f"未能读取、未核对（见「{UNREAD.zh}」表），不是没有明细的收费。",
                f" The difference is exactly the money of this file's unread rows "
                f"({yuan(gap_fen)} yuan): the bill itself adds up; those rows could not be "
                f"read and were not checked (see the {UNREAD.en} sheet), no charge without "
                "an item.",
            )
        elif unreadable:
            message += say(
                f"该文件有 {unreadable} 行未能读取，差额可能就在其中（见「{UNREAD.zh}」表）。",
                f" {counted(unreadable, 'row')} of this file could not be read: the difference may "
                f"well be in them (see the {UNREAD.en} sheet).",
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
                read_by_ocr=check.read_by_ocr,
                sections=tuple(gap.name for gap in check.gaps),
                gaps_fen=dict(gaps),
            ),
        )

    def subject(self, finding: Finding) -> str:
        """The bill's month: each month's bill is its own finding."""
        return finding.periods[0]

    def steps(self, kit: Steps) -> None:
        """Look at the unread rows first; else get the full bill and the 详单, and escalate."""
        f, details = kit.finding, self.details_of(kit.finding)
        stated, parsed = format_fen(details.stated_fen), format_fen(details.parsed_fen)
        gap, period, (where, channel, to) = format_fen(f.amount_fen), f.period, kit.bill
        if details.read_by_ocr:
            # OCR may have misread a figure: the user checks the picture before anyone is
            # asked for money.
            kit.add(
                "evidence",
                say(
                    "先对照图片核对各项金额：它们由 OCR 读出，差额可能是识别错误"
                    f"（报告「{CHARGES.zh}」表的位置一栏标出每行在图片中的区域与识别置信度）；"
                    "核对无误后再联系运营商",
                    "first compare the amounts with the picture: they were read by OCR, and the "
                    "difference may be a misreading (the location column of the report's "
                    f"{CHARGES.en} sheet gives each row's region in the picture and how sure the "
                    "reading is); contact the carrier only once they check out",
                ),
            )
        unreadable = details.unreadable_rows
        if unreadable:
            # The gap is most likely auditor's own: rows of the file it could not read.
            kit.add(
                "evidence",
                say(
                    f"先查看报告「{UNREAD.zh}」表中该文件的 {unreadable} 行："
                    "改正或重新导出后再检查；差额多半在其中，无需向运营商投诉",
                    f"first look at the {counted(unreadable, 'unread row')} of this file in the "
                    f"report's {UNREAD.en} sheet: fix them or export the bill again, then "
                    "audit again; the difference is most likely there, nothing to complain "
                    "to the carrier about",
                ),
            )
            kit.add(
                "hotline",
                say(
                    f"若改正后仍不符：{kit.call}，索取 {period} 详单并请其解释差额",
                    f"if it still does not add up after that, {kit.call}, ask for the "
                    f"detailed bill (详单) of {period} and for an explanation of the difference",
                ),
                to=kit.hotline,
            )
            return
        # The line's other months that do not add up are asked for with this one: the
        # report shows one set of steps for them all (its first finding's).
        months = sorted(details.gaps_fen) if len(details.gaps_fen) > 1 else [period]
        # Where to export it is said of a brand's bill alone: the carrier's app is the
        # step's channel and To already, and an unnamed place says nothing the step's
        # label does not (the Summary shows this step: its page has no line to spare).
        lead = say(where, f"{where}, ") if to != kit.app else ""
        if len(months) == 1:
            export = say(
                f"{lead}重新导出或下载 {period} 的完整账单",
                f"{lead}export or download the whole {period} bill again",
            )
            explain = say(
                f"{kit.call}，索取 {period} 详单，请其解释合计 {stated} 元与明细合计 {parsed} 元"
                f"相差 {gap} 元",
                f"{kit.call}, ask for the detailed bill (详单) of {period}, and ask them to "
                f"explain why the stated total of {stated} yuan and the items' {parsed} yuan "
                f"differ by {gap} yuan",
            )
        else:
            listed = say("、".join(months), f"{', '.join(months[:-1])} and {months[-1]}")
            each = [(m, format_fen(details.gaps_fen[m])) for m in months]
            export = say(
                f"{lead}重新导出或下载 {listed} 的完整账单",
                f"{lead}export or download the whole bills of {listed} again",
            )
            explain = say(
                f"{kit.call}，索取 {listed} 详单，请其解释各月合计与明细合计的差额："
                + "，".join(f"{m} 相差 {fen} 元" for m, fen in each),
                f"{kit.call}, ask for the detailed bills (详单) of {listed}, and ask them to "
                "explain the difference between each one's stated total and its items: "
                + ", ".join(f"{fen} yuan in {m}" for m, fen in each),
            )
        kit.add(
            channel,
            export + say("，确认是否漏了明细项目", ", and check whether items were left out"),
            to=to,
        )
        kit.add("hotline", explain, to=kit.hotline)
        kit.evidence(
            say("账单（每一页）和详单", "the bill (every page) and the detailed bill (详单)")
        )
        # The months whose total is larger than their items, this one's or any of them:
        # the difference is money charged without an item. What it is only the carrier's
        # detailed bill tells (an export may have left an item out), so it is not counted
        # as disputed money (Rule.disputed), and what is asked is an explanation and a
        # corrected bill, not a refund.
        over = {m: fen for m, fen in details.gaps_fen.items() if m in months and fen > 0}
        if len(months) == 1 and f.amount_fen > 0:
            over = {period: f.amount_fen}
        if len(over) == 1:
            [(month, fen)] = over.items()
            kit.escalate(
                say(
                    f"说明并更正 {month} 账单合计中没有对应明细的 {format_fen(fen)} 元",
                    f"an explanation of the {format_fen(fen)} yuan the {month} bill's total "
                    "charges without an item, and a corrected bill",
                )
            )
        elif over:
            total = format_fen(sum(over.values()))
            kit.escalate(
                say(
                    f"说明并更正账单合计中没有对应明细的 {total} 元（"
                    + "，".join(f"{m} {format_fen(fen)} 元" for m, fen in sorted(over.items()))
                    + "）",
                    f"an explanation of the {total} yuan the bills' totals charge without an "
                    "item ("
                    + ", ".join(f"{format_fen(fen)} yuan in {m}" for m, fen in sorted(over.items()))
                    + "), and corrected bills",
                )
            )
