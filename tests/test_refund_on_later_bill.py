"""A refund a later bill gives (咪咕视频会员退费 -15.00 on November's bill for October's
charge after cancellation) is money given back: the claim it names is settled, nothing
due, wherever a claim's money is shown; never counted twice with the user's record of
it, and never a credit naming another service nor a discount."""

from __future__ import annotations

import json

import pytest
from cli_run import run
from test_refunds_due import LINE, MIGU, audit, bill, record

pytestmark = pytest.mark.usefixtures("december", "english")


def october_charged_after_cancelling(tmp) -> dict:
    """咪咕 cancelled on 09-20 and charged 15.00 in October: the November audit's JSON."""
    bill(tmp / "oct", "2026-09")
    audit(tmp, tmp / "oct", "2026-10-05")
    record(tmp, "cancel", "--service", MIGU, "--on", "2026-09-20")
    bill(tmp / "nov", "2026-10", **{MIGU: "15.00"})
    return audit(tmp, tmp / "nov", "2026-11-05")


def charged_after_cancelling(tmp, *november: tuple[str, str], **items: str) -> dict:
    """咪咕 cancelled on 09-20 and charged 15.00 in October (a charge after cancellation,
    found by the November audit), then November's bill with ``november`` items (the
    credits), 咪咕 no longer charged: the December audit's JSON."""
    found = october_charged_after_cancelling(tmp)
    assert [f["rule"] for f in found["findings"] if f["service"] == MIGU] == ["lingering-charge"]
    assert found["summary"]["claimable"] == "15.00"
    bill(tmp / "dec", "2026-11", *november, **items)
    return audit(tmp, tmp / "dec", "2026-12-05")


def resolved(report: dict) -> dict:
    """The one resolved finding of 咪咕 (the charge after cancellation)."""
    (item,) = [r for r in report["resolved"] if r["service"] == MIGU]
    return item


def test_a_credit_on_the_next_bill_settles_the_claim(tmp_path):
    december = charged_after_cancelling(tmp_path, ("咪咕视频会员退费", "-15.00"))
    assert december["refunds_due"] == []
    assert december["summary"]["refunds_due"] == "0.00"
    item = resolved(december)
    assert item["reason_code"] == "refunded_on_bill"
    assert item["refunded"] == "15.00"
    assert "given back on the 2026-11 bill: 咪咕视频会员退费 -15.00" in item["reason"]
    told = run("history", "--db", str(tmp_path / "h.sqlite"), "--lang", "en")
    assert told.exit_code == 0, told.output
    (said,) = [line for line in told.output.splitlines() if "resolved:" in line]
    assert "given back on the 2026-11 bill: 咪咕视频会员退费 -15.00" in said


def test_a_partial_credit_leaves_the_rest_due(tmp_path):
    december = charged_after_cancelling(tmp_path, ("咪咕视频会员退费", "-10.00"))
    (due,) = december["refunds_due"]
    assert (due["periods"], due["unrefunded"], due["refunded"]) == (["2026-10"], "5.00", "10.00")
    assert "given back on the 2026-11 bill: 咪咕视频会员退费 -10.00" in due["reason"]
    assert due["reason_code"] == "stopped"  # not all of it back: still owed as stopped
    assert "the 10.00 yuan of 2026-10 was refunded (as the bill shows)" in due["next"]["text"]
    assert december["summary"]["refunds_due"] == "5.00"


def test_a_generic_adjustment_of_the_claim_s_amount_settles_it(tmp_path):
    december = charged_after_cancelling(tmp_path, ("调账", "-15.00"))
    assert december["refunds_due"] == []
    assert "given back on the 2026-11 bill: 调账 -15.00" in resolved(december)["reason"]


@pytest.mark.parametrize(
    "credit",
    [("手机报退费", "-15.00"), ("话费优惠", "-15.00"), ("调账", "-12.00")],
    ids=["another service", "a discount", "no claim's amount"],
)
def test_a_credit_of_no_claim_gives_nothing_back(tmp_path, credit):
    december = charged_after_cancelling(tmp_path, credit)
    (due,) = december["refunds_due"]
    assert (due["unrefunded"], due["refunded"]) == ("15.00", "0.00")
    assert "given back" not in due["reason"]


def test_a_refund_recorded_too_is_counted_once(tmp_path):
    october_charged_after_cancelling(tmp_path)
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-11-20", "--amount", "15.00")
    bill(tmp_path / "dec", "2026-11", ("咪咕视频会员退费", "-15.00"))
    target = tmp_path / "dec.json"
    done = run(
        "audit", str(tmp_path / "dec"), "--as-of", "2026-12-05", "--db",
        str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "dec.xlsx"), "--json", str(target),
        "--lang", "en",
    )  # fmt: skip
    assert done.exit_code in (0, 1), done.output
    assert "look like the same money: counted once" in done.output
    december = json.loads(target.read_text("utf-8"))
    assert december["refunds_due"] == []
    assert december["over_refunded"] == []  # not 30.00 back of 15.00
    item = resolved(december)
    assert item["refunded"] == "15.00"
    assert "given back" not in item["reason"]  # counted as the user's record
    assert LINE not in json.dumps(december, ensure_ascii=False)


def test_a_credit_its_own_bill_sets_against_its_charge_is_not_given_back_again(tmp_path):
    # November charges 咪咕 again and gives it back on the same bill: that is November's
    # charge netted (the same-bill rule), not October's money back.
    december = charged_after_cancelling(tmp_path, (MIGU, "15.00"), ("咪咕视频会员退费", "-15.00"))
    found = [(f["rule"], f["periods"], f["amount"]) for f in december["findings"]]
    assert found == [("lingering-charge", ["2026-10"], "15.00")]
    assert (december["summary"]["claimable"], december["refunds_due"]) == ("15.00", [])


def test_a_refund_recorded_before_the_bill_s_month_is_more_than_was_charged(tmp_path):
    # recorded in October, before November's bill gave 15.00 back: not the same money by
    # its day, so both count, and together they are more than the 15.00 charged: said
    october_charged_after_cancelling(tmp_path)
    record(tmp_path, "refund", "--service", MIGU, "--on", "2026-10-25", "--amount", "15.00")
    bill(tmp_path / "dec", "2026-11", ("咪咕视频会员退费", "-15.00"))
    done = run(
        "audit", str(tmp_path / "dec"), "--as-of", "2026-12-05", "--db",
        str(tmp_path / "h.sqlite"), "-o", str(tmp_path / "dec.xlsx"), "--lang", "en",
    )  # fmt: skip
    assert done.exit_code in (0, 1), done.output
    assert "with the ¥15.00 refunded before it ¥30.00 in all, is more than the ¥15.00" in (
        done.output
    )
    assert "look like the same money" not in done.output


@pytest.mark.parametrize("credit", ["退费(10月)", "2026年10月调账", "咪咕退费", "调账（重复收费）"])
def test_a_credit_naming_its_month_a_reason_or_part_of_the_name_settles_it(tmp_path, credit):
    """The second review: the same bill's refunds read these, a later bill's did not (any
    letter left, 月 too, was another service), and 15.00 was asked back twice."""
    december = charged_after_cancelling(tmp_path, (credit, "-15.00"))
    assert december["refunds_due"] == []
    assert f"given back on the 2026-11 bill: {credit} -15.00" in resolved(december)["reason"]


def test_a_refund_beyond_its_own_bill_s_charge_goes_to_the_months_before(tmp_path):
    """The second review: November charged 15.00 again and gave -30.00 back on the same
    bill; the 15.00 beyond November's charge is October's, not lost."""
    december = charged_after_cancelling(tmp_path, ("咪咕视频会员退费", "-30.00"), **{MIGU: "15.00"})
    (found,) = [f for f in december["findings"] if f["service"] == MIGU]
    assert (found["rule"], found["amount"], found["claimable"]) == (
        "lingering-charge",
        "15.00",
        "0.00",
    )
    assert december["summary"]["claimable"] == "0.00"


def charged_again_beside(tmp, credit: str) -> dict:
    """咪咕 cancelled on 09-20, charged 15.00 in October and again in November beside
    ``credit`` -15.00, both bills audited together on 12-05: that audit's JSON."""
    bill(tmp / "a", "2026-09")
    audit(tmp, tmp / "a", "2026-10-05")
    record(tmp, "cancel", "--service", MIGU, "--on", "2026-09-20")
    bill(tmp / "b", "2026-10", **{MIGU: "15.00"})
    bill(tmp / "b", "2026-11", (credit, "-15.00"), (MIGU, "15.00"))
    return audit(tmp, tmp / "b", "2026-12-05")


@pytest.mark.parametrize("credit", ["咪咕视频会员退费(10月)", "2026年10月咪咕退费", "上月咪咕退费"])
def test_a_credit_naming_an_earlier_month_is_not_its_own_bill_s_refund(tmp_path, credit):
    """November's bill charging 咪咕 again beside 退费(10月): October was given back and
    November's charge stands (the same-bill netting took it as November's, so the finding
    named October, refunded, as the month charged)."""
    december = charged_again_beside(tmp_path, credit)
    (found,) = [f for f in december["findings"] if f["service"] == MIGU]
    assert (found["periods"], found["amount"], found["claimable"]) == (
        ["2026-10", "2026-11"],
        "30.00",
        "15.00",
    )
    (hotline,) = [a for a in found["actions"] if a["channel"] == "hotline"]
    assert (
        "15.00 yuan (30.00 yuan in 2026-10, 2026-11, of which 15.00 yuan was refunded)"
        in (hotline["text"])
    )


def test_a_credit_naming_its_own_month_is_its_own_bill_s_refund(tmp_path):
    """退费(11月) on November's bill gives November's charge back: October stands."""
    december = charged_again_beside(tmp_path, "咪咕视频会员退费(11月)")
    (found,) = [f for f in december["findings"] if f["service"] == MIGU]
    assert (found["periods"], found["claimable"]) == (["2026-10"], "15.00")


@pytest.mark.parametrize("credit", ["咪咕视频会员退费", "咪咕视频会员首3月减免退费"])
def test_a_credit_counting_months_names_no_month_of_its_own(credit):
    """首3月 is a count of months, not March: the credit is its own bill's."""
    from rule_cases import context

    from auditor.rules.charged import of_other_months

    ctx = context(
        {"charges": [{"period": "2026-11", "category": "vas", "item": credit, "amount": "-15.00"}]}
    )
    assert not of_other_months(ctx.facts.charges[0])
