"""The JSON's codes for what it says in words: ``inputs[].error_code`` beside a file's
``error``, ``resolved[].reason_code`` beside a finding's ``reason``. A contractor's script
could only match the words, in the report's language and reworded from one version to
the next. Each code is given where the error or the reason is made, and every one the
code can give is listed in docs/json.md with its meaning."""

from __future__ import annotations

import ast
import json
import re
from datetime import date
from pathlib import Path

import pytest
from cli_run import run
from test_history_not_in_settings import _november
from test_not_in_settings import _bills

from auditor.errors import ErrorCode
from auditor.history.findings import Seen
from auditor.history.reasons import ReasonCode
from auditor.history.resolution import BillFacts, resolution
from auditor.model import UserRecord

pytestmark = pytest.mark.usefixtures("december", "english")

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "json.md").read_text("utf-8")


def _listed(heading: str) -> set[str]:
    """The codes the table under ``heading`` in docs/json.md lists (its first column)."""
    section = DOC.split(f"### {heading}\n", 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))


@pytest.mark.parametrize(
    ("heading", "codes"),
    [("`inputs[].error_code`", ErrorCode), ("`resolved[].reason_code`", ReasonCode)],
)
def test_every_code_is_documented_and_every_documented_code_is_one(heading, codes):
    assert _listed(heading) == {code.value for code in codes}


def _resolutions_keeping_claims() -> set[str]:
    """The codes of the resolutions that leave money to ask back (``keeps_claim``), the
    only ones a refund due can have, as the source makes them: each ``Resolution(...)``
    call given ``keeps_claim`` true (its second argument or by name) and its code."""
    codes = set()
    for name in ("resolution.py", "follow.py"):
        tree = ast.parse((ROOT / "auditor" / "history" / name).read_text("utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Resolution"):
                continue
            given = dict(zip(("text", "keeps_claim", "warning", "code"), node.args, strict=False))
            given |= {word.arg: word.value for word in node.keywords}
            keeps = given.get("keeps_claim")
            if isinstance(keeps, ast.Constant) and keeps.value is True:
                codes.add(ReasonCode[given["code"].attr].value)
    return codes


def test_every_code_of_a_refund_due_is_documented_and_one_it_can_have():
    keeping = _resolutions_keeping_claims()
    assert {"cancelled", "stopped"} <= keeping  # the scan saw them
    assert _listed("`refunds_due[].reason_code`") == keeping


def test_every_code_the_source_names_is_one():
    # ErrorCode.X and ReasonCode.X wherever they are given: a misspelt one fails only
    # when that error is raised, perhaps never in a test
    named = {"ErrorCode": set(), "ReasonCode": set()}
    for path in (ROOT / "auditor").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", "") in named:
                named[node.value.id].add(node.attr)
    assert named["ErrorCode"] - {"value"} <= set(ErrorCode.__members__)
    assert named["ReasonCode"] - {"value"} <= set(ReasonCode.__members__)
    assert len(named["ErrorCode"]) > 8 and len(named["ReasonCode"]) > 8  # the scan saw them


LINE = "13900001111"


def _bad_files(folder: Path) -> None:
    """A bill that reads, beside files that do not, each for its own reason."""
    folder.mkdir(parents=True)
    (folder / f"中国移动账单-2026年10月-{LINE}.csv").write_text(
        "手机号码,账期,费用类型,费用项目,金额(元)\n"
        f"{LINE},202610,套餐及固定费,4G飞享18元套餐,18.00\n{LINE},202610,合计,,18.00\n",
        "utf-8",
    )
    (folder / "empty.csv").write_text("  \n", "utf-8")
    (folder / "notes.csv").write_text("remember to call mum\nbuy milk\n", "utf-8")
    whole = {"billMonth": "202610", "items": [{"name": "套餐月基本费", "fee": "4700"}]}
    (folder / "18900189003.json").write_text(json.dumps(whole), "utf-8")
    masked = {"month": "202610", "items": [{"name": "手机：177xxxx5383", "fee": "1.00"}]}
    (folder / "17700001111.json").write_text(json.dumps(masked, ensure_ascii=False), "utf-8")
    (folder / "bill.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    head = "手机号码,账期,费用类型,费用项目,金额"
    (folder / "saved_again.csv").write_text(  # Excel's 1.39E+10: no row reads
        f"{head}(元)\n1.39E+10,202610,套餐及固定费,4G飞享18元套餐,18.00\n1.39E+10,202610,增值业务费,彩铃,5.00\n",
        "utf-8",
    )
    (folder / "13900002222.csv").write_text(  # whole amounts, no unit, nothing telling
        f"{head}\n13900002222,202610,套餐及固定费,套餐月基本费,5800\n"
        "13900002222,202610,增值业务费,视频会员,1500\n",
        "utf-8",
    )


def _inputs(tmp: Path, *extra: str) -> dict[str, dict]:
    _bad_files(tmp / "bills")
    args = ["audit", str(tmp / "bills"), "--as-of", "2026-11-05", "--no-history"]
    result = run(*args, "--json", "-", "-q", *extra)
    assert result.exit_code == 3, result.output  # read, some inputs not
    return {Path(i["path"]).name: i for i in json.loads(result.stdout)["inputs"]}


def test_a_bad_file_gets_the_code_of_why_it_was_not_read(tmp_path):
    inputs = _inputs(tmp_path)
    codes = {name: entry["error_code"] for name, entry in inputs.items()}
    assert codes == {
        "empty.csv": "empty",
        "notes.csv": "not_a_bill",
        "189****9003.json": "ambiguous_unit",
        "177****1111.json": "wrong_line",
        "bill.xlsx": "unreadable",
        "saved_again.csv": "rows_unread",
        "139****2222.csv": "ambiguous_unit",
        "中国移动账单-2026年10月-139****1111.csv": None,  # read: no error, no code
    }
    # the words stay, beside it
    assert inputs["189****9003.json"]["error"].startswith("amounts are whole numbers")


def test_the_code_is_the_same_in_every_language(tmp_path):
    english = _inputs(tmp_path / "en")
    chinese = _inputs(tmp_path / "zh", "--lang", "zh")
    assert english["empty.csv"]["error"] != chinese["empty.csv"]["error"]
    codes = {name: entry["error_code"] for name, entry in english.items()}
    assert codes == {name: entry["error_code"] for name, entry in chinese.items()}


def test_a_resolved_finding_gets_the_code_of_why(tmp_path):
    # 咪咕 on two lines in September and October, gone from both in November: 甲's charge
    # stopped; the other's cancellation was recorded (the reason cites it)
    _bills(tmp_path / "bills")
    _november(tmp_path / "nov")
    db = str(tmp_path / "h.sqlite")
    common = ["--db", db, "--json", "-", "-q"]
    first = run("audit", str(tmp_path / "bills"), "--as-of", "2026-11-05", *common)
    assert first.exit_code == 0, first.output
    cancelled = run(
        "record", "cancel", "--line", "13912345678", "--service", "咪咕视频会员",
        "--on", "2026-11-02", "--db", db,
    )  # fmt: skip
    assert cancelled.exit_code == 0, cancelled.output
    later = run("audit", str(tmp_path / "nov"), "--as-of", "2026-12-05", *common)
    assert later.exit_code == 0, later.output
    resolved = {r["line"]: r for r in json.loads(later.stdout)["resolved"]}
    # a cancellation alone resolves nothing: the bill after it, without the charge, does
    assert {line: r["reason_code"] for line, r in resolved.items()} == {
        "139****1111": "stopped",
        "139****5678": "stopped",
    }
    assert "you cancelled it" not in resolved["139****5678"]["reason"]
    # their money still to ask back: each refund due has the code of its resolution
    dues = {due["line"]: due for due in json.loads(later.stdout)["refunds_due"]}
    assert {line: due["reason_code"] for line, due in dues.items()} == {
        "139****1111": "stopped",
        "139****5678": "stopped",
    }
    assert dues["139****5678"]["reason"] == resolved["139****5678"]["reason"].split(";")[0]


def _seen(rule: str = "unknown-vas", service: str = "咪咕视频会员", change: str | None = None):
    day = date(2026, 10, 5)
    return Seen("x", rule, LINE, service, day, day, None, "", ("2026-09",), 1500, None, change)


@pytest.mark.parametrize(
    ("seen", "bills", "rule_says", "code"),
    [
        (_seen(), {"stopped": "2026-10"}, None, "stopped"),
        (_seen(), {"ended_on_list": True}, None, "ended_on_list"),
        (_seen(), {"billed_latest": True, "known": True}, None, "known_service"),
        (_seen(), {"billed_latest": True}, None, "no_longer_a_finding"),
        (_seen(), {}, None, "no_longer_found"),  # a latest bill that cannot tell
        (_seen("duplicate-charge"), {}, "the duplicate stopped", "rule_resolved"),
        (_seen("bill-total-mismatch", ""), {"reconciles": True}, "adds up", "adds_up"),
        (_seen("bill-total-mismatch", ""), {"reconciles": False}, "adds up", "no_longer_found"),
        (_seen(change="end"), {"billed_in_its_month": False}, None, "change_shown"),
        (_seen(change="end"), {"billed_in_its_month": True}, None, "change_not_ended"),
        (_seen(change="start"), {"billed_in_its_month": False}, None, "change_not_started"),
    ],
)
def test_each_resolution_is_given_its_code_where_it_is_made(seen, bills, rule_says, code):
    why = resolution(seen, [], BillFacts("2026-10", **bills), rule_says)
    assert why.code == code


def _cancel(closes_line: bool = False) -> UserRecord:
    return UserRecord(
        1, "cancel", LINE, "咪咕视频会员", "", date(2026, 10, 20), closes_line=closes_line
    )


@pytest.mark.parametrize(
    ("latest", "bills", "closes_line", "code", "waiting"),
    [
        ("2026-10", {}, False, "cancelled", "2026-11"),  # no bill after it yet: waits
        # November's bill so far, lacking it: proves nothing, still waits
        ("2026-11", {"newest_over": "2026-10"}, False, "cancelled", "2026-11"),
        ("2026-11", {"newest_over": "2026-11"}, False, "cancelled", ""),  # over, cannot tell
        ("2026-11", {"stopped": "2026-11"}, False, "stopped", ""),  # the bill shows it
        ("2026-10", {}, True, "line_closed", ""),  # no bill is coming to show it
    ],
)
def test_a_cancellation_is_given_its_code_and_what_it_waits_for(
    latest, bills, closes_line, code, waiting
):
    why = resolution(_seen(), [_cancel(closes_line)], BillFacts(latest, **bills))
    assert (why.code, why.waiting) == (code, waiting)
