"""A company's month made in memory, for the tests of how its report is laid out (the
Summary's measures, its pages): ``lines`` China Mobile lines, each with a plan and some
of forty value-added services none of its service lists orders, so hundreds of findings.
Not read from files (:mod:`company_sample` writes those): what the readers give."""

from __future__ import annotations

from auditor.model import Charge, ReadResult, Service


def company_month(lines: int) -> list[ReadResult]:
    """The files read of a company month of ``lines`` lines: a bill and a service list
    each; line ``n`` is charged ``n % 4`` of the forty services."""
    results = []
    for n in range(lines):
        line = f"139{n:08d}"
        charges = [Charge(line, "2026-10", "plan", "集团商务套餐", 5800, "套餐及固定费")]
        names = [f"企业增值服务{(n * 7 + k) % 40:02d}（月包）" for k in range(n % 4)]
        charges += [Charge(line, "2026-10", "vas", name, 500 + 100 * k, "增值业务费")
                    for k, name in enumerate(names)]  # fmt: skip
        services = [Service(line, "集团商务套餐", price_fen=5800, carrier="china-mobile")]
        results.append(
            ReadResult(f"bills/{line}.csv", "0" * 64, "csv", "bill", "china-mobile", charges)
        )
        results.append(
            ReadResult(f"bills/{line}-已订业务.csv", "1" * 64, "csv", "services",
                       "china-mobile", services=services)
        )  # fmt: skip
    return results
