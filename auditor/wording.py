"""How a carrier's steps are worded whatever the finding, in the active language.

Whom to call and how, the carrier's app, its SMS commands, the notes its self-service
and first SMS steps carry: :class:`Wording` holds them for one carrier, account and
language, made from the catalog once (:func:`catalog_wording`) and shared by every
finding's steps (:mod:`auditor.actions`), where a report of thousands of findings made
them again for each. Its texts are strings and its commands tuples: nothing a step
changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from auditor.catalog import Carrier, Escalation, load_carrier, load_escalation, shown
from auditor.catalog.glossary import app_path_shown
from auditor.lang import Text, say, using

#: Whom a company's line calls (its number is the company's own, never in the catalog).
ACCOUNT_MANAGER = Text("集团客户经理", "your company's account manager (集团客户经理)")
COMPANY_SELF_SERVICE = Text(
    "公司号码的自助办理可能受限，以客户经理为准（未核实）",
    "a company's line may not be changeable by self-service: the account manager decides "
    "(unverified)",
)


def capitalized(text: str) -> str:
    """``text`` with its first letter upper-case: an English step is a sentence, whatever
    phrase (a call, an "if …") starts it; Chinese text is left as it is."""
    first = text[:1]
    upper = first.upper()
    return text if upper == first else upper + text[1:]  # no copy of a text left as it is


def uncapitalized(text: str) -> str:
    """``text`` with a sentence's capital made small, to follow a colon or an "or:" (``Wait
    for…`` → ``wait for…``); an acronym's (``SMS``, ``TD``) and Chinese text are left."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def joined(notes: list[str]) -> str:
    """Notes one after another, the active language's way (``；`` or ``; ``)."""
    return say("；", "; ").join([note for note in notes if note])


def via_main_card(channel: str, main: str, hotline: str) -> str:
    """The note a step of a 副卡's finding carries (``main``: its 主卡, the settings'
    ``main_card``; ``""``: none): a 副卡's account is its main card's, and a cancelled
    副卡 can neither log in nor send a message. An app or a call goes through the main
    card; an SMS command works only from the line it is about."""
    if not main or channel not in ("app", "sms", "hotline"):
        return ""
    call = hotline or say("客服热线", "the service line")
    if channel == "sms":
        return say(
            f"须从该副卡发送；副卡已停用或已销号时，改用主卡 {main} 致电 {call} 办理",
            f"it must be sent from this 副卡 (secondary card); if it is stopped or closed, "
            f"call {call} from the main card {main} instead",
        )
    if channel == "hotline":
        return say(
            f"这是副卡，账户属于主卡 {main}：用主卡致电 {call} 办理",
            f"this is a 副卡 (secondary card) on the main card {main}'s account: call "
            f"{call} from the main card",
        )
    return say(
        f"这是副卡，账户属于主卡 {main}：用主卡 {main} 登录办理",
        f"this is a 副卡 (secondary card) on the main card {main}'s account: log in with "
        "the main card",
    )


class BillLookup(NamedTuple):
    """Where a step looks up or downloads a bill, as its start in the active language
    (``在中国移动 App``, ``in the China Mobile app``), with the step's channel and whom it
    names (the app, a brand's name)."""

    where: str
    channel: str
    to: str


class ShownCommand(NamedTuple):
    """An SMS command as a step shows it, in the active language."""

    text: str
    to: str
    confidence: str
    note: str
    example: str = ""  # what to type, for a command told in words (SmsCommand.example)
    cancels: tuple[str, ...] = ()  # what it cancels whatever it is sent about (SmsCommand)
    caution: str = ""  # said where it is offered for another service (SmsCommand.caution)


@dataclass(frozen=True)
class Wording:
    """What a carrier's steps say whatever the finding, in the active language: whom to
    call and how, its app, its SMS commands, the notes its self-service and first SMS
    steps carry. It is the same for every finding of one carrier, account and language:
    :func:`catalog_wording` makes it once for them, not once for each of thousands."""

    carrier: Carrier | None
    ladder: Escalation
    company: bool
    #: Whom to call: the carrier's service number, or ``""`` (a brand not in the
    #: catalog); a company's line calls its account manager.
    hotline: str
    #: How to say "call the service line", as the start of a step: ``致电 10086``.
    call: str
    #: The carrier's app, named; ``""`` when the catalog knows none.
    app: str
    #: What every self-service step notes after its own note.
    self_service: str
    #: The SMS commands of each purpose, most certain first.
    commands: dict[str, tuple[ShownCommand, ...]]
    #: The carrier's cautions about its SMS commands, noted on the first SMS step.
    cautions: str
    #: Where its bills are looked up: its app, a named brand's own (the catalog's
    #: words), else the carrier's app or online hall, unnamed.
    bill: BillLookup
    #: Its app's paths to the service list and to cancel, as steps quote them (「我的 →
    #: 已订业务」, glossed in English: :func:`~auditor.catalog.glossary.app_path_shown`);
    #: ``""`` where the catalog knows none.
    list_path: str = ""
    cancel_path: str = ""

    @classmethod
    def of(
        cls, carrier: Carrier | None, ladder: Escalation, company: bool = False, brand: str = ""
    ) -> Wording:
        """The wording for ``carrier`` (``None``: a brand the catalog does not know),
        ``company`` for a company's line, ``brand`` the virtual operator's brand its bill
        names (小米移动: the catalog says how to call it), in the active language."""
        if company:
            hotline = ACCOUNT_MANAGER.shown()
            call = say(
                "联系贵公司的集团客户经理（政企客户服务）",
                "contact your company's account manager (集团客户经理)",
            )
        else:
            hotline = carrier.hotline if carrier else ""
            named = carrier.brand_call if carrier and brand and not hotline else None
            call = (
                say(f"致电 {hotline}", f"call {hotline}")
                if hotline
                else named.shown().replace("{brand}", brand)
                if named
                else say(
                    "致电该品牌的客服热线（见官网、App 或 SIM 卡包装）",
                    "call the brand's own service line (on its website, in its app or on the "
                    "SIM card's pack)",
                )
            )
        window = ladder.maintenance_window
        notes = [COMPANY_SELF_SERVICE.shown()] if company else []
        notes.append(
            say(f"避开 {window} 系统维护时段", f"avoid {window}, the carrier's maintenance window")
        )
        purposes = dict.fromkeys(c.purpose for c in carrier.sms_commands) if carrier else {}
        app = shown(carrier.app) if carrier else ""
        return cls(
            carrier=carrier,
            ladder=ladder,
            company=company,
            hotline=hotline,
            call=call,
            app=app,
            self_service=joined(notes),
            commands={
                purpose: tuple(
                    ShownCommand(
                        c.text.shown(),
                        c.to.shown(),
                        c.confidence,
                        shown(c.note),
                        c.example,
                        c.cancels,
                        shown(c.caution),
                    )
                    for c in carrier.commands(purpose)
                )
                for purpose in purposes
            },
            cautions=joined([c.shown() for c in carrier.cautions]) if carrier else "",
            bill=_bill_lookup(carrier, app, brand),
            list_path=app_path_shown(carrier.app_list_path) if carrier and app else "",
            cancel_path=app_path_shown(carrier.app_cancel_path) if carrier and app else "",
        )


def _bill_lookup(carrier: Carrier | None, app: str, brand: str) -> BillLookup:
    """Where ``carrier``'s bills are looked up: in its ``app`` (named), else in the
    ``brand``'s own app or website as the catalog words it (小米移动: no app of its is
    named, the step leads with the app), else the carrier's app or online hall."""
    if app:
        return BillLookup(say(f"在{app}", f"in {app}"), "app", app)
    named = carrier.brand_bill if carrier and brand else None
    if named:
        return BillLookup(named.shown().replace("{brand}", brand), "app", brand)
    return BillLookup(
        say("在运营商 App 或网上营业厅", "in the carrier's app or online service hall"), "web", ""
    )


@lru_cache(maxsize=64)
def catalog_wording(carrier_id: str | None, company: bool, lang: str, brand: str = "") -> Wording:
    """The catalog's wording for a carrier (``None``: a brand it does not know), a
    ``company``'s line or not, ``brand`` the virtual operator's its bill names, in
    ``lang``."""
    carrier = load_carrier(carrier_id) if carrier_id else None
    with using(lang):
        return Wording.of(carrier, load_escalation(), company, brand)
