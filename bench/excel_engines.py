"""Which library writes the report's sheets fastest, in least memory: the measurements
behind auditor's choice of Excel writer.

Each engine writes the same rows the way the report needs them (a bold header, money as
numbers formatted ``¥#,##0.00``, dates as dates, text always a string, never a formula,
with a quote prefix when it looks like one, a frozen header and an auto-filter), each in
a process of its own, into an in-memory ``.xlsx``:

- ``openpyxl-normal``: openpyxl's ordinary workbook (what auditor used first);
- ``openpyxl-write-only``: openpyxl's streaming mode (``Workbook(write_only=True)``),
  tables and charts allowed;
- ``xlsxwriter-constant-memory``: xlsxwriter's streaming mode (one row held at a time;
  no ``add_table``);
- ``xlsxwriter-normal``: xlsxwriter holding every cell until it saves (tables allowed).

Two shapes: ``charges``, 200,000 rows of 11 columns (2.2 million cells: the 200,000-row
bill's Charges sheet), and ``actions``, 33,000 rows of 10 columns with dates (the
Actions sheet of 3,000 findings).

    .venv/bin/python bench/excel_engines.py
    .venv/bin/python bench/excel_engines.py --rows 50000
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ENGINES = (
    "openpyxl-normal",
    "openpyxl-write-only",
    "xlsxwriter-constant-memory",
    "xlsxwriter-normal",
)
MONEY = "¥#,##0.00"


def rows_of(shape: str, count: int) -> tuple[list[str], list[list]]:
    """The kinds of the columns and ``count`` rows of one shape."""
    if shape == "charges":
        kinds = [
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "money",
            "text",
            "text",
            "text",
            "text",
        ]
        items = ("国内主叫", "国内流量", "短信")
        rows = [
            [
                "138****1234",
                "中国移动",
                "2026-10",
                "通信费 usage",
                "套餐外语音通信费",
                f"{items[i % 3]}{i}",
                i * 37 % 500,
                "",
                "",
                "bench/out/scale/big-200000/138****1234-2026年10月.csv",
                f"row {i + 2}",
            ]
            for i in range(count)
        ]
    else:
        kinds = ["int", "text", "int", "text", "text", "text", "text", "date", "date", "text"]
        rows = [
            [
                i // 11 + 1,
                f"139****{i // 297:04d}",
                i % 11 + 1,
                "短信 sms",
                "10086",
                f"-退订 增值业务{i % 27:02d}号会员包: 发送 TD{i % 27}",
                "官方说明 documented",
                date(2026, 11, 20) if i % 3 == 0 else None,
                date(2027, 4, 5) if i % 5 == 0 else None,
                "保留截图",
            ]
            for i in range(count)
        ]
    return kinds, rows


def _formula_like(text: str) -> bool:
    return bool(text) and text[0] in "=+-@\t\r"


def write_openpyxl(kinds: list[str], rows: list[list], write_only: bool) -> bytes:
    """One sheet with openpyxl, normal or write-only."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Sheet") if write_only else book.active
    bold = Font(bold=True)
    if write_only:
        sheet.freeze_panes = "A2"
        header = []
        for index in range(len(kinds)):
            cell = WriteOnlyCell(sheet, f"column {index}")
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for values in rows:
            out = []
            for kind, value in zip(kinds, values, strict=True):
                if kind == "money":
                    cell = WriteOnlyCell(sheet, value / 100)
                    cell.number_format = MONEY
                    out.append(cell)
                elif kind == "date" and value is not None:
                    cell = WriteOnlyCell(sheet, value)
                    cell.number_format = "yyyy-mm-dd"
                    out.append(cell)
                elif kind == "text" and _formula_like(value):
                    cell = WriteOnlyCell(sheet, value)
                    cell.data_type, cell.quotePrefix = "s", True
                    out.append(cell)
                else:
                    out.append(value if value != "" else None)
            sheet.append(out)
    else:
        for col in range(1, len(kinds) + 1):
            sheet.cell(1, col, f"column {col}").font = bold
        for r, values in enumerate(rows, 2):
            for c, (kind, value) in enumerate(zip(kinds, values, strict=True), 1):
                if value is None or value == "":
                    continue
                cell = sheet.cell(r, c)
                if kind == "money":
                    cell.value, cell.number_format = value / 100, MONEY
                elif kind == "date":
                    cell.value, cell.number_format = value, "yyyy-mm-dd"
                else:
                    cell.value = value
                    if kind == "text" and _formula_like(value):
                        cell.data_type, cell.quotePrefix = "s", True
        sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:K{len(rows) + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_xlsxwriter(kinds: list[str], rows: list[list], constant_memory: bool) -> bytes:
    """One sheet with xlsxwriter, in constant-memory mode or not."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": constant_memory})
    sheet = book.add_worksheet("Sheet")
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": MONEY})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    quoted = book.add_format({"quote_prefix": True})
    for col in range(len(kinds)):
        sheet.write_string(0, col, f"column {col}", bold)
    write_string, write_number, write_datetime = (
        sheet.write_string,
        sheet.write_number,
        sheet.write_datetime,
    )
    for r, values in enumerate(rows, 1):
        for c, (kind, value) in enumerate(zip(kinds, values, strict=True)):
            if value is None or value == "":
                continue
            if kind == "text":
                write_string(r, c, value, quoted if _formula_like(value) else None)
            elif kind == "money":
                write_number(r, c, value / 100, money)
            elif kind == "date":
                write_datetime(r, c, value, day)
            else:
                write_number(r, c, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(kinds) - 1)
    book.close()
    return buffer.getvalue()


def child(engine: str, shape: str, count: int) -> dict:
    """Write one shape with one engine, in this process; its time, memory and size."""
    kinds, rows = rows_of(shape, count)
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from here
    held = _peak_kib()
    gc.disable()  # as auditor's writer runs (auditor/writers/xlsx.py), for every engine
    started, cpu = time.perf_counter(), time.process_time()
    if engine.startswith("openpyxl"):
        data = write_openpyxl(kinds, rows, engine.endswith("write-only"))
    else:
        data = write_xlsxwriter(kinds, rows, engine.endswith("constant-memory"))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    added = (_peak_kib() - held) / 1024
    return {"seconds": seconds, "cpu": cpu, "added_mib": added, "size": len(data)}


def _peak_kib() -> int:
    """This process's peak resident memory since the last reset, in KiB."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0])


def main() -> None:
    """Every engine on every shape, each in a process of its own."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the charges shape")
    parser.add_argument("--actions", type=int, default=33_000, help="rows of the actions shape")
    parser.add_argument("--engines", nargs="*", default=list(ENGINES))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, shape, count = args.child
        print(json.dumps(child(engine, shape, int(count))))
        return
    for shape, count in (("charges", args.rows), ("actions", args.actions)):
        columns = 11 if shape == "charges" else 10
        print(f"{shape}: {count:,} rows × {columns} columns ({count * columns:,} cells)")
        for engine in args.engines:
            command = [sys.executable, __file__, "--child", engine, shape, str(count)]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            got = json.loads(done.stdout)
            print(
                f"  {engine:27} {got['seconds']:6.2f} s ({got['cpu']:6.2f} s CPU), "
                f"+{got['added_mib']:5.0f} MiB, {got['size'] / 2**20:5.1f} MiB file"
            )


if __name__ == "__main__":
    main()
