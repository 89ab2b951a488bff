"""What the outputs say, where a person looks first, of the rows the readers left unread
(the Unread rows sheet lists them): how many, and the money of those that are charges,
not checked (:attr:`~auditor.audit_report.AuditReport.unread_fen`: a fusion bill's
宽带账号 or 魔百和 rows, which belong to no mobile line; a charge whose line or month
could not be read). The Summary's headline and counts, the terminal's summary and the
JSON's say it; a bill whose findings are none is not "clean" while money is unread.
"""

from __future__ import annotations

from auditor.audit_report import AuditReport
from auditor.lang import counted, say
from auditor.sheets import UNREAD
from auditor.values import format_yuan


def headline_part(report: AuditReport) -> str:
    """What a headline adds when money stands in unread rows: how much, not checked;
    ``""`` when none does."""
    if not (fen := report.unread_fen):
        return ""
    return say(
        f"；另有 ¥{format_yuan(fen)} 的费用在未读行中，未核对（见「{UNREAD.zh}」表）",
        f"; ¥{format_yuan(fen)} more of charges in unread rows, not checked (see {UNREAD.en})",
    )


def counts_part(report: AuditReport) -> str:
    """What a line of counts adds when rows were left unread: how many, and the money of
    those that are charges; ``""`` when none was."""
    if not (rows := report.unread_rows):
        return ""
    fen = report.unread_fen
    money_zh = f"其中费用 ¥{format_yuan(fen)} 未核对；" if fen else ""
    money_en = f"¥{format_yuan(fen)} of charges among them not checked; " if fen else ""
    return say(
        f"，{rows} 行未读（{money_zh}见「{UNREAD.zh}」表）",
        f", {counted(rows, 'row')} unread ({money_en}see {UNREAD.en})",
    )
