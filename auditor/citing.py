"""How a finding's steps and its next step cite the user's own recorded cancellation
(``auditor record cancel``): as a phrase of the sentence it stands in, its channel and
ticket where the user recorded them, and never a ticket they did not record."""

from __future__ import annotations

from auditor.lang import say
from auditor.model import UserRecord
from auditor.sheets import channel_shown


def cancelled_on(record: UserRecord) -> str:
    """What follows a service's name in a step, in the active language: ``已于 2026-09-30
    通过手机营业厅退订（工单号 123）``, ``was cancelled on 2026-09-30 via App (ticket
    123)``; a step's channel (:func:`~auditor.sheets.channel_shown`) in its words."""
    channel, ticket = channel_shown(record.channel), record.ticket
    zh = f"已于 {record.on} " + (f"通过{_spaced(channel)}退订" if channel else "退订")
    en = f"was cancelled on {record.on}" + (f" via {channel}" if channel else "")
    if ticket:
        zh, en = zh + f"（工单号 {ticket}）", en + f" (ticket {ticket})"
    return say(zh, en)


def proof_of(record: UserRecord, closing: bool = False) -> str:
    """What a complaint shows of the cancellation ``record`` (its ticket, when recorded;
    else what the user may have kept, the ticket only if there is one), in the active
    language, to follow 出示 / showing. ``closing``: the record is the user's request to
    close a suspended line (销户), whose proof is the closing receipt (销户回执)."""
    on, ticket = record.on, record.ticket
    if closing:
        done = say(f"你 {on} 申请销户", f"your request of {on} to close the line")
    else:
        done = say(f"你 {on} 退订", f"your cancellation of {on}")
    if ticket:
        return say(f"{done}的工单号 {ticket}", f"the ticket number (工单号) {ticket} of {done}")
    if closing:
        return say(
            f"{done}的销户回执（如有工单号，一并出示）",
            f"the closing receipt (销户回执) of {done} (its ticket number (工单号) if you "
            "have one)",
        )
    return say(
        f"{done}的截图或短信回执（如有工单号，一并出示）",
        f"what you kept of {done} (a screenshot, the SMS reply; its ticket number (工单号) "
        "if you have one)",
    )


def _spaced(word: str) -> str:
    """``word`` as it stands in Chinese text: a Latin word (App) set off by spaces."""
    return f" {word} " if word.isascii() else word
