"""The options of ``auditor audit``: what to write, how to read the inputs (overrides
and limits), shared as decorators."""

from __future__ import annotations

from pathlib import Path

import click

from auditor.catalog import CARRIER_IDS
from auditor.cli.common import Day, checked, compose, named_file
from auditor.model import KINDS, SEVERITIES
from auditor.readers import ReadOptions
from auditor.readers.base import MiB
from auditor.readers.pool import default_jobs

DEFAULTS = ReadOptions()

jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=default_jobs(),
    metavar="N",
    help="Read the inputs in N processes [default: the machine's cores].",
)

override_options = compose(
    click.option(
        "--kind", type=click.Choice(KINDS), help="Treat every input as this kind of document."
    ),
    click.option(
        "--carrier",
        type=click.Choice(CARRIER_IDS),
        help="Carrier of every input (over a line's carrier in the settings).",
    ),
    click.option(
        "--line",
        metavar="NUMBER",
        help="Phone line of every input (11 digits), for one line's files.",
    ),
    click.option("--period", metavar="YYYY-MM", help="Billing month of every input."),
    click.option(
        "--amount-unit",
        type=click.Choice(["yuan", "fen"]),
        help="Unit of whole-number amounts when the file cannot tell (portal JSON, a table "
        "whose amount column names no unit).",
    ),
    click.option(
        "--password",
        "passwords",
        multiple=True,
        metavar="PW",
        help="Password for protected PDFs; repeat to try several.",
    ),
)


def _limit(flag: str, default: int, metavar: str, text: str, least: int = 1):
    """A ``--max-…`` option: a whole number of at least ``least``, its default shown."""
    return click.option(
        flag,
        type=click.IntRange(min=least),
        default=default,
        show_default=True,
        metavar=metavar,
        help=text,
    )


limit_options = compose(
    _limit("--max-file-size", DEFAULTS.max_file_bytes // MiB, "MiB", "Largest input file read."),
    _limit(
        "--max-unpacked-size",
        DEFAULTS.max_unpacked_bytes // MiB,
        "MiB",
        "Largest unpacked size of an XLSX file.",
    ),
    _limit("--max-pages", DEFAULTS.max_pdf_pages, "N", "Most pages read from a PDF."),
    _limit(
        "--max-cells",
        DEFAULTS.max_cells,
        "N",
        "Most cells in one file: XLSX XML elements (every part), CSV fields, HTML "
        "elements, JSON values, lines of text.",
    ),
    _limit("--max-sheets", DEFAULTS.max_sheets, "N", "Most sheets read from a workbook."),
    _limit(
        "--max-pdf-memory",
        DEFAULTS.max_pdf_memory_bytes // MiB,
        "MiB",
        "Most memory reading one PDF may take (what its compressed streams unpack to).",
        least=16,
    ),
    _limit(
        "--max-pdf-seconds",
        DEFAULTS.max_pdf_seconds,
        "S",
        "Most CPU seconds reading one PDF may take.",
    ),
    _limit("--max-sms-length", DEFAULTS.max_sms_chars, "N", "Most characters in one SMS."),
    _limit(
        "--max-cell-length",
        DEFAULTS.max_cell_chars,
        "N",
        "Most characters in one cell or JSON string.",
    ),
    _limit("--max-json-depth", DEFAULTS.max_json_depth, "N", "Deepest a JSON may nest."),
    _limit("--max-parts", DEFAULTS.max_mime_parts, "N", "Most parts in an e-mail or web archive."),
    _limit(
        "--max-image-pixels",
        DEFAULTS.max_image_pixels,
        "N",
        "Most pixels in one picture (checked before it is decoded).",
    ),
    _limit(
        "--max-ocr-memory",
        DEFAULTS.max_ocr_memory_bytes // MiB,
        "MiB",
        "Most memory OCR may take for one picture or scanned PDF.",
        least=64,
    ),
    _limit(
        "--max-ocr-seconds",
        DEFAULTS.max_ocr_seconds,
        "S",
        "Most CPU seconds OCR may take for one picture or scanned page.",
    ),
    click.option(
        "--ocr-threshold",
        type=click.FloatRange(0, 1),
        default=DEFAULTS.ocr_threshold,
        show_default=True,
        metavar="P",
        help="Least OCR confidence for a figure to be used as a number; under it, its row "
        "is unread.",
    ),
)

output_options = compose(
    click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="REPORT.xlsx",
        help="Excel report to write [default: reports/audit-<as-of>.xlsx].",
    ),
    click.option(
        "--json",
        "json_target",
        callback=lambda _ctx, param, value: checked(named_file, value, param),
        metavar="FILE|-",
        help="Also write the findings as JSON to FILE ('-' for stdout).",
    ),
    click.option(
        "--known",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help="Settings TOML: known_services, line owners and carriers [default: the "
        "auditor.toml nearest the inputs: in an input's folder or above, else here or above].",
    ),
    click.option(
        "--as-of",
        type=Day(formats=["%Y-%m-%d"]),  # a day auditor takes: run.audit checks it
        metavar="YYYY-MM-DD",
        help="Audit date: escalation dates count from it [default: today].",
    ),
    click.option(
        "--fail-on",
        type=click.Choice(SEVERITIES),
        help="Exit 1 when a finding is at or above this severity.",
    ),
    click.option(
        "--fail-on-not-checked",
        is_flag=True,
        help="Exit 3, as for an unreadable input, when a line expected (named in the "
        "settings, followed by the history) was not checked: its bill of the month not "
        "given (an export forgotten) or not read.",
    ),
    click.option("--no-mask", is_flag=True, help="Show phone numbers in full in every output."),
)
