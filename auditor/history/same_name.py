"""Records typed by a name several services of a line are billed under: two SP services
both billed as 信息费, told apart by their codes (A100 手机报, B200 游戏点播), are two
findings, two ids (:func:`auditor.rules.money_keys`). What the user did about 信息费
(cancelled, complained, appealed, was refunded) the name cannot say: which one, only
they know. It is not guessed, nor taken for both: the bills charge each by its own
code, and cancelling one (手机报's serial number in the reply to ``0000``) leaves the
other charged; the domain knows no cancellation of a bill's heading as a whole.

``auditor record`` refuses such a record once the history knows the two, naming both
findings' ids to record it by (``--finding``); so does ``record --from`` for a row of
both. One recorded before (typed before an audit told the two apart) is about neither
(:data:`~auditor.history.records.SEVERAL`), and the audit says so once; unless the rules,
run without it, leave one service's findings going by that name (the other's came of the
cancellation alone): it is theirs then, as ``record`` would take it (:func:`named_once`)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from auditor.history.records import SEVERAL, Subject, name_keys
from auditor.lang import say
from auditor.model import UserRecord
from auditor.names import service_key
from auditor.rules import disputes, entry_of, money_keys

log = logging.getLogger(__name__)


class Gathered(Subject, Protocol):
    """A finding as its rule gathered it: this audit's, or one the history holds."""

    @property
    def rule(self) -> str: ...
    @property
    def grouped_by(self) -> str | None: ...


def apart(findings: Iterable[Gathered]) -> dict[str, str]:
    """By id, what tells each of ``findings`` apart from another of its line shown under
    the same name: the name the service list gives the entry its charges matched (手机报,
    of one of two SP services billed as 信息费), which a finding keeps in its names whether
    an audit found it or the history holds it; none for a finding whose name names one
    service. Not the SP's name a bill may give: the history keeps no such detail, and one
    finding would be shown under two names.

    The pipeline works it out once a report, over its findings and the earlier ones it
    follows (:attr:`~auditor.audit_report.AuditReport.told`), before their steps are worded:
    the steps, every sheet, the JSON and the terminal show a service by it
    (:func:`~auditor.names.shown_as`)."""
    findings = list(findings)
    entries = [entry_of(f.rule, f.service, f.grouped_by) for f in findings]
    keys = money_keys(
        [(f.line, service_key(f.service), e) for f, e in zip(findings, entries, strict=True)]
    )
    told: dict[str, str] = {}
    for finding, entry, key in zip(findings, entries, keys, strict=True):
        if key != service_key(finding.service):  # its money counts under its entry
            told[finding.id] = next(
                (name for name in finding.names if service_key(name) == entry), entry
            )  # the entry's name on the list, as the finding's names keep it
    return told


def shared_by(findings: Iterable[Gathered], line: str, service: str) -> tuple[str, ...]:
    """The findings of ``line`` (their ids, one of each service) that ``service`` names
    where the bills tell several services apart under that name (two SP services billed
    as 信息费, 手机报 and 游戏点播 by their codes: :func:`auditor.rules.money_keys`): a
    record of it is one of theirs only by ``--finding``. ``()`` when the name names one
    service's findings, or none."""
    first = _named(findings, line, service)
    services = Counter(of for of, _ in first)
    return tuple(sorted(f.id for (of, _), f in first.items() if services[of] > 1))


def _named(findings: Iterable[Gathered], line: str, service: str) -> dict[tuple, Gathered]:
    """The first finding (by id) of ``line`` that ``service`` names, of each service and
    what its money counts under (two entries billed as 信息费 are two)."""
    key = service_key(service)
    named = sorted(
        (f for f in findings
         if f.line == line and disputes(f.rule, f.service) and key in name_keys(f)),
        key=lambda f: f.id,
    )  # fmt: skip
    counted = money_keys(
        [(f.line, service_key(f.service), entry_of(f.rule, f.service, f.grouped_by)) for f in named]
    )
    first: dict[tuple[str, str], Gathered] = {}  # (its service, what its money counts under)
    for finding, under in zip(named, counted, strict=True):
        first.setdefault((service_key(finding.service), under), finding)
    return first


def named_apart(
    records: list[UserRecord], findings: list[Gathered], *, tell: bool = True
) -> list[UserRecord]:
    """``records``, each typed by a name several services' ``findings`` of its line go by
    (:func:`shared_by`; not one named by a finding's id) marked as about none of them
    (its entry :data:`SEVERAL`; one marked so already stays so), and, with ``tell``,
    said: a refund by :func:`auditor.history.claims.settle` with its money, any other
    record here, naming ``findings``' ids."""
    marked = []
    for record in records:
        if record.service and not record.finding and record.entry in ("", SEVERAL):
            if ids := shared_by(findings, record.line, record.service):
                record = replace(record, entry=SEVERAL)
                if tell and record.kind != "refund":
                    log.warning(unclear_record(record, ids))
        marked.append(record)
    return marked


def cancels_apart(records: list[UserRecord], marked: list[UserRecord]) -> bool:
    """Whether :func:`named_apart` or :func:`named_once` changed what one of ``records``,
    a cancellation, ends (``marked``): the entry it ended among the facts the rules read
    (:func:`~auditor.history.records.cancellations`), it ends no longer, or another."""
    return any(
        after.kind == "cancel" and after.entry != before.entry
        for before, after in zip(records, marked, strict=True)
    )


def named_once(marked: list[UserRecord], findings: list[Gathered]) -> list[UserRecord]:
    """``marked`` (by :func:`named_apart`), each about none that the rules, run again
    without its cancellation, leave one service's ``findings`` under its name (B200
    billed and listed as 信息费 and known, charged after a cancellation typed 信息费;
    手机报 billed as 信息费 beside it, unknown: run without it, 手机报's finding alone
    goes by 信息费) counted for that one, as ``auditor record`` takes a name one
    finding has: its entry that finding's."""
    counted = []
    for record in marked:
        if (
            record.entry == SEVERAL
            and len(first := _named(findings, record.line, record.service)) == 1
        ):
            [finding] = first.values()
            if entry := entry_of(finding.rule, finding.service, finding.grouped_by):
                record = replace(record, entry=entry)
        counted.append(record)
    return counted


def unclear_record(record: UserRecord, ids: tuple[str, ...]) -> str:
    """What the audit says of a record typed by a name several services' findings
    (``ids``) of its line go by: it counts for none, and how to say which."""
    kind = _WHICH[record.kind][0] if record.kind in _WHICH else record.kind
    return say(
        f"记录 #{record.id}（{kind} {record.line} {record.service}）：这个名称对应几项业务的"
        f"发现（{'、'.join(ids)}），不算其中任何一项的；请先删除它（auditor record undo "
        f"{record.id}），再用 --finding ID 按发现记录",
        f"record #{record.id} ({record.kind} {record.line} {record.service}) names the "
        f"findings of several services ({', '.join(ids)}) and counts for none of them: "
        f"remove it (auditor record undo {record.id}) and record it by finding, with "
        "--finding ID",
    )


#: A record's kind in Chinese, and what the user is asked of one by a shared name.
_WHICH = {
    "cancel": ("退订", "退订的是哪一项？", "which one was cancelled?"),
    "complaint": ("投诉", "投诉的是哪一项？", "which one was complained about?"),
    "appeal": ("申诉", "申诉的是哪一项？", "which one was appealed?"),
    "refund": ("退款", "退款是哪一项的？", "which one was refunded?"),
    "settle": ("和解", "和解的是哪一项？", "which one was settled?"),
}


def which_one(kind: str, service: str, line: str, ids: tuple[str, ...]) -> str:
    """A record of ``kind`` typed by a name several services' findings of ``line``
    (``ids``) go by: whose, only the user can say; how to say it (``--finding``)."""
    _, zh, en = _WHICH.get(kind, (kind, "是哪一项？", "which one?"))
    return say(
        f"{service}：{line} 有几项业务都叫这个名称（发现 {'、'.join(ids)}），{zh}"
        f"请用 auditor record {kind} --finding ID 记录；未记录",
        f"{service} names the findings of several services of {line} ({', '.join(ids)}): "
        f"{en} record it with auditor record {kind} --finding ID; nothing recorded",
    )
