"""Per-carrier data: how a carrier is recognised, its numbers, commands and channels.

Each carrier is one TOML file beside this module (``china-mobile.toml`` ...). Code never
names a carrier's numbers or commands: it reads them from here, so a carrier whose
details change is a data edit, not a code change.

A text a person reads (a note, where to go, what to bring) is written in both languages,
``{ zh = "…", en = "…" }``, and loaded as a :class:`~auditor.lang.Text`, shown in the
active language where it is used (the catalog is loaded once, before or after the
language is chosen). A number, an SMS command and an app's own path are plain strings:
they are the same in both languages (a plain string loads as a ``Text`` of it twice).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from auditor.lang import Text
from auditor.names import fold_traditional

CARRIER_IDS = ("china-mobile", "china-unicom", "china-telecom", "china-broadnet", "mvno")


@dataclass(frozen=True)
class SmsCommand:
    """An SMS command: what to send, where, what it does and how sure we are that it works."""

    purpose: str  # "list", "cancel", "cancel-ringtone", "cancel-data", "cancel-sp"
    to: Text
    text: Text
    confidence: str  # "documented", "reported", "unverified"
    note: Text | None = None
    #: What a user types for a command told only in words (the list's serial numbers:
    #: ``1，3``): the step then tells ``text`` as what to send and quotes this as an
    #: example of it, where it quotes any other ``text`` as the very message to send.
    example: str = ""
    #: The service it cancels whatever it is sent about, by the names it goes by (QXCL:
    #: the ring-back function itself, 彩铃功能费), the first as steps name it; empty: the
    #: service the step names.
    cancels: tuple[str, ...] = ()
    #: Said where it is offered for another service than :attr:`cancels` (a ringback
    #: package on that function): what else it cancels.
    caution: Text | None = None


@dataclass(frozen=True)
class Closing:
    """How a line of the carrier is closed (销户): suspending (停机) is not closing."""

    where: Text  # where to go, in person (the carrier's own hall, not an agent's shop)
    bring: Text  # what the holder brings (the ID card's original, the service password)
    before: tuple[Text, ...] = ()  # what must be settled first (arrears, secondary cards)
    online: Text | None = None  # an online channel, where one may exist
    online_confidence: str = ""  # "documented", "reported", "unverified"
    online_note: Text | None = None
    company: Text | None = None  # what a company's line (集团/政企) does instead


@dataclass(frozen=True)
class Carrier:
    """One carrier's catalog entry (see the TOML files for the meaning of each field)."""

    id: str
    name: Text
    detect_words: tuple[str, ...]
    prefixes: tuple[str, ...]
    domains: tuple[str, ...] = ()  # web domains its e-bills and messages link to
    generic: tuple[str, ...] = ()  # words holding a detection word that name no carrier
    unsubscribe: tuple[str, ...] = ()  # keywords its messages say to reply to stop them
    hotline: str = ""
    sms_number: str = ""
    complaint_line: str = ""
    complaint_confidence: str = ""
    complaint_note: Text | None = None
    complaint_web: str = ""
    app: Text | None = None  # its app's name, when the catalog knows one
    app_list_path: str = ""  # the app's own Chinese labels, in every language
    app_cancel_path: str = ""
    cautions: tuple[Text, ...] = ()  # things users get wrong (a command that cancels nothing)
    sms_commands: tuple[SmsCommand, ...] = field(default_factory=tuple)
    closing: Closing | None = None  # how to close a line (销户), when the catalog says
    brands: tuple[str, ...] = ()  # a virtual operator's brands (detection words too)
    brand_call: Text | None = None  # "call {brand}'s service line", for a brand named
    brand_bill: Text | None = None  # where {brand}'s bill is looked up, for a brand named
    #: Its numbers move to and from the other carriers that are (携号转网): a line's bills
    #: going from one such carrier to another between months are a port, not a misreading.
    portable: bool = False

    def commands(self, purpose: str) -> list[SmsCommand]:
        """The SMS commands for ``purpose``, most certain first."""
        order = {"documented": 0, "reported": 1, "unverified": 2}
        found = [c for c in self.sms_commands if c.purpose == purpose]
        return sorted(found, key=lambda c: order.get(c.confidence, 3))


@cache
def load_carrier(carrier_id: str) -> Carrier:
    """Load one carrier's catalog entry by id (``china-mobile`` ...)."""
    if carrier_id not in CARRIER_IDS:
        raise KeyError(f"unknown carrier {carrier_id!r}; known: {', '.join(CARRIER_IDS)}")
    text = resources.files(__package__).joinpath(f"{carrier_id}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    detect = data.get("detect", {})
    commands = tuple(
        SmsCommand(
            purpose=c["purpose"],
            to=text_of(c["to"]),
            text=text_of(c["text"]),
            confidence=c["confidence"],
            note=optional_text(c.get("note")),
            example=c.get("example", ""),
            cancels=tuple(c.get("cancels", ())),
            caution=optional_text(c.get("caution")),
        )
        for c in data.get("sms_commands", [])
    )
    closing = data.get("closing")
    return Carrier(
        id=carrier_id,
        name=text_of(data["name"]),
        detect_words=(*detect.get("words", ()), *detect.get("brands", ())),
        prefixes=tuple(detect.get("prefixes", ())),
        domains=tuple(detect.get("domains", ())),
        generic=tuple(detect.get("generic", ())),
        unsubscribe=tuple(detect.get("unsubscribe", ())),
        hotline=data.get("hotline", ""),
        sms_number=data.get("sms_number", ""),
        complaint_line=data.get("complaint_line", ""),
        complaint_confidence=data.get("complaint_confidence", ""),
        complaint_note=optional_text(data.get("complaint_note")),
        complaint_web=data.get("complaint_web", ""),
        app=optional_text(data.get("app")),
        app_list_path=data.get("app_list_path", ""),
        app_cancel_path=data.get("app_cancel_path", ""),
        cautions=tuple(text_of(c) for c in data.get("cautions", ())),
        sms_commands=commands,
        closing=_closing(closing) if closing else None,
        brands=tuple(detect.get("brands", ())),
        brand_call=optional_text(data.get("brand", {}).get("call")),
        brand_bill=optional_text(data.get("brand", {}).get("bill")),
        portable=bool(data.get("portable", False)),
    )


def _closing(data: dict) -> Closing:
    """A carrier file's ``[closing]`` table."""
    return Closing(
        where=text_of(data["where"]),
        bring=text_of(data["bring"]),
        before=tuple(text_of(b) for b in data.get("before", ())),
        online=optional_text(data.get("online")),
        online_confidence=data.get("online_confidence", ""),
        online_note=optional_text(data.get("online_note")),
        company=optional_text(data.get("company")),
    )


def text_of(value: str | dict) -> Text:
    """A catalog value as a :class:`Text`: ``{ zh = "…", en = "…" }``, or a plain string
    that reads the same in both languages (a number, a command, an app path)."""
    if isinstance(value, str):
        return Text(value, value)
    if not isinstance(value, dict) or set(value) != {"zh", "en"}:
        raise ValueError(f"a catalog text is a string or {{ zh = ..., en = ... }}: {value!r}")
    return Text(str(value["zh"]), str(value["en"]))


def optional_text(value: str | dict | None) -> Text | None:
    """:func:`text_of` for a field a file may leave out: ``None`` when it does."""
    return None if value is None or value == "" else text_of(value)


def shown(text: Text | None) -> str:
    """An optional catalog text in the active language; ``""`` when there is none."""
    return text.shown() if text is not None else ""


@dataclass(frozen=True)
class Parallel:
    """A channel to use alongside the ladder (12315, 12321), and for which findings."""

    to: str
    name: Text
    applies_to: str = "all"  # "all", or "third-party" for SP charges only
    #: What the step says, when the channel takes only part of the matter (12321: the
    #: SP's spam, not its charges); None: report the finding to it.
    step: Text | None = None


@dataclass(frozen=True)
class Escalation:
    """The appeal ladder every carrier shares (``escalation.toml``)."""

    carrier_reply_days: int
    maintenance_window: str
    appeal_name: Text
    appeal_phone: str
    appeal_phone_note: Text | None
    appeal_web: str
    appeal_after_days: int
    billing_deadline_months: int
    parallel: tuple[Parallel, ...] = ()
    #: Once appealed to: the centre says whether it accepts within this many working
    #: days, and resolves within this many days of accepting.
    accept_working_days: int = 5
    resolve_days: int = 30


@cache
def app_tab_labels() -> frozenset[str]:
    """The labels of the carriers' apps' tab bars (首页 服务 商城 我的 …, ``apps.toml``): a
    screenshot's line naming two of them is the app's, not the bill's."""
    text = resources.files(__package__).joinpath("apps.toml").read_text("utf-8")
    return frozenset(tomllib.loads(text)["tabs"]["labels"])


@cache
def load_escalation() -> Escalation:
    """Load the escalation ladder (the MIIT appeal centre, its deadlines, 12315/12321)."""
    text = resources.files(__package__).joinpath("escalation.toml").read_text("utf-8")
    data = tomllib.loads(text)
    appeal = data["appeal"]
    return Escalation(
        carrier_reply_days=int(data["carrier_reply_days"]),
        maintenance_window=data["maintenance_window"],
        appeal_name=text_of(appeal["name"]),
        appeal_phone=appeal["phone"],
        appeal_phone_note=optional_text(appeal.get("phone_note")),
        appeal_web=appeal["web"],
        appeal_after_days=int(appeal["after_days"]),
        billing_deadline_months=int(appeal["billing_deadline_months"]),
        parallel=tuple(
            Parallel(p["to"], text_of(p["name"]), p.get("for", "all"), optional_text(p.get("step")))
            for p in data.get("parallel", [])
        ),
        accept_working_days=int(appeal["accept_working_days"]),
        resolve_days=int(appeal["resolve_days"]),
    )


@cache
def phone_numbers() -> dict[str, Text]:
    """Every number the steps give a person to call or text, with whose it is: each
    carrier's hotline, SMS and complaint numbers and its SMS commands' numbers (10086,
    10001, 10080 …: the carrier's name), the MIIT appeal centre's (12300) and those of
    the channels beside the ladder (12315, 12321). Read from the catalog, so that a
    number the steps come to name is known here too (a Status cell's 和解 12300 is
    settled through 12300, not ¥12,300: :mod:`auditor.history.typed_status`)."""
    found: dict[str, Text] = {}
    escalation = load_escalation()
    found[escalation.appeal_phone] = escalation.appeal_name
    for channel in escalation.parallel:
        found.setdefault(channel.to, channel.name)
    for carrier in carriers():
        sent_to = [command.to.zh for command in carrier.sms_commands]
        for number in (carrier.hotline, carrier.sms_number, carrier.complaint_line, *sent_to):
            if number.isdigit():  # (an SP's own 106… number is told in words, not given)
                found.setdefault(number, carrier.name)
    return found


def carriers() -> list[Carrier]:
    """Every carrier in the catalog, in the spec's order."""
    return [load_carrier(c) for c in CARRIER_IDS]


def detect_carrier(text: str) -> str | None:
    """The carrier a document's text names, or ``None``.

    Every detection word found scores its length, so ``中国移动`` outweighs a stray
    ``沃``; ties go to no carrier rather than a guess. A number (``10000``) counts only
    standing alone, not inside a longer one (an id ``610000``, an amount ``100000``), and
    a word inside a generic term (移动电话, 电信用户申诉) does not count, nor one inside
    another carrier's longer word (移动 in the brand 小米移动 names a virtual operator).
    """
    if not text:
        return None  # (a header block or notes with no text: many documents have none)
    if len(text) <= _DETECTED_LENGTH:
        # A file's folder and name, its clues: the same short texts for many files.
        return _kept_detect(text)
    return _detect(text)


# Short texts' carriers already found (the catalog does not change while auditor runs).
_DETECTED_KEPT = 4096
_DETECTED_LENGTH = 256


def _detect(text: str) -> str | None:
    """:func:`detect_carrier`, worked out."""
    text = fold_traditional(unicodedata.normalize("NFKC", text or ""))
    for carrier in carriers():
        for word in carrier.generic:
            text = text.replace(word, " ")
    scores = {}
    for carrier in carriers():
        seen = text
        for word in _shadowing(carrier.id):
            if word in seen:
                seen = seen.replace(word, " ")
        # A word not in the text at all (most of them) needs no pattern run.
        score = sum(
            len(w) * len(_word_pattern(w).findall(seen)) for w in carrier.detect_words if w in seen
        )
        if score:
            scores[carrier.id] = score
    if not scores:
        return None
    best = max(scores.values())
    winners = [c for c, s in scores.items() if s == best]
    return winners[0] if len(winners) == 1 else None


_kept_detect = lru_cache(maxsize=_DETECTED_KEPT)(_detect)


@cache
def _shadowing(carrier_id: str) -> tuple[str, ...]:
    """The other carriers' detection words that hold one of ``carrier_id``'s (小米移动
    holds China Mobile's 移动): where one stands, the text names that other carrier, so
    the word inside it does not count for this one. Longest first, so that a word inside
    another is taken out with the longer one."""
    own = load_carrier(carrier_id).detect_words
    found = {
        word
        for other in carriers()
        if other.id != carrier_id
        for word in other.detect_words
        if word not in own and any(mine != word and mine in word for mine in own)
    }
    return tuple(sorted(found, key=lambda word: (-len(word), word)))


@cache
def _word_pattern(word: str) -> re.Pattern:
    if word.isdigit():
        return re.compile(rf"(?<!\d){word}(?!\d)")
    return re.compile(re.escape(word))


@lru_cache(maxsize=_DETECTED_KEPT)
def brand_named(text: str) -> str:
    """The brand of a carrier of the catalog (a virtual operator's: 小米移动) ``text``
    names, the longest when it names several; ``""`` for none."""
    text = fold_traditional(unicodedata.normalize("NFKC", text or ""))
    named = [brand for carrier in carriers() for brand in carrier.brands if brand in text]
    return max(named, key=len, default="")


def carrier_from_number(number: str) -> str | None:
    """The carrier a mobile number's prefix belongs to: the last fallback (numbers port)."""
    for carrier in carriers():
        if number.startswith(carrier.prefixes):  # (a tuple: any of them, tried in C)
            return carrier.id
    return None


def carrier_name(carrier_id: str | None) -> str:
    """The name of a carrier id in the active language (中国移动, China Mobile), or the id
    itself when it is not in the catalog."""
    if carrier_id in CARRIER_IDS:
        return load_carrier(carrier_id).name.shown()
    return carrier_id or ""
