"""A finding's own steps name its service as every output shows it: two SP services of
one line billed as 信息费 (A100 手机报, B200 游戏点播) are 「信息费（手机报）」 and
「信息费（游戏点播）」 in each step (the JSON's, the Actions sheet's, the next step on
Follow-up and the Summary), never the bare 「信息费」, which cannot say which one to cancel
or ask about. So too where only one of them is still found and the other is followed as
resolved: the one still found is told apart beside it, on its row, in its steps and on
the terminal alike, by the one figure the report holds (``AuditReport.told``)."""

from __future__ import annotations

import json
from datetime import date
from itertools import pairwise
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from test_same_name_claims import NAME, _bills

from auditor.finding_state import same_steps
from auditor.lang import using
from auditor.pipeline import AuditOptions, audit_results
from auditor.readers import ReadOptions, read_file

pytestmark = pytest.mark.usefixtures("december")

PAPER, GAME = "信息费（手机报）", "信息费（游戏点播）"
BARE = f"「{NAME}」"


def _audit(tmp_path: Path, as_of: str, *extra: str) -> tuple[dict, str]:
    """The audit of ``tmp_path/bills`` dated ``as_of`` in Chinese, over one history: its
    JSON and what the terminal said; its workbook ``{as_of}.xlsx``."""
    target = tmp_path / f"{as_of}.json"
    result = run(
        "--lang", "zh", "audit", str(tmp_path / "bills"), "--as-of", as_of,
        "--db", str(tmp_path / "h.sqlite"), "-o", str(tmp_path / f"{as_of}.xlsx"),
        "--json", str(target), *extra,
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(target.read_text("utf-8")), result.stdout


def _steps_of(finding: dict) -> list[str]:
    return [action["text"] for action in finding["actions"]]


def _sheet(book, name: str) -> list[tuple]:
    return list(book[name].iter_rows(values_only=True))


def test_each_findings_steps_name_its_service_as_shown(tmp_path):
    _bills(tmp_path / "bills")
    data, said = _audit(tmp_path, "2026-11-05")
    by_shown = {f["service_shown"]: f for f in data["findings"]}
    assert set(by_shown) == {PAPER, GAME}
    for shown, finding in by_shown.items():
        steps = _steps_of(finding)
        naming = [text for text in steps if f"「{shown}」" in text]
        # asked about, looked up on the list, cancelled (app, SMS), all by the shown name
        assert len(naming) >= 4, steps
        assert not [text for text in steps if BARE in text], steps
        assert f" {shown} " in said  # the terminal's line of it
    book = openpyxl.load_workbook(tmp_path / "2026-11-05.xlsx", read_only=True)
    actions, follow = _sheet(book, "处理步骤"), _sheet(book, "跟进")
    summary = [c for row in _sheet(book, "摘要") for c in row if isinstance(c, str)]
    book.close()
    service, what = actions[0].index("业务"), actions[0].index("内容")
    for shown in (PAPER, GAME):
        texts = [row[what] for row in actions[1:] if row[service] == shown]
        steps = by_shown[shown]["actions"]  # an SMS's alternatives (或：) share its row
        either = [b for a, b in pairwise(steps) if b["text"].startswith("或：")
                  and a["channel"] == b["channel"] == "sms"]  # fmt: skip
        assert len(texts) == len(steps) - len(either) < len(steps)
        assert all(f"「{NAME}（" not in t or f"「{shown}」" in t for t in texts), texts
        assert any(f"退订「{shown}」" in t for t in texts), texts
    assert not [row for row in actions[1:] if BARE in (row[what] or "")]
    assert not [c for c in follow for c in c if isinstance(c, str) and BARE in c]
    assert not [c for c in summary if BARE in c], summary
    # each thing to do on the Summary, by its service as shown
    named = {part for cell in summary for part in cell.splitlines()}
    assert {PAPER, GAME} <= named, summary


def test_the_one_still_found_is_told_apart_beside_the_one_resolved(tmp_path):
    """游戏点播 named known since: its finding resolved, 信息费（游戏点播）; 手机报, still
    unknown, is the line's only 信息费 finding, and is 信息费（手机报） beside it on every
    sheet, in the JSON, its steps and on the terminal alike."""
    _bills(tmp_path / "bills")
    _audit(tmp_path, "2026-11-05")
    (tmp_path / "k").mkdir()
    (tmp_path / "k" / "auditor.toml").write_text('known_services = ["游戏点播"]\n', "utf-8")
    data, said = _audit(tmp_path, "2026-11-20", "--known", str(tmp_path / "k" / "auditor.toml"))
    [finding], [resolved] = data["findings"], data["resolved"]
    assert (finding["service_shown"], resolved["service_shown"]) == (PAPER, GAME)
    steps = _steps_of(finding)
    assert any(f"退订「{PAPER}」" in text for text in steps), steps
    assert not [text for text in steps if BARE in text], steps
    book = openpyxl.load_workbook(tmp_path / "2026-11-20.xlsx", read_only=True)
    sheets = {name: _sheet(book, name) for name in ("发现", "处理步骤", "跟进", "按业务")}
    book.close()
    for name, rows in sheets.items():
        column = rows[0].index("业务")
        assert PAPER in {row[column] for row in rows[1:]}, name
        assert NAME not in {row[column] for row in rows[1:]}, name
    assert f"  中   未知增值业务 139****1111 {PAPER} 2026-09..2026-10" in said, said
    assert f"已解决 未知增值业务 139****1111 {GAME}" in said, said


def test_findings_alike_share_their_steps_only_when_told_alike(tmp_path):
    """Steps are shared by findings alike (a company's lines charged one service): what
    tells a service apart is part of what makes them alike, so a finding told apart gets
    steps of its own name, not another's."""
    _bills(tmp_path / "bills")
    results = [read_file(path, ReadOptions()) for path in sorted((tmp_path / "bills").iterdir())]
    with using("zh"):
        report = audit_results(results, AuditOptions(as_of=date(2026, 11, 5)))
    told_by = ("手机报", "游戏点播")
    assert sorted(report.told.values()) == list(told_by)
    [one, other] = report.findings
    assert same_steps(one, "手机报") != same_steps(one, "游戏点播")
    assert same_steps(one, "") != same_steps(one, "手机报")
    named = {report.told[f.id]: f.actions[0].text for f in (one, other)}
    asked = "是什么业务、何时以何种方式订购、是否有二次确认记录"
    assert named == {told: f"致电 10086，询问「{NAME}（{told}）」{asked}" for told in told_by}
