"""China Mobile's folklore QXCL cancels the ring-back function itself (彩铃功能费), not
one ringback package on it (视频彩铃订阅-酷电秀专属6元包): offered to cancel a package, a
step says what it really cancels; where the user keeps the function (a known service of
the line), it is not offered at all; for the function itself it is the plain command
(catalog: china-mobile.toml's cancels and caution; a trial's dad kept 彩铃功能费)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from cli_run import run

from auditor import lang
from auditor.model import Action, Finding
from auditor.names import service_key
from auditor.rules import get_rule
from auditor.rules.unknown_vas import UnknownVasDetails

AS_OF = date(2026, 11, 5)
PACKAGE = "视频彩铃订阅-酷电秀专属6元包"
FUNCTION = "彩铃功能费"


def _steps(service: str, keeps: frozenset[str] = frozenset()) -> list[Action]:
    finding = Finding(
        rule="unknown-vas",
        severity="medium",
        carrier="china-mobile",
        line="13800001234",
        service=service,
        periods=["2026-10"],
        amount_fen=600,
        monthly_fen=600,
        message="m",
        details=UnknownVasDetails(),
        keeps=keeps,
    )
    return get_rule("unknown-vas")().actions(finding, AS_OF)


def _qxcl(actions: list[Action]) -> list[Action]:
    return [a for a in actions if "QXCL" in a.text]


def test_for_a_package_qxcl_says_it_cancels_the_function_itself():
    (step,) = _qxcl(_steps(PACKAGE))
    assert step.text == f"或：取消「{FUNCTION}」本身（不只是「{PACKAGE}」）：发送「QXCL」到 10086"
    assert step.note.startswith("它取消的是彩铃功能本身（彩铃功能费）")
    assert "还想保留彩铃功能的，请用其他方式退订" in step.note
    assert step.alternative and step.confidence == "reported"
    with lang.using("en"):
        (step,) = _qxcl(_steps(PACKAGE))
    assert step.text.startswith(f"Or: cancel 「{FUNCTION}」 itself (not only 「{PACKAGE}」)")
    assert step.note.startswith("It cancels the ring-back function itself")


def test_for_a_package_on_a_function_the_user_keeps_qxcl_is_not_offered():
    actions = _steps(PACKAGE, frozenset({service_key(FUNCTION)}))
    assert _qxcl(actions) == []
    # the other ways to cancel the package are still there, one of them enough
    cancels = [a for a in actions if a.channel in ("app", "sms") and "退订" in a.text]
    assert len(cancels) >= 2 and all(a.alternative for a in cancels[1:])


@pytest.mark.parametrize("service", [FUNCTION, "彩铃"])
def test_for_the_function_itself_qxcl_is_the_plain_command(service):
    (step,) = _qxcl(_steps(service, frozenset({service_key("咪咕视频会员")})))
    assert step.text == f"或：退订「{service}」：发送「QXCL」到 10086"
    assert step.note.startswith("取消彩铃；用户流传的指令")


BILL = """手机号码,账期,费用类别,费用项目,金额(元)
13800001234,2026-10,套餐及固定费,4G飞享18元套餐,18.00
13800001234,2026-10,增值业务费,彩铃功能费,5.00
13800001234,2026-10,增值业务费,视频彩铃订阅-酷电秀专属6元包,6.00
13800001234,2026-10,本月费用合计,,29.00
13900001111,2026-10,套餐及固定费,4G飞享18元套餐,18.00
13900001111,2026-10,增值业务费,视频彩铃订阅-酷电秀专属6元包,6.00
13900001111,2026-10,本月费用合计,,24.00
"""
# Dad keeps the ring-back function on his line; the other line has none known.
SETTINGS = """[lines."13800001234"]
owner = "爸爸"
known_services = ["彩铃功能费"]
"""


def test_an_audit_keeps_qxcl_off_the_line_that_keeps_the_function(tmp_path):
    (tmp_path / "bills").mkdir()
    (tmp_path / "bills" / "中国移动账单-2026年10月.csv").write_text(BILL, "utf-8")
    (tmp_path / "auditor.toml").write_text(SETTINGS, "utf-8")
    target = tmp_path / "r.json"
    result = run(
        "audit", str(tmp_path / "bills"), "--known", str(tmp_path / "auditor.toml"),
        "--as-of", "2026-11-05", "--no-history", "-o", str(tmp_path / "r.xlsx"),
        "--json", str(target), "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(target.read_text("utf-8"))["findings"]
    packages = {f["line"]: f for f in found if f["service"] == PACKAGE}
    assert set(packages) == {"138****1234", "139****1111"}
    assert [f["service"] for f in found if f["line"] == "138****1234"] == [PACKAGE]
    dads = [a["text"] for a in packages["138****1234"]["actions"]]
    assert not any("QXCL" in text for text in dads)
    assert any("10086977" in text for text in dads)  # the list's serial numbers still do
    (other,) = [a for a in packages["139****1111"]["actions"] if "QXCL" in a["text"]]
    assert f"取消「{FUNCTION}」本身" in other["text"] and "彩铃功能本身" in other["note"]
