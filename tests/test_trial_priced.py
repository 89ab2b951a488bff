"""A service priced as a trial (trial t11's s04_tricky_prices: a 已订业务 card's 首月0元
次月起6元/月): its price is the price after the first period, and that the first period
was free or cheaper is a fact of its own (``Service.trial``), read alike from every
service list (a table, a picture's cards, a portal's JSON, an SMS) and kept in the
history, so that ``trial-to-paid`` follows it whatever its name says. The rule's own
cases: tests/rules/trial-to-paid.toml."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from history_versions import as_version
from readers_golden import read
from test_ocr_angle import OPTIONS, _box
from test_refunds_due import LINE as BILLED
from test_refunds_due import audit, bill

from auditor.history.db import open_history
from auditor.history.schema import SCHEMA_VERSION
from auditor.readers.ocr_layout import picture_lines
from auditor.readers.ocr_read import read_lines
from auditor.trial_price import sentence_states_trial, states_trial

pytestmark = pytest.mark.usefixtures("english")

LINE, NAME = "13800001234", "视频彩铃订阅"
TRIAL, PLAIN = "首月0元 次月起6元/月", "6元/月"


@pytest.mark.parametrize(
    ("text", "trial"),
    [
        ("首月0元 次月起6元/月", True),
        ("首月3元次月起6元/月", True),  # cheaper, not free
        ("前3个月免费,之后10元/月", True),
        ("首月半价 次月起10元/月", True),
        ("6元/月（首月免费）", True),
        ("10元/月(0元体验)", True),
        ("首月免费", True),
        ("6元/月", False),
        ("免费", False),  # free throughout: no trial to turn paid
        ("首月10元次月起6元/月", False),  # dearer first
        ("6元/月（含来电显示）", False),
        ("10元/月（首月按天折算）", False),  # the days held, at the full price (the review)
        ("首月按日折算，次月起按月收取", False),
        ("首月5折,次月起10元/月", True),  # 折 alone is a discount
        ("首月半价按天折算，次月起10元/月", True),  # half price, by the day
        ("", False),
    ],
)
def test_a_price_text_states_a_free_or_cheaper_first_period(text, trial):
    assert states_trial(text) is trial


def test_a_message_s_sentence_states_one_against_its_monthly_price():
    assert sentence_states_trial("，资费首月0元，次月起6元/月，从2026年10月1日开始生效", 600)
    assert sentence_states_trial("，前3个月免费，之后10元/月", 1000)
    assert not sentence_states_trial("，标准资费6元/月（实际收费根据您参加的套餐而定）", 600)
    assert not sentence_states_trial("，首月6元，次月起6元/月", 600)


def _services(result) -> dict[str, tuple[int | None, bool]]:
    return {s.name: (s.price_fen, s.trial) for s in result.services}


EXPECTED = {NAME: (600, True), "咪咕视频会员": (600, False)}


def _csv(tmp: Path) -> Path:
    path = tmp / f"{LINE}-已订业务.csv"
    rows = [f"{NAME},{TRIAL},正常,2026-09-18", f"咪咕视频会员,{PLAIN},正常,2026-09-18"]
    path.write_text("\n".join(["业务名称,资费,状态,订购时间", *rows]) + "\n", "utf-8")
    return path


def _xlsx(tmp: Path) -> Path:
    path = tmp / f"{LINE}-已订业务.xlsx"
    book = openpyxl.Workbook()
    for row in [
        ("业务名称", "资费", "状态"),
        (NAME, TRIAL, "正常"),
        ("咪咕视频会员", PLAIN, "正常"),
    ]:
        book.active.append(row)
    book.save(path)
    return path


def _json(tmp: Path) -> Path:
    # China Unicom's portal, as fixtures/json/china-unicom/18600005678-已订业务.json
    path = tmp / "18600005678-已订业务.json"
    products = [
        {"productId": str(n), "productFee": fee, "cancelFlag": "0", "productName": name,
         "startDate": "2026-09-18 00:00:00"}
        for n, (name, fee) in enumerate([(NAME, TRIAL), ("咪咕视频会员", PLAIN)])
    ]  # fmt: skip
    data = {"mainProductInfo": [], "otherProductInfo": products, "usernumber": "186****5678"}
    path.write_text(json.dumps({"code": "0000", "data": data}, ensure_ascii=False), "utf-8")
    return path


def _sms_list(tmp: Path) -> Path:
    # China Mobile's reply to 0000, the trial's price split at its comma
    path = tmp / "sms.txt"
    path.write_text(
        f"【中国移动】尊敬的客户，您好！您{LINE}当前订购的套餐外业务如下：1.{NAME}，首月0元，"
        "次月起6元/月，由咪咕音乐有限公司提供；2.咪咕视频会员，6元/月。如需退订，请回复序号。\n",
        "utf-8",
    )
    return path


def _sms_order(tmp: Path) -> Path:
    path = tmp / "sms.txt"
    path.write_text(
        f"尊敬的{LINE}客户，您好！您已成功订购中国移动的{NAME}，资费首月0元，次月起6元/月，"
        "从2026年10月1日开始生效。【中国移动提醒服务】\n"
        f"尊敬的{LINE}客户，您好！您已成功订购中国移动的咪咕视频会员，标准资费6元/月，"
        "从2026年10月1日开始生效。【中国移动提醒服务】\n",
        "utf-8",
    )
    return path


@pytest.mark.parametrize("make", [_csv, _xlsx, _json, _sms_list, _sms_order])
def test_every_service_list_reads_a_trial_price_alike(tmp_path, make):
    options = {"line": "18600005678"} if make is _json else {}
    assert _services(read(make(tmp_path), **options)) == EXPECTED


def test_a_card_s_trial_price_reaching_over_its_name_is_its_price():
    # trial t11's s04: the price printed wide right of the name stands partly over the
    # name's column (the dates' lines below are as wide); it was read as more of the name
    place = lambda x, y: (x, y)  # noqa: E731
    lines = [("已订业务", None, None), ("号码：138****1234", None, None)]
    for name, price in [("咪咕视频会员", "15元/月"), (NAME, "首月0元次月起6元/月")]:
        lines += [(name, price, None), ("订购时间：2026-09-18 08:30:00", "正常", None),
                  ("生效时间：2026-10-01 00:00:00", None, None), (None, None, "退订")]  # fmt: skip
    boxes, y = [], 60
    for left, right, button in lines:
        if left:
            boxes.append(_box(place, 73, y, left))
        for text in (right, button):
            if text:
                boxes.append(_box(place, 1000 - 30 * len(text), y, text))
        y += 90
    found, readings = picture_lines(boxes, 1, (1080, y + 60))
    result = read_lines(Path(f"{LINE}-已订业务.png"), found, readings, OPTIONS, picture=True)
    assert _services(result) == {"咪咕视频会员": (1500, False), NAME: (600, True)}


def test_a_stored_list_s_trial_is_followed_by_a_later_audit(tmp_path):
    # October: the list alone (the trial began in September); November: only the October
    # bill, charging it. The list comes from the history, its trial with it.
    oct_ = tmp_path / "oct"
    oct_.mkdir()
    (oct_ / f"{BILLED}-已订业务.csv").write_text(
        f"业务名称,资费,状态,生效时间\n{NAME},{TRIAL},正常,2026-09-01\n", "utf-8"
    )
    first = audit(tmp_path, oct_, "2026-10-05")
    [listed] = [f for f in first["findings"] if f["service"] == NAME]
    assert listed["rule"] == "unknown-vas" and "on a free trial" in listed["message"]
    bill(tmp_path / "nov", "2026-10", **{NAME: "6.00"})
    november = audit(tmp_path, tmp_path / "nov", "2026-11-05")
    [paid] = [f for f in november["findings"] if f["rule"] == "trial-to-paid"]
    assert (paid["service"], paid["periods"], paid["amount"]) == (NAME, ["2026-10"], "6.00")


def test_a_version_15_history_keeps_its_lists_not_knowing_their_trials(tmp_path):
    oct_ = tmp_path / "oct"
    oct_.mkdir()
    (oct_ / f"{BILLED}-已订业务.csv").write_text(
        f"业务名称,资费,状态,生效时间\n{NAME},{TRIAL},正常,2026-09-01\n", "utf-8"
    )
    audit(tmp_path, oct_, "2026-10-05")
    old = tmp_path / "v15.sqlite"
    as_version(tmp_path / "h.sqlite", old, 15)
    with open_history(old) as db:  # brought forward on opening
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT name, price_fen, trial FROM services").fetchall() == [
            (NAME, 600, None)  # stored before: not known
        ]
