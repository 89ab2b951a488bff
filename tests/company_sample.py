"""A company's bills written as files, for tests that go through the real flow (read,
audit, render): ``lines`` China Telecom lines of four months each (the household's
天翼 CSV bill, one per month, and a service list per line, in a folder named after the
line), with an owner and a department each in the settings file.

One line in three is clean; the rest have the problems a Summary must
rank: since 2026-08 two lines in three (1, 2, 4, 5...) were charged a value-added
service of their own they did not know of (medium, money disputed; those at 2, 5, 8...
dearer, and not on their service list); the last of the others (0, 3, 6...) has a
2026-10 bill stating 12.34 more than its items (high, no money disputed: at stake all
the same, it ranks by those 12.34, never among the clean lines). The first line's owner
is long enough to wrap in its column.

:func:`company_workbook` audits it as a user would, with ``auditor audit``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cli_run import run

AS_OF = date(2026, 11, 5)
MONTHS = ("2026-07", "2026-08", "2026-09", "2026-10")
DEPARTMENTS = ("销售部", "研发部", "财务部", "行政部", "市场部")
#: The stated total's excess over its items, on the second-to-last line's last month.
GAP_FEN = 1234


def line_number(index: int) -> str:
    """The ``index``-th line's number."""
    return f"1890000{index:04d}"


def owner(index: int) -> str:
    """The ``index``-th line's owner in the settings."""
    return "总经理办公室（行政）" if index == 0 else f"员工{index:03d}"


def unknown_service(index: int) -> str | None:
    """The value-added service the ``index``-th line is charged and did not know of."""
    return f"视频会员{index:03d}" if index % 3 else None


def mismatched(index: int, lines: int) -> bool:
    """Whether the ``index``-th line's last bill does not add up."""
    return index == (lines - 1) // 3 * 3


def write_company(folder: Path, lines: int) -> Path:
    """Write the company's bills, service lists and settings under ``folder``; returns
    the settings file (``--known``)."""
    settings = ['known_services = ["彩铃功能费"]']
    for index in range(lines):
        number = line_number(index)
        target = folder / number
        target.mkdir(parents=True, exist_ok=True)
        plan = (39, 59, 89, 129)[index % 4] * 100
        services = [
            "名称,类型,月费,开始时间,结束时间,退订时间,状态",
            f"畅享套餐{plan // 100}元,套餐,{plan // 100}元/月,2022/01/01,,,正常",
        ]
        extra = unknown_service(index)
        fee = 1500 + 100 * (index % 7) + 1000 * (index % 3 == 2)
        if extra and index % 3 == 1:
            services.append(f"{extra},增值业务,{fee // 100}元/月,2026/07/15,,,正常")
        for month, period in enumerate(MONTHS):
            usage = (index * 37 + month * 113) % 900
            vas = [(extra, fee)] if extra and month >= 1 else []
            gap = GAP_FEN if mismatched(index, lines) and period == MONTHS[-1] else 0
            text = _bill(plan, usage, vas, gap)
            (target / f"{period[:4]}年{period[5:]}月.csv").write_text(text, "utf-8")
        (target / "services.csv").write_text("\n".join(services) + "\n", "utf-8")
        department = DEPARTMENTS[index % len(DEPARTMENTS)]
        settings.append(f'[lines."{number}"]\nowner = "{owner(index)}"\ngroup = "{department}"')
    path = folder / "auditor.toml"
    path.write_text("\n".join(settings) + "\n", "utf-8")
    return path


def company_workbook(folder: Path, lines: int, language: str) -> bytes:
    """The workbook ``auditor audit --lang language`` writes for the company of ``lines``
    lines, its files written under ``folder`` (its history kept there too)."""
    settings = write_company(folder / "bills", lines)
    report = folder / "report.xlsx"
    result = run(
        "audit", str(folder / "bills"), "--known", str(settings), "--as-of", AS_OF.isoformat(),
        "--db", str(folder / "history.sqlite"), "-o", str(report), "--lang", language,
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    return report.read_bytes()


def _bill(plan: int, usage: int, vas: list[tuple[str, int]], gap: int) -> str:
    """A month's 天翼 bill: the plan, its usage beyond, the value-added services, and a
    stated total ``gap`` more than they add up to."""
    rows = [
        "中国电信 天翼 账单",
        "",
        f"套餐及叠加包月基本费\t\t{_yuan(plan)}",
        f"\t套餐月基本费\t{_yuan(plan)}",
        f"套餐及叠加包超出费用\t\t{_yuan(usage)}",
        f"\t国内通话费\t{_yuan(usage)}",
    ]
    if vas:
        rows.append(f"增值业务费\t\t{_yuan(sum(fee for _, fee in vas))}")
        rows += [f"\t{name}\t{_yuan(fee)}" for name, fee in vas]
    total = plan + usage + sum(fee for _, fee in vas) + gap
    rows.append(f"本月费用合计\t\t{_yuan(total)}")
    return "\n".join(rows) + "\n"


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"
