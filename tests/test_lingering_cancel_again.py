"""A service charged after the user's cancellation (退订后仍扣费) has a step to cancel it
again, wherever its carrier lets it be cancelled (the app, an SP's own number, the
carrier's SMS, else the service line), as an unknown service's steps do: the next step
and the Summary say "按操作步骤再次退订", which pointed to no step on China Telecom
(no app path nor cancelling SMS in its catalog: the t5 trial's 爱音乐会员 and
掌上悦读手机报 groups had only 0000, 10000, evidence, complaint and appeal). And two
findings in that case get one advice, differing only by what was recorded: with a
complaint recorded, to cancel again and that the complaint goes on (its ticket); her
cancellation's date in both (the trial's SP said "投诉不会停止扣费…退订", ignoring it,
while 爱音乐 said "现在投诉")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from auditor.catalog import CARRIER_IDS
from auditor.lang import using
from auditor.model import Action, Finding, UserRecord
from auditor.rules import get_rule
from auditor.rules.lingering_charge import LingeringChargeDetails
from auditor.writers.followup import next_step

AS_OF = date(2026, 9, 5)
LINE = "18971230001"
APPEAL = Action(9, "appeal", "申诉", opens=date(2026, 9, 20), due=date(2027, 1, 31))


def _lingering(service: str, carrier: str = "china-telecom", *, sp: bool = False, records=()):
    """A service cancelled on 07-15 (her record) and charged in August."""
    details = LingeringChargeDetails("2026-07", record="2026-07-15", third_party=sp)
    return Finding(
        "lingering-charge", "high", carrier, LINE, service, ["2026-08"], 600, 600, "m",
        actions=[APPEAL], records=list(records), details=details,
    )  # fmt: skip


def _record(rid: int, kind: str, on: date, ticket: str = "", service: str = "爱音乐会员"):
    return UserRecord(rid, kind, LINE, service, "", on, ticket)


def _steps(finding: Finding) -> list[Action]:
    return get_rule("lingering-charge")().actions(finding, AS_OF)


def _cancels(actions: list[Action]) -> list[Action]:
    """The steps that cancel the service (again)."""
    return [a for a in actions if "再次退订" in a.text and a.channel in ("app", "sms", "hotline")]


def test_on_china_telecom_the_service_line_cancels_it_again():
    with using("zh"):
        actions = _steps(_lingering("爱音乐会员"))
    [cancel] = _cancels(actions)
    assert cancel.channel == "hotline" and cancel.to == "10000"
    assert cancel.text == (
        "若仍在已订业务中，再次退订：致电 10000，要求退订「爱音乐会员」并确认退订成功，记下工单号"
    )
    # before the call asking for the money, the complaint and the appeal
    channels = [a.channel for a in actions]
    assert actions.index(cancel) < channels.index("appeal")


def test_an_sps_service_is_cancelled_again_at_its_own_number():
    with using("zh"):
        actions = _steps(_lingering("掌上悦读手机报（SP代收）", sp=True))
    [cancel] = _cancels(actions)
    assert cancel.channel == "sms" and "发送「TD」到 SP 的 106" in cancel.text
    assert cancel.text.startswith("若仍在已订业务中，再次退订「掌上悦读手机报（SP代收）」")
    # not an SP's: no TD step
    with using("zh"):
        own = _steps(_lingering("掌上悦读手机报（SP代收）", sp=False))
    assert not [a for a in own if "TD" in a.text]


@pytest.mark.parametrize("carrier", [*CARRIER_IDS, ""])
def test_every_carrier_has_a_way_to_cancel_again_one_of_them_enough(carrier):
    for sp in (False, True):
        with using("zh"):
            cancels = _cancels(_steps(_lingering("爱音乐会员", carrier, sp=sp)))
        assert cancels, (carrier, sp)
        assert not cancels[0].text.startswith("或")
        assert all(a.text.startswith("或：") for a in cancels[1:])


def test_the_next_step_says_to_cancel_again_only_where_a_step_does():
    made = _record(1, "cancel", date(2026, 7, 15), "20260715A01")
    again = _record(2, "cancel", date(2026, 9, 6))  # cancelled again: the charge ends
    with using("zh"):
        finding = _lingering("爱音乐会员", records=[made])
        assert "按操作步骤再次退订" in next_step(finding, AS_OF).text and _cancels(_steps(finding))
        finding = _lingering("爱音乐会员", records=[made, again])
        assert "按操作步骤" not in next_step(finding, AS_OF).text
        assert not _cancels(_steps(finding))


def test_two_services_cancelled_and_still_charged_get_one_advice():
    # the trial's 2026-09 report: both cancelled in July, charged in August; a complaint
    # recorded about the SP's, none yet about 爱音乐会员
    sp = "掌上悦读手机报（SP代收）"
    music = [_record(1, "cancel", date(2026, 7, 15), "20260715A01")]
    paper = [
        _record(2, "cancel", date(2026, 7, 20), "20260720T88", sp),
        _record(3, "complaint", date(2026, 8, 8), "2026080810000123", sp),
    ]
    with using("zh"):
        plain = next_step(_lingering("爱音乐会员", records=music), AS_OF)
        complained = next_step(_lingering(sp, sp=True, records=paper), AS_OF)
    again = "先核对已订业务，仍在就按操作步骤再次退订，在「处理步骤」表记下日期"
    assert plain.text.startswith(f"你 2026-07-15 退订后仍扣费：{again}")
    assert complained.text.startswith(f"你 2026-07-20 退订后仍扣费：{again}")
    # what differs is what was recorded: the complaint to make, or the one made going on
    assert plain.text.endswith("；再投诉，出示你 2026-07-15 退订的工单号 20260715A01，要求退款")
    assert "；你的投诉照常进行：" in complained.text and "2026080810000123" in complained.text
    assert "不会停止扣费" not in complained.text and "现在投诉" not in plain.text
    assert not plain.waits and not complained.waits  # cancelling again: today
    assert plain.opens == complained.opens == AS_OF
    # in English, the same advice
    with using("en"):
        plain = next_step(_lingering("爱音乐会员", records=music), AS_OF)
        complained = next_step(_lingering(sp, sp=True, records=paper), AS_OF)
    head = "It was charged after your cancellation of 2026-07-"
    assert plain.text.startswith(head) and complained.text.startswith(head)
    assert "your complaint goes on: " in complained.text


def test_the_advice_is_the_same_for_an_unknown_service_charged_after_its_cancellation():
    made = _record(1, "cancel", date(2026, 7, 15))
    finding = _lingering("爱音乐会员", records=[made])
    unknown = replace(finding, rule="unknown-vas", details=get_rule("unknown-vas").details_type())
    with using("zh"):
        assert next_step(unknown, AS_OF).text == next_step(finding, AS_OF).text
