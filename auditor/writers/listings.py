"""The list sheets of the Excel report: Findings, Charges, Services, Inputs and Unread
rows, each a :class:`~auditor.writers.sheet.Listing` of its columns and rows, and the
columns the other sheets share (Follow-up's: :mod:`auditor.writers.follow_up_sheet`).

Long lists (a bill's charges) make each row only when it is written
(:class:`~auditor.writers.sheet.Rows`), so the report's records are never held twice.
"""

from __future__ import annotations

import functools

from auditor.audit_report import AuditReport
from auditor.catalog import carrier_name
from auditor.catalog.glossary import glossed_in
from auditor.lang import Text, say
from auditor.model import Charge, Finding, ReadResult, Service
from auditor.sheets import CHARGES, FINDINGS, INPUTS, SERVICES, UNREAD
from auditor.writers.labels import (
    CATEGORY_LABELS,
    CHANGE_LABELS,
    KIND_LABELS,
    READER_LABELS,
    SET_ASIDE_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    bill_level,
    finding_label,
    label,
    months_owner,
)
from auditor.writers.measure import MONTHS_WIDTH, NAME_WIDTH, display_width, in_bmp
from auditor.writers.report_figures import ReportFigures
from auditor.writers.rows import Rows
from auditor.writers.sheet import Column, Listing
from auditor.writers.shown import service_shown

#: How wide the list sheets' long texts are made, in Latin characters (they wrap), so that
#: each sheet prints on A4 landscape at 8 points or more: a bill's section and item, a
#: service's name, a provider and its code, a file's path and its lines.
SECTION_WIDTH, ITEM_WIDTH, SERVICE_WIDTH = 20, 28, 16
PROVIDER_WIDTH, CODE_WIDTH = NAME_WIDTH, 10
FILE_WIDTH, LINES_WIDTH = 26, 12
#: The Inputs sheet's file and why rows were set aside, on every row, and its warnings and
#: error, on a few: the first two wider by what the others give up (the page's width, and
#: the size it prints at with every column full, the same), so that a row wraps to fewer
#: lines: a company's 2,000 files printed on 250 pages, each row four lines tall; now 167.
INPUT_FILE_WIDTH, SET_ASIDE_WIDTH, NOTE_WIDTH = 32, 16, 15

SEVERITY_FILLS = {"high": "F8CBCB", "medium": "FCE0BF", "low": "FFF5BF", "info": "DCE8F5"}

#: Shading of a file skipped for its type (not an error: nothing in it was a bill).
SKIPPED_FILL = "EDEDED"
#: Shading of a finding that no longer holds.
RESOLVED_FILL = "E2EFDA"


# ------------------------------------------------------------------------------ Findings

# Headers several sheets share.
LINE, OWNER, SERVICE = Text("号码", "Line"), Text("机主", "Owner"), Text("业务", "Service")
RULE, CARRIER, MONTHS = Text("规则", "Rule"), Text("运营商", "Carrier"), Text("月份", "Months")
FILE, WHERE, SEVERITY = Text("文件", "File"), Text("位置", "Where"), Text("严重程度", "Severity")
DISPUTED, PER_YEAR = Text("已多扣", "Disputed"), Text("每年", "Per year")
OCR_CONFIDENCE = Text("识别置信度", "OCR confidence")
#: The rule's id, for a machine to sort, filter and pivot on, whatever the language (the
#: Rule column names the rule in words); not printed.
RULE_ID = Column(Text("规则编号", "Rule id"), "plain", printed=False, sized=False)

# Narrow enough to print on A4 landscape at 8 points or more (pages are handed out):
# names, rules, owners, months and the message wrap; the evidence (files, rows) is for
# the screen. (The message 34 wide, a household's owner 爸爸（流量卡） whole, the demo's
# Findings printed at 7.8 points.)
MESSAGE_WIDTH = 28
FINDING_COLUMNS = [
    Column("#", "int"),
    Column(SEVERITY),
    Column(RULE, width=NAME_WIDTH),
    Column(LINE),
    Column(OWNER, width=NAME_WIDTH),
    Column(CARRIER, width=8),
    Column(SERVICE, width=NAME_WIDTH),
    Column(MONTHS, width=MONTHS_WIDTH),
    Column(Text("已扣", "Charged"), "money"),
    Column(DISPUTED, "money"),
    Column(Text("月费", "Monthly"), "money"),
    Column(PER_YEAR, "money"),
    # a coming change's price: not "next month", which it may not be (its months say)
    Column(Text("之后账单", "Coming bill"), "money"),
    Column(Text("变化", "Change")),
    Column(Text("说明", "Message"), width=MESSAGE_WIDTH),
    Column(Text("依据", "Evidence"), "list", printed=False),
    Column(Text("步骤", "Steps"), "link", printed=False, sized=False),
    RULE_ID,
    Column(Text("编号", "Id"), "plain", printed=False, sized=False),
]


def findings(
    report: AuditReport,
    shown: ReportFigures,
    steps_at: dict[int, tuple[str, int]] | None = None,
) -> Listing:
    """The Findings sheet: one row per finding, shaded by its severity; ``shown``: the
    report's figures (a finding's disputed money is that of the months it shows,
    :meth:`~auditor.writers.figures.Counted.claimable_shown`; its year's money where it
    counts, :attr:`~auditor.writers.figures.Counted.yearly_carriers`);
    ``steps_at`` gives the Actions sheet and row of each finding's steps (by ``id()`` of
    the finding), linked."""
    steps_at = steps_at or {}
    to_steps = say("→ 步骤", "→ steps")
    counted = shown.counted
    # each line's owner of some months once (a company's 3,000 findings are of 100 lines)
    owners = functools.cache(lambda line, periods: months_owner(report, line, periods))
    rows = [
        _finding_row(
            number,
            f,
            owners(f.line, tuple(f.periods)),
            steps_at.get(id(f)),
            (
                counted.claimable_shown(f),
                counted.yearly[id(f)] if id(f) in counted.yearly_carriers else 0,
            ),
            to_steps,
            shown.told,
        )
        for number, f in enumerate(report.findings, 1)
    ]
    fills = [SEVERITY_FILLS.get(f.severity) for f in report.findings]
    return Listing(FINDINGS, FINDING_COLUMNS, rows, fills)


def _finding_row(
    number: int,
    f: Finding,
    owner: str,
    steps: tuple[str, int] | None,
    money: tuple[int, int],
    to_steps: str,
    told: dict[str, str],
) -> list:
    # (masked a part at a time: Masker.joined)
    evidence = [(e.path, e.locator) if e.locator else e.path for e in f.evidence]
    # its disputed and its yearly money where the totals count them, else 0
    disputed, yearly = money
    # What a finding's amount is differs: money charged (disputed or not), or a coming
    # bill's price (a change): each in a column of its own, so that they sum apart.
    coming = f.change is not None
    return [
        number,
        label(SEVERITY_LABELS, f.severity),
        finding_label(f.rule, f.periods),
        f.line,
        owner,  # of its months (labels.months_owner)
        carrier_name(f.carrier),
        service_shown(f, told) or bill_level(),
        ", ".join(f.periods),
        None if coming else f.amount_fen,
        # money another finding of the same line and service already counts is not
        # counted twice (an unknown service that was a trial turned paid)
        disputed or None,
        f.monthly_fen,
        yearly or None,
        f.amount_fen if coming else None,
        label(CHANGE_LABELS, f.change),
        glossed_in(f.message, service_shown(f, told)),  # (the name, glossed in English)
        evidence,
        (*steps, to_steps) if steps else None,
        f.rule,
        f.id,
    ]


# ------------------------------------------------------------------------------ Charges

#: Where a charge or a service-list entry came from, last on both sheets: the provider and
#: code the carrier printed, the file and place it was read from, OCR's confidence. The
#: file, place and confidence are for the screen, as the Findings' evidence: left off
#: paper, so that the rest prints at 8 points or more (the file's path alone was a
#: quarter of the page's width, the Charges printing at 6 points, the Services at 5).
_ORIGIN_COLUMNS = [
    Column(Text("提供商", "Provider"), width=PROVIDER_WIDTH),
    Column(Text("代码", "Code"), width=CODE_WIDTH),
    Column(FILE, printed=False),
    Column(WHERE, printed=False),
    Column(OCR_CONFIDENCE, printed=False),
]

# Narrow enough to print on A4 landscape at 8 points or more: long sections, items,
# service names and providers wrap.
CHARGE_COLUMNS = [
    Column(LINE),
    Column(CARRIER),
    Column(Text("账期", "Month")),
    Column(Text("类别", "Category")),
    Column(Text("科目", "Section"), width=SECTION_WIDTH),
    Column(Text("项目", "Item"), width=ITEM_WIDTH),
    Column(Text("金额", "Amount"), "money"),
    *_ORIGIN_COLUMNS,
]


def ocr_confidence(confidence: float | None) -> str:
    """A record's OCR confidence as shown (two decimals), '' for one read as text."""
    return "" if confidence is None else f"{confidence:.2f}"


def charges(report: AuditReport) -> Listing:
    """The Charges sheet: every charge read, by line and month."""
    return charge_listing(report.charges)


def charge_listing(charges: list[Charge]) -> Listing:
    """The Charges sheet of ``charges`` (the report's, in the order they were read)."""
    # By line and month (a portal JSON lists its newest month first); stable, so each bill
    # keeps its own order of items. Sorted when written: not here when a child wrote it.
    # The categories' words in the language of now: a row is made when it is written.
    categories = {key: word.shown() for key, word in CATEGORY_LABELS.items()}
    rows = Rows(charges, lambda c: _charge_row(c, categories), key=lambda c: (c.line, c.period))
    return Listing(CHARGES, CHARGE_COLUMNS, rows)


def _charge_row(c: Charge, categories: dict[str, str]) -> tuple:
    return (
        c.line,
        carrier_name(c.carrier),
        c.period,
        categories.get(c.category, c.category),
        c.section,
        c.item,
        c.amount_fen,
        c.provider,
        c.code,
        c.source,
        c.locator,
        ocr_confidence(c.confidence),
    )


# ------------------------------------------------------------------------------ Services

# The status as the list printed it goes with where it was read (its four dates and times
# are a third of the page's width): with them, for the screen.
SERVICE_COLUMNS = [
    Column(LINE),
    Column(CARRIER),
    Column(Text("业务名称", "Name"), width=SERVICE_WIDTH),
    Column(Text("类型", "Type"), width=10),
    Column(Text("月费", "Monthly"), "money"),
    Column(Text("状态", "Status")),
    Column(Text("订购", "Ordered"), "datetime"),
    Column(Text("生效", "Effective"), "datetime"),
    Column(Text("失效", "Expires"), "datetime"),
    Column(Text("退订", "Cancelled"), "datetime"),
    *_ORIGIN_COLUMNS[:2],
    Column(Text("原状态", "Status as printed"), printed=False),
    *_ORIGIN_COLUMNS[2:],
]


def services(report: AuditReport) -> Listing:
    """The Services sheet: every service-list entry."""
    return service_listing(report.services)


def service_listing(services: list[Service]) -> Listing:
    """The Services sheet of ``services`` (the report's, in the order they were read)."""
    return Listing(SERVICES, SERVICE_COLUMNS, Rows(services, _service_row))


def service_status(s: Service) -> str:
    """A service-list entry's status as the Services sheet shows it: 在用, 已结束 …, and
    that it is on a trial where its price text says so (首月0元 次月起6元/月: its
    :attr:`~auditor.model.Service.trial`), since its Monthly is the price after the trial,
    not what its first month costs: 在用（试用）, Active (trial)."""
    status = label(STATUS_LABELS, s.status)
    if not s.trial:
        return status
    if not status:
        return say("试用", "Trial")
    return say(f"{status}（试用）", f"{status} (trial)")


def _service_row(s: Service) -> tuple:
    return (
        s.line,
        carrier_name(s.carrier),
        s.name,
        s.type,
        s.price_fen,
        service_status(s),
        s.ordered,
        s.effective,
        s.expires,
        s.cancelled,
        s.provider,
        s.code,
        s.status_text,
        s.source,
        s.locator,
        ocr_confidence(s.confidence),
    )


# ------------------------------------------------------------------------------ Inputs

# Narrow enough to print on A4 landscape at 8 points or more: the file's path, its lines
# and months (one a line), what was set aside, OCR's words, warnings and errors wrap; the
# file's SHA-256, for a machine to compare, comes last and is left off paper.
INPUT_COLUMNS = [
    Column(FILE, width=INPUT_FILE_WIDTH),
    Column(Text("读取方式", "Reader"), width=10),
    Column(Text("类型", "Kind"), width=8),
    Column(CARRIER, width=8),
    Column(Text("号码", "Lines"), width=LINES_WIDTH),
    Column(Text("账期", "Months"), width=MONTHS_WIDTH),
    Column(Text("读取行", "Rows read"), "int", align="center"),
    Column(Text("使用行", "Rows used"), "int", align="center"),
    Column(Text("略过行", "Set aside"), "int", align="center"),
    Column(Text("略过原因", "Set aside why"), width=SET_ASIDE_WIDTH),
    Column(Text("未读行", "Unread rows"), "int", align="center"),
    Column(Text("OCR 识别", "Read by OCR"), width=10),
    Column(Text("提示", "Warnings"), "list", width=NOTE_WIDTH),
    Column(Text("错误", "Error"), width=NOTE_WIDTH),
    Column(Text("提示全文", "Warnings in full"), "list", printed=False, sized=False),
    Column("SHA-256", "plain", printed=False, sized=False),
]

#: How much of a warning the Inputs sheet's Warnings column shows, in display width
#: (a Chinese character counts two): some eight lines of its narrow column. A warning
#: says what it means at its start; its whole text (a 300-character one made its row
#: thirty lines tall) is in the Warnings in full column, on the terminal and in the JSON.
WARNING_SHOWN = 110


def shortened(text: str, most: int = WARNING_SHOWN) -> str:
    """``text``, or as much of it as ``most`` display width holds, ended by an ellipsis."""
    if display_width(text) <= most:
        return text
    room = most - 1  # the ellipsis's
    if in_bmp(text):
        # the longest start that fits, found by halves: a start's width is its
        # characters' widths summed (each at least one), as the Basic Multilingual
        # Plane's are; a company's 500 long warnings each took 22 µs a character at a time
        low, high = min(len(text), room // 2), min(len(text), room)
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (
                (middle, high) if display_width(text[:middle]) <= room else (low, middle - 1)
            )
        kept = text[:low]
    else:
        kept, width = "", 0
        for char in text:
            width += display_width(char)
            if width > room:
                break
            kept += char
    # never a number cut short: the masker, which masks the cell's text, knows a phone
    # number by all its digits, and would leave the first digits of one cut here shown
    return kept.rstrip("0123456789*+- ").rstrip(" ,;:，；：") + "…"


def inputs(results: list[ReadResult]) -> Listing:
    """The Inputs sheet: every file, shaded when it could not be read."""
    return input_listing(input_rows(results))


def input_rows(results: list[ReadResult]) -> list[tuple[list, str | None]]:
    """Each file's row of the Inputs sheet, with its shade (None for a file read)."""
    skipped = say("略过：", "skipped: ")
    # What was set aside, said once per tally (a company's 2,000 files have a few).
    set_aside: dict[tuple, str] = {}
    rows = []
    for r in results:
        tally = tuple(sorted(r.set_aside.items()))
        said = set_aside.get(tally)
        if said is None:
            said = set_aside[tally] = say("、", ", ").join(
                f"{label(SET_ASIDE_LABELS, k)} {v}" for k, v in tally if v
            )
        lines, periods = r.held()
        row = [
            r.path,
            label(READER_LABELS, r.reader),
            label(KIND_LABELS, r.kind or ""),
            carrier_name(r.carrier),
            ", ".join(lines),
            ", ".join(periods),
            r.rows_read,
            r.rows_used,
            sum(r.set_aside.values()),
            said,
            len(r.unparseable),
            r.ocr.describe() if r.ocr else "",
            [shortened(warning) for warning in r.all_warnings],
            r.error or (f"{skipped}{r.skipped}" if r.skipped else None),
            r.all_warnings,
            r.sha256,
        ]
        rows.append((row, INPUT_FILLS[0] if r.error else INPUT_FILLS[1] if r.skipped else None))
    return rows


def input_listing(rows: list[tuple[list, str | None]]) -> Listing:
    """The Inputs sheet of ``rows`` (:func:`input_rows`)."""
    return Listing(INPUTS, INPUT_COLUMNS, [row for row, _ in rows], [fill for _, fill in rows])


#: The Inputs sheet's shades: a file that could not be read, a file skipped.
INPUT_FILLS = (SEVERITY_FILLS["high"], SKIPPED_FILL)


# Its file and place wrap, so that the row's text and why it was not read print at 8
# points or more beside them, however long.
UNREAD_COLUMNS = [
    Column(FILE, width=FILE_WIDTH),
    Column(WHERE, width=SECTION_WIDTH),
    Column(Text("原因", "Reason")),
    Column(Text("内容", "Text")),
]


def unread(results: list[ReadResult]) -> Listing:
    """The Unread rows sheet: rows that looked like data but could not be read."""
    rows = [[r.path, i.locator, i.reason, i.text] for r in results for i in r.unparseable]
    return Listing(UNREAD, UNREAD_COLUMNS, rows)
