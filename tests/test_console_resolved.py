"""The terminal's summary after a month that resolved findings: those resolved listed in
the report's order of findings (the gravest first, then by rule, line and service, as the
Findings sheet and the lines above them), and one whose money is still owed listed once,
as a refund due that says it was resolved now, not also among those resolved."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cli_run import run

from auditor.lang import using
from auditor.run import audit as run_audit
from auditor.writers import render_summary
from auditor.writers.labels import rule_label

pytestmark = pytest.mark.usefixtures("december", "english")

# Three lines, each with two services nobody listed; on the first two, one of them is
# cancelled after the November audit (its money then owed back).
LINES = ("13900003333", "13900001111", "13900002222")
SERVICES = {
    "13900003333": {"彩铃": "5.00", "手机报": "3.00"},
    "13900001111": {"咪咕视频会员": "15.00", "游戏包": "6.00"},
    "13900002222": {"爱奇艺会员": "20.00", "来电显示": "4.00"},
}
CANCELLED = {"13900001111": "咪咕视频会员", "13900002222": "爱奇艺会员"}


def bill(folder: Path, line: str, period: str, **items: str) -> None:
    """A China Mobile bill of ``line`` for ``period``: an 18.00 plan and ``items``
    (value-added services, in yuan), its total right."""
    month = period.replace("-", "")
    rows = ["手机号码,账期,费用类型,费用项目,金额(元)"]
    rows.append(f"{line},{month},套餐及固定费,4G飞享18元套餐,18.00")
    fen = 1800 + sum(int(yuan.replace(".", "")) for yuan in items.values())
    rows += [f"{line},{month},增值业务费,{name},{yuan}" for name, yuan in items.items()]
    rows.append(f"{line},{month},合计,,{fen // 100}.{fen % 100:02d}")
    folder.mkdir(parents=True, exist_ok=True)
    name = f"中国移动账单-{period[:4]}年{period[5:]}月-{line}.csv"
    (folder / name).write_text("\n".join(rows) + "\n", "utf-8")


def audit(tmp: Path, folder: Path, as_of: str, *extra: str) -> tuple[str, dict]:
    """The terminal's summary of an audit and its JSON."""
    target = tmp / f"{folder.name}.json"
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(tmp / "h.sqlite"),
        "-o", str(tmp / f"{folder.name}.xlsx"), "--json", str(target), *extra,
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return result.stdout, json.loads(target.read_text("utf-8"))


def second_month(tmp: Path) -> tuple[str, dict]:
    """September and October audited on 11-05; two services cancelled on 11-06; the
    others made known; November's bill charges only what is known."""
    settings = first_month(tmp)
    return audit(tmp, tmp / "dec", "2026-12-05", "--known", str(settings))


def first_month(tmp: Path) -> Path:
    """What :func:`second_month` audits on 12-05 made ready: the settings it is given."""
    for line in LINES:
        for period in ("2026-09", "2026-10"):
            bill(tmp / "nov", line, period, **SERVICES[line])
    audit(tmp, tmp / "nov", "2026-11-05")
    for line, service in CANCELLED.items():
        done = run("record", "cancel", "--line", line, "--service", service,
                   "--on", "2026-11-06", "--db", str(tmp / "h.sqlite"))  # fmt: skip
        assert done.exit_code == 0, done.output
    kept = [s for line in LINES for s in SERVICES[line] if s != CANCELLED.get(line)]
    settings = tmp / "auditor.toml"
    settings.write_text("known_services = [" + ", ".join(f'"{s}"' for s in kept) + "]\n", "utf-8")
    for line in LINES:
        still = {s: yuan for s, yuan in SERVICES[line].items() if s in kept}
        bill(tmp / "dec", line, "2026-11", **still)
    return settings


def masked(line: str) -> str:
    return f"{line[:3]}****{line[-4:]}"


def test_resolved_findings_are_listed_in_the_reports_order(tmp_path):
    text, report = second_month(tmp_path)
    with using("en"):
        word = "resolved " + rule_label("unknown-vas")
    listed = [row.split()[-2:] for row in text.splitlines() if row.startswith("  " + word)]
    # the four no longer unknown, by line then service, as the findings are ordered
    expected = sorted(
        (masked(line), s) for line in LINES for s in SERVICES[line] if s != CANCELLED.get(line)
    )
    assert [tuple(row) for row in listed] == expected
    # the JSON and the Follow-up list them in that order too (one list, sorted once)
    listed_json = [(r["line"], r["service"]) for r in report["resolved"]]
    assert len(listed_json) == len(expected) + len(CANCELLED) and listed_json == sorted(listed_json)


def test_a_resolved_finding_with_money_owed_is_listed_once_as_a_refund_due(tmp_path):
    text, report = second_month(tmp_path)
    rows = text.splitlines()
    with using("en"):
        said = rule_label("unknown-vas")
    for line, service in CANCELLED.items():
        mentions = [
            row
            for row in rows
            if f" {service}" in row and row.startswith(("  resolved ", "  refund due "))
        ]
        assert len(mentions) == 1, mentions
        [row] = mentions
        assert row.startswith("  refund due ") and masked(line) in row
        # the resolution is said there: its finding, resolved by this audit
        assert f"({said}, resolved now)" in row
    assert len(report["refunds_due"]) == len(CANCELLED)


@pytest.mark.parametrize("top", [1, 2])
def test_what_the_terminal_leaves_out_of_its_lists_is_counted(tmp_path, top):
    settings = first_month(tmp_path)
    done = run_audit(
        [tmp_path / "dec"], settings=settings, as_of=date(2026, 12, 5), jobs=1,
        report=tmp_path / "dec.xlsx", history=tmp_path / "h.sqlite",
    )  # fmt: skip
    report = done.report
    owed = {due.id for due in report.refunds_due}
    resolved = [item for item in report.resolved if item.id not in owed]
    assert len(resolved) > top and len(report.refunds_due) >= top  # some left out
    rows = render_summary(report, done.mask, top=top).splitlines()
    shown = [row for row in rows if row.startswith("  resolved ")]
    dues = [row for row in rows if row.startswith("  refund due ")]
    assert len(shown) == top and len(dues) == top
    # each list is followed by what it leaves out: every one is told, or counted
    after = rows[rows.index(shown[-1]) + 1]
    assert after == f"  … and {len(resolved) - top} more resolved in the report"
    more = len(report.refunds_due) - top
    after = rows[rows.index(dues[-1]) + 1]
    if more:
        assert after == f"  … and {more} more refunds due in the report"
    else:
        assert "more" not in after
