"""The short summary printed after an audit: what was read, what was found, where it went."""

from __future__ import annotations

from pathlib import Path

from auditor.pipeline import AuditReport
from auditor.values import format_fen
from auditor.writers import figures
from auditor.writers.labels import BILL_LEVEL, SEVERITY_LABELS
from auditor.writers.safe import Masker
from auditor.writers.sheet import display_width

TOP_FINDINGS = 10


def render_summary(
    report: AuditReport,
    mask: Masker,
    outputs: list[Path] | None = None,
    top: int = TOP_FINDINGS,
) -> str:
    """A few lines for the terminal; ``outputs`` are the files written, named last."""
    found = report.findings
    counts = figures.by_severity(found)
    failed, skipped = len(report.failed_inputs), len(report.skipped_inputs)
    lines = [
        f"auditor {report.as_of.isoformat()}: {len(report.readable_inputs)} file(s) read"
        + (f", {failed} could not be read" if failed else "")
        + (f", {skipped} skipped" if skipped else ""),
        f"findings: {len(found)} ("
        + ", ".join(f"{n} {severity}" for severity, n in counts.items())
        + ")",
        f"already charged, disputed 可追回: ¥{format_fen(figures.claimable_fen(found))}; "
        f"at stake per year 每年: ¥{format_fen(figures.yearly_fen(found))}",
    ]
    if report.remembered:
        fresh = sum(1 for f in found if f.status == "new")
        lines.append(
            f"since the last audit: {fresh} new, {len(found) - fresh} still open, "
            f"{len(report.resolved)} resolved"
        )
    for finding in found[:top]:
        owner = report.owners.get(finding.line)
        who = f"{finding.line} ({owner})" if owner else finding.line
        months = finding.periods[0] if len(finding.periods) == 1 else _span(finding.periods)
        lines.append(
            f"  {_pad(SEVERITY_LABELS.get(finding.severity, ''), 4)} {finding.severity:<6} "
            f"{finding.rule:<20} {who} {finding.service or BILL_LEVEL} {months} "
            f"¥{format_fen(finding.amount_fen)}"
        )
    if len(found) > top:
        lines.append(f"  … and {len(found) - top} more in the report")
    for item in report.resolved[:top]:
        lines.append(f"  resolved {item.rule:<20} {item.line} {item.service or BILL_LEVEL}")
    for result in report.failed_inputs:
        lines.append(f"  not read: {result.path}: {result.error}")
    for result in report.skipped_inputs:
        lines.append(f"  skipped: {result.path}: {result.skipped}")
    if report.settings:
        lines.append(f"known services and owners from: {report.settings}")
    if mask.widened_note():
        lines.append(mask.widened_note())
    for path in outputs or []:
        lines.append(f"written: {path}")
    return "\n".join(mask(line) for line in lines) + "\n"


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` screen columns (a CJK character takes two)."""
    return text + " " * max(width - display_width(text), 0)


def _span(periods: list[str]) -> str:
    return f"{periods[0]}..{periods[-1]}" if periods else ""
