"""A bill's summary printed above (or below) its detail: the figures are checks, not charges.

China Mobile's e-bill prints 本月消费构成 (each section's sum and the total) and then 费用明细
(the same sections with their items and the total again). Read as one table, every section
would be counted twice. A part of a bill's rows closed by a total row is a summary when it is
a flat list of amounts (no item under any row) and every label in it names a section of
another part of the same bill that holds items: its rows are set aside as ``summary``, and
each of its figures is checked against the section's own, with a warning when one differs.
"""

from __future__ import annotations

from auditor.lang import say
from auditor.names import header_key
from auditor.readers.sections import StatementRow

#: What a summary's row is set aside as (``rows.set_aside``).
SUMMARY = "summary"


def split_summaries(
    rows: list[StatementRow], breaks: list[int]
) -> tuple[list[StatementRow], list[StatementRow], list[str]]:
    """The bill's rows without its summary parts, the summary rows set aside, and a warning
    for each summary figure that is not its section's.

    ``breaks``: where in ``rows`` a total row stood (the count of rows before it).
    """
    parts, start = [], 0
    for end in [*breaks, len(rows)]:
        if end > start:
            parts.append(rows[start:end])
        start = max(start, end)
    if len(parts) < 2:
        return rows, [], []
    detailed = [part for part in parts if len({row.depth for row in part}) > 1]
    sections: dict[str, int] = {}  # each section of the detail, by its label's key
    for part in detailed:
        for index, row in enumerate(part):
            if (figure := _section_sum(part, index)) is not None:
                sections.setdefault(header_key(row.node.name), figure)
    kept: list[StatementRow] = []
    summary: list[StatementRow] = []
    warnings: list[str] = []
    for part in parts:
        if part in detailed or not _is_summary(part, sections):
            kept += part
            continue
        summary += part
        for row in _figures(part):
            own = sections[header_key(row.node.name)]
            if own != row.node.amount:
                warnings.append(_differs(row, own))
    return kept, summary, warnings


def _figures(part: list[StatementRow]) -> list[StatementRow]:
    """The part's rows after its own headings (一、本月消费构成 printed without an amount)."""
    start = 0
    while start < len(part) and part[start].node.amount is None:
        start += 1
    return part[start:]


def _is_summary(part: list[StatementRow], sections: dict[str, int]) -> bool:
    """A flat list of amounts (under a heading or not), each labelled as a section of the
    detail is."""
    figures = _figures(part)
    return (
        len(figures) > 1
        and len({row.depth for row in part}) == 1
        and all(
            row.node.amount is not None and header_key(row.node.name) in sections for row in figures
        )
    )


def _section_sum(part: list[StatementRow], index: int) -> int | None:
    """The section's figure: its own amount, else the sum of the rows under it; None for an
    item (a row with nothing deeper under it), which no summary row sums."""
    head = part[index]
    under = []
    for row in part[index + 1 :]:
        if row.depth <= head.depth:
            break
        under.append(row)
    if not under:
        return None
    if head.node.amount is not None:
        return head.node.amount
    return sum(row.node.amount or 0 for row in under if row.depth == under[0].depth)


def _differs(row: StatementRow, own: int) -> str:
    """The warning for a summary figure that is not its section's sum in the detail."""
    printed = _yuan(row.node.amount or 0)
    detail = _yuan(own)
    return say(
        f"{row.node.locator}：汇总里的 {row.node.name} {printed} 元与明细里的 {detail} 元不符"
        "（按明细计）",
        f"{row.node.locator}: the summary's {row.node.name} {printed} is not the detail's "
        f"{detail} (the detail is counted)",
    )


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"
