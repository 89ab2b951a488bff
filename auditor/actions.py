"""The toolkit every rule builds its steps with: what a user does about a finding.

A rule says which steps its findings need (``Rule.steps``), in order, with the shared
steps of :class:`Steps`: look at the service list, cancel (app, SMS), ask (the service
line), keep evidence, and escalate (the complaint line, then the MIIT appeal centre
after 15 days and within 5 months, with their dates). Numbers, commands, app paths and
the appeal ladder come from the catalog (``auditor/catalog/<carrier>.toml`` and
``escalation.toml``), worded once for a carrier, account and language
(:mod:`auditor.wording`); this module fills in the finding's service, months and amount.
Every SMS step carries the command's confidence; self-service steps (app, SMS, web)
carry a note to avoid the carriers' night maintenance window, and no step suggests it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from auditor.catalog import Carrier, Escalation
from auditor.escalation import escalate, latest_complaint
from auditor.finding_state import (
    cancel_checked,
    charge_stopped,
    ending_cancel,
    money_asked,
    recorded_cancel,
    still_listed_on,
)
from auditor.lang import say
from auditor.model import Action, Finding, UserRecord
from auditor.names import service_key, shown_as
from auditor.ports import earlier_asks
from auditor.wording import (
    BillLookup,
    ShownCommand,
    Wording,
    capitalized,
    joined,
    uncapitalized,
    via_main_card,
)

SELF_SERVICE = ("app", "sms", "web")


@dataclass
class Steps:
    """Actions being collected for one finding, with the data they are built from;
    ``told``: what tells its service apart from another of its line billed under the
    same name (手机报: 信息费（手机报）, :attr:`auditor.audit_report.AuditReport.told`);
    ``main``: the line's main card when it is a 副卡 (the settings' ``main_card``)."""

    finding: Finding
    wording: Wording
    as_of: date
    actions: list[Action] = field(default_factory=list)
    told: str = ""
    main: str = ""

    def add(
        self,
        channel: str,
        text: str,
        to: str = "",
        *,
        confidence: str = "",
        note: str = "",
        opens: date | None = None,
        due: date | None = None,
    ) -> None:
        """Append a step (an :class:`~auditor.model.Action`'s fields); self-service steps
        get the maintenance-window note (and, for a company's line, that the account
        manager may have to do it)."""
        if channel in SELF_SERVICE:
            note = joined([note, self.wording.self_service])
        note = joined([note, via_main_card(channel, self.main, self.wording.hotline)])
        step, text, note = len(self.actions) + 1, capitalized(text), capitalized(note)
        self.actions.append(Action(step, channel, text, to, confidence, note, opens, due))

    # ---------------------------------------------------------------- what the carrier has

    @property
    def carrier(self) -> Carrier | None:
        """The carrier's catalog entry; ``None`` for a brand the catalog does not know."""
        return self.wording.carrier

    @property
    def ladder(self) -> Escalation:
        """The appeal ladder."""
        return self.wording.ladder

    @property
    def company(self) -> bool:
        """A company's line (集团/政企, ``account = "company"``): handled through the
        account's manager, not the consumer hotline, and self-service may be closed to it."""
        return self.wording.company

    @property
    def hotline(self) -> str:
        """Whom to call: the carrier's service number, or ``""`` (a brand not in the
        catalog); a company's line calls its account manager."""
        return self.wording.hotline

    @property
    def complaint_line(self) -> str:
        """Where a complaint goes: the carrier's complaint line, else :attr:`hotline`."""
        carrier = self.carrier
        return carrier.complaint_line if carrier and carrier.complaint_line else self.hotline

    @property
    def complain(self) -> str:
        """How a step says to complain, in the active language, as a clause more may
        follow after a comma: on the carrier's complaint line (``拨打投诉电话 10080 投诉``);
        where it has none, to whom the user calls (:attr:`call`), asked to register it. A
        company's account manager (集团客户经理) is whom its line calls, no number to dial
        as a complaint line (China Telecom has none)."""
        carrier = self.carrier
        if carrier and carrier.complaint_line:
            line = carrier.complaint_line
            return say(f"拨打投诉电话 {line} 投诉", f"complain through {line}")
        return say(
            f"{self.call}，要求登记投诉", f"{self.call} and ask to register a complaint (投诉)"
        )

    @property
    def call(self) -> str:
        """How to say "call the service line" for this carrier (or the account manager),
        as the start of a step: ``致电 10086``, ``call 10086``."""
        return self.wording.call

    @property
    def call_then(self) -> str:
        """:attr:`call` with a Chinese verb to follow it straight after: a space after a
        number, the way Chinese texts here space numbers (``致电 10086 要求退费``), none
        after Chinese (``致电该品牌的客服热线（…）要求退费``)."""
        call = self.call
        return f"{call} " if call[-1:].isascii() and call[-1:].isalnum() else call

    @property
    def app(self) -> str:
        """The carrier's app, named in the active language; ``""`` when the catalog knows
        none."""
        return self.wording.app

    @property
    def bill(self) -> BillLookup:
        """Where the line's bill is looked up, the step's channel and whom it names: the
        carrier's app, a virtual operator's brand (its app or website), else unnamed."""
        return self.wording.bill

    def commands(self, purpose: str) -> tuple[ShownCommand, ...]:
        """The carrier's SMS commands for ``purpose``, most certain first."""
        return self.wording.commands.get(purpose, ())

    def sms(self, purpose: str, intro: str) -> None:
        """One step per SMS command of ``purpose``, each with its confidence and note
        (``intro``: what sending it does, in the active language). A command is quoted as
        the message to send (「0000」); one told only in words is not, lest the words be
        sent: its example is quoted instead (the list's serial numbers, e.g. 「1，3」)."""
        for command in self.commands(purpose):
            self._send(command, intro)

    def _send(self, command: ShownCommand, intro: str, caution: str = "") -> None:
        """One SMS step of ``command`` (:meth:`sms`), ``caution`` noted before its own note."""
        text, example = command.text, command.example
        if example:
            what = say(f"{text}（如「{example}」）", f"{text} (e.g. 「{example}」)")
        else:
            what = f"「{text}」"
        self.add(
            "sms",
            say(f"{intro}：发送{what}到 {command.to}", f"{intro}: send {what} to {command.to}"),
            to=command.to,
            confidence=command.confidence,
            note=joined([caution, command.note]),
        )

    # -------------------------------------------------------------------- shared steps

    @cached_property
    def service(self) -> str:
        """The finding's service name, quoted for step texts, as every output shows it
        (「信息费（手机报）」, told apart: :func:`~auditor.names.shown_as`); the bill, for
        a finding about a whole bill."""
        if self.finding.service:
            return f"「{shown_as(self.finding.service, self.told)}」"
        return say("该账单", "this bill")

    @cached_property
    def months(self) -> str:
        """The finding's months, listed the active language's way."""
        return say("、", ", ").join(self.finding.periods)

    @cached_property
    def money(self) -> str:
        """ "6.00 元（2026-10）": the disputed amount and its months, less what the user
        recorded as refunded (:func:`money_asked`)."""
        return money_asked(self.finding)

    @cached_property
    def stopped(self) -> str:
        """Why there is nothing left to cancel, for a charge that stopped (the finding's
        ``stopped`` month), in the active language (:func:`charge_stopped`); ``""`` while
        it is still charged."""
        month = self.finding.stopped
        return charge_stopped(month) if month else ""

    def stopped_then(self, text: str) -> str:
        """``text`` (a step's, in the active language) after :attr:`stopped`: ``2026-10 账单
        已不再收取：…``; ``text`` itself while the charge goes on."""
        stopped = self.stopped
        return say(f"{stopped}：{text}", f"{stopped}: {text}") if stopped else text

    @property
    def refunded_in_full(self) -> bool:
        """True when the refunds the user recorded cover all the money the finding
        disputes: nothing is left to ask back, complain or appeal about."""
        return self.finding.refunded_in_full

    @cached_property
    def complaint(self) -> UserRecord | None:
        """The user's latest recorded complaint about the finding, if any."""
        return latest_complaint(self.finding.records, self.finding.periods)

    @cached_property
    def cancelled(self) -> UserRecord | None:
        """The user's recorded cancellation that ends the finding's charge
        (:func:`recorded_cancel`): nothing is left to cancel."""
        return recorded_cancel(self.finding)

    @property
    def to_cancel(self) -> bool:
        """Whether the service is still to cancel: its charge has not stopped, nor become
        rightful (:meth:`~auditor.model.FindingDetails.goes_on`: ordered again), and the
        user has not recorded cancelling it."""
        finding = self.finding
        return not finding.stopped and finding.details.goes_on() and self.cancelled is None

    def with_cancel(self, demand: str) -> str:
        """What a complaint asks for (``demand``, in the active language), with the
        cancellation first while the service is still to cancel (:attr:`to_cancel`)."""
        if not self.to_cancel:
            return demand
        return say(f"退订并{demand}", f"the service to be cancelled and {demand}")

    def check_list(self) -> None:
        """Look at the line's service list: app path and the list command where they exist."""
        carrier, app = self.carrier, self.app
        if path := self.wording.list_path:  # (an app's path: quoted, glossed in English)
            self.add(
                "app",
                say(
                    f"在{app}打开{path}，查看{self.service}是否仍在已订业务中并截图",
                    f"in {app}, open {path}, check whether {self.service} is still on the "
                    "service list, and take a screenshot",
                ),
                to=app,
            )
        self.sms("list", say("查询已订业务", "List the subscribed services"))
        if not (carrier and carrier.app_list_path) and not self.commands("list"):
            self.add(
                "hotline",
                say(
                    f"{self.call}，查询本号码的已订业务清单",
                    f"{self.call} and ask for the list of services subscribed on this line",
                ),
                to=self.hotline,
            )

    def check_start(self, month: str) -> None:
        """Find out when the service started: a first month charged by the day (``month``)
        is no price rise."""
        app, service = self.app, self.service
        then = say(
            f"：如果是 {month} 开通的，{month} 按天计费，并没有涨价，以下步骤不必再做",
            f": if it started during {month}, that month was charged by the day, nothing "
            "rose and the steps below can be left",
        )
        if path := self.wording.list_path:
            asked = say(
                f"在{app}打开{path}，查看{service}的开通（生效）时间",
                f"in {app}, open {path} and find when {service} started (its 生效时间)",
            )
            self.add("app", asked + then, to=app)
        else:
            asked = say(
                f"{self.call_then}询问{service}的开通（生效）时间",
                f"{self.call} and ask when {service} started (its 生效时间)",
            )
            self.add("hotline", asked + then, to=self.hotline)

    def cancel_in_app(self, prefix: str = "", due: date | None = None) -> bool:
        """Cancel through the app when the catalog knows its path; False when it does not.
        ``prefix``: when to do it, in the active language (``若仍在已订业务中，再次退订：``)."""
        app, path = self.app, self.wording.cancel_path
        if not path:
            return False
        self.add(
            "app",
            say(
                f"{prefix}在{app}按{path}退订{self.service}，截图保存退订结果",
                f"{prefix}in {app}, follow {path} to cancel {self.service}, and keep a "
                "screenshot of the result",
            ),
            to=app,
            due=due,
        )
        return True

    def cancel_service(self, third_party: bool = False) -> None:
        """The ways to cancel the finding's service, one of them enough: the app, the SMS
        commands (a ringback tone's own, a ``third_party`` SP's own, the carrier's), else
        the service line. None when there is nothing to cancel: a charge that stopped
        (its months are still asked back), or a service the user recorded cancelling,
        whose next bill is then the step (:meth:`check_cancelled`); unless a list from
        after that took effect still shows it, which is said first (:meth:`belied_cancel`)."""
        if self.finding.stopped:
            return
        if self.cancelled is not None:
            self.check_cancelled(self.cancelled)
            return
        self.belied_cancel()
        first = len(self.actions)
        self.cancel_in_app()
        cancel = say(f"退订{self.service}", f"Cancel {self.service}")
        if "彩铃" in self.finding.service:
            self.ringtone(cancel)
        if third_party:
            self.sms(
                "cancel-sp",
                say(
                    f"退订第三方业务{self.service}",
                    f"Cancel the third-party service {self.service}",
                ),
            )
        self.sms("cancel", cancel)
        self.cancel_by_call(first)
        self.either_or(first)

    def ringtone(self, intro: str) -> None:
        """The carrier's ring-back commands (QXCL), ``intro`` saying what sending one does,
        for a service of that name. One that cancels a service of its own whatever it is
        sent about (:attr:`~auditor.wording.ShownCommand.cancels`: the ring-back function,
        彩铃功能费) is offered as it is for that very service; for another (a ringback
        package on it), as cancelling that function, with the catalog's caution, and not
        at all when the user keeps the function (a known service of the line: sent to
        cancel a package, it would take what they want with it)."""
        finding = self.finding
        own = {service_key(name) for name in (finding.service, *finding.names) if name}
        for command in self.commands("cancel-ringtone"):
            cancels = {service_key(name) for name in command.cancels}
            if not cancels or cancels & own:
                self._send(command, intro)
            elif not cancels & finding.keeps:
                function = f"「{command.cancels[0]}」"
                widened = say(
                    f"取消{function}本身（不只是{self.service}）",
                    f"Cancel {function} itself (not only {self.service})",
                )
                self._send(command, widened, command.caution)

    def check_cancelled(self, made: UserRecord) -> None:
        """In place of cancelling a service the user recorded cancelling (``made``): no
        need to do it again, the bill after it must no longer charge it; or, read and
        still charging it, that charge is a finding of its own
        (:func:`~auditor.finding_state.cancel_checked`)."""
        self.add("evidence", cancel_checked(self.finding, made, self.service))

    def belied_cancel(self) -> None:
        """Before the ways to cancel a service the user recorded cancelling, which a list
        from a month after that took effect still shows running (:func:`still_listed_on`):
        that it may not have taken, to check the list and cancel again."""
        day = still_listed_on(self.finding)
        made = ending_cancel(self.finding.records, self.finding.periods) if day else None
        if made is None:
            return
        self.add(
            "evidence",
            say(
                f"你已于 {made.on} 退订{self.service}{made.particulars()}，但最新的已订业务"
                "仍显示它在用，退订可能没有生效：核对已订业务，仍在就按下面的步骤再次退订",
                f"you cancelled {self.service} on {made.on}{made.particulars()}, but the "
                "latest service list still shows it active, so the cancellation may not "
                "have taken: check the list, and if it is still there cancel it again by the "
                "steps below",
            ),
        )

    def cancel_by_call(self, first: int, prefix: str = "") -> None:
        """Cancel through the service line when no step from index ``first`` on cancels (no
        app path nor SMS command in the catalog); ``prefix`` as :meth:`cancel_in_app`'s."""
        if len(self.actions) == first:
            self.add(
                "hotline",
                prefix
                + say(
                    f"{self.call}，要求退订{self.service}并确认退订成功，记下工单号",
                    f"{self.call}, ask them to cancel {self.service} and to confirm it is "
                    "cancelled, and note the ticket number (工单号)",
                ),
                to=self.hotline,
            )

    def either_or(self, first: int) -> None:
        """Mark the steps from index ``first`` on as alternatives: one of them is enough."""
        for index in range(first + 1, len(self.actions)):
            text = uncapitalized(self.actions[index].text)
            self.actions[index] = replace(
                self.actions[index], text=say(f"或：{text}", f"Or: {text}"), alternative=True
            )

    def evidence(self, keep: str = "") -> None:
        """Keep the ticket number and screenshots: ``keep`` says of what, in the active
        language (a rule's own, where it is not a service to cancel); by default the
        bill, the service list and the cancellation's result."""
        keep = keep or say(
            "账单、已订业务和退订结果", "the bill, the service list and the cancellation's result"
        )
        self.add(
            "evidence",
            say(
                f"记下每次联系的工单号、时间和客服工号；保存{keep}的截图",
                "note the ticket number (工单号), the time and the agent's number (客服工号) of "
                f"every contact; keep screenshots of {keep}",
            ),
        )

    def escalate(self, demand: str, third_party: bool = False) -> None:
        """The carrier's complaint channel, then the MIIT appeal centre, with the channels
        beside it (:func:`auditor.escalation.escalate`). ``demand``: what the user asks
        for, in the active language (``退还 6.00 元（2026-10）``). Months billed before the
        number was ported (携号转网) are asked of their carrier first."""
        for text, to in earlier_asks(self.finding):
            self.add("hotline", text, to=to)
        escalate(self, demand, third_party)
