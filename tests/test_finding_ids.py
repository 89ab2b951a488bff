"""Finding ids in the history: two findings shown under one name (two SP services both
billed as 信息费, told apart by their codes) are two ids, and a finding keeps its id from
one audit to the next; one its rule gathers by its own name keeps the id it always had
(the rule, the line and its service's key)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from auditor.history.db import open_history
from auditor.history.findings import database_secret, finding_id
from auditor.names import service_key
from auditor.run import audit

LINE = "13900001111"
HEADER = "业务名称,业务代码,业务类型,资费,订购时间,生效时间,失效时间,退订时间,状态\n"


def _bill(folder: Path, period: str, items: list[tuple[str, str, str]]) -> None:
    month = period.replace("-", "")
    rows = [
        "手机号码,账期,费用类型,费用项目,业务代码,金额(元)",
        f"{LINE},{month},套餐及固定费,4G飞享18元套餐,,18.00",
    ]
    fen = 1800
    for name, code, yuan in items:
        rows.append(f"{LINE},{month},代收费,{name},{code},{yuan}")
        fen += int(yuan.replace(".", ""))
    rows.append(f"{LINE},{month},合计,,,{fen // 100}.{fen % 100:02d}")
    name = f"中国移动账单-{period[:4]}年{period[5:]}月-{LINE}.csv"
    (folder / name).write_text("\n".join(rows) + "\n", "utf-8")


def _two_sp_services(folder: Path, months: list[str]) -> None:
    folder.mkdir(exist_ok=True)
    for period in months:
        _bill(folder, period, [("信息费", "A100", "6.00"), ("信息费", "B200", "10.00"),
                               ("咪咕视频会员", "", "15.00")])  # fmt: skip
    (folder / f"{LINE}-已订业务.csv").write_text(
        HEADER
        + "手机报,A100,增值业务,6元/月,2026-05-01 10:00:00,2026-05-01 10:00:00,--,,正常\n"
        + "游戏包,B200,增值业务,10元/月,2026-05-01 10:00:00,2026-05-01 10:00:00,--,,正常\n",
        "utf-8",
    )


def _audit(tmp_path: Path, as_of: date):
    return audit(
        [tmp_path / "bills"], as_of=as_of, jobs=1, report=tmp_path / f"{as_of}.xlsx",
        history=tmp_path / "h.sqlite",
    )  # fmt: skip


def _ids(done) -> dict[tuple[str, int | None], str]:
    return {
        (f.service, f.monthly_fen): f.id for f in done.report.findings if f.rule == "unknown-vas"
    }


def test_two_services_billed_under_one_name_keep_two_ids_month_after_month(tmp_path):
    _two_sp_services(tmp_path / "bills", ["2026-06", "2026-07"])
    first = _audit(tmp_path, date(2026, 8, 5))
    ids = _ids(first)
    assert set(ids) == {("信息费", 600), ("信息费", 1000), ("咪咕视频会员", 1500)}
    assert len(set(ids.values())) == 3
    # A month later, the same findings with a month more: the same ids, told as open.
    _two_sp_services(tmp_path / "bills", ["2026-08"])
    again = _audit(tmp_path, date(2026, 9, 5))
    assert _ids(again) == ids
    assert {f.status for f in again.report.findings if f.id in ids.values()} == {"open"}
    with open_history(tmp_path / "h.sqlite", create=False, write=False) as db:
        stored = {row[0] for row in db.execute("SELECT id FROM findings")}
        secret = database_secret(db)
    assert set(ids.values()) <= stored
    # Gathered by its own name, a finding's id is what it was before ids told findings
    # shown under one name apart: a history's findings keep theirs.
    kept = ids[("咪咕视频会员", 1500)]
    assert kept == finding_id(secret, "unknown-vas", LINE, service_key("咪咕视频会员"))
