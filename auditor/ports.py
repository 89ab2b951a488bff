"""携号转网 (number portability): a line whose bills move from one carrier to another.

A ported number keeps its prefix and changes carrier from one month on. Its months
before are still the old carrier's: money a finding or a refund due claims of them is
owed by the carrier that billed them, whatever the line's latest carrier is. A line's
bills going, between two of its months, from one carrier to another that both take
ported numbers (the catalog's ``portable``) are a port, said once as one; a virtual
operator's are not (its bill may name its host network).

A line's ``carrier`` in the settings is its carrier from the month its bills first name
that carrier on: a bill of another carrier that takes ported numbers before that month
(or of a line whose bills never name it) is one from before the port, read as it says
(:func:`settle_ported`). The settings' carrier decides over a virtual operator's bill,
one naming no carrier, or a month after the port.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from auditor.catalog import carrier_name, load_carrier
from auditor.lang import say
from auditor.model import Finding, ReadResult

_NEVER = "9999-99"  # after every month: a line whose bills never name the settings' carrier


def portable(carrier: str | None) -> bool:
    """Whether ``carrier`` (an id) takes and gives ported numbers, as the catalog says."""
    try:
        return bool(carrier) and load_carrier(carrier or "").portable
    except KeyError:
        return False


@dataclass(frozen=True)
class Port:
    """A line's number moved to another carrier: ``before`` billed its months up to
    ``month``, ``after`` bills ``month`` (the first month of its bills) on."""

    line: str
    month: str
    before: str
    after: str

    def told(self, named: bool = True) -> str:
        """The port as said once (``携号转网 from China Unicom to China Telecom in
        2026-06``), with what it means for the money of the months before; ``named``:
        its line first (an input's alert names the line it is about)."""
        was, now = carrier_name(self.before), carrier_name(self.after)
        return say(
            (f"{self.line}：" if named else "")
            + f"{self.month} 起携号转网，由{was}转至{now}（号段仍属{was}，并非读错）；"
            f"{self.month} 之前各月的费用仍向{was}追讨",
            (f"{self.line}: " if named else "")
            + f"携号转网 (number ported) from {was} to {now} in {self.month} (a prefix "
            f"still saying {was} is no misreading): money of the months before is asked back "
            f"from {was}",
        )


def month_carriers(results: Iterable[ReadResult]) -> dict[str, dict[str, str]]:
    """Each line's carrier by month (line -> month -> carrier id), as its bills were read
    (a month's bill first, else its first charge naming a carrier)."""
    found: dict[str, dict[str, str]] = {}
    charged: list[tuple[str, str, str]] = []
    for result in results:
        for bill in result.bills:
            if bill.carrier:
                found.setdefault(bill.line, {}).setdefault(bill.period, bill.carrier)
        seen: set[tuple[str, str]] = set()  # (a long bill's charges name few months)
        for charge in result.charges:
            if charge.carrier and (charge.line, charge.period) not in seen:
                seen.add((charge.line, charge.period))
                charged.append((charge.line, charge.period, charge.carrier))
    for line, period, carrier in charged:
        found.setdefault(line, {}).setdefault(period, carrier)
    return found


def ports_of(months: Mapping[str, str], line: str) -> list[Port]:
    """The ports of ``line``, whose carrier by month is ``months``: each month billed by
    another carrier than the month before it held, both portable."""
    ports = []
    ordered = sorted(months.items())
    for (_, was), (month, now) in pairwise(ordered):
        if was != now and portable(was) and portable(now):
            ports.append(Port(line, month, was, now))
    return ports


def billed_by(months: Mapping[str, str], periods: Iterable[str], fallback: str = "") -> str:
    """The carrier that billed ``periods`` (of a line whose carrier by month is
    ``months``): the earliest of them a carrier is known of; ``fallback`` when none is."""
    return next((months[p] for p in sorted(periods) if months.get(p)), fallback)


def line_month_carriers(records: Iterable, lines: set[str]) -> dict[str, dict[str, str]]:
    """Each of ``lines``' carrier by month (line -> month -> carrier id), as ``records``
    (charges, with ``line``, ``period`` and ``carrier``) name it: the first naming one."""
    found: dict[str, dict[str, str]] = {}
    for record in records:
        if record.carrier and record.line in lines:
            found.setdefault(record.line, {}).setdefault(record.period, record.carrier)
    return found


def ported_months(months: Mapping[str, str], periods: Iterable[str], carrier: str) -> dict:
    """Of ``periods`` (a finding's, of a line whose carrier by month is ``months``), those
    billed by another carrier than ``carrier`` (the finding's: its latest month's), both
    taking ported numbers: month -> the carrier that billed it, before the number was
    ported (携号转网). Empty for a line never ported, and for a virtual operator's."""
    return {
        month: months[month]
        for month in periods
        if months.get(month, carrier) != carrier and portable(months[month]) and portable(carrier)
    }


def earlier_asks(finding: Finding) -> list[tuple[str, str]]:
    """A step for each carrier that billed some of ``finding``'s months before its number
    was ported to the finding's carrier (:attr:`~auditor.model.Finding.ported`): its text
    and the number to call. The finding's steps are its carrier's, the line's now (it
    cancels and complains there); those months' money is the earlier carrier's to give
    back, and the steps say so, naming it, its months and its service line."""
    asks = []
    now = carrier_name(finding.carrier)
    for was_id in dict.fromkeys(finding.ported.values()):
        months = [m for m, c in finding.ported.items() if c == was_id]
        was = carrier_name(was_id)
        try:
            hotline = load_carrier(was_id).hotline
        except KeyError:
            hotline = ""
        call = say(f"致电 {hotline} ", f"call {hotline} and ") if hotline else ""
        text = say(
            f"{'、'.join(months)} 的费用是{was}收取的（本号码之后携号转网至{now}）：这些月份"
            f"的钱向{was}追讨，{call}要求退还，投诉、申诉这些月份时写明运营商为{was}",
            f"{', '.join(months)} were billed by {was}, before the number was ported "
            f"(携号转网) to {now}: ask {was} for those months' money back ({call}ask for a "
            f"refund, 退费), and name {was} as the carrier in a complaint or appeal about "
            "those months",
        )
        asks.append((text, hotline))
    return asks


def settle_ported(
    results: Iterable[ReadResult], given: Mapping[str, str], forced: bool = False
) -> None:
    """Give each record of a line whose carrier the settings give (``given``: line ->
    carrier id) that carrier, but for a bill before the line's port to it: a month before
    the first its bills name the settings' carrier (any, where none does), read as
    another carrier that takes ported numbers, is from before the port and keeps its
    carrier, as the reader kept it (:func:`~auditor.readers.clues.settle_line_carriers`:
    one that named no carrier has the settings' already). ``forced``: every input's carrier
    was given (``--carrier``), and nothing changes. A file's own carrier becomes the one
    its lines are read as, where that is one."""
    results = list(results)
    if forced or not given:
        return
    months = month_carriers(results)
    since: dict[str, str] = {}  # line -> the first month its bills name its carrier
    for line, carrier in given.items():
        named = [month for month, c in months.get(line, {}).items() if c == carrier]
        since[line] = min(named, default=_NEVER)

    def kept(line: str, carrier: str | None, period: str) -> bool:
        wanted = given[line]
        return period < since[line] and carrier != wanted and portable(carrier) and portable(wanted)

    for result in results:
        changed = False
        for record in (*result.bills, *result.charges):
            if record.line in given and not kept(record.line, record.carrier, record.period):
                changed |= record.carrier != given[record.line]
                record.carrier = given[record.line]
        for service in result.services:
            if service.line in given:  # a list is of the line as it is now
                changed |= service.carrier != given[service.line]
                service.carrier = given[service.line]
        read_as = {r.carrier for r in (*result.bills, *result.charges, *result.services)}
        if changed and len(read_as) == 1:
            result.carrier = read_as.pop()
