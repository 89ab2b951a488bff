"""A bill's refunds of its own charges (:func:`auditor.rules.charged.refunds_on_bills`)
are worked out once for bills alike (a company's lines and months bill the same items):
each bill still gets its own credits, and bills that differ in anything a refund reads
(the credit's name, its amount, the month its name states) each get their own answer."""

from __future__ import annotations

from auditor.names import fold_name, service_key
from auditor.rules.charged import _ALIKE_AT_MOST, refunds_on_bills
from auditor.rules.facts import ChargeFact


def item(line: str, period: str, name: str, fen: int, source: str = "bill.csv") -> ChargeFact:
    """One bill's item ``name`` of ``fen`` on ``line``."""
    key = service_key(name)
    return ChargeFact(
        line, period, "增值业务费", name, fen, "", "", "china-mobile", source, "",
        fold_name(name), key, key, True, False, False, False, (),
    )  # fmt: skip


def bill(line: str, period: str, credit: str, fen: int = -1500) -> list[ChargeFact]:
    """A month of 咪咕视频会员 15.00 and ``credit`` of ``fen``."""
    return [item(line, period, "咪咕视频会员", 1500), item(line, period, credit, fen)]


MIGU = service_key("咪咕视频会员")


def test_alike_bills_each_give_back_their_own_credit():
    bills = [bill(f"1390000000{n}", "2026-10", "咪咕视频会员退费") for n in range(3)]
    found = refunds_on_bills([c for b in bills for c in b])
    for b in bills:
        line = b[0].line
        assert found[(line, "2026-10", "bill.csv", MIGU)] == (b[1],)
    assert len(found) == 3


def test_bills_differing_in_what_a_refund_reads_are_told_apart():
    charges = [
        *bill("13900000001", "2026-10", "咪咕视频会员退费"),  # gives it back
        *bill("13900000002", "2026-10", "话费优惠"),  # a discount: names nothing
        *bill("13900000003", "2026-10", "咪咕退费"),  # names part of it, its amount
        *bill("13900000004", "2026-10", "咪咕退费", -900),  # names part, not its amount
        *bill("13900000005", "2026-11", "退费(10月)"),  # October's, on November's bill
        *bill("13900000006", "2026-10", "退费(10月)"),  # its own month's
    ]
    found = refunds_on_bills(charges)
    given = sorted(line for line, _, _, key in found if key == MIGU)
    assert given == ["13900000001", "13900000003", "13900000006"]


def test_a_long_bill_is_read_as_alike_ones_are():
    long = [item("13900000009", "2026-10", f"点播{n}", 100) for n in range(_ALIKE_AT_MOST)]
    long += bill("13900000009", "2026-10", "咪咕视频会员退费")
    short = bill("13900000008", "2026-10", "咪咕视频会员退费")
    found = refunds_on_bills([*long, *short])
    assert found[("13900000009", "2026-10", "bill.csv", MIGU)] == (long[-1],)
    assert found[("13900000008", "2026-10", "bill.csv", MIGU)] == (short[-1],)
