"""The ``auditor`` command: a thin layer over :func:`auditor.pipeline.audit_results`.

``auditor audit INPUT...`` reads bills and service lists, writes the Excel report (and,
with ``--json``, the findings as JSON) and prints a short summary. ``auditor rules``
lists the rules. Exit status: 0 the audit ran; 1 it ran and ``--fail-on`` matched;
2 bad usage or nothing readable; 3 some inputs could not be read (the report is still
written and names them); 130 and 143 stopped by SIGINT and SIGTERM.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from auditor import __version__
from auditor.catalog import CARRIER_IDS
from auditor.config import load_config
from auditor.errors import AuditorError, ValueParseError
from auditor.interrupts import Interrupted, stop_on_signals
from auditor.model import KINDS, SEVERITIES, severity_rank
from auditor.pipeline import (
    AuditOptions,
    AuditReport,
    audit_results,
    check_as_of,
    input_files,
    personal_texts,
    read_inputs,
)
from auditor.progress import Progress, say_read
from auditor.readers import ReadOptions
from auditor.readers.base import MiB
from auditor.readers.pool import default_jobs
from auditor.rules import RULES
from auditor.safe_text import safe_text, safe_traceback
from auditor.values import parse_month, parse_phone

if TYPE_CHECKING:
    from auditor.writers import Masker

# The writers (with openpyxl and pandas, about 0.3 s) are imported by the command that
# writes a report, not by `auditor rules` or `--help`.

log = logging.getLogger("auditor")

EXIT_OK, EXIT_FAIL_ON, EXIT_USAGE, EXIT_SOME_UNREAD = 0, 1, 2, 3  # 130, 143: Interrupted
_DEFAULTS = ReadOptions()


class Failure(click.ClickException):
    """A one-line error that stops the command with exit status 2 (bad usage, nothing read)."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        """Print ``auditor: <message>`` on stderr, made safe (one line, nothing a terminal
        obeys) even when the message was built without a masker."""
        click.echo(f"auditor: {safe_text(self.format_message())}", err=True, file=file)


class _StderrLog(logging.Handler):
    """The log on stderr: every record through the masker, its traceback line by line.

    Records are held until :meth:`release` gives the masker that knows the inputs' personal
    data (names and ID numbers are found while the files are read, and a file's name may
    hold one), then written in order; from then on each is written at once.
    """

    def __init__(self, mask: Masker):
        super().__init__()
        self.mask = mask
        self.held: list[logging.LogRecord] | None = []

    def emit(self, record: logging.LogRecord) -> None:
        """Hold ``record``, or write it once released."""
        if self.held is not None:
            self.held.append(record)
            return
        try:
            click.echo(self.format(record), err=True)
        except Exception:  # a log line that cannot be written must not stop the audit
            self.handleError(record)

    def format(self, record: logging.LogRecord) -> str:
        """``auditor: <message>`` and the traceback's lines, each through the masker."""
        lines = [f"auditor: {self.mask(record.getMessage())}"]
        if record.exc_info and record.exc_info[1] is not None:
            lines += [self.mask(line) for line in safe_traceback(record.exc_info[1])]
        # a reading worker's record: its traceback came as lines (auditor.readers.pool)
        lines += [self.mask(line) for line in getattr(record, "traceback_lines", ())]
        return "\n".join(lines)

    def release(self, mask: Masker | None = None) -> None:
        """Write the held records with ``mask`` (or the first one), then stop holding."""
        self.mask = mask or self.mask
        held, self.held = self.held or [], None
        for record in held:
            self.emit(record)


@contextlib.contextmanager
def _logging_to_stderr(verbose: bool, mask: Masker):
    """Send the log to stderr for one command: warnings, or auditor's everything with
    --verbose; yields the handler, to :meth:`~_StderrLog.release` once reading is done.

    The handler sits on the root logger and Python's warnings are routed to it, so a
    library's warning that quotes an input (a font name, a sheet title) is masked too.
    The handler, levels and warning capture are undone afterwards, so a program (or test)
    calling the command many times does not pile up handlers bound to old streams.
    """
    handler = _StderrLog(mask)
    root = logging.getLogger()
    level, show_warning = log.level, warnings.showwarning
    root.addHandler(handler)
    log.setLevel(logging.DEBUG if verbose else logging.WARNING)
    warnings.showwarning = _warning_to_log
    try:
        yield handler
    finally:
        handler.release()
        warnings.showwarning = show_warning
        root.removeHandler(handler)
        log.setLevel(level)


def _warning_to_log(message, category, filename, lineno, file=None, line=None) -> None:
    """Python's warnings, as log records (so through the masker), not straight to stderr."""
    logging.getLogger("py.warnings").warning("%s: %s", category.__name__, message)


# ------------------------------------------------------------------- shared options


def _compose(*decorators):
    def apply(function):
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


verbosity_options = _compose(
    click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=default_jobs(),
        metavar="N",
        help="Read the inputs in N processes [default: the machine's cores].",
    ),
    click.option("--quiet", "-q", is_flag=True, help="Print no summary (errors still go out)."),
    click.option(
        "--verbose", "-v", is_flag=True, help="Say what is read and why; tracebacks for failures."
    ),
)

override_options = _compose(
    click.option(
        "--kind", type=click.Choice(KINDS), help="Treat every input as this kind of document."
    ),
    click.option("--carrier", type=click.Choice(CARRIER_IDS), help="Carrier of every input."),
    click.option("--line", metavar="NUMBER", help="Phone line of every input (11 digits)."),
    click.option("--period", metavar="YYYY-MM", help="Billing month of every input."),
    click.option(
        "--amount-unit",
        type=click.Choice(["yuan", "fen"]),
        help="Unit of portal JSON amounts written as whole numbers, when the file cannot tell.",
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


limit_options = _compose(
    _limit("--max-file-size", _DEFAULTS.max_file_bytes // MiB, "MiB", "Largest input file read."),
    _limit(
        "--max-unpacked-size",
        _DEFAULTS.max_unpacked_bytes // MiB,
        "MiB",
        "Largest unpacked size of an XLSX file.",
    ),
    _limit("--max-pages", _DEFAULTS.max_pdf_pages, "N", "Most pages read from a PDF."),
    _limit(
        "--max-cells",
        _DEFAULTS.max_cells,
        "N",
        "Most cells in one file: XLSX XML elements (every part), CSV fields, HTML "
        "elements, JSON values, lines of text.",
    ),
    _limit("--max-sheets", _DEFAULTS.max_sheets, "N", "Most sheets read from a workbook."),
    _limit(
        "--max-pdf-memory",
        _DEFAULTS.max_pdf_memory_bytes // MiB,
        "MiB",
        "Most memory reading one PDF may take (what its compressed streams unpack to).",
        least=16,
    ),
    _limit(
        "--max-pdf-seconds",
        _DEFAULTS.max_pdf_seconds,
        "S",
        "Most CPU seconds reading one PDF may take.",
    ),
    _limit("--max-sms-length", _DEFAULTS.max_sms_chars, "N", "Most characters in one SMS."),
    _limit(
        "--max-cell-length",
        _DEFAULTS.max_cell_chars,
        "N",
        "Most characters in one cell or JSON string.",
    ),
    _limit("--max-json-depth", _DEFAULTS.max_json_depth, "N", "Deepest a JSON may nest."),
    _limit("--max-parts", _DEFAULTS.max_mime_parts, "N", "Most parts in an e-mail or web archive."),
)

output_options = _compose(
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
        callback=lambda _ctx, param, value: _checked(_named_file, value, param),
        metavar="FILE|-",
        help="Also write the findings as JSON to FILE ('-' for stdout).",
    ),
    click.option(
        "--known",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help="Settings TOML: known_services and line owners [default: ./auditor.toml if present].",
    ),
    click.option(
        "--as-of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        callback=lambda _ctx, param, value: _checked(check_as_of, value and value.date(), param),
        metavar="YYYY-MM-DD",
        help="Audit date: escalation dates count from it [default: today].",
    ),
    click.option(
        "--fail-on",
        type=click.Choice(SEVERITIES),
        help="Exit 1 when a finding is at or above this severity.",
    ),
    click.option("--no-mask", is_flag=True, help="Show phone numbers in full in every output."),
)


@contextlib.contextmanager
def _one_line_failures(mask: Masker):
    """Turn errors into one-line failures (exit 2); the traceback is logged for --verbose."""
    try:
        yield
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except (AuditorError, OSError) as exc:
        log.debug("failed", exc_info=True)
        raise Failure(mask(str(exc))) from None
    except Exception as exc:
        log.debug("internal error", exc_info=True)
        message = f"internal error ({type(exc).__name__}: {exc}); --verbose shows where"
        raise Failure(mask(message)) from None


# ------------------------------------------------------------------------ commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def main() -> None:
    """Offline monthly phone-bill check for Chinese carriers.

    Reads the bills and service lists (已订业务) you exported from China Mobile,
    Unicom, Telecom, Broadnet or a virtual operator, and finds charges that go on
    after you cancelled, value-added services you do not know, changes coming next
    month and bills that do not add up. Nothing leaves your computer.

    \b
    Examples:
      auditor audit ~/bills
      auditor audit ~/bills --known auditor.toml -o reports/october.xlsx
      auditor rules --doc
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options
@override_options
@limit_options
@verbosity_options
@click.pass_context
def audit(ctx: click.Context, inputs: tuple[Path, ...], **opts) -> None:
    """Audit bills and service lists in INPUT files and folders (folders are walked).

    Writes an Excel report (Summary, Findings, Actions, Charges, Services, Inputs),
    optionally the findings as JSON, and prints a short summary. Phone numbers are
    masked (138****1234) everywhere unless --no-mask.

    \b
    Examples:
      auditor audit bills/
      auditor audit bills/ --known auditor.toml --as-of 2026-11-05 -o reports/nov.xlsx
      auditor audit 账单.xlsx 已订业务.csv --json findings.json
      auditor audit bills/ --json - --quiet | jq '.findings[].rule'
      auditor audit scan.pdf --password 123456 --line 13800001234 --period 2026-10
      auditor audit bills/ --fail-on high    # exit 1 when a high finding is found

    \b
    Exit status: 0 audit ran; 1 --fail-on matched; 2 bad usage or nothing readable;
    3 some inputs could not be read (the report is still written and names them);
    130 stopped by Ctrl-C (SIGINT), 143 by SIGTERM (nothing half-written is left).
    """
    from auditor.writers import Masker

    mask = Masker(not opts["no_mask"])
    try:
        with stop_on_signals(), _logging_to_stderr(opts["verbose"], mask) as stderr_log:
            with _one_line_failures(mask):
                code = _audit(list(inputs), opts, mask, stderr_log)
    except Interrupted as stop:  # what it had staged is removed on the way out
        click.echo(f"auditor: {stop}", err=True)
        code = stop.exit_code
    ctx.exit(code)


def _audit(inputs: list[Path], opts: dict, mask: Masker, stderr_log: _StderrLog) -> int:
    """Run the audit command; return its exit status."""
    from auditor.writers import (
        atomic_write_all,
        check_outputs,
        render_json,
        render_summary,
        render_xlsx,
    )

    as_of = opts["as_of"] or date.today()
    read_options = replace(_read_options(opts), as_of=as_of)
    config = load_config(opts["known"])

    files = input_files(inputs, read_options)
    output = opts["output"] or Path("reports") / f"audit-{as_of.isoformat()}.xlsx"
    if output.suffix.lower() != ".xlsx":
        raise Failure(mask(f"{output}: the report must be an .xlsx file"))
    json_target = opts["json_target"]
    outputs = {"report": output}
    if json_target and json_target != "-":
        outputs["JSON"] = Path(json_target)
    check_outputs(outputs, files)  # before the audit's minutes of work, not after

    with Progress(len(files), quiet=opts["quiet"]) as progress:
        results = read_inputs(files, read_options, opts["jobs"], progress.file_read)
        mask = replace(mask, personal=personal_texts(results))
        if stderr_log.held or any(r.error or r.alerts for r in results):
            progress.pause()  # what follows on stderr starts on a line of its own
        stderr_log.release(mask)  # what was logged while reading, without the names found
        say_read(results, mask)
        report = audit_results(
            results,
            AuditOptions(
                as_of=as_of,
                read=read_options,
                known_services=config.known_services,
                owners=config.owners,
            ),
        )
        progress.findings(len(report.findings))
        rendered = {"report": render_xlsx(report, mask)}
        if "JSON" in outputs:
            rendered["JSON"] = render_json(report, mask).encode("utf-8")
        # Checked again as they are written: the audit took a while. Together or not at all.
        atomic_write_all([(outputs[what], data) for what, data in rendered.items()])
    written = list(outputs.values())
    if json_target == "-":
        click.echo(render_json(report, mask), nl=False)
    if not opts["quiet"]:
        # With the JSON on stdout the summary must not corrupt it.
        click.echo(render_summary(report, mask, written), nl=False, err=json_target == "-")
    return _exit_code(report, opts["fail_on"])


@main.command()
@click.option("--doc", is_flag=True, help="Print each rule's documentation too.")
def rules(doc: bool) -> None:
    """List the audit rules: id, severity and what each one finds.

    \b
    Examples:
      auditor rules
      auditor rules --doc
    """
    if not RULES:
        raise Failure("no rules are registered")
    width = max(len(rule.id) for rule in RULES)
    for rule in RULES:
        click.echo(f"{rule.id:<{width}}  {rule.severity:<6}  {rule.description}")
        if doc:
            text = rule.documentation()
            click.echo("\n".join("    " + line if line else "" for line in text.splitlines()))
            click.echo()


# ------------------------------------------------------------------------ helpers


def _checked(check, value, param: click.Parameter):
    """``check(value)`` for an option given (None when not), its error a usage error."""
    if value is None:
        return None
    try:
        return check(value)
    except ValueParseError as exc:
        raise click.BadParameter(str(exc), param=param) from None


def _named_file(value: str) -> str:
    """``value`` unless it is empty (a script's unset variable), which names no file."""
    if not value:
        raise ValueParseError("give a file name, or - for stdout")
    return value


def _read_options(opts: dict) -> ReadOptions:
    """The overrides and limits given on the command line, checked."""
    line = period = None
    if opts["line"]:
        try:
            line = parse_phone(opts["line"])
        except ValueParseError as exc:
            raise click.BadParameter(str(exc), param_hint="--line") from None
    if opts["period"]:
        try:
            period = parse_month(opts["period"])
        except ValueParseError as exc:
            raise click.BadParameter(str(exc), param_hint="--period") from None
    return ReadOptions(
        kind=opts["kind"],
        carrier=opts["carrier"],
        line=line,
        period=period,
        passwords=tuple(opts["passwords"]),
        amount_unit=opts["amount_unit"],
        max_file_bytes=opts["max_file_size"] * MiB,
        max_unpacked_bytes=opts["max_unpacked_size"] * MiB,
        max_pdf_pages=opts["max_pages"],
        max_cells=opts["max_cells"],
        max_sheets=opts["max_sheets"],
        max_pdf_memory_bytes=opts["max_pdf_memory"] * MiB,
        max_pdf_seconds=opts["max_pdf_seconds"],
        max_sms_chars=opts["max_sms_length"],
        max_cell_chars=opts["max_cell_length"],
        max_json_depth=opts["max_json_depth"],
        max_mime_parts=opts["max_parts"],
    )


def _exit_code(report: AuditReport, fail_on: str | None) -> int:
    """3 when some inputs were not read (the audit is incomplete), else 1 or 0 for --fail-on."""
    if report.failed_inputs:
        return EXIT_SOME_UNREAD
    if fail_on:
        threshold = severity_rank(fail_on)
        if any(severity_rank(f.severity) <= threshold for f in report.findings):
            return EXIT_FAIL_ON
    return EXIT_OK
