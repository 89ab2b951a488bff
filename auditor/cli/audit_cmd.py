"""``auditor audit``: read the inputs, audit them over the history, write the reports."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from auditor import pipeline
from auditor.alongside import alongside
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
from auditor.collector import keep_to_the_end
from auditor.config import UserConfig, find_config, load_config
from auditor.crosscheck import LinesForced, refuse_forced_line
from auditor.errors import AuditorError, ValueParseError
from auditor.history.db import HistoryDB, HistoryError, ReadOnlyHistory, open_history
from auditor.interrupts import Interrupted, stop_on_signals
from auditor.lang import say
from auditor.model import ReadResult, covered_lines, severity_rank
from auditor.pipeline import (
    AuditOptions,
    AuditReport,
    audit_inputs,
    input_files,
    lines_of,
    personal_texts,
    read_listed,
)
from auditor.progress import Progress, say_read
from auditor.readers import ReadOptions
from auditor.readers.base import MiB
from auditor.scratch import remove_stale, scratch_folder
from auditor.values import parse_month, parse_phone

if TYPE_CHECKING:
    from auditor.writers import Masker

# The writers (with xlsxwriter and the rules' steps) are imported by the command that
# writes a report, not by `auditor rules` or `--help`.

log = logging.getLogger("auditor")


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

    \b
    Exit status: 0 audit ran; 1 --fail-on matched; 2 bad usage or nothing readable;
    3 some inputs could not be read (the report is still written and names them);
    130 stopped by Ctrl-C (SIGINT), 143 by SIGTERM (nothing half-written is left).
    A reader that stops reading early (| head -1) changes none of these: what it does
    not read is dropped, and the report, JSON file and history are written whole.
    """
    from auditor.writers import Masker

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
    from auditor.writers import (
        check_outputs,
        render_json,
        render_summary,
        render_xlsx,
    )

    as_of = opts["as_of"] or pipeline.today()
    read_options = replace(_read_options(opts), as_of=as_of)
    settings, unused = find_config(opts["known"], inputs)
    config = load_config(settings)
    for notice in config.notices:  # what it holds that auditor does not know: ignored
        log.warning("%s", notice)
    # A line's carrier in the settings reads its files (under --carrier, as any file's);
    # its owner, the files in a folder named after them that state no line (under --line).
    read_options = replace(
        read_options,
        line_carriers=tuple(sorted(config.carriers.items())),
        line_owners=tuple(sorted(config.owners.items())),
        line_groups=tuple(sorted(config.groups.items())),
        input_folders=tuple(str(path) for path in inputs if path.is_dir()),
    )
    for other in unused:
        log.warning(
            say("%s：未使用：设置来自 %s", "%s: not used: the settings come from %s"),
            other,
            settings,
        )

    files = input_files(inputs, read_options)
    output = opts["output"] or Path("reports") / f"audit-{as_of.isoformat()}.xlsx"
    if output.suffix.lower() != ".xlsx":
        raise Failure(
            mask(
                say(
                    f"{output}：报告必须是 .xlsx 文件",
                    f"{output}: the report must be an .xlsx file",
                )
            )
        )
    json_target = opts["json_target"]
    outputs = {"report": output}
    if json_target and json_target != "-":
        outputs["JSON"] = Path(json_target)
    check_outputs(outputs, files)  # before the audit's minutes of work, not after
    for stale in remove_stale():  # what a killed run left (auditor.scratch)
        log.debug("removed %s, left by an audit that was killed", stale)

    # The history is opened, checked and brought up to date before the inputs are read:
    # a history that cannot be used is said at once, not after minutes of reading.
    with _history(opts) as db, Progress(len(files), quiet=opts["quiet"]) as progress:
        results = read_listed(files, read_options, opts["jobs"], progress.file_read)
        lines = lines_of(results) | set(config.owners) | set(config.lines)
        mask = replace(mask, personal=personal_texts(results), lines=frozenset(lines))
        try:
            refuse_forced_line(results, read_options.line)
        except LinesForced as exc:  # masked by the masker that tells every line apart
            raise Failure(mask(str(exc))) from None
        if stderr_log.held or any(r.error or r.skipped or r.alerts for r in results):
            progress.pause()  # what follows on stderr starts on a line of its own
        stderr_log.release(mask)  # what was logged while reading, without the names found
        say_read(results, mask)
        if strangers := _not_in_settings(results, config, kept=db is not None):
            log.warning("%s", strangers)
        options = AuditOptions(
            as_of=as_of,
            read=read_options,
            known_services=config.known_services,
            line_known_services=config.line_known,
            owners=config.owners,
            groups=config.groups,
            account=config.account,
            settings=config.source,
        )
        # One transaction from storing the inputs to writing the outputs: an audit stopped
        # before its report is written leaves the history as it was. The Charges,
        # Services and Inputs sheets of many rows are staged meanwhile by a child, in a
        # folder that goes whatever happens (auditor.writers.prestage).
        transaction = db.transaction() if db is not None else contextlib.nullcontext()
        with transaction, _prestaged(results, mask) as prestaged:
            report = audit_inputs(results, options, db)
            rendered = {}
            # A million objects, and the outputs' bytes, not freed one by one for nothing.
            keep_to_the_end(results, report, mask, rendered)
            progress.findings(len(report.findings))
            if json_target:
                # The JSON text is made by a forked child, on the other core, while the
                # workbook is written here (auditor.alongside): the same text either way.
                with alongside(lambda: render_json(report, mask).encode("utf-8")) as child:
                    rendered["report"] = render_xlsx(report, mask, prestaged=prestaged)
                    json_text = child.value()
            else:
                rendered["report"] = render_xlsx(report, mask, prestaged=prestaged)
            if "JSON" in outputs:
                rendered["JSON"] = json_text
            _write_outputs({outputs[what]: (what, data) for what, data in rendered.items()}, db)
    written = list(outputs.values())
    if json_target == "-":
        click.echo(json_text.decode("utf-8"), nl=False)
    if not opts["quiet"]:
        # With the JSON on stdout the summary must not corrupt it.
        click.echo(render_summary(report, mask, written), nl=False, err=json_target == "-")
        kept = (
            say("无（--no-history）", "none (--no-history)")
            if opts["no_history"]
            else db_path(opts)
        )
        click.echo(mask(say(f"历史记录：{kept}", f"history: {kept}")), err=json_target == "-")
    return _exit_code(report, opts["fail_on"])


#: The most lines a notice of lines not in the settings names (a stranger's folder of a
#: company's bills may hold hundreds): the rest are counted.
STRANGERS_NAMED = 5


def _not_in_settings(results: list[ReadResult], config: UserConfig, kept: bool) -> str:
    """The notice of the lines audited that a settings file naming its lines does not
    name (a stranger's bill among the family's, a new line, a mistyped table), or ``""``:
    they are audited, and ``kept`` in the history, like any other."""
    if not config.lines:
        return ""  # a settings file naming no line (or none): every line is the user's
    strangers = sorted(covered_lines(r for r in results if r.readable) - set(config.lines) - {""})
    if not strangers:
        return ""
    named = say("、", ", ").join(strangers[:STRANGERS_NAMED])
    more = len(strangers) - STRANGERS_NAMED
    if more > 0:
        named += say(f" 等 {len(strangers)} 个号码", f" and {more} more")
    one = len(strangers) == 1
    forget = say(
        "；auditor forget --line … 可把" + ("它" if one else "其中一个") + "从历史记录中删除",
        f"; `auditor forget --line …` removes {'it' if one else 'one'} from the history",
    )
    return say(
        f"{named} 不在你的设置（{config.source}）中：已检查" + (forget if kept else ""),
        f"{named} {'is' if one else 'are'} not in your settings ({config.source}): audited"
        + (forget if kept else ""),
    )


def _write_outputs(outputs: dict[Path, tuple[str, bytes]], db: HistoryDB | None) -> None:
    """Move the outputs into place and commit the history, as one step.

    Checked again as they are written (the audit took a while), together or not at all:
    the history is committed inside the step that moves the staged outputs, with signals
    held (:func:`~auditor.writers.safe.atomic_write_all`), so a Ctrl-C cannot leave new
    outputs beside an old history, nor the reverse. The commit comes first: when it fails
    nothing is moved; when a move fails after it, the message says the history was saved
    (the same audit run again gives the same outputs). ``outputs``: each file's path,
    what it is (``report``, ``JSON``) and its bytes.
    """
    from auditor.writers import atomic_write_all

    saved = False
    words = {"report": say("报告", "the report"), "JSON": say("JSON", "the JSON")}
    names = [words[what] for what, _ in outputs.values()]
    names += [say("历史记录", "the history")] if db is not None else []
    if len(names) > 1:
        everything = say(
            "、".join(names[:-1]) + f"和{names[-1]}", ", ".join(names[:-1]) + f" and {names[-1]}"
        )
    else:
        everything = names[0]

    def commit(db: HistoryDB) -> None:
        nonlocal saved
        try:
            db.commit()
        except sqlite3.Error as exc:
            raise HistoryError(
                say(
                    f"{db.path}：无法保存历史记录（{exc}）；什么都没有写：{everything}保持原样",
                    f"{db.path}: cannot save the history ({exc}); nothing was written: "
                    f"{everything} are as they were",
                )
            ) from None
        saved = True

    try:
        pairs = [(path, data) for path, (_, data) in outputs.items()]
        atomic_write_all(pairs, None if db is None else lambda: commit(db))
    except HistoryError:
        raise
    except AuditorError as exc:
        if saved:
            raise AuditorError(
                say(
                    f"{exc}；历史记录已保存：再运行同样的检查即可写出结果",
                    f"{exc}; the history was saved: run the same audit again to write the outputs",
                )
            ) from None
        raise
    except Interrupted as stop:
        # A signal held while the outputs were moved stops the run once they are in place.
        if saved or db is None:
            were = "were" if len(names) > 1 else "was"
            stop.args = (
                say(f"{stop}（{everything}已保存）", f"{stop} once {everything} {were} saved"),
            )
        raise


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


@contextlib.contextmanager
def _history(opts: dict) -> Iterator[HistoryDB | None]:
    """The history the audit reads and adds to, open (its transaction comes once the
    inputs are read); ``None`` with ``--no-history``."""
    if opts["no_history"]:
        if opts["db"]:
            raise Failure(
                say(
                    "--db 和 --no-history 互相矛盾：只给其中一个",
                    "--db and --no-history contradict each other: give one",
                )
            )
        yield None
        return
    try:
        with open_history(db_path(opts)) as db:
            yield db
    except ReadOnlyHistory as exc:
        raise ReadOnlyHistory(
            say(
                f"{exc}；加 --no-history 可不用历史记录检查，或用 --db 指定一个可写的文件",
                f"{exc}; give --no-history to audit without it, or --db a file you can write",
            )
        ) from None


@contextlib.contextmanager
def _prestaged(results: list[ReadResult], mask: Masker):
    """The Charges, Services and Inputs sheets of ``results`` staged by a child for the
    block (None when not worth it); the child ended and its folder removed when the
    block ends."""
    from auditor.writers.prestage import prestage, worth_staging

    if not worth_staging(results):  # no folder made for nothing (a kill would leave it)
        yield None
        return
    with scratch_folder("charges") as folder:
        staging = prestage(results, mask, folder)
        try:
            yield staging
        finally:
            if staging is not None:
                staging.close()


def _exit_code(report: AuditReport, fail_on: str | None) -> int:
    """3 when some inputs were not read (the audit is incomplete), else 1 or 0 for --fail-on."""
    if report.failed_inputs:
        return EXIT_SOME_UNREAD
    if fail_on:
        threshold = severity_rank(fail_on)
        if any(severity_rank(f.severity) <= threshold for f in report.findings):
            return EXIT_FAIL_ON
    return EXIT_OK
