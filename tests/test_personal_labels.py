"""Personal data found by its label, wherever it stands (issue 8, row 4).

A name whose label cell holds the colon (``机主姓名：`` | ``赵六``), a footer below the table
(``客户姓名`` | ``李四``, ``证件号码`` | ``110101 19900308 8888``), a name and a spaced ID number
in a second SMS of a file, a file whose name holds the customer's name: such rows are
personal data, never charges and never unread rows that print their text, and no output
shows their values, with or without ``--no-mask``, ``--verbose`` included.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from auditor import cli
from auditor.personal import personal_values, redact_personal, redacted
from auditor.readers import ReadOptions, read_file

ID_SPACED = "110101 19900308 8888"
SECRETS = ["赵六", "李四", "王小明", ID_SPACED, ID_SPACED.replace(" ", "")]

COLON_IN_LABEL_CELL = """中国移动 个人账单
机主姓名：,赵六
手机号码：,13800001234
账期：,2026年10月

费用项目,金额(元)
套餐及固定费,18.00
  4G飞享18元套餐（2018版）,18.00
增值业务费,6.00
  咪咕视频会员 赵六,6.00
本月费用合计,24.00
"""

FOOTER = f"""费用类别,费用项目,金额(元)
套餐及固定费,4G飞享18元套餐,18.00
增值业务费,彩铃功能费 李四,6.00
合计,,24.00
客户姓名：,李四,
证件号码：,{ID_SPACED},
"""

TWO_MESSAGES = (
    "【账单提醒】尊敬的18600005678用户，您2026年10月份账单合计22.40元，实际应付22.40元。"
    "主要费用项包括：月固定费22元，增值业务费0.40元。回复TDZD退订本短信。【中国联通】\n\n"
    f"尊敬的王小明客户，您的证件号码{ID_SPACED}已登记。\n"
    "如需帮助请回复KF。\n"
)

NAMED_FILE = """中国移动 个人账单
客户姓名：王小明
手机号码：13900001234
账期：2026年10月
费用项目,金额(元)
增值业务费,6.00
  咪咕视频会员,6.00
本月费用合计,6.00
"""


@pytest.fixture
def bills(tmp_path) -> Path:
    folder = tmp_path / "bills"
    folder.mkdir()
    (folder / "colon.csv").write_text(COLON_IN_LABEL_CELL, "utf-8")
    (folder / "13700001234-2026年10月-footer.csv").write_text(FOOTER, "utf-8")
    (folder / "sms.txt").write_text(TWO_MESSAGES, "utf-8")
    (folder / "王小明的账单.csv").write_text(NAMED_FILE, "utf-8")
    return folder


def read(path: Path, **options):
    result = read_file(path, ReadOptions(**options))
    assert result.error is None, result.error
    return result


def test_a_colon_in_the_label_cell_is_still_the_label(bills):
    result = read(bills / "colon.csv")
    assert result.personal == {"赵六"}
    assert result.lines == ["13800001234"]  # the line's label, the colon in its cell, too


def test_a_footer_of_personal_data_is_never_charged(bills):
    result = read(bills / "13700001234-2026年10月-footer.csv")
    assert [(c.item, c.amount_fen) for c in result.charges] == [
        ("4G飞享18元套餐", 1800),
        ("彩铃功能费 李四", 600),
    ]
    assert result.personal == {"李四", ID_SPACED}
    assert result.unparseable == []


def test_every_sms_gives_its_names_and_its_lines_are_not_unread(bills):
    result = read(bills / "sms.txt")
    assert result.personal >= {"王小明", ID_SPACED}
    assert all("王小明" not in issue.text for issue in result.unparseable)
    assert result.set_aside["personal"] == 1
    accounted = result.rows_used + sum(result.set_aside.values()) + len(result.unparseable)
    assert accounted == result.rows_read


@pytest.fixture
def outputs(bills, tmp_path) -> dict[str, dict[str, str]]:
    runs = {}
    for label, extra in (("masked", []), ("no-mask", ["--no-mask"])):
        out = tmp_path / label
        args = ["audit", str(bills), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json")]
        result = CliRunner().invoke(cli.main, [*args, *extra, "--as-of", "2026-11-05", "-v"])
        assert result.exit_code == 0, result.output
        book = CalamineWorkbook.from_path(str(out / "r.xlsx"))
        runs[label] = {
            name: "\n".join(
                str(cell) for row in book.get_sheet_by_name(name).to_python() for cell in row
            )
            for name in book.sheet_names
        }
        runs[label] |= {
            "json": (out / "r.json").read_text("utf-8"),
            "stdout": result.stdout,
            "stderr": result.stderr,
        }
    return runs


@pytest.mark.parametrize("run", ["masked", "no-mask"])
def test_no_output_shows_a_name_or_an_id(outputs, run):
    for where, text in outputs[run].items():
        for secret in SECRETS:
            assert secret not in text, (where, secret)


def test_the_names_are_replaced_where_they_stood(outputs):
    found = outputs["masked"]
    assert f"咪咕视频会员 {redacted()}" in found["发现"]
    assert f"彩铃功能费 {redacted()}" in found["处理步骤"]
    assert f"{redacted()}的账单.csv" in found["stderr"]  # --verbose names the file
    data = json.loads(found["json"])
    assert any(i["path"].endswith(f"{redacted()}的账单.csv") for i in data["inputs"])
    for label in ("客户姓名", "证件号码", "机主姓名"):  # no 0.00 charge of a footer's row
        assert label not in found["费用明细"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("尊敬的王小明客户，您好", "尊敬的{R}客户，您好"),
        ("尊敬的欧阳娜娜，您好", "尊敬的{R}，您好"),
        ("尊敬的张三先生您好", "尊敬的{R}先生您好"),
        (f"证件号码{ID_SPACED}已登记", "证件号码{R}已登记"),
        ("身份证：110101-1990-0308-888X。", "身份证：{R}。"),
        ("客户姓名：王小明。手机", "客户姓名：{R}。手机"),
        ("尊敬的全球通客户，您好", "尊敬的全球通客户，您好"),
        ("尊敬的高端客户：", "尊敬的高端客户："),
        ("尊敬的客户，您好", "尊敬的客户，您好"),
        ("尊敬的18600005678用户", "尊敬的18600005678用户"),
        ("账期 20261001 20261031 合计 110.00", "账期 20261001 20261031 合计 110.00"),
    ],
)
def test_redact_personal_by_label_greeting_and_shape(text, shown):
    # {R}: filled in here, where the test's language is set (not at collection)
    assert redact_personal(text) == shown.replace("{R}", redacted())


def test_personal_values_are_what_a_reader_remembers():
    text = f"尊敬的王小明客户，客户姓名：王小明。证件号码 {ID_SPACED}。尊敬的全球通客户"
    assert personal_values(text) == {"王小明", ID_SPACED}
    assert personal_values("客户姓名：***") == set()  # the carrier masked it already
