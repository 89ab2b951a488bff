"""``auditor audit``: the options, then one call of the library (:func:`auditor.run.audit`
reads the inputs, audits them over the history, writes the reports and commits the
history), then what a terminal shows: the progress bar, each input's error, the summary,
one-line failures and the exit status."""

from __future__ import annotations

from pathlib import Path

import click

from auditor import run
from auditor.cli.audit_options import (
    jobs_option,
    limit_options,
    output_options,
    override_options,
)
from auditor.cli.common import (
    EXIT_FAIL_ON,
    EXIT_OK,
    EXIT_SOME_UNREAD,
    Failure,
    StderrLog,
    db_path,
    history_options,
    lang_option,
    logging_to_stderr,
    one_line_failures,
    verbosity_options,
)
from auditor.cli.localized import LocalCommand
from auditor.errors import (
    AuditDateRefused,
    NothingToAudit,
    ValueParseError,
    located,
    see_above,
)
from auditor.history.db import ReadOnlyHistory, new_history
from auditor.interrupts import Interrupted, stop_on_signals
from auditor.lang import counted, say
from auditor.model import ReadResult
from auditor.month_audited import unfinished_note
from auditor.progress import Progress, say_alerts, say_read
from auditor.readers import ReadOptions
from auditor.readers.base import MiB
from auditor.values import parse_month, parse_phone
from auditor.writers import Masker


@click.command(cls=LocalCommand)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options
@override_options
@limit_options
@history_options
@click.option(
    "--no-history", is_flag=True, help="Neither read nor write a history: this audit alone."
)
@jobs_option
@verbosity_options
@lang_option
@click.pass_context
def audit(ctx: click.Context, inputs: tuple[Path, ...], **opts) -> None:
    """Audit bills and service lists in INPUT files and folders (folders are walked).

    Writes an Excel report (Summary, By service, Actions, Follow-up, Findings, Finding
    months, By owner, Trend, Charges, Services, Inputs, Unread rows), optionally the
    findings as JSON, and prints a short summary. Phone numbers are masked
    (138****1234) everywhere unless --no-mask.

    \b
    Examples:
      auditor audit bills/
      auditor audit bills/ --known auditor.toml --as-of 2026-11-05 -o reports/nov.xlsx
      auditor audit 账单.xlsx 已订业务.csv --json findings.json
      auditor audit bills/ --json - --quiet | jq '.findings[].rule'
      auditor audit scan.pdf --password 123456 --line 13800001234 --period 2026-10
      auditor audit bills/ --fail-on high    # exit 1 when a high finding is found
      auditor audit bills/ -q --fail-on high --fail-on-not-checked   # from cron

    \b
    Exit status: 0 audit ran; 1 --fail-on matched; 2 bad usage or nothing readable;
    3 the audit is incomplete: some inputs could not be read (the report is still
    written and names them), or with --fail-on-not-checked a line was not checked
    (its bill of the month not given); 3 wins over 1; 75 the history is busy:
    another audit held it over 60 s (run again later; nothing written);
    130 stopped by Ctrl-C (SIGINT), 143 by SIGTERM (nothing half-written is left).
    A reader that stops reading early (| head -1) changes none of these: what it does
    not read is dropped, and the report, JSON file and history are written whole.
    """
    mask = Masker(not opts["no_mask"])
    try:
        with stop_on_signals(), logging_to_stderr(opts["verbose"], mask) as stderr_log:
            with one_line_failures(mask):
                code = _audit(list(inputs), opts, mask, stderr_log)
    except Interrupted as stop:  # what it had staged is removed on the way out
        click.echo(f"auditor: {stop}", err=True)
        code = stop.exit_code
    ctx.exit(code)


def _audit(inputs: list[Path], opts: dict, mask: Masker, stderr_log: StderrLog) -> int:
    """Run the audit command; return its exit status."""
    read = _read_options(opts)
    if opts["no_history"] and opts["db"]:
        raise Failure(
            say(
                "--db 和 --no-history 互相矛盾：只给其中一个",
                "--db and --no-history contradict each other: give one",
            )
        )
    json_target = opts["json_target"]
    to_stdout = json_target == "-"  # the JSON; the summary then goes to stderr
    try:
        done = run.audit(
            inputs,
            settings=opts["known"],
            as_of=opts["as_of"],
            read=read,
            jobs=opts["jobs"],
            report=opts["output"],
            json=Path(json_target) if json_target and json_target != "-" else None,
            json_back=to_stdout,
            history=None if opts["no_history"] else db_path(opts),
            mask=mask.enabled,
            watcher=_Shown(stderr_log, quiet=opts["quiet"]),
        )
    except AuditDateRefused as exc:  # run's check of the date, said of the option
        ctx = click.get_current_context()
        option = next(param for param in ctx.command.params if param.name == "as_of")
        raise click.BadParameter(str(exc), ctx, option) from None
    except NothingToAudit as exc:
        if not exc.unread:
            raise
        # each file and why was said above as it was read, but a paper set aside as no
        # bill, said only in the summary there is none of now: said here, each and why
        for unread in exc.unread:
            if unread.not_a_bill:
                skipped = say(f"已略过：{unread.reason}", f"skipped: {unread.reason}")
                click.echo(mask(f"auditor: {located(unread.path, skipped)}"), err=True)
        # the last line does not repeat them
        raise Failure(mask(see_above(exc.summary))) from None
    except ReadOnlyHistory as exc:
        raise ReadOnlyHistory(
            say(
                f"{exc}；加 --no-history 可不用历史记录检查，或用 --db 指定一个可写的文件",
                f"{exc}; give --no-history to audit without it, or --db a file you can write",
            )
        ) from None
    # a bill of a month not over: said once, --quiet or not (each file's Inputs row too)
    if going := unfinished_note(done.report.unfinished, done.report.as_of):
        click.echo(done.mask(f"auditor: {going}"), err=True)
    if to_stdout:
        click.echo(done.json, nl=False)
    if not opts["quiet"]:
        from auditor.writers import render_summary  # (imported while reading: auditor.run)

        summary = render_summary(done.report, done.mask, done.written, shown=done.figures)
        click.echo(summary, nl=False, err=to_stdout)
        kept = done.history or say("无（--no-history）", "none (--no-history)")
        click.echo(mask(say(f"历史记录：{kept}", f"history: {kept}")), err=to_stdout)
    elif done.report.not_bills:  # --quiet: no summary, yet the papers set aside counted
        from auditor.writers import not_bills_said

        click.echo(done.mask(f"auditor: {not_bills_said(done.report)}"), err=True)
    if done.report.history == "new":  # even --quiet: a mistyped --db follows nothing before
        click.echo(mask(f"auditor: {new_history(done.history, by_audit=True)}"), err=True)
    # a line closed (销户) has no bill coming: listed for its refunds due alone
    missing = [line for line in done.report.unchecked if line.wanted]
    if missing and opts["fail_on_not_checked"]:  # the cron's mail says which, even -q
        click.echo(done.mask(f"auditor: {_not_checked_said(missing)}"), err=True)
    if done.unread or (missing and opts["fail_on_not_checked"]):
        return EXIT_SOME_UNREAD  # the audit is incomplete: this wins over --fail-on
    if opts["fail_on"] and done.found(opts["fail_on"]):
        return EXIT_FAIL_ON
    return EXIT_OK


#: The most lines the one line of --fail-on-not-checked names; the rest are counted.
NOT_CHECKED_NAMED = 5


def _not_checked_said(missing: list) -> str:
    """The lines not checked whose bills were to be given (``UncheckedLine``s), in one
    line for a cron's mail: how many, the months, the first few (masked by the caller)."""
    wanted = sorted({month for line in missing for month in line.wanted})
    months = say("、", ", ").join(wanted)
    named = say("、", ", ").join(line.line for line in missing[:NOT_CHECKED_NAMED])
    if (more := len(missing) - NOT_CHECKED_NAMED) > 0:
        named += say(f" 等 {len(missing)} 个号码", f" and {more} more")
    return say(
        f"{len(missing)} 个号码未核对，没有给出或没能读取它们 {months} 的账单：{named}"
        "（--fail-on-not-checked：退出码 3）",
        f"{counted(len(missing), 'line')} not checked, no bill of {months} "
        f"given or read: {named} (--fail-on-not-checked: exit 3)",
    )


class _Shown(run.Watcher):
    """The audit as the command shows it on stderr: the progress bar (on a terminal,
    without --quiet), then each input's error or alerts, and the log held until then."""

    def __init__(self, stderr_log: StderrLog, *, quiet: bool):
        self.stderr_log, self.quiet = stderr_log, quiet
        self.progress: Progress | None = None
        #: Each input and how many alerts it had when read, and the masker: the audit
        #: may add one (a line's bills long before the audit date: auditor.old_bills).
        self.said: list[tuple[ReadResult, int]] = []
        self.mask: Masker | None = None

    def started(self, files: int) -> None:
        """Start the bar over ``files`` files."""
        self.progress = Progress(files, quiet=self.quiet)

    def file_read(self, result: ReadResult) -> None:
        """One step of the bar."""
        self.progress.file_read(result)

    def read(self, results: list[ReadResult], mask: Masker) -> None:
        """Say each input's error or alerts, and what was logged while reading, without
        the names found."""
        if self.stderr_log.held or any(r.error or r.skipped or r.alerts for r in results):
            self.progress.pause()  # what follows on stderr starts on a line of its own
        self.stderr_log.release_held(mask)
        say_read(results, mask)
        self.said, self.mask = [(result, len(result.alerts)) for result in results], mask

    def findings(self, count: int) -> None:
        """The alerts the audit added to the inputs, as those of their reading were said;
        then the bar's last words: the findings, the report being written."""
        added = [(result, result.alerts[n:]) for result, n in self.said if result.alerts[n:]]
        if added:
            self.progress.pause()
        say_alerts(added, self.mask)
        self.progress.findings(count)

    def ended(self) -> None:
        """Draw the bar a last time."""
        if self.progress is not None:
            self.progress.close()


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
        max_image_pixels=opts["max_image_pixels"],
        max_ocr_memory_bytes=opts["max_ocr_memory"] * MiB,
        max_ocr_seconds=opts["max_ocr_seconds"],
        ocr_threshold=opts["ocr_threshold"],
    )
