"""The toolkit every rule builds its steps with: what a user does about a finding.

A rule says which steps its findings need (``Rule.steps``), in order, with the shared
steps of :class:`Steps`: look at the service list, cancel (app, SMS), ask (the service
line), keep evidence, and escalate (the complaint line, then the MIIT appeal centre
after 15 days and within 5 months, with their dates). Numbers, commands, app paths and
the appeal ladder come from the catalog (``auditor/catalog/<carrier>.toml`` and
``escalation.toml``); this module fills in the finding's service, months and amount.
Every SMS step carries the command's confidence; self-service steps (app, SMS, web)
carry a note to avoid the carriers' night maintenance window, and no step suggests it.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from auditor.catalog import CARRIER_IDS, Carrier, Escalation, load_carrier, load_escalation
from auditor.model import Action, Finding, UserRecord
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


def contract_clause(contract: str, until: str) -> str:
    """What a step that changes, suspends or closes a plan says while the service list
    shows a contract running (audit spec, "Actions"): until when, and that ending it
    earlier may cost a penalty (违约金). ``""`` without a contract."""
    if not contract:
        return ""
    if until:
        end_zh, end_en = f"至 {until} 仍在期内", f"runs until {until}"
    else:
        end_zh = "仍在期内（已订业务未列明到期日，请向客服确认）"
        end_en = "is running (the list gives no end date: ask)"
    return (
        f"注意：已订业务显示合约「{contract}」{end_zh}，期内改套餐、停机或销户需先解约，"
        f"可能需支付违约金 / the contract {end_en}: ending it earlier may cost a penalty (违约金)"
    )


#: Whom a company's line calls (its number is the company's own, never in the catalog).
ACCOUNT_MANAGER = "集团客户经理 account manager"
COMPANY_SELF_SERVICE = (
    "公司号码的自助办理可能受限，以客户经理为准（未核实） / a company line may not be changed "
    "by self-service: ask the account manager (unverified)"
)


@dataclass
class Steps:
    """Actions being collected for one finding, with the data they are built from."""

    finding: Finding
    carrier: Carrier | None
    ladder: Escalation
    as_of: date
    actions: list[Action] = field(default_factory=list)
    #: A company's line (集团/政企, ``account = "company"``): handled through the account's
    #: manager, not the consumer hotline, and self-service may be closed to it.
    company: bool = False

    def add(self, channel: str, text: str, to: str = "", **extra) -> None:
        """Append a step; self-service steps get the maintenance-window note (and, for a
        company's line, that the account manager may have to do it)."""
        action = Action(step=len(self.actions) + 1, channel=channel, text=text, to=to, **extra)
        if channel in SELF_SERVICE:
            window = self.ladder.maintenance_window
            notes = [action.note] if action.note else []
            if self.company:
                notes.append(COMPANY_SELF_SERVICE)
            notes.append(
                f"避开 {window} 系统维护时段 / avoid {window}, the carrier's maintenance window"
            )
            action.note = "；".join(notes)
        self.actions.append(action)

    # ---------------------------------------------------------------- what the carrier has

    @property
    def hotline(self) -> str:
        """Whom to call: the carrier's service number, or ``""`` (a brand not in the
        catalog); a company's line calls its account manager."""
        if self.company:
            return ACCOUNT_MANAGER
        return self.carrier.hotline if self.carrier else ""

    @property
    def call(self) -> str:
        """How to say "call the service line" for this carrier (or the account manager)."""
        if self.company:
            return (
                "联系贵公司的集团客户经理（政企客户服务） / ask your company's account manager "
                "(集团客户经理)"
            )
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
        """ "6.00 元（2026-10）": the disputed amount and its months, less what the user
        recorded as refunded."""
        finding, months = self.finding, "、".join(self.finding.periods)
        refunded = finding.refunded_fen
        if not refunded:
            return f"{format_fen(finding.amount_fen)} 元（{months}）"
        left = max(0, finding.amount_fen - refunded)
        return (
            f"{format_fen(left)} 元（{months} 共 {format_fen(finding.amount_fen)} 元，"
            f"已退 {format_fen(refunded)} 元）"
        )

    @property
    def complaint(self) -> UserRecord | None:
        """The user's latest recorded complaint about the finding, if any."""
        made = [r for r in self.finding.records if r.kind == "complaint"]
        return max(made, key=lambda r: (r.on, r.id)) if made else None

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

    def cancel_by_call(self, first: int) -> None:
        """Cancel through the service line when no step from index ``first`` on cancels
        (a carrier with neither an app path nor an SMS command in the catalog)."""
        if len(self.actions) == first:
            self.add(
                "hotline",
                f"{self.call}，要求退订{self.service}并确认退订成功，记下工单号"
                " / ask the service line to cancel it, and note the ticket number",
                to=self.hotline,
            )

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

    def escalate(self, demand: str, third_party: bool = False) -> None:
        """The carrier's complaint channel, then the MIIT appeal centre, with 12315 beside
        it (and 12321 for a ``third_party`` charge: one collected for an SP)."""
        ladder, carrier = self.ladder, self.carrier
        days = ladder.carrier_reply_days
        made = self.complaint
        if made:
            # The user has complained: the answer is due, and the appeal counts from it.
            answer_by = made.on + timedelta(days=days)
            line = carrier.complaint_line if carrier and carrier.complaint_line else self.hotline
            self.add(
                "complaint",
                f"你已于 {made.describe()} 投诉：运营商应在 {days} 天内（{answer_by:%Y-%m-%d} 前）"
                f"答复；到期未解决可致电 {line or '客服热线'} 催办并记下新的工单号"
                f" / you complained on {made.on:%Y-%m-%d}: the answer is due by "
                f"{answer_by:%Y-%m-%d}",
                to=line,
                due=answer_by,
            )
        elif carrier and carrier.complaint_line:
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
        if carrier and carrier.complaint_web and not made:
            self.add(
                "web",
                f"也可在网上提交投诉：{carrier.complaint_web} / or use the online complaint form",
                to=carrier.complaint_web,
            )
        # The appeal opens 15 days after the complaint: the user's, or one made today.
        opens = (made.on if made else self.as_of) + timedelta(days=ladder.appeal_after_days)
        ticket = f"投诉工单号 {made.ticket}" if made and made.ticket else "已先向运营商投诉的工单号"
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
            self._parallel(third_party)
            return
        if deadline and deadline < opens:
            note = f"期限早于 {opens:%Y-%m-%d}：尽快投诉并在期限前申诉 / deadline is near; {note}"
        self.add(
            "appeal",
            f"投诉 {ladder.appeal_after_days} 天（{opens:%Y-%m-%d} 起）仍无满意答复：向"
            f"{ladder.appeal_name}申诉，电话 {ladder.appeal_phone} 或网站 {ladder.appeal_web}；"
            f"写明运营商、具体诉求（{demand}）和事实，附{ticket}{limit}"
            f" / appeal to the {ladder.appeal_name_en} from {opens:%Y-%m-%d}"
            + (f", by {deadline:%Y-%m-%d}" if deadline else ""),
            to=ladder.appeal_phone,
            opens=opens,
            due=deadline,
            note=note,
        )
        self._parallel(third_party)

    def _parallel(self, third_party: bool) -> None:
        """The channels open alongside the appeal (12315, and 12321 for SP charges)."""
        for channel in self.ladder.parallel:
            if channel.applies_to == "all" or (channel.applies_to == "third-party" and third_party):
                self.add(
                    "appeal",
                    f"同时可向 {channel.to}（{channel.name}）反映 / in parallel: {channel.to}",
                    to=channel.to,
                )


def steps_for(
    finding: Finding,
    build: Callable[[Steps], None],
    as_of: date,
    carrier: Carrier | None,
    ladder: Escalation,
    company: bool = False,
) -> list[Action]:
    """The ordered steps ``build`` (a rule's ``steps``) gives ``finding``, from the given
    catalog data (``carrier`` ``None``: a brand the catalog does not know); ``company``
    for a company's line."""
    steps = Steps(finding, carrier, ladder, as_of, company=company)
    build(steps)
    # A carrier's cautions are about its SMS commands: they go with the first SMS step.
    sms = [a for a in steps.actions if a.channel == "sms"]
    if sms and carrier and carrier.cautions:
        sms[0].note = "；".join([sms[0].note, *carrier.cautions])
    return steps.actions


def actions_for(
    finding: Finding, build: Callable[[Steps], None], as_of: date, company: bool = False
) -> list[Action]:
    """The ordered steps ``build`` gives ``finding``, for its carrier, as of ``as_of``
    (``company``: a company's line)."""
    carrier = load_carrier(finding.carrier) if finding.carrier in CARRIER_IDS else None
    return steps_for(finding, build, as_of, carrier, load_escalation(), company)
