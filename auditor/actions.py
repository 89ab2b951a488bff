"""The steps a user takes about a finding, in order, for the finding's carrier.

Numbers, commands, app paths and the appeal ladder come from the catalog
(``auditor/catalog/<carrier>.toml`` and ``escalation.toml``); this module only orders
them and fills in the finding's service, months and amount. Every SMS step carries the
command's confidence; self-service steps (app, SMS, web) carry a note to avoid the
carriers' night maintenance window, and no step suggests it.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from auditor.catalog import CARRIER_IDS, Carrier, Escalation, load_carrier, load_escalation
from auditor.model import Action, Finding
from auditor.values import format_fen, month_add

SELF_SERVICE = ("app", "sms", "web")


def appeal_deadline(earliest_month: str, months: int) -> date:
    """The last day to appeal a billing dispute about ``earliest_month``.

    The bill for a month is issued at the start of the next one; counting ``months``
    from then and stopping the day before is the cautious reading of "billing disputes
    older than 5 months are refused": 2026-10 → 2027-03-31.
    """
    last = month_add(earliest_month, months)
    year, month = int(last[:4]), int(last[5:7])
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class _Steps:
    """Actions being collected for one finding, with the data they are built from."""

    finding: Finding
    carrier: Carrier | None
    ladder: Escalation
    as_of: date
    actions: list[Action] = field(default_factory=list)

    def add(self, channel: str, text: str, to: str = "", **extra) -> None:
        """Append a step; self-service steps get the maintenance-window note."""
        action = Action(step=len(self.actions) + 1, channel=channel, text=text, to=to, **extra)
        if channel in SELF_SERVICE:
            window = self.ladder.maintenance_window
            avoid = f"避开 {window} 系统维护时段 / avoid {window}, the carrier's maintenance window"
            action.note = f"{action.note}；{avoid}" if action.note else avoid
        self.actions.append(action)

    # ---------------------------------------------------------------- what the carrier has

    @property
    def hotline(self) -> str:
        """The carrier's service number, or ``""`` (a brand not in the catalog)."""
        return self.carrier.hotline if self.carrier else ""

    @property
    def call(self) -> str:
        """How to say "call the service line" for this carrier."""
        if self.hotline:
            return f"致电 {self.hotline}"
        return (
            "致电该品牌的客服热线（见官网、App 或 SIM 卡包装） / call the brand's own service line"
        )

    def commands(self, purpose: str) -> list:
        """The carrier's SMS commands for ``purpose``, most certain first."""
        return self.carrier.commands(purpose) if self.carrier else []

    def sms(self, purpose: str, intro: str) -> None:
        """One step per SMS command of ``purpose``, each with its confidence and note."""
        for command in self.commands(purpose):
            self.add(
                "sms",
                f"{intro}：发送「{command.text}」到 {command.to}",
                to=command.to,
                confidence=command.confidence,
                note=command.note,
            )

    # -------------------------------------------------------------------- shared steps

    @property
    def service(self) -> str:
        """The finding's service name, quoted for step texts."""
        return f"「{self.finding.service}」" if self.finding.service else "该账单"

    @property
    def money(self) -> str:
        """ "6.00 元（2026-10）": the disputed amount and its months."""
        return f"{format_fen(self.finding.amount_fen)} 元（{'、'.join(self.finding.periods)}）"

    def check_list(self) -> None:
        """Look at the line's service list: app path and the list command where they exist."""
        carrier = self.carrier
        if carrier and carrier.app and carrier.app_list_path:
            self.add(
                "app",
                f"在{carrier.app}打开「{carrier.app_list_path}」，查看{self.service}是否仍在已订业务中"
                f"并截图 / check the service list in the app",
                to=carrier.app,
            )
        self.sms("list", "查询已订业务 / list subscribed services")
        if not (carrier and carrier.app_list_path) and not self.commands("list"):
            self.add(
                "hotline",
                f"{self.call}，查询本号码的已订业务清单 / ask for the list of subscribed services",
                to=self.hotline,
            )

    def cancel_in_app(self, prefix: str = "", due: date | None = None, again: bool = False) -> bool:
        """Cancel through the app when the catalog knows its path; False when it does not."""
        carrier = self.carrier
        if not (carrier and carrier.app and carrier.app_cancel_path):
            return False
        english = "if it is still listed, cancel it again" if again else "cancel it"
        self.add(
            "app",
            f"{prefix}在{carrier.app}按「{carrier.app_cancel_path}」退订{self.service}，"
            f"截图保存退订结果 / {english} in the app and keep a screenshot",
            to=carrier.app,
            due=due,
        )
        return True

    def either_or(self, first: int) -> None:
        """Mark the steps from index ``first`` on as alternatives: one of them is enough."""
        for action in self.actions[first + 1 :]:
            action.text = f"或 / or: {action.text}"

    def evidence(self) -> None:
        """Keep the ticket number and screenshots."""
        self.add(
            "evidence",
            "记下每次联系的工单号、时间和客服工号；保存账单、已订业务和退订结果的截图"
            " / keep the ticket number (工单号), dates and screenshots of the bill"
            " and the service list",
        )

    def escalate(self, demand: str) -> None:
        """The carrier's complaint channel, then the MIIT appeal centre, then 12315/12321."""
        ladder, carrier = self.ladder, self.carrier
        days = ladder.carrier_reply_days
        if carrier and carrier.complaint_line:
            self.add(
                "complaint",
                f"若客服拒绝或未解决：拨打投诉电话 {carrier.complaint_line} 正式投诉，{demand}；"
                f"运营商应在 {days} 天内答复 / complain on the complaint line",
                to=carrier.complaint_line,
                confidence=carrier.complaint_confidence,
                note=carrier.complaint_note,
            )
        else:
            self.add(
                "complaint",
                f"若客服拒绝或未解决：{self.call}，要求登记正式投诉，{demand}；"
                f"运营商应在 {days} 天内答复 / file a formal complaint with the carrier",
                to=self.hotline,
            )
        if carrier and carrier.complaint_web:
            self.add(
                "web",
                f"也可在网上提交投诉：{carrier.complaint_web} / or use the online complaint form",
                to=carrier.complaint_web,
            )
        opens = self.as_of + timedelta(days=ladder.appeal_after_days)
        limit_months = ladder.billing_deadline_months
        periods = self.finding.periods
        # Each month's dispute has its own limit: only the months still inside it count.
        late = [m for m in periods if appeal_deadline(m, limit_months) < self.as_of]
        still = [m for m in periods if m not in late]
        deadline = appeal_deadline(still[0], limit_months) if still else None
        limit, note = "", ladder.appeal_phone_note
        if deadline:
            limit = (
                f"；计费争议须在 {limit_months} 个月内申诉，按仍可申诉的最早月份 "
                f"{still[0]} 计，最迟 {deadline:%Y-%m-%d}"
            )
        if late and still:
            note = (
                f"{'、'.join(late)} 已超过 {limit_months} 个月申诉期限，只能就 "
                f"{'、'.join(still)} 申诉 / {', '.join(late)} are past the appeal limit; "
                f"{note}"
            )
        elif late:
            self.add(
                "appeal",
                f"争议月份均已超过 {limit_months} 个月的计费争议申诉期限，工信部申诉中心不再受理；"
                f"仍可向运营商投诉并保留记录 / every disputed month is past the "
                f"{limit_months}-month appeal limit: keep complaining to the carrier",
                note=note,
            )
            self._parallel()
            return
        if deadline and deadline < opens:
            note = f"期限早于 {opens:%Y-%m-%d}：尽快投诉并在期限前申诉 / deadline is near; {note}"
        self.add(
            "appeal",
            f"投诉 {ladder.appeal_after_days} 天（{opens:%Y-%m-%d} 起）仍无满意答复：向"
            f"{ladder.appeal_name}申诉，电话 {ladder.appeal_phone} 或网站 {ladder.appeal_web}；"
            f"写明运营商、具体诉求（{demand}）和事实，附已先向运营商投诉的工单号{limit}"
            f" / appeal to the {ladder.appeal_name_en} from {opens:%Y-%m-%d}"
            + (f", by {deadline:%Y-%m-%d}" if deadline else ""),
            to=ladder.appeal_phone,
            opens=opens,
            due=deadline,
            note=note,
        )
        self._parallel()

    def _parallel(self) -> None:
        """The channels open alongside the appeal (12315, and 12321 for SP charges)."""
        third_party = bool(self.finding.details.get("third_party"))
        for channel in self.ladder.parallel:
            if channel.applies_to == "all" or (channel.applies_to == "third-party" and third_party):
                self.add(
                    "appeal",
                    f"同时可向 {channel.to}（{channel.name}）反映 / in parallel: {channel.to}",
                    to=channel.to,
                )


# ---------------------------------------------------------------------------- per rule


def _lingering(s: _Steps) -> None:
    f = s.finding
    if f.details.get("expires"):
        ended = f"已于 {f.details['expires']} 失效"
    elif f.details.get("cancelled"):
        ended = f"已于 {f.details['cancelled']} 退订"
    else:
        ended = f"已于 {f.details.get('ended_month', '')} 结束"
    s.check_list()
    if not s.cancel_in_app("若仍在已订业务中，再次退订：", again=True):
        s.sms("cancel", f"若仍在已订业务中，再次退订{s.service}")
    s.add(
        "hotline",
        f"{s.call}：说明{s.service}{ended}，要求书面确认已退订，并退还退订后扣取的 "
        f"{s.money}；记下工单号 / ask for confirmation of the cancellation and a refund of "
        f"{format_fen(f.amount_fen)} for {', '.join(f.periods)}",
        to=s.hotline,
    )
    s.evidence()
    s.escalate(f"退还 {s.money}")


def _unknown_vas(s: _Steps) -> None:
    f = s.finding
    charged = f.amount_fen > 0
    third_party = bool(f.details.get("third_party"))
    if f.details.get("category_level"):
        ask = f"要求列出{s.service}对应的具体业务和详单"
    else:
        provider = f.details.get("provider")
        ask = f"询问{s.service}是什么业务" + (f"、提供商（{provider}）" if provider else "")
        ask += "、何时以何种方式订购、是否有二次确认记录"
    s.add("hotline", f"{s.call}，{ask} / ask what it is and how it was ordered", to=s.hotline)
    s.check_list()
    first_cancel = len(s.actions)
    s.cancel_in_app()
    if "彩铃" in f.service:
        s.sms("cancel-ringtone", f"退订{s.service}")
    if third_party:
        s.sms("cancel-sp", f"退订第三方业务{s.service}")
    s.sms("cancel", f"退订{s.service}")
    s.either_or(first_cancel)
    if charged:
        s.add(
            "hotline",
            f"如从未同意订购（没有二次确认），要求退还 {s.money} / if you never confirmed "
            f"the order, ask for a refund of {format_fen(f.amount_fen)}",
            to=s.hotline,
        )
    s.evidence()
    if charged:
        s.escalate(f"退订并退还 {s.money}")


def _next_month(s: _Steps) -> None:
    f = s.finding
    period, monthly = f.period, format_fen(f.monthly_fen or 0)
    if f.change == "start":
        s.add(
            "evidence",
            f"核对 {period} 账单：{s.service}应从该月起计费，每月约 {monthly} 元"
            f" / check the {period} bill: first charge of {monthly}",
        )
        first = date(int(period[:4]), int(period[5:7]), 1)
        cancel = f"如非本人办理或不再需要，请在 {first:%Y-%m-%d} 生效前取消："
        before = first - timedelta(days=1)
        if not s.cancel_in_app(cancel, due=before):
            text = f"{cancel}{s.call} / cancel before it starts"
            s.add("hotline", text, to=s.hotline, due=before)
        if f.details.get("category") == "plan":
            s.add(
                "hotline",
                "若当前套餐有合约期，改套餐前先确认是否需要解约及违约金"
                " / a contract (合约期) may need early termination before a plan change",
                to=s.hotline,
            )
    else:
        last = f.details.get("last_charged_month", month_add(period, -1))
        s.add(
            "evidence",
            f"{last} 仍按整月收取{s.service}（次月生效/月底失效，属正常）；"
            f"核对 {period} 账单不应再有该项"
            f" / {last} is still charged in full; the {period} bill should not show it",
        )
        s.add(
            "hotline",
            f"若 {period} 账单仍扣费，即为退订后仍扣费：保存账单截图，并{s.call}要求退费"
            f" / if {period} still charges it, keep the bill and ask for a refund",
            to=s.hotline,
        )


def _bill_total(s: _Steps) -> None:
    f = s.finding
    stated = format_fen(f.details.get("stated_fen", 0))
    parsed = format_fen(f.details.get("parsed_fen", 0))
    app = s.carrier.app if s.carrier and s.carrier.app else ""
    unreadable = int(f.details.get("unreadable_rows") or 0)
    if unreadable:
        # The gap is most likely auditor's own: rows of the file it could not read.
        s.add(
            "evidence",
            f"先查看报告「未读行 Unread rows」表中该文件的 {unreadable} 行："
            f"改正或重新导出后再检查；差额多半在其中，无需向运营商投诉 / first look at the "
            f"{unreadable} unread row(s) of this file in the Unread rows sheet: fix or "
            "re-export and audit again; the difference is most likely there",
        )
        s.add(
            "hotline",
            f"若改正后仍不符：{s.call}，索取 {f.period} 详单并请其解释差额"
            f" / if it still does not add up, ask for the detailed bill (详单)",
            to=s.hotline,
        )
        return
    s.add(
        "app" if app else "web",
        f"重新导出或下载 {f.period} 的完整账单，确认是否漏了明细项目"
        f" / re-export the {f.period} bill and check for missing items",
        to=app,
    )
    s.add(
        "hotline",
        f"{s.call}，索取 {f.period} 详单，请其解释合计 {stated} 元与明细合计 {parsed} 元相差 "
        f"{format_fen(f.amount_fen)} 元 / ask for the detailed bill (详单) and an explanation",
        to=s.hotline,
    )
    s.evidence()
    if f.amount_fen > 0:
        s.escalate(f"解释并退还多收的 {format_fen(f.amount_fen)} 元（{f.period}）")


_BUILDERS: dict[str, Callable[[_Steps], None]] = {
    "lingering-charge": _lingering,
    "unknown-vas": _unknown_vas,
    "next-month-effective": _next_month,
    "bill-total-mismatch": _bill_total,
}


def steps_for(
    finding: Finding, as_of: date, carrier: Carrier | None, ladder: Escalation
) -> list[Action]:
    """The ordered steps for ``finding`` from the given catalog data (``None``: unknown brand)."""
    build = _BUILDERS.get(finding.rule)
    if build is None:
        return []
    steps = _Steps(finding, carrier, ladder, as_of)
    build(steps)
    # A carrier's cautions are about its SMS commands: they go with the first SMS step.
    sms = [a for a in steps.actions if a.channel == "sms"]
    if sms and carrier and carrier.cautions:
        sms[0].note = "；".join([sms[0].note, *carrier.cautions])
    return steps.actions


def actions_for(finding: Finding, as_of: date) -> list[Action]:
    """The ordered steps a user takes about ``finding``, for its carrier, as of ``as_of``."""
    carrier = load_carrier(finding.carrier) if finding.carrier in CARRIER_IDS else None
    return steps_for(finding, as_of, carrier, load_escalation())
