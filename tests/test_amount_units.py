"""A bill whose amount column names no unit (just 金额) and whose amounts are all whole
numbers is yuan or fen as its evidence says (auditor.amount_units): read as fen and said
when an item's name, the service list or another month says fen; yuan, unsaid, when an
item's name says yuan, however large; with nothing deciding, refused with a one-line
error when read as yuan most lines' months would be over ¥1,000, read as yuan and said
when it merely looks 100 times a line's month (a plan alone, a company's plans); left
as yuan, unsaid, for a yuan bill Excel saved without decimals. Files built as the
new-user trial's were (a GBK, semicolon CSV of 186****0017 in fen)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from cli_run import run

from auditor.amount_units import cannot_be_yuan, looks_hundredfold
from auditor.model import Charge

pytestmark = pytest.mark.usefixtures("english")

LINE, OTHER = "18600000017", "18600000019"
#: 186****0017's October bill as the trial wrote it in fen: 41.40 in all.
IN_FEN = (
    ("月固定费", "冰激凌套餐29元", "2900"),
    ("语音通话费", "国内通话费", "240"),
    ("上网费", "国内流量费", "0"),
    ("增值业务费", "腾讯视频会员", "1500"),
    ("优惠费", "话费优惠", "-500"),
)
#: The same without a price in any name: nothing in the file itself says fen.
UNNAMED = (("月固定费", "套餐月费", "2900"), *IN_FEN[1:])


def bill(
    folder: Path,
    items=IN_FEN,
    *,
    line: str = LINE,
    header: str = "金额",
    month: str = "202610",
    name: str = "联通账单-2026年10月.csv",
    total: str | None = "4140",
) -> Path:
    """A long-layout CSV bill, GBK with semicolons, as the trial's 联通账单 are."""
    rows = [f"手机号码;账期;费用类别;费用项目;{header}"]
    rows += [f"{line};{month};{kind};{item};{amount}" for kind, item, amount in items]
    rows += [f"{line};{month};实际应缴合计;;{total}"] if total is not None else []
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(("\n".join(rows) + "\n").encode("gbk"))
    return path


def service_list(folder: Path, name: str, price: str) -> Path:
    """186****0017's 已订业务: one plan at ``price``."""
    path = folder / "已订业务.csv"
    path.write_text(
        "手机号码,业务名称,业务类型,资费,生效时间,状态\n"
        f"{LINE},{name},套餐,{price},2023-05-01,在用\n",
        "utf-8",
    )
    return path


def audit(tmp_path: Path, *given: Path, options=(), as_of="2026-11-05", db=None):
    """``auditor audit`` of ``given``: its result and its JSON."""
    out = tmp_path / "out"
    history = ["--db", str(db)] if db else ["--no-history"]
    result = run(
        "audit", *map(str, given), "--as-of", as_of, *history, *options,
        "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"),
    )  # fmt: skip
    report = out / "r.json"
    return result, json.loads(report.read_text("utf-8")) if report.exists() else None


def month_total(data: dict, line: str = LINE, period: str = "2026-10") -> str:
    months = data["summary"]["months"]
    [month] = [m for m in months if m["line"].endswith(line[-4:]) and m["period"] == period]
    return month["total"]


def input_of(data: dict, path: Path) -> dict:
    [given] = [i for i in data["inputs"] if Path(i["path"]).name == path.name]
    return given


def test_a_plan_named_29_yuan_billed_2900_is_read_as_fen_and_said(tmp_path):
    path = bill(tmp_path / "bills")
    result, data = audit(tmp_path, path)
    assert result.exit_code == 0, result.output
    assert month_total(data) == "41.40"
    [said] = input_of(data, path)["warnings"]
    assert said.startswith("amounts read as fen: the amount column names no unit")
    assert "「冰激凌套餐29元」 is 2900 where its name says 29元" in said
    assert "head the column 金额(元) or give --amount-unit yuan" in said
    assert f"{path.name}: {said}" in result.output  # on the terminal, naming the file


def test_a_header_naming_fen_or_yuan_is_never_in_doubt(tmp_path):
    fen = bill(tmp_path / "a", header="金额(分)")
    yuan = bill(tmp_path / "b", [(k, i, f"{int(a) / 100:.2f}") for k, i, a in IN_FEN],
                line=OTHER, header="金额(元)", total="41.40")  # fmt: skip
    result, data = audit(tmp_path, fen, yuan)
    assert result.exit_code == 0, result.output
    assert month_total(data) == month_total(data, OTHER) == "41.40"
    assert not [w for i in data["inputs"] for w in i["warnings"]]


def test_nothing_deciding_and_100_times_a_month_the_file_is_refused(tmp_path):
    unclear = bill(tmp_path / "bills", UNNAMED)
    plain = bill(tmp_path / "bills", [(k, i, f"{int(a) / 100:.2f}") for k, i, a in IN_FEN],
                 line=OTHER, name="联通账单.csv", total="41.40")  # fmt: skip
    result, data = audit(tmp_path, unclear, plain)
    assert result.exit_code == 3, result.output
    error = input_of(data, unclear)["error"]
    assert error.startswith("unit unclear: the amount column names no unit (yuan or fen)")
    assert "its largest item, 「套餐月费」, ¥2,900.00" in error
    assert "head the column 金额(元) or 金额(分), or give --amount-unit yuan or" in error
    assert "\n" not in error and error in result.output
    assert [m["line"][-4:] for m in data["summary"]["months"]] == [OTHER[-4:]]  # not counted


@pytest.mark.parametrize(("unit", "total"), [("fen", "41.40"), ("yuan", "4,140.00")])
def test_amount_unit_says_it_for_a_table_too(tmp_path, unit, total):
    path = bill(tmp_path / "bills", UNNAMED)
    result, data = audit(tmp_path, path, options=["--amount-unit", unit])
    assert result.exit_code == 0, result.output
    assert f"{float(month_total(data)):,.2f}" == total
    assert not input_of(data, path)["warnings"]


def test_the_service_list_price_says_fen(tmp_path):
    folder = tmp_path / "bills"
    path = bill(folder, UNNAMED)
    listed = service_list(folder, "套餐月费", "29元/月")
    result, data = audit(tmp_path, path, listed)
    assert result.exit_code == 0, result.output
    assert month_total(data) == "41.40"
    [said] = input_of(data, path)["warnings"]
    assert "「套餐月费」 is 2900 where the service list says 29.00元/月" in said


def test_last_month_in_the_history_says_fen(tmp_path):
    db = tmp_path / "h.sqlite"
    september = [(k, i, f"{int(a) / 100:.2f}") for k, i, a in UNNAMED]
    sep = bill(tmp_path / "sep", september, header="金额(元)", month="202609",
               name="联通账单-2026年9月.csv", total="41.40")  # fmt: skip
    assert audit(tmp_path, sep, as_of="2026-10-05", db=db)[0].exit_code == 0
    path = bill(tmp_path / "oct", UNNAMED)
    result, data = audit(tmp_path, path, db=db)
    assert result.exit_code == 0, result.output
    assert month_total(data) == "41.40"
    [said] = input_of(data, path)["warnings"]
    assert "「套餐月费」 is 2900 where 2026-09's bill says ¥29.00" in said
    assert not [f for f in data["findings"] if f["rule"] == "price-change"]  # no rise of 2871


def test_a_yuan_bill_saved_without_decimals_reads_as_before_unsaid(tmp_path):
    whole = [(k, i, str(int(a) // 100)) for k, i, a in IN_FEN]  # 29, 2, 0, 15, -5
    named = bill(tmp_path / "a", whole, total="41")
    plain = bill(tmp_path / "b", [("月固定费", "套餐月费", "58"), ("增值业务费", "彩铃", "5")],
                 line=OTHER, total="63")  # fmt: skip
    result, data = audit(tmp_path, named, plain)
    assert result.exit_code == 0, result.output
    assert (month_total(data), month_total(data, OTHER)) == ("41.00", "63.00")
    assert not [w for i in data["inputs"] for w in i["warnings"]]


def test_evidence_both_ways_on_a_bill_100_times_a_month_is_refused(tmp_path):
    # the plan's name says fen, the service list says the video is billed 1500 yuan
    folder = tmp_path / "bills"
    path = bill(folder)
    listed = service_list(folder, "腾讯视频会员", "1500元/月")
    result, data = audit(tmp_path, path, listed)
    assert result.exit_code == 3, result.output
    error = input_of(data, path)["error"]
    assert "its evidence disagrees: 「冰激凌套餐29元」 is 2900 where its name says 29元" in error
    assert "(fen), 「腾讯视频会员」 is 1500 where the service list says 1,500.00元/月" in error


def test_a_plan_whose_name_says_its_yuan_is_yuan_however_large(tmp_path):
    path = bill(tmp_path / "bills", [("月固定费", "冰激凌套餐398元", "398")], total="398")
    result, data = audit(tmp_path, path)
    assert result.exit_code == 0, result.output
    assert month_total(data) == "398.00"
    assert not input_of(data, path)["warnings"]


UNSTATED_SAID = (
    "amounts read as yuan, but their unit is not stated: the amount column names no unit "
    "and every amount is a whole number, large ones (its largest item, 「全球通套餐」, "
    "¥{}); if they are fen, head the column 金额(分) or give --amount-unit fen"
)


def test_a_plan_alone_with_nothing_saying_its_unit_is_yuan_and_said(tmp_path):
    path = bill(tmp_path / "bills", [("月固定费", "全球通套餐", "388")], total="388")
    result, data = audit(tmp_path, path)
    assert result.exit_code == 0, result.output
    assert month_total(data) == "388.00"
    [said] = input_of(data, path)["warnings"]
    assert said == UNSTATED_SAID.format("388.00")
    assert f"{path.name}: {said}" in result.output  # on the terminal, naming the file


def test_a_companys_plans_alone_are_yuan_and_said(tmp_path):
    lines = {LINE: "388", OTHER: "588", "18600000021": "128"}
    rows = ["手机号码,账期,费用类别,费用项目,金额"]
    rows += [f"{line},202610,月固定费,全球通套餐,{fee}" for line, fee in lines.items()]
    path = tmp_path / "公司账单-2026年10月.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    result, data = audit(tmp_path, path)
    assert result.exit_code == 0, result.output
    assert [month_total(data, line) for line in lines] == ["388.00", "588.00", "128.00"]
    assert input_of(data, path)["warnings"] == [UNSTATED_SAID.format("588.00")]


def charges(*yuan: int) -> list[Charge]:
    return [Charge(LINE, "2026-10", "other", "x", amount * 100) for amount in yuan]


def test_what_looks_100_times_a_month():
    assert looks_hundredfold(charges(2900, 240, 0, 1500, -500))  # the trial's bill
    assert looks_hundredfold(charges(800))  # an ¥8 plan alone, in fen
    assert not looks_hundredfold(charges(128))  # a ¥128 plan alone, in yuan
    assert not looks_hundredfold(charges(588, 10, 5))  # a ¥588 plan and its extras
    assert not looks_hundredfold(charges(240, 50, 30))  # small enough in yuan
    assert not looks_hundredfold(charges(0, 0))


def stored_as_yuan(tmp_path: Path, db: Path) -> None:
    """September's bill of 186****0017 in fen, stored as an older version read it: yuan
    (¥2,900.00 for its 29元 plan)."""
    sep = bill(tmp_path / "sep", UNNAMED, header="金额(元)", month="202609",
               name="联通账单-2026年9月.csv")  # fmt: skip
    result, data = audit(tmp_path / "sep", sep, as_of="2026-10-05", db=db)
    assert month_total(data, period="2026-09") == "4140.00", result.output


def test_a_month_stored_100_times_too_much_does_not_say_yuan(tmp_path):
    db = tmp_path / "h.sqlite"
    stored_as_yuan(tmp_path, db)
    named = bill(tmp_path / "oct", IN_FEN)  # its plan's name says fen
    result, data = audit(tmp_path, named, db=db)
    assert result.exit_code == 0, result.output
    assert month_total(data) == "41.40"
    [said] = input_of(data, named)["warnings"]
    assert "where 2026-09's bill says" not in said  # not counted either way


def test_a_month_stored_100_times_too_much_leaves_a_bare_bill_refused(tmp_path):
    db = tmp_path / "h.sqlite"
    stored_as_yuan(tmp_path, db)
    bare = bill(tmp_path / "oct", UNNAMED)  # nothing of its own says
    result = audit(tmp_path, bare, db=db)[0]
    assert result.exit_code == 2  # not read as yuan on the history's word: nothing read
    assert f"{bare.name}: unit unclear: the amount column names no unit" in result.output


def test_what_cannot_sensibly_be_yuan():
    assert cannot_be_yuan(charges(2900, 240, 0, 1500, -500))  # ¥41.40 in fen: ¥4,140
    assert not cannot_be_yuan(charges(800))  # ¥800 a month may be yuan: said, not refused
    assert not cannot_be_yuan(charges(588, 10, 5))  # not 100 times a month at all
    plans = [Charge(f"1860000002{i}", "2026-10", "plan", "套餐", fee * 100)
             for i, fee in enumerate((388, 588, 2900))]  # fmt: skip
    assert not cannot_be_yuan(plans)  # one line of three over ¥1,000: not most
    assert cannot_be_yuan([*plans[1:], replace(plans[0], amount_fen=5000_00)])  # two of three
