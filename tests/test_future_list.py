"""A service list showing an order or a cancellation made after the audit date is from
after it (trial t16: August's folder audited as of 09-05 held a list showing 彩铃会员
ordered on 09-08, and nothing was said): most likely the wrong folder or the wrong
--as-of. Said once for the file, on the terminal and in its warnings; an effective day
after the audit date is no sign (次月生效)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

pytestmark = pytest.mark.usefixtures("english")

LINE = "13900001111"
HEADER = "业务名称,业务类型,资费,订购时间,生效时间,退订时间,状态"
#: Each case: the list's rows (after its header), and the warning its file must get
#: ("" for none).
CASES = {
    "ordered after the audit date": (
        [
            "彩铃会员,增值业务,10元/月,2026-09-08 10:00:00,2026-09-08 10:00:00,,已订购",
            "视频会员,增值业务,15元/月,2026-09-20 10:00:00,2026-09-20 10:00:00,,已订购",
            "来电显示,基础业务,0元/月,2026-01-02 10:00:00,2026-01-02 10:00:00,,已订购",
        ],
        "this service list shows 「彩铃会员」 ordered on 2026-09-08 (and 1 more), after the "
        "audit date 2026-09-05 (--as-of): it was exported after the audit date",
    ),
    "cancelled after the audit date": (
        [
            "彩铃会员,增值业务,10元/月,2026-06-08 10:00:00,2026-06-08 10:00:00,"
            "2026-09-07 09:00:00,已退订"
        ],
        "this service list shows 「彩铃会员」 cancelled on 2026-09-07, after the audit date",
    ),
    "effective next month, ordered before": (
        ["彩铃会员,增值业务,10元/月,2026-09-03 10:00:00,2026-10-01 00:00:00,,待生效"],
        "",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_list_from_after_the_audit_date_is_said_once(tmp_path: Path, case: str):
    rows, expected = CASES[case]
    folder = tmp_path / "2026-08"
    folder.mkdir()
    (folder / f"{LINE}-已订业务.csv").write_text("\n".join([HEADER, *rows]) + "\n", "utf-8")
    bill = ["手机号码,账期,费用类型,费用项目,金额(元)", f"{LINE},202608,套餐及固定费,套餐,18.00"]
    (folder / "bill.csv").write_text("\n".join(bill) + "\n", "utf-8")
    done = run(
        "audit", str(folder), "--as-of", "2026-09-05", "--db", str(tmp_path / "h.sqlite"),
        "-o", str(tmp_path / "r.xlsx"), "--json", "-", "-q",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    warned = [
        w
        for i in json.loads(done.stdout)["inputs"]
        for w in i["warnings"]
        if "after the audit date" in w
    ]
    said = [line for line in done.stderr.splitlines() if "after the audit date" in line]
    if not expected:
        assert warned == [] and said == []
        return
    [warning] = warned  # once for the file, whatever its entries
    assert warning.startswith(expected) and warning.endswith("audited as given")
    [line] = said  # on the terminal too, naming the file (its number masked)
    assert line.startswith(f"auditor: {folder}/{LINE[:3]}****1111-已订业务.csv: this service")
