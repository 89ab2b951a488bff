"""The seeds of the fuzzing suite (:mod:`fuzzing`): well-formed inputs to damage.

Every committed fixture auditor might read (but the OCR scans), and small inputs of
every kind generated here (a long and a statement CSV, a GBK service list, an XLSX, a
portal JSON, a bill SMS, a PDF), so that the harness has something to chew on before
the fixtures exist; and the large ones of the long run (a CSV of any length, an XLSX of
wide cells).
"""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from auditor.values import format_fen

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".xlsx", ".xlsm", ".pdf", ".html", ".mht", ".eml")

LINE, MONTH = "13800001234", "2026-10"


# --------------------------------------------------------------------------------- seeds


@dataclass(frozen=True)
class Seed:
    """A well-formed input to mutate; ``total_fen`` is its charges' sum when known."""

    name: str
    suffix: str
    data: bytes
    total_fen: int | None = None


# Scans read by OCR (fixtures/ocr) take seconds a page, not milliseconds: mutated a
# hundred times over they would take the run's whole time. Their PDF structure is that
# of the other PDFs; damaged pictures and the OCR limits are tests/test_ocr.py's.
OCR_FIXTURES = FIXTURES / "ocr"


def fixture_seeds(root: Path = FIXTURES) -> list[Seed]:
    """Every committed fixture file auditor might read (but the OCR ones), in path order."""
    found = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and OCR_FIXTURES not in p.parents
    )
    return [Seed(str(p.relative_to(REPO)), p.suffix.lower(), p.read_bytes()) for p in found]


def long_csv(rows: int, rng: random.Random | None = None) -> tuple[bytes, int]:
    """A long-layout bill of ``rows`` charges plus its total row; returns (bytes, sum in fen)."""
    rng = rng or random.Random(rows)
    items = [("套餐及固定费", "4G飞享18元套餐"), ("增值业务费", "彩铃功能费"), ("上网费", "流量费")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["手机号码", "账期", "费用类别", "费用项目", "金额(元)"])
    total = 0
    for _ in range(rows):
        category, item = rng.choice(items)
        fen = rng.randrange(0, 10_000)
        total += fen
        writer.writerow([LINE, MONTH, category, item, format_fen(fen)])
    writer.writerow([LINE, MONTH, "合计", "", format_fen(total)])
    return out.getvalue().encode("utf-8"), total


def _statement_rows() -> list[tuple[str, str]]:
    return [
        ("套餐及固定费", "18.00"),
        ("　　4G飞享18元套餐（2018版）", "18.00"),
        ("增值业务费", "11.00"),
        ("　　视频彩铃订阅-酷电秀专属6元包", "6.00"),
        ("　　彩铃功能费", "5.00"),
        ("优惠及减免", "-5.00"),
        ("　　话费优惠", "-5.00"),
        ("本月费用合计", "24.00"),
    ]


def _statement_csv() -> bytes:
    lines = ["中国移动 个人账单", f"手机号码：{LINE}", "账期：2026年10月", "", "费用项目,金额(元)"]
    lines += [f"{name},{amount}" for name, amount in _statement_rows()]
    lines += ["温馨提示：以上费用仅供参考，以实际扣费为准。"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _services_csv() -> bytes:
    rows = [
        "业务名称,资费,生效时间,失效时间,状态",
        "4G飞享18元套餐,18元/月,2018-06-01 00:00:00,2099-12-31 23:59:59,正常",
        "咪咕视频会员,15元/月,2026-03-02 10:11:12,2026-09-01 00:00:00,已退订",
        "彩铃功能费,5元/月,2020-01-01 00:00:00,--,正常",
    ]
    return ("\n".join(rows) + "\n").encode("gb18030")


def _statement_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "2026年10月"
    sheet.append(["中国移动 个人账单"])
    sheet.append(["手机号码", LINE])
    sheet.append(["账单月份", "2026年10月"])
    sheet.append([])
    sheet.append(["费用项目", "金额(元)"])
    for name, amount in _statement_rows():
        sheet.append([name, float(amount)])
    return _saved(book)


def wide_cell_xlsx(width: int = 10_000) -> bytes:
    """A long-layout XLSX bill whose item and title cells are ``width`` characters long."""
    book = Workbook()
    sheet = book.active
    sheet.append(["说明" * (width // 2)])
    sheet.append(["手机号码", "账期", "费用类别", "费用项目", "金额(元)"])
    sheet.append([LINE, MONTH, "增值业务费", "彩" * width, "6.00"])
    sheet.append([LINE, MONTH, "套餐及固定费", "4G飞享18元套餐", "18.00"])
    sheet.append([LINE, MONTH, "合计", "", "24.00"])
    return _saved(book)


def _saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _billinfo_json() -> bytes:
    month = {
        "billMonth": "202610",
        "billStartDate": "20261001",
        "billEndDate": "20261031",
        "billFee": "24.00",
        "billMaterials": [
            {
                "billEntriy": "01",
                "billEntriyValue": "18.00",
                "billMaterialInfos": [{"itemName": "包月使用费", "itemValue": "18.00"}],
            },
            {
                "billEntriy": "05",
                "billEntriyValue": "6.00",
                "billMaterialInfos": [{"itemName": "彩铃功能费", "itemValue": "6.00"}],
            },
        ],
    }
    document = {"retCode": "000000", "retMsg": "受理成功", "data": [month]}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _bill_sms() -> bytes:
    text = (
        f"【账单提醒】尊敬的{LINE}用户，您2026年10月份账单合计22.40元，实际应付22.40元。"
        "主要费用项包括：月固定费22元，增值业务费0.40元。回复TDZD退订本短信。【中国联通】\n"
    )
    return text.encode("utf-8")


def _statement_pdf() -> bytes | None:
    try:  # reportlab is a dev-only dependency: without it there is simply no PDF seed
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas
    except ImportError:
        return None
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    page.setFont("STSong-Light", 11)
    y = 800
    for left, right in [("手机号码：" + LINE, "账期：2026年10月"), ("费用项目", "金额(元)")]:
        page.drawString(60, y, left)
        page.drawString(360, y, right)
        y -= 20
    for name, amount in _statement_rows():
        page.drawString(60 + (20 if name.startswith("　") else 0), y, name.strip("　"))
        page.drawRightString(420, y, amount)
        y -= 18
    page.save()
    return out.getvalue()


def builtin_seeds() -> list[Seed]:
    """Small inputs of every kind, generated here, so fuzzing never waits for fixtures."""
    long_data, long_total = long_csv(40)
    seeds = [
        Seed(f"builtin/{LINE}/long.csv", ".csv", long_data, long_total),
        Seed(f"builtin/{LINE}/statement.csv", ".csv", _statement_csv(), 2400),
        Seed(f"builtin/{LINE}/services-gbk.csv", ".csv", _services_csv()),
        Seed(f"builtin/{LINE}/statement.xlsx", ".xlsx", _statement_xlsx(), 2400),
        Seed(f"builtin/{LINE}/billinfo.json", ".json", _billinfo_json(), 2400),
        Seed(f"builtin/{LINE}/bill-sms.txt", ".txt", _bill_sms()),
    ]
    pdf = _statement_pdf()
    if pdf is not None:
        seeds.append(Seed(f"builtin/{LINE}/statement.pdf", ".pdf", pdf, 2400))
    return seeds


def all_seeds() -> list[Seed]:
    """The generated seeds followed by every committed fixture."""
    return builtin_seeds() + fixture_seeds()
