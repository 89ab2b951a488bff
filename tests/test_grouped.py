"""Findings grouped per service and carrier: one set of steps for every line, saying
for how many lines and how much, due by the earliest line's day."""

from __future__ import annotations

import re
from datetime import date

from auditor import lang
from auditor.model import Bill, Charge, ReadResult, Service
from auditor.pipeline import AuditOptions, audit_results
from auditor.writers.grouped import actions, by_service, groups_of
from auditor.writers.report_figures import report_figures

AS_OF = date(2026, 11, 5)


def _company() -> list[ReadResult]:
    """Three lines charged one unknown service, the first line's months the latest."""
    results = []
    for n, months in enumerate((["2026-10"], ["2026-08", "2026-09", "2026-10"], ["2026-09"])):
        line = f"1390000000{n}"
        charges = [Charge(line, m, "vas", "企业彩铃（月包）", 500, "增值业务费") for m in months]
        results.append(ReadResult(f"{line}.csv", "0", "csv", "bill", "china-mobile", charges))
        listed = [Service(line, "集团套餐", carrier="china-mobile")]
        results.append(ReadResult(f"{line}-s.csv", "1", "csv", "services", "china-mobile",
                                  services=listed))  # fmt: skip
    return results


def test_one_service_of_many_lines_is_one_thing_to_do_with_its_total():
    report = audit_results(_company(), AuditOptions(as_of=AS_OF))
    groups = groups_of(report)
    [group] = [g for g in groups if g.service == "企业彩铃（月包）"]
    assert len(group.lines) == 3 and group.claimable_fen == 2500
    [row] = [
        r for r in by_service(report, report_figures(report)).rows if r[3] == "企业彩铃（月包）"
    ]
    assert row[5] == 3 and row[8] == 2500
    steps = [r for r in actions(report, groups).rows if r[1] == "企业彩铃（月包）"]
    assert len(steps) == len(group.first.actions)  # once, not per line
    assert steps[0][5][0].startswith("适用于 3 个号码，合计已多扣 ¥25.00")
    for index, step in enumerate(steps):  # each step due by the earliest line's day
        dues = [f.actions[index].due for f in group.findings if f.actions[index].due]
        assert step[7] == (min(dues) if dues else None)


def test_by_owner_shows_a_group_of_several_owners_as_a_block_under_its_total():
    # The three lines charged the unknown service: two in 销售部 (owners 王 and 李), one
    # in no group. 销售部's total comes first, with the most money, its owners under it.
    from auditor.writers.by_owner import GROUP_TOTAL_FILL, by_owner
    from auditor.writers.report_figures import report_figures

    report = audit_results(_company(), AuditOptions(as_of=AS_OF))
    report.owners = {"13900000000": "王", "13900000001": "李", "13900000002": "张"}
    report.groups = {"13900000000": "销售部", "13900000001": "销售部"}
    listing = by_owner(report, report_figures(report))
    shown = [(row[0], row[1], row[2], row[6]) for row in listing.rows]
    assert shown == [
        ("销售部", "合计", 2, 2000),  # 5.00 + 15.00
        ("销售部", "李", 1, 1500),
        ("销售部", "王", 1, 500),
        ("", "张", 1, 500),
        ("全部", "合计", 3, 2500),  # of every block
    ]
    assert listing.fills == [GROUP_TOTAL_FILL, None, None, None, GROUP_TOTAL_FILL]
    # the total names no line (its owners' rows do), but says why its one thing to do is
    # two on 李's and 王's rows
    assert listing.rows[0][5] == 1 and [row[5] for row in listing.rows[1:3]] == [1, 1]
    assert listing.rows[0][3] == ["几位机主号码的同一件事，在此只算一件（与摘要相同）"]
    assert sum(row[6] for row in listing.rows[1:-1]) == 2500  # the owners add up to all


def test_a_lines_bills_that_do_not_add_up_in_two_months_are_one_thing_naming_both():
    """September's and October's bills of one line do not add up: one row of By service
    over both months, whose first step asks for both bills, not September's alone."""
    line, results = "18900189003", []
    for month, items, stated in (("2026-09", 3500, 3800), ("2026-10", 3900, 4100)):
        charges = [Charge(line, month, "plan", "套餐月基本费", items, carrier="china-telecom")]
        bill = Bill(line, month, stated, "china-telecom", f"{month}.csv", "row 12")
        results.append(ReadResult(f"{month}.csv", month, "csv", "bill", "china-telecom",
                                  charges, bills=[bill]))  # fmt: skip
    report = audit_results(results, AuditOptions(as_of=AS_OF))
    groups = groups_of(report)
    [row] = [
        r
        for r in by_service(report, report_figures(report)).rows
        if r[-1] == ["bill-total-mismatch"]
    ]
    assert row[7] == "2026-09, 2026-10"
    assert "2026-09、2026-10 的完整账单" in row[10], row[10]
    [group] = [g for g in groups if g.rule == "bill-total-mismatch"]
    steps = [r for r in actions(report, groups).rows if r[0] == groups.index(group) + 1]
    assert "2026-09、2026-10 的完整账单" in steps[0][5][1]
    # one line: its findings, not "1 lines", and the amounts are its first month's
    assert steps[0][5][0].startswith(
        "适用于该号码的 2 项发现；步骤中的金额和日期以第一项（2026-09）为例"
    )
    with lang.using("en"):
        english = actions(report, groups).rows
    note = next(r for r in english if r[0] == steps[0][0])[5][0]
    assert note.startswith(
        "For this line's 2 findings; the amounts and dates below are the first's (2026-09)"
    )


def test_by_owner_counts_the_summarys_things_to_do_a_refund_due_among_them():
    # The company's service on three lines (王, 李 in 销售部; 张), a refund due of 手机报,
    # 12.00 on 李's line and 3.00 on 赵's, a line with no file in this audit: one thing.
    from auditor.history.refund_due import RefundDue
    from auditor.writers.by_owner import by_owner
    from auditor.writers.report_figures import report_figures
    from auditor.writers.todo import things_to_do

    def due(line: str, fen: int) -> RefundDue:
        return RefundDue(f"F{fen:012x}", "unknown-vas", line, "手机报", ("2026-09",), fen, 0,
                         "你已退订", date(2027, 2, 28), AS_OF, "china-mobile")  # fmt: skip

    report = audit_results(_company(), AuditOptions(as_of=AS_OF))
    report.owners = {"13900000000": "王", "13900000001": "李", "13900000002": "张"}
    report.owners["13900000009"] = "赵"
    report.groups = {"13900000000": "销售部", "13900000001": "销售部"}
    report.refunds_due = [due("13900000001", 1200), due("13900000009", 300)]
    rows = {row[1] or row[0]: row for row in by_owner(report, report_figures(report)).rows}
    # owner: findings, things to do, refunds due
    shown = {owner: (row[4], row[5], row[8]) for owner, row in rows.items()}
    assert shown == {
        # all: the service once (three lines), its refunds due on two lines once
        "合计": (3, 2, 1500),
        "李": (1, 2, 1200),
        "王": (1, 1, None),
        "张": (1, 1, None),
        "赵": (0, 1, 300),  # no finding, a refund due: one thing to do, its money
    }
    [group] = [row for row in by_owner(report, report_figures(report)).rows if row[0] == "销售部"
               and row[1] == "合计"]  # fmt: skip
    assert (group[4], group[5], group[8]) == (2, 2, 1200)  # the service once, 李's refund due
    assert len(things_to_do(report)) == 2 == rows["合计"][5]  # the Summary's, the sheet's total


def test_by_owner_counts_a_thing_for_each_owner_and_its_total_the_summarys():
    """One service on 妈妈's line and on 爸爸's is one thing to do for the Summary, and
    one for each of them: the owners' rows do not add up to it, so the sheet's total row
    gives the Summary's count and says why the rows above come to more."""
    from auditor.writers.by_owner import GROUP_TOTAL_FILL, by_owner
    from auditor.writers.report_figures import report_figures
    from auditor.writers.todo import things_to_do

    report = audit_results(_company()[:4], AuditOptions(as_of=AS_OF))  # two lines
    report.owners = {"13900000000": "妈妈", "13900000001": "爸爸"}
    with lang.using("en"):
        listing = by_owner(report, report_figures(report))
    *owners, total = listing.rows
    assert [(row[1], row[5]) for row in owners] == [("爸爸", 1), ("妈妈", 1)]
    assert total[:3] == ["All", "Total", 2] and listing.fills[-1] == GROUP_TOTAL_FILL
    assert total[5] == len(things_to_do(report)) == 1 < sum(row[5] for row in owners)
    assert total[3] == ["a thing on several owners' lines counts once here, as in the Summary"]
    assert total[6] == sum(row[6] for row in owners)  # money is each line's: it adds up
    # one owner's things to do add up: no total row to explain them
    report.owners = {"13900000000": "妈妈", "13900000001": "妈妈"}
    assert [row[1] for row in by_owner(report, report_figures(report)).rows] == ["妈妈"]


def _step_texts(language: str, account: str) -> dict[str, list[list[str]]]:
    """Each service's steps' texts on the Actions sheet (the lines of a step's cell): a
    China Mobile line charged two services it does not know, of ``account``."""
    line = "13900000000"
    charges = [Charge(line, "2026-10", "vas", name, 1500, "增值业务费", carrier="china-mobile")
               for name in ("企业彩铃（月包）", "视频会员（连续包月）")]  # fmt: skip
    results = [
        ReadResult(f"{line}.csv", "0", "csv", "bill", "china-mobile", charges),
        ReadResult(f"{line}-s.csv", "1", "csv", "services", "china-mobile",
                   services=[Service(line, "集团套餐", carrier="china-mobile")]),
    ]  # fmt: skip
    with lang.using(language):
        report = audit_results(results, AuditOptions(as_of=AS_OF, account=account))
        rows = actions(report, groups_of(report)).rows
    steps: dict[str, list[list[str]]] = {}
    for row in rows:
        steps.setdefault(row[1], []).append(row[5])
    return steps


def test_a_note_part_is_said_once_in_a_services_steps_then_referred_to():
    """A company's line's caution and the maintenance window go with each self-service
    step: said on the first, referred to on the others; said again for another service,
    whose steps may be handed to someone else. Nothing else of a step is left out."""
    for language, account in (("zh", "company"), ("en", "company"), ("en", "personal")):
        steps = _step_texts(language, account)
        assert len(steps) == 2
        window = "避开" if language == "zh" else "avoid "
        refer = re.compile(
            r"同第 ([\d、]+) 步" if language == "zh" else r"noted on steps? ([\d and]+)"
        )
        for texts in steps.values():
            notes = [lines[-1] for lines in texts]
            assert sum(window in note.lower() for note in notes) == 1  # said once a service
            referred = [refer.search(note) for note in notes if refer.search(note)]
            assert referred  # ... and referred to on its other self-service steps
            first = next(n for n, note in enumerate(notes, 1) if window in note.lower())
            assert all(str(first) in re.findall(r"\d+", found[1]) for found in referred)
            seen: set[str] = set()
            for note in notes:  # no part of a note twice
                parts = {part for part in note.replace("；", "; ").split("; ")
                         if not refer.search(part)}  # fmt: skip
                assert not parts & seen
                seen |= parts


def test_a_step_that_names_whom_to_reach_does_not_say_it_again():
    """``Send 0000 to 10086`` needs no ``To: 10086`` under it; a step whose text does not
    name its number or place still says where it goes."""
    for language in ("zh", "en"):
        steps = _step_texts(language, "personal")
        to = "发往：" if language == "zh" else "To: "
        for texts in steps.values():
            told = [(lines[0], line[len(to) :]) for lines in texts for line in lines[1:]
                    if line.startswith(to)]  # fmt: skip
            assert all(where not in text for text, where in told)
        with lang.using(language):
            report = audit_results(_company(), AuditOptions(as_of=AS_OF))
        to_named = [a for f in report.findings for a in f.actions if a.to and a.to in a.text]
        assert to_named  # steps the rule cut from: each said its place twice
