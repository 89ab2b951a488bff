"""The ``auditor`` command: a thin layer over the library (:func:`auditor.run.audit`,
:mod:`auditor.history`), one module per command.

``auditor audit INPUT...`` reads bills and service lists, audits them over the history
of their lines, writes the Excel report (and, with ``--json``, the findings as JSON) and
prints a short summary. ``auditor record …`` keeps what the user did, ``auditor
records`` and ``auditor history`` show what the history holds, ``auditor forget``
removes a line from it. ``auditor rules`` lists the rules. Exit status of ``audit``: 0
the audit ran; 1 it ran and ``--fail-on`` matched; 2 bad usage or nothing readable; 3
some inputs could not be read (the report is still written and names them); 75 the
history is busy (another audit held it longer than one waits); 130 and 143
stopped by SIGINT and SIGTERM; 120 what stdout or stderr held at the exit was lost. A
reader that closes stdout or stderr early (``| head -1``) changes none of these
(:mod:`auditor.cli.streams`). Every command takes ``--lang zh|en``: what it writes and
says, and its ``--help``, in one language (:mod:`auditor.lang`, :mod:`auditor.cli.localized`).
"""

# ruff: noqa: E402 - the imports come after the cycle collector is paused for them

from __future__ import annotations

import gc

# The command's imports make some hundred thousand objects that live as long as the
# process. The cycle collector, started again and again while they are made, and walking
# them in every full collection after, cost 20 ms of a run's start: it is off while they
# are imported, and they are then frozen (left out of every collection; the reading
# processes forked later share their pages untouched). Frozen here, not when the program
# runs: the first collection after the imports would walk them all (10 ms). A process
# importing the commands as a library (a test) has what it held then frozen too.
_collecting = gc.isenabled()
gc.disable()

import importlib
import logging
import os
import signal
import sys

import click

from auditor import __version__
from auditor.cli.audit_cmd import audit
from auditor.cli.common import lang_option
from auditor.cli.localized import LocalGroup
from auditor.cli.streams import reader_gone
from auditor.collector import ending_without_tidying
from auditor.interrupts import Interrupted, stop_on_signals

gc.freeze()
if _collecting:
    gc.enable()


#: The commands besides ``audit``, by the module that makes each, imported when one is
#: named (or the help lists them all): an audit starts reading without the modules of the
#: history's accounts, the records and the rules' list (auditor.run).
LATER = {
    "forget": "history_cmd",
    "history": "history_cmd",
    "known": "known_cmd",
    "record": "record_cmd",
    "records": "history_cmd",
    "rules": "rules_cmd",
}


class _Commands(LocalGroup):
    """The ``auditor`` group: ``audit`` imported with it, the others (:data:`LATER`)
    when named; its help and its usage errors as if all were imported with it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, in click's order."""
        return sorted({*self.commands, *LATER})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, its module imported now if it is one of :data:`LATER`."""
        if cmd_name not in self.commands and cmd_name in LATER:
            module = _imported(f"auditor.cli.{LATER[cmd_name]}")
            self.add_command(getattr(module, cmd_name))
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """As click resolves it; a name no command has is told the names near it among
        them all (click suggests from the commands imported)."""
        if args and args[0] not in self.commands and args[0] not in LATER:
            for name in LATER:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


def _imported(module: str):
    """``module`` imported as this one's imports are: with the cycle collector off, and
    what it made frozen out of collections after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(module)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
@lang_option
def main() -> None:
    """Offline monthly phone-bill check for Chinese carriers.

    Reads the bills and service lists (已订业务) you exported from China Mobile,
    Unicom, Telecom, Broadnet or a virtual operator, and finds charges that go on
    after you cancelled, value-added services you do not know, changes coming next
    month, bills that do not add up, fees charged twice, free trials turned paid,
    price rises and suspended lines still charged. Nothing leaves your computer.

    It remembers each month (a history database in your data folder, --db for
    another) and what you did about a finding, and follows it until it is resolved.

    \b
    Examples: the monthly routine
      auditor audit ~/bills/2026-11
      auditor record cancel --line 13900001111 --service 咪咕视频会员 --ticket 202611081234
      auditor audit ~/bills/2026-12    # next month: new, open, resolved
      auditor known add 腾讯视频会员     # a service you want: not flagged again
      auditor history
      auditor rules --doc
    """


main.add_command(audit)


def run() -> None:
    """The program (``auditor``, ``python -m auditor``): :func:`main`, then a quick exit.

    A company month leaves a million objects behind it (every charge read, every cell
    written), and an ordinary exit frees each one and clears every module: about 0.05 s
    after the report is written, for nothing. Once the command has returned, everything
    it writes is written and closed (its outputs, the history, its children reaped, its
    scratch folders removed), so the process flushes its streams and its log and leaves
    without the tidying, as mypy does. An exception that escapes the command is left to
    Python's exit (its traceback, its status).
    """
    ending_without_tidying()  # what the command keeps to its end is never freed
    try:
        # Ctrl-C (and SIGTERM) in any command, at any moment, is one line and 128 + the
        # signal's number: click would turn a KeyboardInterrupt into "Aborted!" and status
        # 1, the status --fail-on uses (the audit command handles its own the same way).
        with stop_on_signals():
            main(prog_name="auditor")
    except SystemExit as stop:
        code = stop.code
    except (Interrupted, KeyboardInterrupt) as stop:  # (before the handler was in place)
        stopped = stop if isinstance(stop, Interrupted) else Interrupted(signal.SIGINT)
        print(f"auditor: {stopped}", file=sys.stderr)
        code = stopped.exit_code
    else:
        code = 0
    for stop in (signal.SIGINT, signal.SIGTERM):  # the command is done: nothing to cut short
        signal.signal(stop, signal.SIG_IGN)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # as sys.exit("message") says it
        code = 1
    logging.shutdown()
    os._exit(_flushed(code or 0))


def _flushed(code: int) -> int:
    """Flush stdout and stderr; ``code``, or 120 when one cannot be flushed (as Python's
    own exit gives: output was lost). A stream whose reader has closed it (``| head -1``)
    keeps ``code``: the reader chose what it got (:mod:`auditor.cli.streams`)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError) as exc:
            if not reader_gone(exc):
                code = 120
    return code
