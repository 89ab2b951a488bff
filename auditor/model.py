"""The normalised records every reader produces and every rule and writer consumes.

Readers return one :class:`ReadResult` per input file, holding :class:`Charge`,
:class:`Service` and :class:`Bill` records. A bill knows whether it adds up
(:meth:`Bill.reconciles`, :func:`check_bills`). Rules read typed facts built from the
records (:mod:`auditor.rules.facts`) and return :class:`Finding` records, each with
its rule's :class:`FindingDetails` and its :class:`Action` steps, which the writers read.
The same records as pandas tables: :mod:`auditor.tables`.

Money is integer fen everywhere (``amount_fen``); lines are unmasked 11-digit numbers
inside the library and are masked only by the writers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime

from auditor.lang import say
from auditor.ocr_summary import OcrSummary
from auditor.settling import Settling
from auditor.sheets import channel_shown

BILL, SERVICES = "bill", "services"
KINDS = (BILL, SERVICES)

# Service states, from the list's status column or its dates.
ACTIVE, PENDING, ENDED = "active", "pending", "ended"

# Why a row of an input did not become a charge or a service (the Inputs sheet counts these).
SET_ASIDE_REASONS = (
    "title", "blank", "header", "section", "subtotal", "total", "note",
    "payment",  # a payment or balance row (本期已付费用, 账户余额): neither charge nor total
    "duplicate",  # a bill another input file also holds, counted there (auditor.crosscheck)
    "personal",  # a customer's name or ID number: never a charge, never shown as unread
    "empty",  # a month a portal JSON lists with nothing in it (auditor.readers.portal_bills)
    "chrome",  # a screenshot's app chrome: status, title, tab bars (auditor.readers.ocr_lines)
    "comparison",  # filled only in last month's column (上月), printed for comparison
)  # fmt: skip
UNPARSEABLE = "unparseable"

SEVERITIES = ("high", "medium", "low", "info")

#: Stamped into every report auditor writes (the workbook's properties, the JSON's
#: ``generator``), so that a folder walk over a place holding old reports leaves them out.
REPORT_MARKER = "auditor-report"


def severity_rank(severity: str) -> int:
    """0 for ``high`` up to 3 for ``info``; an unknown severity ranks after them all."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


@dataclass
class Charge:
    """One billed amount: a line, a month, a category and an item."""

    line: str
    period: str  # YYYY-MM
    category: str  # one of auditor.categories.CATEGORIES
    item: str  # as printed; "" when the bill gives only the category's amount
    amount_fen: int
    section: str = ""  # the section or category text as printed
    code: str = ""
    provider: str = ""
    carrier: str = ""
    source: str = ""  # the input file's path
    locator: str = ""  # where in the file: "row 14", "page 2 line 5", "message 1"
    #: The OCR recogniser's confidence in the row's figures (0 to 1: its least sure
    #: figure, the amount, a price, a date; never a name's, which may stand under the
    #: threshold; a row without figures: its text's); None for a file read as text.
    confidence: float | None = None


@dataclass
class Service:
    """One entry of a service list (已订业务)."""

    line: str
    name: str
    code: str = ""
    type: str = ""
    provider: str = ""
    price_fen: int | None = None  # monthly; None when unknown or not monthly
    #: Its price states a cheaper first period (首月0元 次月起6元/月: auditor.trial_price):
    #: a trial, whatever its name says; ``price_fen`` is then the price after it.
    trial: bool = False
    ordered: datetime | None = None
    effective: datetime | None = None
    expires: datetime | None = None  # None: open-ended (2099…, --, empty)
    cancelled: datetime | None = None
    status: str = ""  # ACTIVE, PENDING, ENDED or "" when the list does not say
    status_text: str = ""  # the status as printed
    carrier: str = ""
    source: str = ""
    locator: str = ""
    #: The OCR recogniser's confidence in the card's or row's values (see Charge).
    confidence: float | None = None
    #: When the list this entry stands in was known: the audit that stored it (read back
    #: from the history), the day of the user's own record; None for a list given to this
    #: audit (the newest). Decides which of two entries of a service is the later.
    listed_on: date | None = None
    #: The user's own record this entry stands for (``auditor record cancel``), as its
    #: messages cite it ("2026-10-08 短信 工单号 202610081234"); "" for a list's entry.
    record: str = ""


@dataclass
class Bill:
    """One line's bill for one month in one file; its stated total, if the bill gives one."""

    line: str
    period: str
    stated_total_fen: int | None = None
    carrier: str = ""
    source: str = ""
    locator: str = ""  # where the total stands
    #: The OCR recogniser's confidence in the stated total (see Charge).
    confidence: float | None = None
    #: Lists only some items (an SMS's 主要费用项): its total is shown, never reconciled.
    partial: bool = False

    def reconciles(self, parsed_total_fen: int) -> bool | None:
        """Whether items adding up to ``parsed_total_fen`` make this bill's stated total.

        ``None`` when the bill cannot say: it states no total, or it lists only some of
        its items (:attr:`partial`). auditor's one answer to "does this bill add up?":
        the duplicate-copy preference, the mismatch rule and the report all ask it."""
        if self.stated_total_fen is None or self.partial:
            return None
        return self.stated_total_fen == parsed_total_fen


@dataclass
class RowIssue:
    """A row (or text line) that could not be read, kept so that nothing is lost silently."""

    locator: str
    reason: str
    text: str = ""
    #: A charge's money, read, when the row is one on no line (a 宽带账号's): not checked.
    amount_fen: int | None = None


@dataclass(frozen=True)
class SectionGap:
    """A bill's section whose amount is not the sum of its items: where a bill that does
    not add up most likely lost or gained money."""

    line: str
    period: str
    source: str
    name: str  # the section as printed (套餐及叠加包超出费用)
    stated_fen: int  # what the section says
    summed_fen: int  # what its items add up to
    locator: str = ""


@dataclass
class ReadResult:
    """Everything read from one input file, or why it could not be read."""

    path: str
    sha256: str = ""
    reader: str = ""  # "csv", "xlsx", "pdf", "portal-json", "sms"
    kind: str | None = None  # BILL or SERVICES
    carrier: str | None = None
    charges: list[Charge] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    bills: list[Bill] = field(default_factory=list)
    rows_read: int = 0
    set_aside: Counter = field(default_factory=Counter)  # reason -> count
    unparseable: list[RowIssue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Warnings said even without --verbose (evidence that disagrees, a year assumed):
    #: on stderr, and with the warnings in every output.
    alerts: list[str] = field(default_factory=list)
    stored_on: date | None = None  # read back from the history: the audit date that stored it
    #: Of a file read back from the history: how many of its rows could not be read when
    #: it was stored (the rows themselves are not stored, so :attr:`unparseable` is
    #: empty); None when the history did not keep the count (stored before version 4).
    stored_unread: int | None = 0
    notes: list[str] = field(default_factory=list)  # how it was read: for --verbose
    #: What the document's own text says of its carrier, as (what was seen, carrier id):
    #: checked against the carrier it was read as (auditor.readers.clues).
    carrier_clues: list[tuple[str, str]] = field(default_factory=list, repr=False)
    error: str | None = None
    error_code: str | None = None  # an ErrorCode's value; a skip's: not_a_bill or None
    #: Sections whose amount is not their items' sum (the readers warn of each too).
    section_gaps: list[SectionGap] = field(default_factory=list)
    #: Why a file found was not read, and what to do (a Word document, an archive): no
    #: error; said on stderr and in the Inputs sheet (a :attr:`not_a_bill` only there).
    skipped: str = ""
    pages: int = 0  # pages of a paged document (a PDF) read: what a progress display counts
    ocr: OcrSummary | None = None  # set when some or all of it was read by OCR
    #: Customer names and ID numbers seen in the header block: never written anywhere, and
    #: removed from every output should the same text turn up elsewhere in the file.
    personal: set[str] = field(default_factory=set, repr=False)
    #: Lines the document states when ``--line`` is given (its header, its rows; else its
    #: name or folder): what tells one line's files given ``--line`` from many lines'.
    stated_lines: set[str] = field(default_factory=set, repr=False)
    #: Its bills set aside as copies of ones another file holds (auditor.crosscheck): not
    #: audited, but the file still holds their lines and months.
    copies: list[Bill] = field(default_factory=list, repr=False)
    #: The lines' months of :attr:`copies` whose total or items are not the copy counted's.
    disagreeing: set[tuple[str, str]] = field(default_factory=set, repr=False)
    brand: str = ""  # a virtual operator's brand its name or text names (小米移动)
    settling: Settling = field(default_factory=Settling, repr=False)  # inputs.settle_read

    @property
    def readable(self) -> bool:
        """Read: neither failed nor skipped."""
        return not self.error and not self.skipped

    @property
    def not_a_bill(self) -> bool:
        """Skipped as a paper recognised as no bill: said once, grouped, not a failure."""
        return bool(self.skipped) and self.error_code == "not_a_bill"

    @property
    def unread_rows(self) -> int | None:
        """How many of its rows could not be read, given now or when it was stored; None
        when not known (a file a history stored before it kept the count)."""
        return len(self.unparseable) if self.stored_on is None else self.stored_unread

    @property
    def unread_fen(self) -> int:
        """The money of its unread rows that are charges (a 宽带账号's, a charge on no line
        read: see :attr:`RowIssue.amount_fen`), not checked; a total row's is never one.
        The one sum the report, the JSON and the readers' total checks all say."""
        return sum(issue.amount_fen or 0 for issue in self.unparseable)

    @property
    def lines(self) -> list[str]:
        """The lines this file covers, sorted."""
        return sorted(covered_lines([self]))

    @property
    def periods(self) -> list[str]:
        """The billing months this file covers, sorted."""
        return sorted({c.period for c in self.charges} | {b.period for b in self.bills})

    def held(self) -> tuple[list[str], list[str]]:
        """The lines and months the file holds, its copies set aside included: what the
        Inputs sheet and the JSON show of it (a copy's file is not one that held none)."""
        lines = sorted(set(self.lines) | {bill.line for bill in self.copies})
        return lines, sorted(set(self.periods) | {bill.period for bill in self.copies})

    @property
    def all_warnings(self) -> list[str]:
        """The alerts, then the other warnings: what the outputs list for the file."""
        return [*self.alerts, *self.warnings]

    @property
    def rows_used(self) -> int:
        """Rows that became a charge or a service."""
        return len(self.charges) + len(self.services)


def covered_lines(results: Iterable[ReadResult]) -> set[str]:
    """The lines ``results`` cover: their charges', service-list entries' and bills'."""
    return {r.line for each in results for r in (*each.charges, *each.services, *each.bills)}


@dataclass
class Evidence:
    """Where a finding's facts stand: a file and a place in it."""

    path: str
    locator: str


@dataclass(frozen=True)
class Action:
    """One step a user takes about a finding (findings alike share theirs: never changed)."""

    step: int
    channel: str  # "app", "sms", "hotline", "complaint", "appeal", "evidence", "web", "store"
    text: str  # what to do or send
    to: str = ""  # the number or place
    confidence: str = ""  # for commands: "documented", "reported", "unverified"
    note: str = ""
    opens: date | None = None  # the first day the step can be taken (an appeal: +15 days)
    due: date | None = None  # the last day it can be taken (appeal limit, a start date)
    alternative: bool = False  # another way to do the step before it (或：): one is enough
    zh: str = ""  # said to a person or form, in a report not in Chinese: the Chinese words


@dataclass(frozen=True)
class FindingDetails:
    """What a finding holds beyond the fields every finding has: each rule declares its
    own, a frozen dataclass subclassing this one, whose fields are the finding's
    ``details`` in the JSON output. A finding built without them has none."""

    def ended_on_list(self) -> str:
        """How the finding's service ended as the carrier's own list shows it (an expiry,
        a cancellation the list records; not one only the user recorded), in the active
        language: what a complaint cites. ``""`` for a rule that knows of none."""
        return ""

    def goes_on(self) -> bool:
        """Whether what it found goes on costing after its months, as its rule knows: False
        where the charges after them are rightful (ordered again): no year, nothing to cancel."""
        return True

    def given_back(self) -> bool:
        """Charged, and all of it given back on its bills (退费): nothing to ask back."""
        return False

    def months_untold(self) -> list[str]:
        """The months whose bills, giving a total alone, no items, may have charged what it
        found not charged (so whether they did is unknown), as its rule knows: none for a
        rule that knows of none."""
        return []

    def as_dict(self) -> dict[str, object]:
        """The details by field name, as the outputs show them."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        if all(_flat(value) for value in values.values()):
            # What asdict gives such values (each container copied), without its deep walk
            # through copy.deepcopy for every number and text (3,000 findings' details).
            return {name: _copied(value) for name, value in values.items()}
        return asdict(self)


_ATOMS = frozenset({str, int, float, bool, type(None)})


def _flat(value: object) -> bool:
    """True for a text, number, bool or None, or a list, tuple or dict (exactly) of them."""
    kind = type(value)
    if kind is list or kind is tuple:
        return all(type(item) in _ATOMS for item in value)
    if kind is dict:
        return all(type(k) in _ATOMS and type(v) in _ATOMS for k, v in value.items())
    return kind in _ATOMS


def _copied(value: object) -> object:
    """A :func:`_flat` value as asdict copies it: a new container, the same atoms."""
    return type(value)(value) if type(value) in (list, tuple, dict) else value


#: ``settle``: a finding or a refund due closed without a refund (given up, or settled by
#: the carrier some other way: 话费补偿, 送流量, 积分), its money no longer asked back.
RECORD_KINDS = ("cancel", "complaint", "refund", "appeal", "no_bill", "settle")


@dataclass(frozen=True)
class UserRecord:
    """Something the user did about a line, as they recorded it (``auditor record``).

    Carriers' own follow-up ladder is: cancel, check the next bill, complain with the
    ticket number (工单号), appeal 15 days later. A cancellation counts as a list's
    cancellation that day; a complaint moves the appeal dates and its ticket is named in
    the appeal step; an appeal (12300) leaves the centre's answer to wait for; a refund is
    set against the money a finding disputes."""

    id: int
    kind: str  # one of RECORD_KINDS
    line: str
    service: str  # as the user wrote it, else the service of the finding they named by id
    finding: str  # a finding id, when the user gave one
    on: date
    ticket: str = ""
    channel: str = ""
    note: str = ""
    amount_fen: int | None = None  # a refund's amount; a settlement's compensation, if any
    entry: str = ""  # the list entry its finding (by id) gathered by (rules.entry_of), or ""
    closes_line: bool = False  # a cancellation that is the line closed (销户)
    month: str = ""  # no_bill's: the month (YYYY-MM) whose bill will not come (out of reach)
    rule: str = ""  # the rule of the finding it names by id, as the history holds it, or ""

    def describe(self) -> str:
        """What a step or message cites, in the active language: ``2026-10-08，短信，工单号
        202610081234``, ``2026-10-08, via SMS, ticket 202610081234``."""
        return say("，", ", ").join([self.on.isoformat(), *self._how()])

    def particulars(self) -> str:
        """How and under which ticket it was done, bracketed to follow the date or verb
        (``（短信，工单号 123）``, `` (via SMS, ticket 123)``); ``""`` when neither was."""
        how = self._how()
        if not how:
            return ""
        return say(f"（{'，'.join(how)}）", f" ({', '.join(how)})")

    def as_cited(self) -> str:
        """What a later step cites this complaint by, in the active language: its ticket
        (``投诉工单号 C-1``), or, none recorded, its day, never a ticket it was not given
        (``你 2026-11-10 投诉的记录（没有记下工单号）``)."""
        if self.ticket:
            return say(
                f"投诉工单号 {self.ticket}",
                f"your complaint's ticket number (工单号) {self.ticket}",
            )
        on = self.on.isoformat()
        return say(
            f"你 {on} 投诉的记录（没有记下工单号）",
            f"your complaint of {on} (no ticket number was recorded)",
        )

    def _how(self) -> list[str]:
        """The channel (:func:`~auditor.sheets.channel_shown`) and the ticket, each as the
        active language cites it."""
        channel = channel_shown(self.channel)
        via = say(channel, f"via {channel}") if channel else ""
        ticket = say(f"工单号 {self.ticket}", f"ticket {self.ticket}") if self.ticket else ""
        return [part for part in (via, ticket) if part]


@dataclass
class Finding:
    """One rule's finding for one line and one service (or bill), over every month it covers."""

    rule: str
    severity: str
    carrier: str
    line: str
    service: str
    periods: list[str]
    amount_fen: int
    monthly_fen: int | None
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    change: str | None = None  # a coming bill's change, for a rule that tells: "start", "end"
    details: FindingDetails = field(default_factory=FindingDetails)  # the rule's own figures
    #: The month of its line's latest bill read, later than its months, whose items no
    #: longer hold what it found (the charge stopped; a fee no longer billed twice): its
    #: months are still money to ask back, but nothing goes on costing. "" while that
    #: bill still does, or no later month was read (a month not given is no stop); never
    #: for a finding that runs to the latest month by what it is (a price rise still in
    #: force, a suspended line) or is about none (a coming change, a bill's total).
    stopped: str = ""
    actions: list[Action] = field(default_factory=list)
    #: Stable across the audits of one history, and naming no phone number.
    id: str = ""
    status: str = ""  # "new" (first reported by this audit) or "open" (reported before)
    records: list[UserRecord] = field(default_factory=list)  # the user's, about it
    #: Money of the user's recorded refunds set against it, never more than its amount
    #: (the months claimed oldest first, across the service's: auditor.history.claims).
    refunded_fen: int = 0
    #: The names its charges and service-list entries go by, its service's first, each
    #: once (咪咕视频会员 and 咪咕视频会员费, one service billed under both): a record or a
    #: known service under any of them is about it. Empty: its service's alone.
    names: tuple[str, ...] = ()
    #: What its rule gathered it by, as a key (the list entry its charges matched, a fee's
    #: whole name), when not its service's key ("" then): two findings shown under one name
    #: (two SP services both billed as 信息费) are told apart by it, in their ids too.
    grouped_by: str = ""
    brand: str = ""  # its line's virtual operator's brand, named in its steps (小米移动)
    owed_since: str = ""  # a refund due's earlier month: appealed with it (appeal_with_dues)
    back_periods: tuple[str, ...] = ()  # its months owed no more (given back): no appeal from one
    #: Its line's known services, as keys (set by the audit): its steps offer no command
    #: that would cancel one of them with its service (QXCL: 彩铃功能费).
    keeps: frozenset[str] = frozenset()
    #: Months billed by another carrier before the number was ported to its own (携号转网):
    #: month -> that carrier (:func:`~auditor.ports.ported_months`), asked in its steps.
    ported: dict[str, str] = field(default_factory=dict)

    @property
    def period(self) -> str:
        """The latest month the finding covers."""
        return self.periods[-1] if self.periods else ""

    @property
    def refunded_in_full(self) -> bool:
        """True when the user's recorded refunds cover all the money it disputes."""
        return 0 < self.amount_fen <= self.refunded_fen
