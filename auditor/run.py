"""The whole audit in one call: what ``auditor audit`` runs, and what a script calls.

:func:`audit` finds the inputs and the settings, reads the inputs, audits them over the
history, writes the workbook (and the JSON) and commits the history, whole or not at
all, and returns an :class:`AuditRun`: the report, the files written and the masker
they were written with::

    from auditor.run import audit

    done = audit([Path("bills/")], as_of=date(2026, 11, 5), report=Path("nov.xlsx"))
    for finding in done.report.findings:
        print(finding.rule, finding.line, finding.service, finding.amount_fen)

Errors are :class:`~auditor.errors.AuditorError` (a message for a person, in the active
language) or :class:`OSError`; a file that cannot be read is no error: it is in the
report (``done.unread``). The command adds only what a terminal needs: options, the
progress bar (a :class:`Watcher`), the summary and the exit status.

Its steps are functions of their own (:func:`prepare`, nothing read yet; :func:`read_planned`;
:func:`audit_options`), so that ``bench/stages.py`` times each apart.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from auditor import clock, writers
from auditor.ahead import Ahead
from auditor.alongside import alongside
from auditor.as_of import audit_date, check_as_of
from auditor.collector import keep_to_the_end, paused
from auditor.config import UserConfig, load_config, not_in_settings
from auditor.errors import AuditorError, NothingToAudit
from auditor.forced_line import LinesForced, refuse_forced_line
from auditor.history.db import HistoryDB, open_history
from auditor.history.hidden import stored_personal
from auditor.inputs import input_files, lines_of, personal_texts, read_listed, settle_read
from auditor.lang import say
from auditor.masked_log import masked_log
from auditor.model import ReadResult, covered_lines, severity_rank
from auditor.readers import ReadOptions
from auditor.readers.pool import default_jobs
from auditor.run_args import checked_arguments, input_paths, language_used, optional_path
from auditor.scratch import remove_stale, scratch_folder
from auditor.settings_search import find_config
from auditor.writers import Masker

if TYPE_CHECKING:
    from auditor.audit_report import AuditReport
    from auditor.pipeline import AuditOptions
    from auditor.writers.report_figures import ReportFigures

log = logging.getLogger("auditor")

#: The modules an audit needs only once its inputs are read: the rules, the history's
#: steps, the pipeline and the writers (a tenth of a second and more). Imported while the
#: workers read (:func:`read_planned`, :mod:`auditor.ahead`), where they are used.
LATER = (
    *(f"auditor.history.{name}" for name in ("given_again", "holders", "records", "store")),
    *("auditor.history.unchecked", "auditor.pipeline"),
    *(f"auditor.writers.{name}" for name in ("commit", "console", "json", "prestage")),
    *(f"auditor.writers.{name}" for name in ("report_figures", "unchecked", "xlsx")),
)


def _import_later() -> None:
    """Import the modules of :data:`LATER` (each once: a module imported is kept)."""
    for name in LATER:
        importlib.import_module(name)


class Watcher:
    """What an audit tells as it goes, for a caller to show (``auditor audit``'s progress
    bar and what it says of each input); each method here does nothing."""

    def started(self, files: int) -> None:
        """The history is open and ``files`` input files are about to be read."""

    def file_read(self, result: ReadResult) -> None:
        """One more file read, in the order of the inputs."""

    def read(self, results: list[ReadResult], mask: Masker) -> None:
        """Every file is read; ``mask`` knows the names and lines they hold: what the
        caller shows of them goes through it."""

    def findings(self, count: int) -> None:
        """The rules found ``count`` findings; the outputs are being written."""

    def ended(self) -> None:
        """The audit ended, its outputs written or not (told whatever ended it)."""


@dataclass
class AuditRun:
    """What :func:`audit` did: the report, the files it wrote (the workbook first), the
    masker they were written with (it knows the inputs' names and lines), the JSON text
    when it was asked back (a ``str``, the file's bytes decoded), and the history it used
    (None: none)."""

    report: AuditReport
    written: list[Path]
    mask: Masker
    json: str | None = None
    history: Path | None = None
    #: The figures the outputs showed, worked out once (the terminal summary shows them).
    figures: ReportFigures | None = None

    @property
    def unread(self) -> int:
        """How many inputs could not be read (each is named in the report)."""
        return len(self.report.failed_inputs)

    def found(self, severity: str) -> int:
        """How many findings are at ``severity`` (``high``…``info``) or above it."""
        least = severity_rank(severity)
        return sum(severity_rank(f.severity) <= least for f in self.report.findings)


def audit(
    inputs: list[Path | str] | Path | str,
    *,
    settings: Path | str | None = None,
    as_of: date | str | None = None,
    read: ReadOptions | None = None,
    jobs: int | None = None,
    report: Path | str | None = None,
    json: Path | str | None = None,
    json_back: bool = False,
    history: Path | str | None = None,
    mask: bool = True,
    language: str | None = None,
    watcher: Watcher | None = None,
) -> AuditRun:
    """Audit the files and folders ``inputs`` (folders are walked; one path alone is
    one input) and write the outputs. Where a path is meant, a text is taken as one.

    ``settings``: the settings TOML (default: found as :func:`~auditor.config.find_config`
    finds it); ``as_of``: the audit date, a date or ``YYYY-MM-DD`` (default today);
    ``read``: the readers' overrides and limits; ``jobs``: reading processes (default:
    the machine's cores); ``report``: the workbook (default
    ``reports/audit-<as_of>.xlsx``); ``json``: a JSON file to write too, and
    ``json_back``: the JSON text returned (``AuditRun.json``, a ``str``); ``history``:
    the history database to read and add to (None: no history, nothing remembered);
    ``mask``: phone numbers masked in every output; ``language``: ``zh`` or ``en``
    (default: the active one); ``watcher``: told how the audit goes. An argument it
    cannot take is a :class:`~auditor.errors.BadArgument`, before anything is read.

    The outputs and the history are written together or not at all: an audit that fails
    or is stopped leaves them as they were. A SIGINT or SIGTERM that comes as they are
    written waits until all are, then goes to the caller's handler (docs/python.md).
    """
    speaking = language_used(language)
    # What is logged meanwhile is masked as the outputs are: by the numbers' shape until
    # the inputs are read, then by the masker that knows their names and lines too; so is
    # the message of an audit with nothing to read (it names the inputs).
    masker = Masker(mask)
    with speaking, masked_log(masker) as logged_through:
        given = checked_arguments(
            inputs, settings=settings, read=read, jobs=jobs, report=report, json=json,
            json_back=json_back, history=history, mask=mask, watcher=watcher,
        )  # fmt: skip
        inputs, settings, report, json = given.inputs, given.settings, given.report, given.json
        history, jobs, watcher = given.history, given.jobs, watcher or Watcher()
        try:
            plan = prepare(
                inputs, settings=settings, as_of=as_of, read=read, report=report, json=json
            )
            # The history is opened, checked and brought up to date before the inputs are
            # read: a history that cannot be used is said at once, not after minutes of
            # reading.
            opened = open_history(history) if history is not None else contextlib.nullcontext()
            with opened as db:
                watcher.started(len(plan.files))
                try:
                    read_one = watcher.file_read
                    done = read_planned(plan, jobs=jobs, mask=mask, on_read=read_one, db=db)
                    if db is not None:  # the lines it may name not checked are told apart too
                        from auditor.history.given_again import replaced_files
                        from auditor.history.unchecked import missing_bills
                        from auditor.writers.unchecked import told_apart

                        # asked before storing (the masks are settled before the big sheets
                        # are staged): the report asks again after (pipeline says why)
                        roster = audit_options(plan).roster
                        replaced = replaced_files(db, done.results, plan.as_of)
                        missing = missing_bills(db, done.results, plan.as_of, roster, replaced)
                        done.mask = told_apart(done.mask, missing)
                    masker = done.mask
                    logged_through(masker)
                    watcher.read(done.results, masker)
                    # a line the settings named when it was audited (closed, taken out
                    # since) is still theirs: the history remembers who held it
                    from auditor.history.holders import remembered_holders

                    known = frozenset(remembered_holders(db)) if db is not None else frozenset()
                    if strangers := _not_in_settings(
                        done.results, plan.config, known, db is not None
                    ):
                        log.warning("%s", strangers)
                    audited, shown, json_text = _audit_and_write(
                        plan, done, db, json is not None or json_back, watcher
                    )
                finally:
                    watcher.ended()
        except NothingToAudit as exc:
            raise exc.masked(masker) from None
    return AuditRun(
        audited,
        list(plan.outputs.values()),
        done.mask,
        json_text.decode("utf-8") if json_back and json_text is not None else None,
        history,
        shown,
    )


@dataclass(frozen=True)
class Plan:
    """An audit ready to read its inputs: its date, the files and how to read them, the
    settings, and the outputs (what each is, ``report`` or ``JSON``: its path), checked."""

    as_of: date
    files: list[Path]
    read: ReadOptions
    config: UserConfig
    outputs: dict[str, Path] = field(default_factory=dict)


def prepare(
    inputs: list[Path | str],
    *,
    settings: Path | None = None,
    as_of: date | str | None = None,
    read: ReadOptions | None = None,
    report: Path | None = None,
    json: Path | None = None,
) -> Plan:
    """The first step of :func:`audit` (its arguments): the settings loaded, the inputs
    walked, the outputs checked (before the audit's minutes of work, not after)."""
    inputs = input_paths(inputs)  # a script's texts too, and one path alone
    as_of = check_as_of(audit_date(as_of)) if as_of is not None else clock.today()
    read_options = replace(read or ReadOptions(), as_of=as_of)
    found, unused = find_config(optional_path("settings", settings), inputs)
    config = load_config(found)
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
    for other in unused:  # said with how to take it instead: it may be the one meant
        log.warning(
            say(
                "%s：未使用：设置来自离账单最近的 %s；要用这一个，请加 --known %s",
                "%s: not used: the settings come from %s, nearest the bills; "
                "--known %s takes this one instead",
            ),
            other,
            found,
            other,
        )
    files = input_files(inputs, read_options)
    report = optional_path("report", report) or Path("reports") / f"audit-{as_of}.xlsx"
    if report.suffix.lower() != ".xlsx":
        raise AuditorError(
            say(f"{report}：报告必须是 .xlsx 文件", f"{report}: the report must be an .xlsx file")
        )
    json = optional_path("json", json)
    outputs = {"report": report, **({"JSON": json} if json is not None else {})}
    writers.check_outputs(outputs, files)
    for stale in remove_stale():  # what a killed run left (auditor.scratch)
        log.debug("removed %s, left by an audit that was killed", stale)
    return Plan(as_of, files, read_options, config, outputs)


@dataclass
class Read:
    """The inputs read, and the masker that knows the names and lines they hold."""

    results: list[ReadResult]
    mask: Masker


def read_planned(
    plan: Plan,
    *,
    jobs: int | None = None,
    mask: bool = True,
    on_read: Callable[[ReadResult], None] | None = None,
    db: HistoryDB | None = None,
) -> Read:
    """Read ``plan``'s inputs in ``jobs`` processes (``on_read`` told of each), over ``db``;
    the modules the audit needs next (:data:`LATER`) imported meanwhile."""
    later = Ahead(_import_later)
    results = read_listed(plan.files, plan.read, jobs or default_jobs(), on_read, later)
    later.wait()
    from auditor.history.records import tickets_typed
    from auditor.history.store import lines_after_storing, load_results

    earlier = (lambda lines: load_results(db, lines, as_of=plan.as_of)) if db else None
    settle_read(results, plan.read, earlier)
    lines = lines_of(results) | set(plan.config.owners) | set(plan.config.lines)
    # The lines counted first among those alike: the history's and those it will hold.
    held = lines_after_storing(db, results)
    tickets = tickets_typed(db) if db is not None else frozenset()  # shown as typed
    # the names the history's files held too: its file names and items are shown again
    personal = personal_texts(results) | (stored_personal(db) if db else frozenset())
    masker = Masker(mask, personal, frozenset(lines), held, tickets)
    try:
        refuse_forced_line(results, plan.read.line)
    except LinesForced as exc:  # masked by the masker that tells every line apart
        raise LinesForced(masker(str(exc))) from None
    return Read(results, masker)


def audit_options(plan: Plan) -> AuditOptions:
    """What the audit of ``plan``'s inputs needs besides them."""
    from auditor.pipeline import AuditOptions

    config = plan.config
    return AuditOptions(
        as_of=plan.as_of,
        read=plan.read,
        known_services=config.known_services,
        line_known_services=config.line_known,
        owners=config.owners,
        groups=config.groups,
        earlier=config.earlier,
        renamed=config.renamed,
        settings_lines=frozenset(config.lines),
        account=config.account,
        main_cards=config.main_cards,
        settings=config.source,
    )


def _audit_and_write(
    plan: Plan, done: Read, db: HistoryDB | None, with_json: bool, watcher: Watcher
) -> tuple[AuditReport, ReportFigures, bytes | None]:
    """Audit what was read over ``db``, write the outputs and commit the history; the
    report, its figures and the JSON text (when ``with_json``)."""
    from auditor.pipeline import audit_inputs
    from auditor.writers.commit import write_outputs
    from auditor.writers.report_figures import report_figures

    results, mask = done.results, done.mask
    # One transaction from storing the inputs to writing the outputs: an audit stopped
    # before its report is written leaves the history as it was. The Charges, Services
    # and Inputs sheets of many rows are staged meanwhile by a child, in a folder that
    # goes whatever happens (auditor.writers.prestage).
    transaction = db.transaction() if db is not None else contextlib.nullcontext()
    json_text = None
    with transaction, _prestaged(results, mask, plan.as_of) as prestaged:
        report = audit_inputs(results, audit_options(plan), db)
        rendered = {}
        # A million objects, and the outputs' bytes, not freed one by one for nothing.
        keep_to_the_end(results, report, mask, rendered)
        watcher.findings(len(report.findings))
        # Worked out once, before the child is forked: both outputs show them (with the
        # collector paused, as the workbook is written).
        with paused():
            shown = report_figures(report)
        if with_json:
            # The JSON text is made by a forked child, on the other core, while the
            # workbook is written here (auditor.alongside): the same text either way.
            with alongside(
                lambda: writers.render_json(report, mask, shown).encode("utf-8")
            ) as child:
                rendered["report"] = writers.render_xlsx(
                    report, mask, prestaged=prestaged, shown=shown
                )
                json_text = child.value()
        else:
            rendered["report"] = writers.render_xlsx(report, mask, prestaged=prestaged, shown=shown)
        if "JSON" in plan.outputs:
            rendered["JSON"] = json_text
        write_outputs({plan.outputs[what]: (what, data) for what, data in rendered.items()}, db)
    return report, shown, json_text


#: The most lines a notice of lines not in the settings names (a stranger's folder of a
#: company's bills may hold hundreds): the rest are counted.
STRANGERS_NAMED = 5


def _not_in_settings(
    results: list[ReadResult], config: UserConfig, known: frozenset[str], kept: bool
) -> str:
    """The notice of the lines audited that a settings file naming its lines does not
    name, nor did when the history audited them (``known``: a line taken out since is
    still the user's), or ``""``: a stranger's bill among the family's, a new line, a
    mistyped table; they are audited, and ``kept`` in the history, like any other."""
    settings_lines = set(config.lines)
    covered = covered_lines(r for r in results if r.readable)
    strangers = sorted(
        line for line in covered if not_in_settings(line, settings_lines) and line not in known
    )
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
        f"{named} 不在你的设置（{config.source}）中：已检查，金额不计入合计",
        f"{named} {'is' if one else 'are'} not in your settings ({config.source}): audited, "
        f"{'its' if one else 'their'} money not in the totals",
    ) + (forget if kept else "")


@contextlib.contextmanager
def _prestaged(results: list[ReadResult], mask: Masker, as_of: date):
    """The Charges, Services and Inputs sheets of ``results`` staged by a child for the
    block (None when not worth it), as audited on ``as_of``; the child ended and its
    folder removed when the block ends."""
    from auditor.writers import prestage

    if not prestage.worth_staging(results):  # no folder made for nothing (a kill would leave it)
        yield None
        return
    with scratch_folder("charges") as folder:
        staging = prestage.prestage(results, mask, folder, as_of=as_of)
        try:
            yield staging
        finally:
            if staging is not None:
                staging.close()
