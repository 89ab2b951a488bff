"""How a document's rows split into bills: a header block standing after data rows,
naming another line or month, starts a new *segment* (a month per page, a 号码 block per
line of a family bill), read with its own line, month and carrier; a heading naming an
account that is no mobile line (a fusion bill's 宽带账号) starts a segment of that
account's rows (:mod:`auditor.readers.other_accounts`). :mod:`auditor.readers.table`
reads each segment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.lang import say
from auditor.readers.base import CellRow
from auditor.readers.detect import Context, resolve
from auditor.readers.header_block import block_row, found_context
from auditor.readers.other_accounts import account_heading
from auditor.readers.rows import Reading, is_payment, which_total
from auditor.readers.table_header import Header, header_of, make_header

# Row forms beyond rows.row_form: a header-block row, the planner's titles and notes
# below, and a heading naming an account that is no mobile line.
CONTEXT, TITLE, BELOW, ACCOUNT = "context", "title", "below", "account"


@dataclass
class Segment:
    """One bill's part of a document's rows (or the whole of them).

    ``block`` is its header block (rows before its table header, or its run of header-block
    rows), ``header`` its own table header (``None``: the one of the segment before, as a
    PDF prints the header once), ``body`` the rows after, and ``context`` the block rows
    and the header-block rows at the top of the body that state its line and month.
    ``account``: the label and the account a heading names that is no mobile line
    (:func:`~auditor.readers.other_accounts.account_heading`): its rows are read as that
    account's, on no line.
    """

    block: range
    header: Header | None
    body: range
    context: list[CellRow] = field(default_factory=list)
    found: Context = field(default_factory=Context)
    account: tuple[str, str] | None = None


def resolved(reading: Reading, found: Context, rows_state_lines: bool) -> Context:
    """The line, month and carrier of what a segment's header block states (``found``)
    once the options, the file's name and its folder are asked too."""
    return resolve(
        reading.path,
        reading.options,
        line=found.line,
        period=found.period,
        carrier=found.carrier,
        result=reading.result,
        rows_state_lines=rows_state_lines,
        masked=found.masked,
    )


def plan_segments(
    rows: list[CellRow], forms: list[str], first: Segment, reading: Reading, sheet: str
) -> list[Segment]:
    """Split the document at header blocks that start another bill.

    ``forms`` holds the :func:`~auditor.readers.rows.row_form` of each body row; header-
    block rows in the body (see :func:`~auditor.readers.header_block.block_row`) become
    ``context``, and the planner marks the rows it sets aside itself ``title`` or ``below``.
    A run of header-block rows (blank rows between them) in the body is, in this order:

    - before the segment's first data row: part of the segment's header block (a family
      bill's 号码 block right under the table header);
    - with no data row after it in the document: notes below the table (a warning when
      it names another line or month than the bill above it);
    - naming the same line and month as the segment (after the options, the file's
      name and what it inherits): a header block repeated on a continuation page, set
      aside as titles;
    - else the start of a new segment, together with the one-cell title rows right above
      it; its table header is the first row of several cells after the run when that
      names columns, else it reads with the header of the segment before.

    A heading naming an account that is no mobile line (宽带账号：051262001234) in the body
    is ``account``: it starts a segment of that account's rows, up to the next header
    block naming a line, which then always starts a bill of its own (it continues none);
    one naming no line (账期 alone) is the account's. Beside a header-block row naming a
    line (账户：88886666 over 手机号码：13800001234), it is that block's row.
    """
    headings: dict[int, tuple[str, str]] = {}
    lined: set[int] = set()  # the header-block rows naming a line
    for i in first.body:
        if forms[i] in ("label", "data"):
            if (block := block_row(rows[i])) is not None:
                forms[i] = CONTEXT
                lined.update([i] if block[0] else [])
            elif heading := account_heading(rows[i]):
                forms[i], headings[i] = ACCOUNT, heading
    for i in [i for i in headings if _beside(forms, i, first.body) & lined]:
        forms[i] = CONTEXT  # the line's header block names its account too
        del headings[i]
    personal = reading.result.personal
    segments = [first]
    first.context = [rows[i] for i in first.block]
    first.found = found_context(first.context, [], personal, sheet=sheet)
    last_data = max((i for i in first.body if forms[i] == "data"), default=-1)
    seen_data = False
    index = first.body.start
    while index < len(rows):
        current = segments[-1]
        form = forms[index]
        if form == ACCOUNT:
            segments.append(_account(rows, forms, index, current, reading, headings[index]))
            seen_data, index = True, segments[-1].body.start
            continue
        if form != CONTEXT:
            if form == "data" and not seen_data:
                seen_data = header_of(rows[index].cells) is None
            index += 1
            continue
        end = index
        while end < len(rows) and forms[end] in (CONTEXT, "blank"):
            end += 1
        run = [rows[i] for i in range(index, end)]
        inherited = segments[-2].found if len(segments) > 1 else None
        if current.account is not None and lined.isdisjoint(range(index, end)):
            _mark(forms, range(index, end), TITLE)  # the account's own (账期): no bill's
            index = end
            continue
        if not seen_data:
            current.context += run
            current.found = found_context(
                current.context, [], personal, sheet=sheet, inherited=inherited
            )
            _mark(forms, range(index, end), TITLE)
            index = end
            continue
        here = _key(reading, current.found)
        if end > last_data:
            stated = _key(reading, found_context(run, [], personal, inherited=current.found))
            if stated != here:
                reading.result.warnings.append(
                    say(
                        f"{rows[index].locator}：表格下方的抬头写的是 {' '.join(stated)}，"
                        f"不是 {' '.join(here)}；其后没有数据行，因此按备注读取",
                        f"{rows[index].locator}: a header block below the table names "
                        f"{' '.join(stated)}, not {' '.join(here)}; no rows follow it, so it "
                        "was read as a note",
                    )
                )
            _mark(forms, range(index, end), BELOW)
            index = end
            continue
        start = _titles_above(rows, forms, index, current.body.start)
        header, body_start = _own_header(rows, forms, end, reading.options.kind)
        block = range(start, header.index if header else end)
        found = found_context([rows[i] for i in block], [], personal, inherited=current.found)
        if _key(reading, found) == here and current.account is None:
            _mark(forms, range(start, end), TITLE)  # the same bill, continued
            index = end
            continue
        current.body = range(current.body.start, start)
        segments.append(Segment(block, header, range(body_start, len(rows))))
        segments[-1].context = [rows[i] for i in block]
        segments[-1].found = found
        seen_data = False
        index = body_start
    return segments


def _beside(forms: list[str], index: int, body: range) -> set[int]:
    """The rows nearest ``index`` above and below it in ``body``, blank rows passed over."""
    near = set()
    for step in (-1, 1):
        at = index + step
        while at in body and forms[at] == "blank":
            at += step
        near.update([at] if at in body else [])
    return near


def _account(
    rows: list[CellRow],
    forms: list[str],
    index: int,
    current: Segment,
    reading: Reading,
    heading: tuple[str, str],
) -> Segment:
    """The segment an account's heading at ``index`` starts (the one-cell titles above it
    its block too, and its own table header when one follows), ``current`` ending there."""
    start = _titles_above(rows, forms, index, current.body.start)
    header, body_start = _own_header(rows, forms, index + 1, reading.options.kind)
    block = range(start, header.index if header else index + 1)
    current.body = range(current.body.start, start)
    segment = Segment(block, header, range(body_start, len(rows)), account=heading)
    segment.context = [rows[i] for i in block]
    segment.found = current.found  # a bill after it inherits what the one before stated
    return segment


def _key(reading: Reading, found: Context) -> tuple[str, str]:
    """The line and month a segment's bill would be read as (after options and path)."""
    # Asked while planning: whether a row takes the owner's folder's line is said as the
    # segment is read.
    ctx = resolved(reading, found, rows_state_lines=True)
    return ctx.line or "", ctx.period or ""


def _mark(forms: list[str], indices: range, form: str) -> None:
    for i in indices:
        forms[i] = form


def _titles_above(rows: list[CellRow], forms: list[str], index: int, floor: int) -> int:
    """Where a header block starting at ``index`` really starts: with the blank rows and
    one-cell titles (中国移动 个人账单, 尊敬的…客户) right above it, never a note, a
    total or a payment row, nor any row of the segment's table above."""
    start = index
    while start > floor and forms[start - 1] in ("blank", "label"):
        text = rows[start - 1].text()
        if forms[start - 1] == "label" and (which_total(text) or is_payment(text)):
            break
        start -= 1
    return start


def _own_header(
    rows: list[CellRow], forms: list[str], end: int, kind: str | None
) -> tuple[Header | None, int]:
    """A new segment's own table header: the first row of several cells after its header
    block, when it names columns; and where the segment's body starts."""
    for index in range(end, len(rows)):
        if forms[index] == "data":
            found = header_of(rows[index].cells, kind)
            if found is None:
                break
            return make_header(rows[index].cells, found[0], found[1], index), index + 1
    return None, end
