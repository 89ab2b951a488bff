"""The library API: read inputs, set duplicate copies aside, run the rules, attach steps.

The CLI is a thin layer over :func:`run_audit`; tests and scripts can call it directly::

    report = run_audit([Path("bills/")], AuditOptions(as_of=date(2026, 11, 5)))
    for finding in report.findings:
        print(finding.rule, finding.line, finding.service, finding.amount_fen)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from auditor.crosscheck import set_aside_duplicate_bills, warn_unreadable_gaps
from auditor.errors import AuditorError, ValueParseError
from auditor.model import BillCheck, Charge, Finding, ReadResult, Service, severity_rank
from auditor.names import service_key
from auditor.readers import ReadOptions, collect_inputs, is_auditor_report, read_file
from auditor.rules import RULES, AuditContext

log = logging.getLogger(__name__)

#: The audit dates auditor accepts. Carriers' e-bills begin in the 2000s; every deadline
#: an action counts from the audit date (months, a year) must still be a date, which
#: ``--as-of 9999-12-31`` was not.
EARLIEST_AS_OF, LATEST_AS_OF = date(2000, 1, 1), date(2100, 12, 31)


def check_as_of(as_of: date) -> date:
    """``as_of`` when auditor can audit as of that day; else :class:`ValueParseError`."""
    if not EARLIEST_AS_OF <= as_of <= LATEST_AS_OF:
        raise ValueParseError(
            f"{as_of.isoformat()} is not an audit date auditor takes "
            f"({EARLIEST_AS_OF.isoformat()} to {LATEST_AS_OF.isoformat()})"
        )
    return as_of


@dataclass
class AuditOptions:
    """Everything an audit needs besides the input paths."""

    as_of: date = field(default_factory=date.today)
    read: ReadOptions = field(default_factory=ReadOptions)
    known_services: list[str] = field(default_factory=list)
    owners: dict[str, str] = field(default_factory=dict)
    rules: list[str] | None = None  # rule ids to run; None runs every rule


@dataclass
class AuditReport:
    """The outcome of an audit: what was read, the records, and the findings.

    ``charges``, ``services`` and ``bills`` are the records of every readable input, in
    the order they were read (each bill checked against its items); a duplicate copy of
    a bill set aside before the rules is not among them.
    :func:`~auditor.model.charges_table` and its kin give them as pandas tables.
    """

    as_of: date
    inputs: list[ReadResult]
    charges: list[Charge]
    services: list[Service]
    bills: list[BillCheck]
    findings: list[Finding]
    owners: dict[str, str] = field(default_factory=dict)

    @property
    def failed_inputs(self) -> list[ReadResult]:
        """Inputs that could not be read."""
        return [r for r in self.inputs if r.error]

    @property
    def personal_texts(self) -> frozenset[str]:
        """Names and ID numbers the inputs' header blocks hold: kept out of every output."""
        return personal_texts(self.inputs)

    @property
    def readable_inputs(self) -> list[ReadResult]:
        """Inputs that were read."""
        return [r for r in self.inputs if not r.error]


def personal_texts(results: list[ReadResult]) -> frozenset[str]:
    """Names and ID numbers found in the header blocks of ``results``."""
    return frozenset(text for result in results for text in result.personal)


class NothingToAudit(AuditorError):
    """No input file was found, or none could be read: there is no report to write."""


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
            log.info("%s: skipped, an auditor report", path)
            continue
        files.append(path)
    if not files:
        raise NothingToAudit(f"no input files found in {', '.join(str(p) for p in paths)}")
    return files


def read_inputs(paths: list[Path], options: ReadOptions) -> list[ReadResult]:
    """Read every input file under ``paths``; unreadable files carry their error."""
    return [read_file(path, options) for path in collect_inputs(paths)]


def audit_results(results: list[ReadResult], options: AuditOptions) -> AuditReport:
    """Run the rules over already-read inputs (the part of :func:`run_audit` after reading).

    The inputs are changed only before the rules run, and only here: duplicate copies of
    a bill are set aside (:func:`~auditor.crosscheck.set_aside_duplicate_bills`) and a
    file whose bill falls short beside unreadable rows is told so. Raises
    :class:`NothingToAudit` when none of them could be read.
    """
    readable = [r for r in results if not r.error]
    if not readable:
        raise NothingToAudit(
            f"nothing readable: none of the {len(results)} input file(s) could be read"
        )
    # What the rules see is settled here, before they run: one copy of each line's month,
    # and the files whose bills fall short told so.
    set_aside_duplicate_bills(readable)
    known = frozenset(service_key(k) for k in options.known_services if k)
    ctx = AuditContext.of(readable, options.as_of, known)
    warn_unreadable_gaps(readable, ctx.facts.bills)
    findings: list[Finding] = []
    for rule_class in RULES:
        if options.rules is None or rule_class.id in options.rules:
            rule = rule_class()
            for finding in rule.evaluate(ctx):
                finding.actions = rule.actions(finding, options.as_of)
                findings.append(finding)
    order = {rule.id: i for i, rule in enumerate(RULES)}
    findings.sort(
        key=lambda f: (severity_rank(f.severity), order.get(f.rule, 99), f.line, f.service)
    )
    return AuditReport(
        as_of=options.as_of,
        inputs=results,
        charges=[charge for result in readable for charge in result.charges],
        services=[service for result in readable for service in result.services],
        bills=list(ctx.facts.bills),
        findings=findings,
        owners=dict(options.owners),
    )


def run_audit(paths: list[Path], options: AuditOptions) -> AuditReport:
    """Audit the files and folders in ``paths``."""
    read = options.read if options.read.as_of else replace(options.read, as_of=options.as_of)
    return audit_results([read_file(p, read) for p in input_files(paths, read)], options)
