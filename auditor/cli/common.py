"""What every ``auditor`` command shares: one-line failures, the log on stderr (through
the masker), shared options as decorators (``--lang`` among them), and the history
database options."""

from __future__ import annotations

import calendar
import contextlib
import logging
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import click

from auditor import lang
from auditor.cli.localized import LANG_KEY
from auditor.errors import AuditorError, ValueParseError
from auditor.history.db import HistoryBusy, HistoryDB, Missing, default_db_path, open_history
from auditor.history.hidden import stored_personal
from auditor.history.line_months import lines_in_order
from auditor.masked_log import masked_with
from auditor.safe_text import safe_text, safe_traceback
from auditor.writers import Masker

log = logging.getLogger("auditor")

EXIT_OK, EXIT_FAIL_ON, EXIT_USAGE, EXIT_SOME_UNREAD = 0, 1, 2, 3  # 130, 143: Interrupted
#: The history was held by another audit longer than one waits: sysexits.h's EX_TEMPFAIL,
#: "a temporary failure: try again", which a script from cron can tell from a usage error.
EXIT_BUSY = 75


class Failure(click.ClickException):
    """A one-line error that stops the command with exit status 2 (bad usage, nothing read)."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        """Print ``auditor: <message>`` on stderr, made safe (one line, nothing a terminal
        obeys) even when the message was built without a masker."""
        click.echo(f"auditor: {safe_text(self.format_message())}", err=True, file=file)


class StderrLog(logging.Handler):
    """The log on stderr: every record through the masker, its traceback line by line.

    Records are held until :meth:`release_held` gives the masker that knows the inputs' personal
    data (names and ID numbers are found while the files are read, and a file's name may
    hold one), then written in order; from then on each is written at once.
    """

    def __init__(self, mask: Masker):
        super().__init__()
        self.mask = mask
        self.held: list[logging.LogRecord] | None = []

    def emit(self, record: logging.LogRecord) -> None:
        """Hold ``record``, or write it once released."""
        # a record marked at_once is said now: a wait that begins before the inputs are
        # read (auditor.history.busy); it names only the history, masked by its shape
        if self.held is not None and not getattr(record, "at_once", False):
            self.held.append(record)
            return
        try:
            click.echo(self.format(record), err=True)
        except Exception:  # a log line that cannot be written must not stop the audit
            self.handleError(record)

    def format(self, record: logging.LogRecord) -> str:
        """``auditor: <message>`` and the traceback's lines, each through the masker,
        unless the audit masked the record with it already (an auditor record after the
        inputs are read, :func:`~auditor.masked_log.masked_with`). One held while they
        were read was masked by the numbers' shape only, the names found since not yet;
        another library's (pdfminer, ``py.warnings``) not at all."""
        mask = self.mask
        if masked_with(record) is mask:
            mask = _as_it_is
        lines = [f"auditor: {mask(record.getMessage())}"]
        if record.exc_info and record.exc_info[1] is not None:
            lines += [mask(line) for line in safe_traceback(record.exc_info[1])]
        # a reading worker's record: its traceback came as lines (auditor.readers.pool)
        lines += [mask(line) for line in getattr(record, "traceback_lines", ())]
        return "\n".join(lines)

    def release_held(self, mask: Masker | None = None) -> None:
        """Write the held records with ``mask`` (or the first one), then stop holding.
        (Not ``release``: that is the handler's lock's, which logging calls after each
        record, and which would let the held ones go with the first.)"""
        self.mask = mask or self.mask
        held, self.held = self.held or [], None
        for record in held:
            self.emit(record)


def _as_it_is(text: str) -> str:
    return text


@contextlib.contextmanager
def logging_to_stderr(verbose: bool, mask: Masker):
    """Send the log to stderr for one command: warnings, or auditor's everything with
    --verbose; yields the handler, to :meth:`~StderrLog.release_held` once reading is done.

    The handler sits on the root logger and Python's warnings are routed to it, so a
    library's warning that quotes an input (a font name, a sheet title) is masked too.
    The handler, levels and warning capture are undone afterwards, so a program (or test)
    calling the command many times does not pile up handlers bound to old streams.
    """
    handler = StderrLog(mask)
    root = logging.getLogger()
    level, show_warning = log.level, warnings.showwarning
    root.addHandler(handler)
    log.setLevel(logging.DEBUG if verbose else logging.WARNING)
    warnings.showwarning = _warning_to_log
    try:
        yield handler
    finally:
        handler.release_held()
        warnings.showwarning = show_warning
        root.removeHandler(handler)
        log.setLevel(level)


def _warning_to_log(message, category, filename, lineno, file=None, line=None) -> None:
    """Python's warnings, as log records (so through the masker), not straight to stderr."""
    logging.getLogger("py.warnings").warning("%s: %s", category.__name__, message)


# ------------------------------------------------------------------- shared options


def compose(*decorators):
    """One decorator applying ``decorators`` in the order written: shared options."""

    def apply(function):
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


def _use_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    """Make the language of this run active: ``--lang``, else the parent command's, else
    the environment's (:func:`auditor.lang.default_lang`); kept for the subcommands."""
    chosen = value or ctx.meta.get(LANG_KEY) or lang.default_lang()
    ctx.meta[LANG_KEY] = chosen
    lang.use(chosen)
    return chosen


#: ``--lang zh|en`` on every command. Eager, so that it is in force before ``--help``
#: answers and before anything else is read; its callback runs whether it is given or
#: not, so a run never keeps the language of the one before it (a test's CliRunner).
lang_option = click.option(
    "--lang",
    type=click.Choice(lang.LANGS),
    is_eager=True,
    expose_value=False,
    callback=_use_lang,
    help="Language of the report, the messages and this help [default: AUDITOR_LANG, "
    "else Chinese for a zh_* locale, else English].",
)

verbosity_options = compose(
    click.option("--quiet", "-q", is_flag=True, help="Print no summary (errors still go out)."),
    click.option(
        "--verbose", "-v", is_flag=True, help="Say what is read and why; tracebacks for failures."
    ),
)


@contextlib.contextmanager
def one_line_failures(mask: Masker):
    """Turn errors into one-line failures (exit 2); the traceback is logged for --verbose."""
    try:
        yield
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except HistoryBusy as exc:  # nothing wrong: run again later (EXIT_BUSY)
        failure = Failure(mask(str(exc)))
        failure.exit_code = EXIT_BUSY
        raise failure from None
    except (AuditorError, OSError) as exc:
        log.debug("failed", exc_info=True)
        raise Failure(mask(str(exc))) from None
    except Exception as exc:
        log.debug("internal error", exc_info=True)
        what = f"{type(exc).__name__}: {exc}"
        message = lang.say(
            f"内部错误（{what}）；加 --verbose 可看出错位置",
            f"internal error ({what}); --verbose shows where",
        )
        raise Failure(mask(message)) from None


def checked(check, value, param: click.Parameter):
    """``check(value)`` for an option given (None when not), its error a usage error."""
    if value is None:
        return None
    try:
        return check(value)
    except ValueParseError as exc:
        raise click.BadParameter(str(exc), param=param) from None


def named_file(value: str) -> str:
    """``value`` unless it is empty (a script's unset variable), which names no file."""
    if not value:
        raise ValueParseError(
            lang.say("请给出文件名，或用 - 表示标准输出", "give a file name, or - for stdout")
        )
    return value


history_options = compose(
    click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help="History database, in a folder that exists (a mistyped one is refused) "
        "[default: history.sqlite in your data folder].",
    ),
)


def db_path(opts: dict) -> Path:
    """The history database the command uses: ``--db``, else the default place."""
    return opts["db"] or default_db_path()


@contextlib.contextmanager
def history_at(
    path: Path, *, create: bool = True, missing: Missing = Missing.READ
) -> Iterator[HistoryDB]:
    """The history at ``path``, open and inside one transaction: committed when the
    block ends, rolled back when it fails or a signal stops it (``missing``: which
    command says there is none, when not ``create``)."""
    with open_history(path, create=create, missing=missing) as db, db.transaction():
        yield db


@contextlib.contextmanager
def history_read(path: Path) -> Iterator[HistoryDB]:
    """The history at ``path`` for a command that only reads it: never created, never
    locked against writers (:meth:`~auditor.history.db.HistoryDB.reading`)."""
    with open_history(path, create=False, write=False) as db, db.reading():
        yield db


@contextlib.contextmanager
def reading_history(opts: dict) -> Iterator[HistoryDB | None]:
    """The history a command reads, or ``None`` when there is none yet in the default
    place (no audit has run): the command then says so, as for an empty history. A
    ``--db`` naming no file stays an error: it is more likely mistyped than new."""
    path = db_path(opts)
    if opts["db"] is None and not path.exists():
        yield None
        return
    with history_read(path) as db:
        yield db


class Day(click.DateTime):
    """A day given as text in one of ``formats``, as click's DateTime reads it, with an
    error that says what is wrong: a day that does not exist (``2026-02-30``: February
    2026 has 28 days) apart from a text that is not written as a date."""

    name = "date"

    def convert(self, value, param, ctx):
        """``value`` as a datetime; a usage error naming what is wrong."""
        if isinstance(value, str):
            for form in self.formats:
                if wrong := _no_such_day(value, form):
                    self.fail(wrong, param, ctx)
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            shown = " / ".join(
                form.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD")
                for form in self.formats
            )
            self.fail(
                lang.say(
                    f"{value!r} 不是日期：请写成 {shown}", f"{value!r} is not a date: write {shown}"
                ),
                param,
                ctx,
            )


def _no_such_day(value: str, form: str) -> str:
    """What is wrong with ``value`` when it is written as ``form`` but names no day (the
    13th month, the 30th of February); '' when it names one, or is not written so."""
    digits = {"%Y": 4, "%m": 2, "%d": 2}
    pattern, fields = "", []
    for part in re.split(r"(%[Ymd])", form):
        if part in digits:
            pattern += rf"(\d{{{digits[part]}}})"
            fields.append(part)
        else:
            pattern += re.escape(part)
    match = re.fullmatch(pattern, value)
    if not match:
        return ""
    named = dict(zip(fields, map(int, match.groups()), strict=True))
    year, month, day = named["%Y"], named["%m"], named["%d"]
    if not 1 <= month <= 12:
        return lang.say(
            f"{value!r} 不是日期：没有 {month} 月",
            f"{value!r} is not a date: there is no month {month}",
        )
    last = calendar.monthrange(year, month)[1]
    if 1 <= day <= last:
        return ""
    return lang.say(
        f"{value!r} 不是日期：{year}-{month:02d} 只有 {last} 天",
        f"{value!r} is not a date: {year}-{month:02d} has {last} days",
    )


def history_mask(mask: Masker, db: HistoryDB, more: Iterable[str] = ()) -> Masker:
    """``mask``, masking as an audit's outputs do over ``db``: its lines (and ``more``)
    told apart, each with its count (:attr:`Masker.known`), and the tickets recorded
    shown as typed (:attr:`Masker.own`), with those ``mask`` knows."""
    # (the records' module imports the rules: here, not where the audit command imports
    # this module, so that an audit starts reading without them: auditor.run)
    from auditor.history.records import tickets_typed

    held = lines_in_order(db)
    own = mask.own | tickets_typed(db)
    personal = mask.personal | stored_personal(db)
    return replace(mask, lines=frozenset(held) | set(more), known=held, own=own, personal=personal)
