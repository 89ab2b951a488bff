"""The inputs of an audit: the files under the paths given (auditor's own reports left
out), read in a pool of processes, and what the masker must know of them (the lines
they cover, the names and ID numbers in their header blocks)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.amount_units import settle_units, unit_unsettled
from auditor.doubtful_months import settle_months
from auditor.errors import NothingToAudit, located
from auditor.lang import say
from auditor.model import Charge, ReadResult, Service, covered_lines
from auditor.ports import month_carriers, portable, ports_of, settle_ported
from auditor.readers import ReadOptions, collect_inputs, is_auditor_report
from auditor.readers.pool import read_files

if TYPE_CHECKING:
    from auditor.ahead import Ahead

log = logging.getLogger("auditor.pipeline")


def personal_texts(results: list[ReadResult]) -> frozenset[str]:
    """Names and ID numbers found in the header blocks of ``results``."""
    return frozenset(text for result in results for text in result.personal)


def lines_of(results: list[ReadResult]) -> frozenset[str]:
    """Every line ``results`` cover, and every line their documents state under
    ``--line`` (the alerts name them): what the masker must tell apart."""
    stated = {line for result in results for line in result.stated_lines}
    return frozenset((covered_lines(results) | stated) - {""})


def input_files(paths: list[Path], options: ReadOptions) -> list[Path]:
    """The files to audit under ``paths``: auditor's own earlier reports found in folders
    are left out (a file named directly is always kept, so that it gets its error).

    The report check opens files as reading does (under ``options``' limits); a file it
    cannot open stays an input, so that reading names what is wrong with it. Raises
    :class:`NothingToAudit` when no file is left.
    """
    named = {path for path in paths if not path.is_dir()}
    files = []
    for path in collect_inputs(paths):
        if path not in named and is_auditor_report(path, options):
            log.info(
                located("%s", say("已略过：这是 auditor 生成的报告", "skipped, an auditor report")),
                path,
            )
            continue
        files.append(path)
    if not paths:  # a script's audit([]): no folder to name
        raise NothingToAudit(say("没有给出任何输入", "no inputs were given"))
    if not files:
        folders = ", ".join(str(p) for p in paths)
        raise NothingToAudit(
            say(f"在 {folders} 中没有找到输入文件", f"no input files found in {folders}")
        )
    return files


def read_inputs(
    paths: list[Path],
    options: ReadOptions,
    jobs: int = 1,
    on_read: Callable[[ReadResult], None] | None = None,
) -> list[ReadResult]:
    """Read every input file under ``paths``; unreadable files carry their error.

    ``jobs`` processes read them (:mod:`auditor.readers.pool`; the results and their
    order are the same for any number); ``on_read`` is told of each result in order, as
    it comes (a progress display); what is left to settle across them is settled
    (:func:`settle_read`, without a history)."""
    results = read_listed(collect_inputs(paths), options, jobs, on_read)
    settle_read(results, options)
    return results


def read_listed(
    files: list[Path],
    options: ReadOptions,
    jobs: int = 1,
    on_read: Callable[[ReadResult], None] | None = None,
    meanwhile: Ahead | None = None,
) -> list[ReadResult]:
    """:func:`read_inputs` of the ``files`` :func:`input_files` listed, not walked again,
    not settled yet (:func:`settle_read`); ``meanwhile`` done while the workers read
    (:func:`~auditor.readers.pool.read_files`)."""
    results = []
    for result in read_files(files, options, jobs, meanwhile):
        if on_read is not None:
            on_read(result)
        results.append(result)
    return results


def settle_read(
    results: list[ReadResult],
    options: ReadOptions,
    earlier: Callable[[set[str]], list[ReadResult]] | None = None,
) -> None:
    """What the files read leave to settle across them (each result's ``settling``, as its
    reader marked it), before anything is said of them: a month Excel may have made of
    another (:mod:`auditor.doubtful_months`), then yuan or fen where a bill does not say
    (:mod:`auditor.amount_units`: a file refused says its error as any other does), with
    ``earlier`` months of their lines (None: no history)."""
    settle_months(results, options.as_of)
    lines = {c.line for r in results if unit_unsettled(r) for c in r.charges}
    settle_units(results, earlier(lines) if earlier is not None and lines else ())
    tell_ports(results, options, earlier)


def tell_ports(
    results: list[ReadResult],
    options: ReadOptions,
    earlier: Callable[[set[str]], list[ReadResult]] | None = None,
) -> None:
    """Say a line's port (携号转网: its bills go from one carrier to another between two
    months, these files' or the ``earlier`` ones') once, with the file of the month it
    shows in (the new carrier's first, else the old one's last), in place of the alerts
    of files of the line that only its number's prefix or the settings gainsay
    (:attr:`~auditor.model.ReadResult.settling`): the port explains them, and setting
    the line's carrier would misread its months before. The lines looked at are those
    with such an alert, or a carrier in the settings that takes ported numbers."""
    readable = [r for r in results if r.readable]
    given = dict(options.line_carriers)
    lines = {line for r in readable if r.settling.port_alert for line in r.lines}
    # (a virtual operator's lines are never ported: the history of none is read for it)
    ported = {line for line, carrier in given.items() if portable(carrier)}
    lines |= ported & {line for r in readable for line in r.lines}
    if not lines:
        return
    stored = earlier(lines) if earlier is not None else []
    settle_ported([*readable, *stored], given, forced=bool(options.carrier))
    months = month_carriers([*readable, *stored])
    for line in sorted(lines):
        ports = ports_of(months.get(line, {}), line)
        if not ports:
            continue
        mine = [r for r in readable if line in r.lines]
        for result in mine:
            if result.settling.port_alert in result.alerts:
                result.alerts.remove(result.settling.port_alert)
        held = sorted(months[line])
        for port in ports:
            before = held[held.index(port.month) - 1]
            shown = next((r for r in mine if port.month in r.periods), None) or next(
                (r for r in mine if before in r.periods), None
            )
            if shown is not None:
                shown.alerts.append(port.told())


def charges_read(results: list[ReadResult]) -> list[Charge]:
    """The charges of the files read (not failed, not skipped), in order: the report's."""
    return [charge for result in results if result.readable for charge in result.charges]


def services_read(results: list[ReadResult]) -> list[Service]:
    """The service-list entries of the files read, in the order read: the report's."""
    return [service for result in results if result.readable for service in result.services]
