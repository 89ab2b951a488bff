"""The facts the rules read: typed, built once per audit, never changed after.

Readers give :class:`~auditor.model.Charge`, :class:`~auditor.model.Service` and
:class:`~auditor.model.Bill` records. Before the rules run,
:func:`auditor.rules.fact_building.build_facts` turns them into a :class:`ChargeFact` and a
:class:`ServiceFact` each: what a rule reads of the record, and what the audit established
about it (audit spec, "Matching a charge to a service"), gathered in :class:`Facts`.
Bills come as :class:`~auditor.bill_check.BillCheck`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from auditor.bill_check import BillCheck
from auditor.rules.entry_ends import still_listed
from auditor.rules.stops import LatestMonth, latest_months_read


@dataclass(frozen=True, eq=False)
class ServiceFact:
    """A service-list entry (已订业务) and when it runs, as the audit established.

    Facts compare by identity: two entries alike in every field are still two entries.
    """

    line: str
    name: str
    code: str
    provider: str
    price_fen: int | None  # monthly; None when unknown or not monthly
    trial: bool  # priced as a trial (:attr:`auditor.model.Service.trial`)
    ordered: datetime | None
    effective: datetime | None
    cancelled: datetime | None
    status: str  # ACTIVE, PENDING, ENDED or ""
    status_text: str  # as printed
    carrier: str
    source: str
    locator: str
    #: The name as charges are matched to it (:func:`auditor.names.service_key`).
    key: str
    #: What its type, else its name, says it is (a category id), or "".
    category: str
    #: Its expiry; None when it has none or it is open-ended.
    expiry: datetime | None
    #: The first month it is charged for, None when unknown.
    start_month: str | None
    #: The last month it is charged for, None when unknown or open-ended.
    end_month: str | None
    #: The date that decided :attr:`end_month` (the expiry, else the cancellation).
    ended_at: datetime | None
    value_added: bool
    third_party: bool
    says_third_party: bool  # its type or name itself says so (:mod:`.value_added`)
    own_vas: bool  # its type files it as the carrier's own value-added business
    #: The list says it has not started yet (待生效).
    pending: bool
    #: The list shows it cancelled, ended, or expired by the audit date.
    shown_ended: bool
    #: When its list was known (:attr:`auditor.model.Service.listed_on`); None: given now.
    listed_on: date | None
    #: What its list's evidence says of its day (:mod:`auditor.rules.list_dates`): the
    #: day its name gives, else the month it is from at the earliest ("": none says).
    list_day: date | None
    list_since: str
    #: The user's record it stands for (see :attr:`auditor.model.Service.record`), or "".
    record: str

    @property
    def started_at(self) -> datetime | None:
        """The date it starts: its effective time, else its order's."""
        return self.effective or self.ordered

    @property
    def status_shown(self) -> str:
        """Its status as the list printed it, else as read."""
        return self.status_text or self.status

    def starts_after(self, month: str) -> bool:
        """True when it has not started by the end of ``month`` (or the list says it is
        pending without a date): a coming bill, not the ones read, will charge it."""
        start = self.start_month
        return (start is not None and start > month) or (start is None and self.pending)


@dataclass(frozen=True, eq=False, slots=True)
class ChargeFact:
    """A billed amount and the service-list entries it belongs to."""

    line: str
    period: str
    category: str
    item: str  # "" when the bill gives only the category's amount
    amount_fen: int
    section: str
    provider: str
    carrier: str
    source: str
    locator: str
    #: The item as the word lists are written (:func:`auditor.names.fold_name`).
    folded: str
    #: The item as it is matched to services; "" for a category-level amount.
    key: str
    #: The service it charges, as its charges are grouped from bill to bill: ``key``, or
    #: the key of the service a fee is named after that the line's bills name in other
    #: months (:func:`~auditor.rules.fee_names.renamed_fees`).
    service_key: str
    value_added: bool
    third_party: bool
    says_third_party: bool  # its category or item itself says so (:mod:`.value_added`)
    own_vas: bool  # its bill files it under the carrier's own value-added section
    #: The entries of its line it matched: by code when a code matches, else by name.
    services: tuple[ServiceFact, ...]
    #: A fee matched to its service's entries, billed beside that service: its own charge
    #: (:attr:`~auditor.rules.fee_names.ByName.apart`).
    apart: bool = False
    #: Its item was read by OCR (a picture, a scanned page): the recogniser writes the
    #: brackets of ``（2018版）`` as ``(2018版)``, so a name shown prefers a text's spelling.
    by_ocr: bool = False

    def grouped_under(self, entry: ServiceFact) -> str:
        """The key its findings are grouped by, matched to ``entry``: the entry's, but a
        fee's own where it is a charge apart from that service's (:attr:`apart`)."""
        return self.service_key if self.apart else entry.key

    @property
    def category_level(self) -> bool:
        """True for an amount that names no item (an SMS's 增值业务费 0.40)."""
        return not self.item.strip()

    @property
    def keys(self) -> tuple[str, ...]:
        """The services it charges for, as keys: its item's, and those of the entries it
        matched (by code, by name, as a fee named after its service) and the service its
        fee is named after, from bill to bill (:attr:`service_key`). Not, of a fee billed
        apart from its service, that service's: its money is not the service's."""
        renamed = (self.service_key,) if self.service_key != self.key else ()
        matched = () if self.apart else self.services
        return (self.key, *renamed, *(service.key for service in matched))


@dataclass(frozen=True)
class Facts:
    """Everything the rules read of one audit's records."""

    charges: tuple[ChargeFact, ...]
    #: The service-list entries; an undated one that a dated end contradicts, and a later
    #: end of an order that ended earlier, are left out (see
    #: :func:`~auditor.rules.fact_building.build_facts`).
    services: tuple[ServiceFact, ...]
    bills: tuple[BillCheck, ...]
    #: Each line's newest month of any bill or charge.
    latest_months: Mapping[str, str]
    #: The files with rows that could not be read, or not known to have none (stored by
    #: a history before it kept the count): a month of theirs may hold anything.
    unread: frozenset[str]
    #: The audit date's month (not over: its bill is not out yet).
    audit_month: str
    _charges_of: Mapping[ServiceFact, tuple[ChargeFact, ...]]
    #: The entries left out of :attr:`services`: still what a list showed, or the user
    #: recorded (a list newer than a cancellation still showing the service running).
    left_out: tuple[ServiceFact, ...] = ()
    #: The files and months read while that month went on: a bill so far the history
    #: holds (stored by an audit dated in its month), no proof of a stop on a later day.
    so_far: frozenset[tuple[str, str]] = frozenset()
    #: Each line's virtual operator's brand (小米移动) as a file of it names one, this
    #: audit's inputs first, then the history's: what its steps call, whether or not a file
    #: of the line was given this time.
    brands: Mapping[str, str] = field(default_factory=dict)

    def charges_of(self, service: ServiceFact) -> tuple[ChargeFact, ...]:
        """The charges that belong to ``service``, in the order they were read."""
        return self._charges_of.get(service, ())

    def stopped_after(self, line: str, month: str, keys: Iterable[str] = ()) -> str:
        """The month of ``line``'s latest bill read, when it is later than ``month`` (a
        finding's last), can tell a stop (:mod:`auditor.rules.stops`: a month over whose
        bills add up, read whole and itemised) and charges none of ``keys`` (the
        finding's service, as charges match it: :attr:`ChargeFact.keys`, or a
        service-list entry's): what the finding found is not in it, so it stopped.
        A latest month not over on the audit date (its bill so far) tells nothing by
        what it lacks: where it charges none of ``keys`` either, the line's newest month
        over tells in its place (:attr:`~auditor.rules.stops.LatestMonth.over`).
        ``""`` otherwise: no later month read, one that cannot tell, or a service charged
        still (ordered again). Only the latest month tells: a month not given between is
        no stop."""
        latest = self._latest.get(line)
        if latest is None or latest.month <= month or latest.charges(keys):
            return ""
        told = latest if latest.tells else latest.over
        if told is None or told.month <= month or not told.tells or told.charges(keys):
            return ""
        return told.month

    def newest_over(self, line: str) -> str | None:
        """``line``'s newest month read that is over on the audit date (its latest, or
        the month over a bill so far stands beside), None when none is known."""
        latest = self._latest.get(line)
        if latest is None or latest.month < self.audit_month:
            return None if latest is None else latest.month
        return latest.over.month if latest.over else None

    def charged_latest(self, line: str, keys: Iterable[str]) -> bool:
        """True when ``line``'s latest month read charges any of ``keys`` a positive
        amount (a 0.00 row charges nothing), whether or not it could tell a stop."""
        latest = self._latest.get(line)
        return latest is not None and latest.charges(keys)

    def cancel_not_taken(self, line: str, keys: Iterable[str], as_of: date) -> str:
        """The day (``YYYY-MM-DD``) of ``line``'s newest service list when it is from a
        month after the user's latest recorded cancellation of a service of ``keys`` (the
        month a cancellation takes effect by: 次月生效) and still shows that order running
        (:func:`~auditor.rules.entry_ends.still_listed`, the one answer): the cancellation
        did not take. ``""``: no such list, or no cancellation recorded."""
        wanted, entries = set(keys), (*self.services, *self.left_out)
        made = [e for e in entries if e.line == line and e.record and e.key in wanted]
        for record in made:  # (still_listed compares with the latest of them itself)
            if (shown := still_listed(record, entries, as_of)) is not None:
                return (shown.listed_on or as_of).isoformat()
        return ""

    @cached_property
    def _latest(self) -> dict[str, LatestMonth]:
        """Each line's latest month, as :func:`~auditor.rules.stops.latest_months_read`
        reads it."""
        return latest_months_read(
            self.charges, self.bills, self.latest_months, self.unread, self.audit_month, self.so_far
        )

    @cached_property
    def cancelled_on_lists(self) -> dict[tuple[str, str], str | None]:
        """Per line and service (its key, and the keys of the charges matched to it),
        that a service list, not the user's record, shows it cancelled or ended: the
        last month it is rightly charged for, the earliest the lists say
        (:attr:`ServiceFact.end_month`, the rules' one answer: an expiry at 00:00 on the
        1st of October ends September, whatever day it was cancelled); None when they
        give no day. A service a list also shows current (ordered again) is not
        cancelled."""
        ended: dict[tuple[str, str], str | None] = {}
        current: set[tuple[str, str]] = set()
        for service in self.services:
            if service.record:
                continue
            keys = {(service.line, service.key)}
            keys |= {(charge.line, charge.key) for charge in self.charges_of(service)}
            if not service.shown_ended:
                current |= keys
                continue
            month = service.end_month
            for key in keys:
                held = ended.get(key)
                ended[key] = month if held is None else (min(held, month) if month else held)
        return {key: month for key, month in ended.items() if key not in current}
