"""Rule ``suspended-line``: a suspended line (停机) still charged: 停机 is not 销户."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import ClassVar

from auditor.actions import Steps, contract_clause
from auditor.model import Finding, FindingDetails
from auditor.rules.base import AuditContext, Rule
from auditor.rules.facts import ChargeFact, ServiceFact, carrier_of, evidence, monthly_amounts
from auditor.rules.fees import LineFacts, by_line, contract_until, running_contract, says
from auditor.rules.formatting import as_billed, months_text, yuan
from auditor.words import NOT_SUSPENSION_WORDS, SUSPENSION_WORDS

#: The finding's service when only the service list shows the suspension (audit spec).
SUSPENDED = "停机"
BILL, LIST = "bill", "service list"


@dataclass(frozen=True)
class SuspendedLineDetails(FindingDetails):
    """Since when the line shows suspended, what shows it, and what each month cost."""

    suspended_since: str  # the first month of the run of suspended months
    shown_by: list[str] = field(default_factory=list)  # "bill", "service list"
    monthly_amounts_fen: dict[str, int] = field(default_factory=dict)
    contract: str = ""  # a contract the line's list shows running, if any
    contract_until: str = ""  # its last day, "" when the list gives none


#: A character every suspension word holds: a name without it says no suspension, and
#: needs no folding to tell (a bill's 200,000 usage items are asked).
SUSPENSION_MARK = "停"


def _says_suspended(*texts: str) -> bool:
    """True for a name or status that says suspended (停机, 停机保号, 报停), not one of the
    functions that only mention it (余额不足停机提醒, 停复机)."""
    return any(
        SUSPENSION_MARK in unicodedata.normalize("NFKC", t or "")
        and says(t, SUSPENSION_WORDS)
        and not says(t, NOT_SUSPENSION_WORDS)
        for t in texts
    )


class SuspendedLine(Rule[SuspendedLineDetails]):
    """A line the bill or the service list shows as suspended is still charged.

    Suspended means a bill item that says so and is charged (停机保号费 5.00, 报停; a
    0.00 row is an empty line of the bill's template), or a service-list entry that
    does (a 停机保号 entry, a status 停机) and has not ended; free functions that only
    mention it (余额不足停机提醒, 停复机) do not. The suspended months are those
    with such an item, and those from the entry's start on (the line's latest month when
    the list gives no date). The finding is about the run of suspended months that ends
    with the line's latest billed month (a line switched on again is not reported), when
    the line was charged in it: its ``amount`` is everything the line was charged in
    those months, ``monthly`` the latest month's, and the message gives the yearly cost.
    It names the suspension item as billed, or ``停机`` when only the list shows it. The
    steps explain 停机 versus 销户 and how to close the line with that carrier (the
    catalog's ``[closing]``: where, what to bring, what to settle first, an online
    channel where one may exist), with the contract the list shows running.

    Why it matters: 停机 is not 销户. A suspended line keeps its number and keeps costing
    (停机保号费, or the plan's fee), and arrears on an unused card build up and can reach
    the holder's credit record; a data card bought and forgotten costs tens of yuan a
    year until it is closed.

    Fails::

        已订业务: 停机保号  5元/月  生效时间 2026-09-01
        账单 2026-09, 2026-10: 停机保号费 5.00
        → suspended-line, 停机保号费, periods 2026-09..10, amount 10.00, monthly 5.00

    Passes::

        账单 2026-10: 余额不足停机提醒 0.00     (a reminder, not a suspension)
        账单 2026-10: 集团专享套餐128元 128.00, 国内主叫 …, 停机保号费 0.00  (an empty row)
        账单 2026-08: 停机保号费 5.00;  账单 2026-09, 2026-10: 4G飞享18元套餐 18.00
        (suspended in August, switched on again since)
    """

    id: ClassVar[str] = "suspended-line"
    severity: ClassVar[str] = "low"
    label_zh: ClassVar[str] = "停机仍扣费"
    description: ClassVar[str] = (
        "A suspended line (停机) is still charged: suspension is not closing it (销户)."
    )
    details_type = SuspendedLineDetails

    def evaluate(self, ctx: AuditContext) -> list[Finding]:
        """One finding per line suspended in its latest billed month and charged then."""
        found = []
        for gathered in by_line(ctx.facts).values():
            finding = self._line(ctx, gathered)
            if finding is not None:
                found.append(finding)
        return found

    def _line(self, ctx: AuditContext, gathered: LineFacts) -> Finding | None:
        months, latest = gathered.months, gathered.latest
        if not latest:
            return None
        # A bill shows a suspension by charging for it: many print 停机保号费 0.00 on every
        # active line's bill, an empty row of their template.
        items = [
            c
            for c in gathered.charges
            if c.amount_fen > 0 and not c.category_level and _says_suspended(c.item)
        ]
        entries = [
            s
            for s in gathered.services
            if not s.shown_ended and _says_suspended(s.name, s.status_text)
        ]
        suspended = {c.period for c in items}
        for entry in entries:
            if entry.start_month is None:
                suspended.add(latest)  # a list of today that gives no date: suspended now
                continue
            end = entry.end_month or latest
            suspended |= {m for m in months if entry.start_month <= m <= end}
        if latest not in suspended:
            return None
        run: list[str] = []
        for month in reversed(months):
            if month not in suspended:
                break
            run.insert(0, month)
        charges = [c for c in gathered.charges if c.period in run]
        amounts = monthly_amounts(charges)
        amount, monthly = sum(amounts.values()), amounts.get(latest, 0)
        if amount <= 0 or monthly <= 0:
            return None  # suspended, and costing nothing
        return self._finding(ctx, gathered, run, items, entries, charges, amounts)

    def _finding(
        self,
        ctx: AuditContext,
        gathered: LineFacts,
        run: list[str],
        items: list[ChargeFact],
        entries: list[ServiceFact],
        charges: list[ChargeFact],
        amounts: dict[str, int],
    ) -> Finding:
        shown_items = [c for c in items if c.period in run]
        name = as_billed(shown_items, SUSPENDED)
        shown_by = ([BILL] if shown_items else []) + ([LIST] if entries else [])
        shown_zh = "、".join(
            ([f"账单有「{name}」"] if shown_items else [])
            + [f"已订业务显示「{e.name}」" for e in entries[:1]]
        )
        amount, monthly = sum(amounts.values()), amounts[run[-1]]
        months = months_text(run)
        contract = running_contract(gathered.services, ctx.as_of)
        message = (
            f"号码处于停机状态（{shown_zh}），但停机不等于销户：{months} 仍计费共 "
            f"{yuan(amount)} 元，最近每月 {yuan(monthly)} 元，一年约 {yuan(monthly * 12)} 元；"
            "不再使用请办理销户。"
            f" / The line is suspended (停机, shown by the {' and the '.join(shown_by)}), but "
            f"suspending is not closing (销户): charged {yuan(amount)} in {months}, latest "
            f"{yuan(monthly)} a month, about {yuan(monthly * 12)} a year. Close it if unused."
        )
        return Finding(
            rule=self.id,
            severity=self.severity,
            carrier=carrier_of(charges, entries, gathered.services),
            line=gathered.line,
            service=name,
            periods=run,
            amount_fen=amount,
            monthly_fen=monthly,
            message=message,
            evidence=evidence(entries, shown_items or charges),
            details=SuspendedLineDetails(
                suspended_since=run[0],
                shown_by=shown_by,
                monthly_amounts_fen=amounts,
                contract=contract.name if contract else "",
                contract_until=contract_until(contract) if contract else "",
            ),
        )

    def subject(self, finding: Finding) -> str:
        """The line itself: one suspension per line, whatever item shows it."""
        return SUSPENDED

    def steps(self, kit: Steps) -> None:
        """停机 versus 销户; check what it costs; the contract; settle first; close it in
        person (or online where the carrier may allow it); keep the receipt."""
        f, details = kit.finding, self.details_of(kit.finding)
        closing = kit.carrier.closing if kit.carrier else None
        monthly = yuan(f.monthly_fen)
        kit.add(
            "hotline",
            "停机不是销户：停机（含停机保号）期间号码仍保留，每月照样收费"
            f"（本号码最近每月 {monthly} 元，一年约 {yuan((f.monthly_fen or 0) * 12)} 元），"
            "欠费会累积并可能影响个人征信。"
            f"不再使用就要销户。{kit.call}，确认号码状态、每月费用、是否有欠费和未到期的合约"
            " / suspension (停机) keeps the number and keeps costing; only closing it (销户) "
            "stops the charges: ask for its status, arrears and any contract",
            to=kit.hotline,
        )
        if details.contract:
            kit.add(
                "hotline",
                f"{contract_clause(details.contract, details.contract_until)}；"
                f"销户前{kit.call}确认违约金金额 / ask what ending the contract would cost",
                to=kit.hotline,
            )
        else:
            kit.add(
                "hotline",
                "若号码有合约（合约期、承诺在网）未到期，须先解约，可能需支付违约金；向客服确认"
                " / a running contract must be ended first, possibly with a penalty (违约金)",
                to=kit.hotline,
            )
        where = closing.where if closing else "运营商自有营业厅（不是代理点）"
        bring = closing.bring if closing else "机主本人携带身份证原件和服务密码"
        for before in closing.before if closing else ():
            kit.add("store", f"销户前：{before}", to=where)
        kit.add(
            "store",
            f"到{where}办理销户：{bring}；索取并保存销户回执 / close the line (销户) in person "
            "with the holder's ID card, and keep the receipt",
            to=where,
            note=closing.company if closing and kit.company else "",
        )
        if closing and closing.online:
            kit.add(
                "app",
                f"或 / or: {closing.online}",
                confidence=closing.online_confidence,
                note=closing.online_note,
            )
        kit.add(
            "evidence",
            "保存销户回执和工单号；下月核对账单，确认不再扣费 / keep the receipt and the ticket "
            "number; check that the next bill charges nothing",
        )
        carrier = kit.carrier
        line = carrier.complaint_line if carrier and carrier.complaint_line else kit.hotline
        kit.add(
            "complaint",
            f"若营业厅拒绝办理销户或设置额外条件：拨打投诉电话 {line or '客服热线'} 投诉，"
            "记下工单号"
            " / if closing is refused, complain on the complaint line",
            to=line,
        )
