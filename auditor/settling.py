"""What one file's reading leaves to settle once every input is read
(:func:`auditor.inputs.settle_read`): a unit its amounts do not state
(:mod:`auditor.amount_units`), months only a text Excel may have made of another gives
(:mod:`auditor.doubtful_months`), billing periods running into another month, a carrier
alert a port may explain (:mod:`auditor.ports`). A reader marks them on its result's
``settling``; the settling steps read and clear them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class MonthDoubt(NamedTuple):
    """A month read from a doubtful text (``2026.1``, Excel's 2026.10)."""

    period: str  # the month it was read as
    text: str  # the text it was read from
    stated: str  # the month the file's header block, name or folder gives, or ""


@dataclass
class Settling:
    """What a file's reading leaves to settle (see the module's text)."""

    #: The amounts' unit as settled: "" (stated, nothing to settle) or one of
    #: :mod:`auditor.amount_units`' marks (``unstated`` until settled).
    amount_unit: str = ""
    months: list[MonthDoubt] = field(default_factory=list)
    #: Its alert (among the result's alerts) of a carrier that only the number's prefix or
    #: the settings' carrier of a line gainsay: one a port (携号转网) of the line explains,
    #: then dropped (:func:`auditor.inputs.tell_ports`); "" when it has none.
    port_alert: str = ""
    #: Billing periods that run into another month (2026-09-26至2026-10-25), by the month
    #: each was read as (its start): (the text, the month it ends in). Read as the spec
    #: says, but said (auditor.readers.clues.check_month), with the file's name in mind.
    spans: dict[str, tuple[str, str]] = field(default_factory=dict)
