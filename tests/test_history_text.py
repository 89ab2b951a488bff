"""``auditor history``'s text and the audit's terminal summary tell a refund due by its own
step in short (:meth:`RefundDue.brief`, the Summary's words): a complaint recorded against
it shows there as it does in Follow-up and the JSON; the text is told from the typed
account (money in fen), not from the JSON's strings."""

from __future__ import annotations

import json

import pytest
from cli_run import run
from test_refund_due_complaint import WAIT, complained_on_its_row
from test_refunds_due import LINE, MIGU, audit, bill

from auditor.wording import uncapitalized

pytestmark = pytest.mark.usefixtures("december", "english")


def history(tmp, *args: str) -> list[str]:
    result = run("history", "--db", str(tmp / "h.sqlite"), *args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def terminal(tmp, folder, as_of: str) -> list[str]:
    """The terminal summary of an audit of ``folder`` on ``as_of`` (its JSON beside it)."""
    result = run(
        "audit", str(folder), "--as-of", as_of, "--db", str(tmp / "h.sqlite"),
        "-o", str(tmp / f"{folder.name}.xlsx"), "--json", str(tmp / f"{folder.name}.json"),
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return result.stdout.splitlines()


APPEAL = (
    "appeal to the MIIT appeal centre (12300), citing your complaint's ticket number (工单号) "
    "C-42, by 2027-02-28 at the latest"
)


def test_history_and_the_terminal_tell_a_refund_due_after_a_complaint(tmp_path):
    complained_on_its_row(tmp_path)  # 30.00 due, a complaint of 2026-12-08 typed on its row
    money = "ask for the 30.00 yuan (2026-09, 2026-10) back (退费)"
    # the audit of 12-15: the carrier's answer is awaited, on the terminal as in the JSON
    shown = terminal(tmp_path, tmp_path / "dec", "2026-12-15")
    [due] = json.loads((tmp_path / "dec.json").read_text("utf-8"))["refunds_due"]
    assert WAIT in due["next"]["text"]
    [line] = [row for row in shown if row.startswith("  refund due ")]
    assert line == f"  refund due 139****1111 {MIGU}: A{money[1:]}: {uncapitalized(WAIT)}"
    # history, today (12-31): the carrier's 15 days are out, the appeal is due, as an
    # audit of today says
    [due] = audit(tmp_path, tmp_path / "dec", "2026-12-31")["refunds_due"]
    assert APPEAL[1:] in due["next"]["text"]
    [line] = [row for row in history(tmp_path) if row.startswith("  refund due: ")]
    assert line == f"  refund due: {MIGU}, {money}: {APPEAL}"
    # the complaint undone, it says whom to call and where to complain again
    undone = run("record", "undo", str(_complaint_id(tmp_path)), "--db", str(tmp_path / "h.sqlite"))
    assert undone.exit_code == 0, undone.output
    [line] = [row for row in history(tmp_path) if row.startswith("  refund due: ")]
    assert line.endswith(
        f"{money}: call 10086; if refused, complain on 10080, and appeal to the MIIT appeal "
        "centre (12300) by 2027-02-28"
    )


def _complaint_id(tmp) -> int:
    result = run("records", "--db", str(tmp / "h.sqlite"), "--json", "-")
    assert result.exit_code == 0, result.output
    [made] = [r for r in json.loads(result.stdout) if r["kind"] == "complaint"]
    return made["id"]


def test_a_chinese_history_tells_the_refund_due_after_a_complaint(tmp_path):
    complained_on_its_row(tmp_path)
    [line] = [row for row in history(tmp_path, "--lang", "zh") if row.startswith("  待退还：")]
    assert line == (
        f"  待退还：{MIGU}，要求退还 30.00 元（2026-09、2026-10）：向工信部 12300 申诉，"
        "附投诉工单号 C-42，最迟 2027-02-28"
    )


def test_an_open_finding_on_the_list_not_billed_yet_is_told_by_its_monthly_price(tmp_path):
    bill(tmp_path / "oct", "2026-09")
    (tmp_path / "oct" / f"{LINE}-已订业务.csv").write_text(
        "业务名称,业务类型,资费,生效时间,退订时间,状态\n"
        f"{MIGU},增值业务,15元/月,2026-09-20 00:00:00,,正常\n",
        "utf-8",
    )
    october = audit(tmp_path, tmp_path / "oct", "2026-10-05")
    [finding] = [f for f in october["findings"] if f["service"] == MIGU]
    assert (finding["amount"], finding["monthly"]) == ("0.00", "15.00")
    opened = [row for row in history(tmp_path) if row.startswith("  open: ")]
    assert opened == [f"  open: unknown value-added service {MIGU} ¥15.00 a month (2026-09)"]
