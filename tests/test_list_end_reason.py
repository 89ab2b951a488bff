"""Why a finding is resolved by a service list showing its service ended says which list
(trial t16: "the service list shows it cancelled or ended" was said in October, when no
list was given, from the end date of a list an earlier audit stored)."""

from __future__ import annotations

from datetime import date

import pytest
from rule_cases import context

from auditor import lang
from auditor.history.findings import Seen
from auditor.history.reasons import ReasonCode
from auditor.history.resolution import BillFacts, list_ends, resolution

LINE, OFFER = "19200001111", "新入网话费优惠（3个月）"


def _case(listed_on: list[date | None]) -> dict:
    """The offer, expired on 2026-10-01, as lists known on each of ``listed_on`` show it
    (None: a list given to the audit)."""
    entry = {
        "line": LINE, "name": OFFER, "type": "优惠", "price": "-10元/月",
        "effective": date(2026, 7, 1), "expires": date(2026, 10, 1), "status": "ended",
    }  # fmt: skip
    rows = [{**entry, "listed_on": day} if day else entry for day in listed_on]
    return {"id": "offer", "services": rows, "as_of": date(2026, 11, 5)}


def _reason(listed_on: list[date | None]) -> tuple[str, str]:
    """The reason (English, Chinese) a finding of the offer is resolved for."""
    ended = list_ends(context(_case(listed_on)).facts)
    [(key, shown)] = ended.items()
    assert key[0] == LINE
    day = date(2026, 10, 5)
    seen = Seen("x", "next-month-effective", LINE, OFFER, day, day, None, "", ("2026-10",), 0)
    said = []
    for language in ("en", "zh"):
        with lang.using(language):
            why = resolution(seen, [], BillFacts("2026-10", ended_on_list=True, ended_from=shown))
        assert why.code is ReasonCode.ENDED_ON_LIST
        said.append(why.text)
    return said[0], said[1]


@pytest.mark.parametrize(
    "listed_on",
    [
        [date(2026, 9, 5)],
        [date(2026, 8, 5), date(2026, 9, 5)],
        [date(2026, 9, 5), date(2026, 8, 5)],
    ],
)
def test_a_list_an_earlier_audit_stored_is_named_with_its_day_and_the_end(listed_on):
    en, zh = _reason(listed_on)  # the newest list stored is the one named
    assert en == (
        "the service list an audit of 2026-09-05 stored shows it cancelled or ended on "
        "2026-10-01 (no service list given to this audit shows it)"
    )
    assert zh.startswith("2026-09-05 的检查存入的已订业务显示它已于 2026-10-01 退订或失效")


def test_a_list_given_to_the_audit_is_the_one_said():
    en, zh = _reason([date(2026, 9, 5), None])
    assert en == "the service list shows it cancelled or ended"
    assert zh == "已订业务显示它已退订或失效"
