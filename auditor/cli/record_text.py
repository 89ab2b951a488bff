"""What the record commands say of a record, in the active language, before masking:
``recorded #3: …`` and the record itself (``auditor records`` lists them so too)."""

from __future__ import annotations

from auditor.lang import say
from auditor.model import UserRecord
from auditor.sheets import channel_shown
from auditor.values import format_fen
from auditor.writers.labels import record_label


def recorded(item: UserRecord) -> str:
    """``recorded #3: …``: what a record command made, before masking."""
    what = describe(item)
    return say(f"已记录 #{item.id}：{what}", f"recorded #{item.id}: {what}")


def describe(item: UserRecord) -> str:
    """``cancel 139****1111 咪咕视频会员 on 2026-10-08 (SMS, ticket …)`` (``退订 … 2026-10-08
    （短信，工单号 …）`` in Chinese; a line closed ``line closed …``, ``销户 …``), before
    masking; a month's bill that will not come ``no bill 139****1111 2026-09, recorded on
    2026-11-27``)."""
    if item.kind == "no_bill":
        return _no_bill(item)
    what = say(f"发现 {item.finding}", f"finding {item.finding}")
    if item.service:
        what = (
            say(f"{item.service}（{what}）", f"{item.service} ({what})")
            if item.finding
            else item.service
        )
    ticket = item.ticket and say(f"工单号 {item.ticket}", f"ticket {item.ticket}")
    extra = [part for part in (channel_shown(item.channel), ticket) if part]
    if item.amount_fen is not None:
        extra.append(f"¥{format_fen(item.amount_fen)}")
    if item.note:
        extra.append(item.note)
    day = item.on.isoformat()
    return say(
        f"{record_label(item)} {item.line} {what}，{day}"
        + (f"（{'，'.join(extra)}）" if extra else ""),
        f"{'line closed' if item.closes_line else item.kind} {item.line} {what} on {day}"
        + (f" ({', '.join(extra)})" if extra else ""),
    )


def _no_bill(item: UserRecord) -> str:
    """``no bill 139****1111 2026-09, recorded on 2026-11-27 (note)``, before masking."""
    day, note = item.on.isoformat(), item.note
    return say(
        f"缺账单 {item.line} {item.month}，{day} 记录" + (f"（{note}）" if note else ""),
        f"no bill {item.line} {item.month}, recorded on {day}" + (f" ({note})" if note else ""),
    )
