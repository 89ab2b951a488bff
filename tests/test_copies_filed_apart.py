"""Two copies of one line's month whose money is the same item by item are not told as
disagreeing because one files an item the word lists miss: the portal's JSON files China
Telecom's 包月费 under 套餐及叠加包月基本费, its PDF e-bill or a scan prints it alone. Such
copies agree (the month is not ``differs``); the copy set aside says which items only one
copy says the category of. Copies whose money differs are told as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_copies_disagree import LINE, audit, detail

from auditor.categories import PLAN, VAS, category_of


def alone(folder: Path, items: tuple[tuple[str, str], ...]) -> Path:
    """A copy of the month that prints each item and its amount, and no category."""
    path = folder / f"{LINE}-电子账单-2026-10.csv"
    rows = "".join(f"{LINE},2026-10,{item},{amount}\n" for item, amount in items)
    path.write_text("手机号码,账期,费用项目,金额(元)\n" + rows, "utf-8")
    return path


def told(data: dict) -> tuple[list[str], str]:
    """The warnings of the inputs that speak of another copy, and the month's state."""
    said = [w for i in data["inputs"] for w in i["warnings"] if "同一账单也在" in w or "不符" in w]
    return said, data["summary"]["months"][0]["reconciled"]


def test_the_telecom_plan_fee_printed_alone_is_a_plan_fee():
    assert category_of("包月费") == category_of("包 月 费") == PLAN
    assert category_of("套餐及叠加包月基本费", "包月费") == PLAN
    assert category_of("视频包月费") != PLAN  # a value-added service's monthly fee
    assert category_of("增值业务费", "包月费") == VAS  # its section says first


def test_a_pdf_printing_the_plan_fee_alone_agrees_with_the_portals_copy(tmp_path):
    portal = detail(
        tmp_path, (("套餐及固定费", "包月费", "89.00"), ("语音通信费", "国内通话费", "1.60"))
    )
    pdf = alone(tmp_path, (("包月费", "89.00"), ("国内通话费", "1.60")))
    _, data, _ = audit(tmp_path, portal, pdf)
    said, month = told(data)
    assert month != "differs" and len(said) == 1, said
    assert "不符" not in said[0] and "类别" not in said[0]  # a plain copy: nothing to check


def test_an_item_only_one_copy_files_is_said_so_not_called_money_that_differs(tmp_path):
    portal = detail(
        tmp_path, (("增值业务费", "畅享权益费", "15.00"), ("语音通信费", "国内通话费", "1.60"))
    )
    pdf = alone(tmp_path, (("畅享权益费", "15.00"), ("国内通话费", "1.60")))
    result, data, _ = audit(tmp_path, portal, pdf)
    said, month = told(data)
    assert month != "differs" and len(said) == 1, said
    assert said[0].endswith("（两份逐项金额相同，只是「畅享权益费」的类别只有一份写明）"), said
    assert "不符" not in result.output


def test_an_item_both_copies_name_but_file_apart_is_no_difference_of_money(tmp_path):
    portal = detail(
        tmp_path, (("代收费", "手机报-新闻早晚报", "3.00"), ("语音通信费", "国内通话费", "1.60"))
    )
    pdf = alone(tmp_path, (("手机报-新闻早晚报", "3.00"), ("国内通话费", "1.60")))  # value-added
    _, data, _ = audit(tmp_path, portal, pdf)
    said, month = told(data)
    assert month != "differs" and "只是「手机报-新闻早晚报」的类别只有一份写明" in said[0], said


@pytest.mark.parametrize(
    "items",
    [(("畅享权益费", "10.00"), ("国内通话费", "6.60")),  # same total, the money moved
     (("畅享权益费", "1.60"), ("国内通话费", "15.00"))],  # the same amounts, swapped
)  # fmt: skip
def test_copies_whose_money_differs_item_by_item_are_still_told(tmp_path, items):
    portal = detail(
        tmp_path, (("增值业务费", "畅享权益费", "15.00"), ("语音通信费", "国内通话费", "1.60"))
    )
    pdf = alone(tmp_path, items)
    _, data, _ = audit(tmp_path, portal, pdf)
    said, month = told(data)
    assert month == "differs" and [w for w in said if "语音通信费" in w and "不符" in w], said


@pytest.mark.usefixtures("english")
def test_said_in_english(tmp_path):
    portal = detail(
        tmp_path, (("增值业务费", "畅享权益费", "15.00"), ("语音通信费", "国内通话费", "1.60"))
    )
    pdf = alone(tmp_path, (("畅享权益费", "15.00"), ("国内通话费", "1.60")))
    _, data, _ = audit(tmp_path, portal, pdf)
    said = [w for i in data["inputs"] for w in i["warnings"] if "the same bill" in w]
    [copy] = said
    assert copy.endswith("; this copy was not counted (the copies agree item by item; only one "
                         "says what 「畅享权益费」 is)"), copy  # fmt: skip
