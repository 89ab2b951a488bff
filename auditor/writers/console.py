"""The short summary printed after an audit: what was read, what was found, where it went,
in the active language."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from auditor.audit_report import AuditReport
from auditor.history.charged import a_slip
from auditor.history.findings import Resolved
from auditor.history.refund_due import RefundDue
from auditor.lang import counted, say
from auditor.model import Finding
from auditor.rules import RULES
from auditor.rules.formatting import months_text
from auditor.sheets import FOLLOW_UP, INPUTS
from auditor.values import format_yuan
from auditor.writers import figures, unchecked, unread
from auditor.writers.labels import (
    NOT_IN_SETTINGS,
    NOTHING_TO_AUDIT,
    SEVERITY_LABELS,
    bill_level,
    finding_label,
    label,
    past_limit_part,
    refunded_note,
    refunds_owed_for,
    refunds_past_part,
    rule_label,
)
from auditor.writers.refund_groups import RefundGroup, refund_groups
from auditor.writers.report_figures import ReportFigures, outside_part, report_figures
from auditor.writers.safe import Masker
from auditor.writers.sheet import display_width
from auditor.writers.shown import service_shown

TOP_FINDINGS = 10


def render_summary(
    report: AuditReport,
    mask: Masker,
    outputs: list[Path] | None = None,
    top: int = TOP_FINDINGS,
    shown: ReportFigures | None = None,
) -> str:
    """A few lines for the terminal; ``outputs`` are the files written, named last;
    ``shown``: the report's figures, when already worked out (else worked out here)."""
    found = report.findings
    shown = shown or report_figures(report)
    counted = shown.counted
    told = report.told  # as the steps name them: 信息费（手机报）
    due, carried = shown.refunds_due_fen, shown.unchecked
    lines = [_read(report), _found(report), _money(counted)]
    lines += _refunds_due(report, due, shown.refunds_past_fen)
    if outside := outside_part(shown.outside):  # counted apart from the money above
        lines.append(outside)
    lines += _not_checked(carried)
    lines += _gaps(report)
    if report.holds_nothing:
        lines.insert(1, NOTHING_TO_AUDIT.shown())
    if report.history:
        fresh = sum(1 for f in found if f.status == "new")
        still, resolved = len(found) - fresh, len(report.resolved)
        grown = len(report.now_findings)  # a notice now a finding: neither new nor resolved
        waiting = len(report.waiting)  # cancelled, no bill since: not resolved either
        lines.append(
            say(
                f"与上次检查相比：新发现 {fresh} 项，仍未解决 {still} 项，已解决 {resolved} 项"
                + (f"，{grown} 项已成为问题" if grown else "")
                + (f"，{waiting} 项已退订、待下月账单核对" if waiting else ""),
                f"since the last audit: {fresh} new, {still} still open, {resolved} resolved"
                + (f", {_notices_now(grown)}" if grown else "")
                + (f", {waiting} cancelled, to check on the next bill" if waiting else ""),
            )
        )
    severity_width = max(display_width(word.shown()) for word in SEVERITY_LABELS.values())
    # Rules by name, as the report shows them (the JSON keeps their ids); a coming
    # change's name says its month (2026-10 起变化), which may be wider than any rule's.
    alike = _alike(found, told)
    shown_names = [finding_label(g[0].rule, g[0].periods) for g in alike[:top]]
    shown_names += [
        finding_label(i.rule, i.periods) for i in (*report.resolved, *report.now_findings)
    ]
    rule_width = max(
        display_width(name) for name in (*(r.name_shown() for r in RULES), *shown_names)
    )
    for group in alike[:top]:
        first = group[0]
        amount = sum(f.amount_fen for f in group)
        back = sum(counted.refunded_shown(f) for f in group)
        months = months_text(sorted({period for f in group for period in f.periods}))
        lines.append(
            f"  {_pad(label(SEVERITY_LABELS, first.severity), severity_width)} "
            f"{_pad(finding_label(first.rule, first.periods), rule_width)} "
            f"{_whose(report, [f.line for f in group])} "
            f"{service_shown(first, told) or bill_level()} {months} "
            f"¥{format_yuan(amount)}" + refunded_note(back, amount)
        )
    if len(alike) > top:
        more = sum(len(group) for group in alike[top:])
        lines.append(say(f"  …另有 {more} 项，见报告", f"  … and {more} more in the report"))
    resolved_word = say("已解决", "resolved")
    # one whose money is still owed is told once, as the refund due it is (_each_due)
    owed = {due.id for due in report.refunds_due}
    resolved = [item for item in report.resolved if item.id not in owed]
    for item in resolved[:top]:
        lines.append(
            f"  {resolved_word} {_pad(finding_label(item.rule, item.periods), rule_width)} "
            f"{_who(report, item.line)} {service_shown(item, told) or bill_level()}"
            + _still_open(item)
        )
    if len(resolved) > top:  # each one left out is counted, as the findings are
        more = len(resolved) - top
        lines.append(
            say(f"  …另有 {more} 项已解决，见报告", f"  … and {more} more resolved in the report")
        )
    lines += _each_grown(report, top, rule_width, told)
    # in the order of the things to do (overdue or a near last day first, by it; the rest by
    # their money), as the Summary lists them
    todo = shown.todo if shown is not None else []
    ranked = {
        id(due): at
        for at, item in enumerate(todo)
        if isinstance(item, RefundGroup)  # a service's refunds due: one thing to do
        for due in item.dues
    }
    dues = sorted(report.refunds_due, key=lambda due: ranked.get(id(due), len(todo)))
    lines += _each_due(report, dues, top, told)
    lines += _each_refunded(report, top, told)
    over = report.refunds_over_charged  # a refund more than was ever charged: a slip?
    lines += ["  " + a_slip(r, over[r.id]) for r in report.records if r.id in over]
    for line in report.unchecked:  # and the lines not checked (their records are not above)
        lines += ["  " + a_slip(r, line.over[r.id]) for r in line.records if r.id in line.over]
    lines += _each_not_checked(report, carried, top)
    for result in report.failed_inputs:
        lines.append(say("  未能读取：", "  not read: ") + f"{result.path}: {result.error}")
    for result in report.skipped_inputs:
        if not result.not_a_bill:  # those are said together, below
            lines.append(say("  略过：", "  skipped: ") + f"{result.path}: {result.skipped}")
    lines += _not_bills(report)
    if report.settings:
        settings = report.settings
        lines.append(
            say(f"已知业务和机主来自：{settings}", f"known services and owners from: {settings}")
        )
    else:  # said, for settings kept where auditor does not look are no settings at all
        lines.append(
            say(
                "没有找到设置文件 auditor.toml（在当前文件夹、账单文件夹或它们的上层）："
                "没有已知业务和机主；auditor known add … 可新建",
                "no settings file auditor.toml found (here, in the bills' folder or above): "
                "no known services or owners; `auditor known add …` makes one",
            )
        )
    if mask.widened_note():
        lines.append(mask.widened_note())
    for path in outputs or []:
        lines.append(say(f"已写出：{path}", f"written: {path}"))
    return "\n".join(mask(line) for line in lines) + "\n"


def _not_bills(report: AuditReport) -> list[str]:
    """The files set aside as papers that are no bills, in one line: how many, and where
    each is named with what it is (none when there are none)."""
    if not (said := not_bills_said(report)):
        return []
    return [f"  {said}"]


def not_bills_said(report: AuditReport) -> str:
    """How many files were set aside as papers that are no bills, and where each is named
    with what it is (``""`` when none were): the summary's line, and with --quiet, the
    one line on stderr that still names them."""
    if not (count := len(report.not_bills)):
        return ""
    return say(
        f"已放在一边，不是账单：{count} 个文件（发票、详单、对账单等），见“{INPUTS.zh}”表",
        f"set aside, not bills: {counted(count, 'file')} (invoices, details, "
        f"statements…), see the {INPUTS.en} sheet",
    )


def _read(report: AuditReport) -> str:
    """``auditor 2026-11-05: 9 files read, 1 could not be read``."""
    read, failed = len(report.readable_inputs), len(report.failed_inputs)
    skipped = len(report.skipped_inputs) - len(report.not_bills)  # those: a line of their own
    return (
        f"auditor {report.as_of.isoformat()}: "
        + say(
            f"读取 {read} 个文件"
            + (f"，{failed} 个未能读取" if failed else "")
            + (f"，略过 {skipped} 个" if skipped else ""),
            f"{counted(read, 'file')} read"
            + (f", {failed} could not be read" if failed else "")
            + (f", {skipped} skipped" if skipped else ""),
        )
        + unread.counts_part(report)
    )  # the rows unread, and the money of their charges


def _found(report: AuditReport) -> str:
    """How many findings, by severity."""
    counts = figures.by_severity(report.findings).items()
    total = len(report.findings)
    zh = "，".join(f"{label(SEVERITY_LABELS, s)} {n}" for s, n in counts)
    en = ", ".join(f"{n} {s}" for s, n in counts)
    return say(f"发现 {total} 项（{zh}）", f"findings: {total} ({en})")


def _money(counted: figures.Counted) -> str:
    """The money at stake: charged and disputed (and how much of it is past the appeal
    limit), and per year."""
    claimable = format_yuan(counted.claimable_fen)
    yearly = format_yuan(counted.yearly_fen)
    past = past_limit_part(counted.past_limit_fen)
    return say(
        f"已多扣（待追回）：¥{claimable}{past}；每年涉及：¥{yearly}",
        f"already charged, disputed: ¥{claimable}{past}; at stake per year: ¥{yearly}",
    )


def _refunds_due(report: AuditReport, due: int, past: int = 0) -> list[str]:
    """The money of findings resolved (now or before) that is not refunded yet (``due``,
    and apart from it, ``past``: the money past the appeal limit), in a line (none when
    there is none)."""
    if not (due or past):
        return []
    count, (whose, _) = len(report.refunds_due), refunds_owed_for(report)
    money = f"¥{format_yuan(due or past)}{refunds_past_part(due, past)}"
    return [
        say(
            f"{whose}、仍未退还：{money}（{count} 项，见「{FOLLOW_UP.zh}」表）",
            f"{whose}, not refunded yet: {money} ({counted(count, 'finding')}, see {FOLLOW_UP.en})",
        )
    ]


def _not_checked(carried: tuple[unchecked.UncheckedFigures, ...]) -> list[str]:
    """The lines whose bill of the month audited this audit did not see, in a line: how
    many and why (:func:`~auditor.writers.unchecked.kinds`: ``2 lines not checked: 1
    file unreadable, 1 no bill given``), and the money still at stake there, apart from
    the figures above (none when there is none)."""
    if not carried:
        return []
    count, money = len(carried), format_yuan(unchecked.at_stake_fen(carried))
    why = unchecked.kinds(carried)
    zh, en = f"未核对 {count} 个号码：{why}", f"{counted(count, 'line')} not checked: {why}"
    if unchecked.at_stake_fen(carried):
        return [
            say(
                f"{zh}（仍涉及 ¥{money}，未计入上述金额；见「{FOLLOW_UP.zh}」表）",
                f"{en} (¥{money} still at stake, not counted above; see {FOLLOW_UP.en})",
            )
        ]
    if any(each.has_pending for each in carried):
        return [
            say(
                f"{zh}，仍有未解决的发现（见「{FOLLOW_UP.zh}」表）",
                f"{en}, with findings still open (see {FOLLOW_UP.en})",
            )
        ]
    return [say(f"{zh}（见「{FOLLOW_UP.zh}」表）", f"{en} (see {FOLLOW_UP.en})")]


def _gaps(report: AuditReport) -> list[str]:
    """Each line with months whose bill was never given (``report.gaps``): not checked
    then, said in every audit until given."""
    return [
        say(
            f"未核对：{_who(report, line)} 缺 {unchecked.gap_text(months)} 的账单"
            "（从未提供，未核对）",
            f"not checked: {_who(report, line)} has no bill of {unchecked.gap_text(months)} "
            "(never given: not checked)",
        )
        for line, months in report.gaps.items()
    ]


def _each_not_checked(
    report: AuditReport, carried: tuple[unchecked.UncheckedFigures, ...], top: int
) -> list[str]:
    """Each line not checked (the first ``top``): what is pending on it, and its bill to
    give (:func:`~auditor.writers.unchecked.named`)."""
    word = say("未核对", "not checked")
    lines = [
        f"  {word} " + unchecked.named(each, _who(report, each.line)) for each in carried[:top]
    ]
    if len(carried) > top:
        more = len(carried) - top
        lines.append(
            say(
                f"  …另有 {more} 个号码未核对，见报告",
                f"  … and {more} more lines not checked in the report",
            )
        )
    return lines


def _notices_now(count: int) -> str:
    """``1 notice now a finding``, ``2 notices now findings``."""
    return "1 notice now a finding" if count == 1 else f"{count} notices now findings"


def _each_grown(report: AuditReport, top: int, width: int, told: Mapping[str, str]) -> list[str]:
    """Each notice reported before that is now one of the findings above (the first
    ``top``): its rule (padded to ``width``), line and service (told apart as ``told``
    says, as those resolved are), and the finding's rule. Not among those resolved: it
    no longer holds as it was told because it grew worse."""
    word = say("已成为问题", "now a finding")
    rules = {finding.id: finding.rule for finding in report.findings}
    lines = []
    for item in report.now_findings[:top]:
        service = service_shown(item, told) or bill_level()
        became = rule_label(rules.get(item.became, ""))
        lines.append(
            f"  {word} {_pad(finding_label(item.rule, item.periods), width)} "
            f"{_who(report, item.line)} "
            f"{service} → {became}"
        )
    if len(report.now_findings) > top:
        more = len(report.now_findings) - top
        lines.append(
            say(f"  …另有 {more} 项提示已成为问题，见报告", f"  … and {more} more in the report")
        )
    return lines


def _each_due(
    report: AuditReport, dues: list[RefundDue], top: int, told: Mapping[str, str]
) -> list[str]:
    """Each refund due (``dues``, in order) with its line and service (told apart as
    ``told`` says), whether this audit resolved it, and its own step in short
    (:meth:`~auditor.history.refund_due.RefundDue.brief`, as the Summary's things to do say
    it: after a complaint, the carrier's answer, then the appeal); those of one service
    asked back at once on several lines (:func:`~auditor.writers.refund_groups.refund_groups`,
    as the Summary and the Actions sheet gather them) one line, the first ``top`` of them."""
    word, colon = say("待退款", "refund due"), say("：", ": ")
    now = {item.id for item in report.resolved}
    groups = refund_groups(dues, told)
    lines = []
    for group in groups[:top]:
        first, many = group.first, len(group.dues) > 1
        resolved = _resolved_now(first) if first.id in now and not many else ""
        whose = _whose(report, [due.line for due in group.dues])
        lines.append(
            f"  {word} {whose} {group.shown or bill_level()}{resolved}{colon}{group.brief()}"
        )
    if len(groups) > top:
        more = sum(len(group.dues) for group in groups[top:])
        lines.append(
            say(
                f"  …另有 {more} 项待退款，见报告", f"  … and {more} more refunds due in the report"
            )
        )
    return lines


def _each_refunded(report: AuditReport, top: int, told: Mapping[str, str]) -> list[str]:
    """Each refund due now refunded in full (the first ``top``): exactly, told this once
    (:attr:`AuditReport.refunded`), or beyond what it claims, with its line, service (told
    apart as ``told`` says), months and money back (the step says the rest: see
    Follow-up); then each closed without a refund (:attr:`AuditReport.closed`), told once
    too, with the money no longer asked back."""
    word, colon = say("已退款", "refunded"), say("：", ": ")
    refunded = [*report.refunded, *report.over_refunded, *report.closed]
    lines = []
    for due in refunded[:top]:
        months, back = say("、", ", ").join(due.periods), format_yuan(due.refunded_fen)
        if due.settlement is not None:  # closed by the user without a refund, told once
            shut = format_yuan(due.closed_fen)
            lines.append(
                f"  {say('已了结', 'closed')} {_who(report, due.line)} "
                f"{service_shown(due, told) or bill_level()}{colon}"
                + say(f"¥{shut}（{months}）未退款，不再追回", f"¥{shut} ({months}) not refunded, "
                      "no longer asked back")
            )  # fmt: skip
            continue
        tail = (
            say(f"，退款超出所涉金额（见「{FOLLOW_UP.zh}」表）", f", and more (see {FOLLOW_UP.en})")
            if due.beyond
            else say("，此项了结", ", closed")
        )
        lines.append(
            f"  {word} {_who(report, due.line)} {service_shown(due, told) or bill_level()}{colon}"
            + say(f"¥{back}（{months}）已全部退还", f"¥{back} ({months}) refunded in full")
            + tail
        )
    if len(refunded) > top:
        more = len(refunded) - top
        lines.append(say(f"  …另有 {more} 项已退款，见报告", f"  … and {more} more in the report"))
    return lines


def _still_open(item: Resolved) -> str:
    """After a finding resolved whose line and service a finding of this audit is still
    open about: that one's rule, so that the service is not read as done with."""
    if not item.still_open:
        return ""
    rule = rule_label(item.still_open_rule)
    return say(f"（同一业务的「{rule}」仍未解决）", f" (still open as {rule})")


def _resolved_now(due: RefundDue) -> str:
    """After a refund due this audit resolved: its finding's rule, and that it was
    resolved now (the list of those resolved leaves it out, not to tell it twice)."""
    rule = rule_label(due.rule)
    return say(f"（{rule}，本次已解决）", f" ({rule}, resolved now)")


def _alike(found: list[Finding], told: Mapping[str, str]) -> list[list[Finding]]:
    """The findings of one rule about one service (as shown: ``told``) at one carrier,
    over every line, in the order their first ones come: a company's eight lines still
    charged 咪咕视频会员 after their cancellation are one line of the summary, not eight
    pushing the rest out of it."""
    groups: dict[tuple[str, str, str, str], list[Finding]] = {}
    for finding in found:
        shown = service_shown(finding, told) if finding.service else ""
        key = (finding.severity, finding.rule, shown, finding.carrier)
        groups.setdefault(key, []).append(finding)
    return list(groups.values())


def _whose(report: AuditReport, of: list[str]) -> str:
    """The line of a group (of findings, :func:`_alike`, or of refunds due) with its
    owner, or how many lines and the first: ``8 个号码：138****0005（魏兰磊）等``."""
    lines = list(dict.fromkeys(of))
    first = _who(report, lines[0])
    if len(lines) == 1:
        return first
    more = len(lines) - 1
    return say(f"{len(lines)} 个号码：{first}等", f"{len(lines)} lines: {first} and {more} more")


def _who(report: AuditReport, line: str) -> str:
    """A line with its owner, when the settings name one: ``139****1111（妈妈）``; one not
    in the settings, so."""
    owner = report.holders.now(line)[0]
    if not owner and report.not_in_settings(line):
        return say(f"{line}{NOT_IN_SETTINGS.zh}", f"{line} {NOT_IN_SETTINGS.en}")
    return say(f"{line}（{owner}）", f"{line} ({owner})") if owner else line


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` screen columns (a CJK character takes two)."""
    return text + " " * max(width - display_width(text), 0)
