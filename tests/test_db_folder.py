"""A mistyped ``--db`` (trial t3): its folder missing, every command refuses it on one
line naming it and makes nothing (an audit made the folder and a fresh history, and said
nothing, while the money owed, the records and the refunds due stayed in the real one);
in an existing folder, the audit that starts a history says so on stderr (even with
``--quiet``), on the Summary and in the JSON (``summary.history``), as ``record
--create`` says it starts one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run
from openpyxl import load_workbook

LINE = "13900001111"
NEW = "a new history, started by this audit"

pytestmark = pytest.mark.usefixtures("english")


def bills(folder: Path) -> Path:
    """One line's October bill, as a CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["手机号码,账期,费用类型,费用项目,金额(元)", f"{LINE},202610,套餐及固定费,套餐,18.00"]
    (folder / "bill.csv").write_text("\n".join(rows) + "\n", "utf-8")
    return folder


def audit(tmp_path: Path, db: Path, *more: str, as_of: str = "2026-11-05"):
    """``auditor audit`` of :func:`bills` into ``db``, the JSON on stdout."""
    return run(
        "audit", str(bills(tmp_path / "bills")), "--as-of", as_of, "--db", str(db),
        "-o", str(tmp_path / "r.xlsx"), "--json", "-", *more,
    )  # fmt: skip


def summary_texts(report: Path) -> list[str]:
    """The texts of the report's Summary sheet."""
    sheet = load_workbook(report, read_only=True)["Summary"]
    return [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]


CANCEL = ["--line", LINE, "--service", "X", "--on", "2026-10-08"]
COMMANDS = {
    "audit": ["audit", "BILLS", "--as-of", "2026-11-05", "-o", "OUT/r.xlsx"],
    "record": ["record", "cancel", *CANCEL],
    "record --create": ["record", "cancel", *CANCEL, "--create"],
    "record --from": ["record", "--from", "REPORT"],
    "records": ["records"],
    "history": ["history"],
    "known list": ["known", "list", "--known", "OUT/auditor.toml"],
    "known add": ["known", "add", "腾讯视频会员", "--known", "OUT/auditor.toml"],
    "forget": ["forget", "--line", LINE, "--yes"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_db_whose_folder_is_missing_is_refused_by_every_command(tmp_path, command):
    report = tmp_path / "report.xlsx"
    if command == "record --from":  # a report to type into, from an audit of its own
        assert audit(tmp_path, tmp_path / "real.sqlite", "-q").exit_code == 0
        (tmp_path / "r.xlsx").rename(report)
    out = tmp_path / "out"
    out.mkdir()
    given = {"BILLS": str(bills(tmp_path / "bills")), "REPORT": str(report)}
    args = [given.get(a, a.replace("OUT", str(out))) for a in COMMANDS[command]]
    slip = tmp_path / "hsitory" / "hist.sqlite"  # the folder is h-i-s-t-o-r-y
    refused = run(*args, "--db", str(slip))
    assert refused.exit_code == 2, refused.output
    [said] = refused.stderr.splitlines()  # one line, naming the file and its folder
    assert said.startswith(f"auditor: {slip}: the folder {slip.parent} does not exist: ")
    assert "a mistyped --db?" in said
    made = command in ("audit", "record --create")  # would have made one: says how to
    assert ("make the folder first" in said) is made
    assert ("nothing recorded" in said) is (command.split()[0] == "record")
    assert not slip.parent.exists()
    assert sorted(p.name for p in out.iterdir()) == []  # no report, no settings file


def test_an_audit_that_starts_a_history_says_so_and_the_next_does_not(tmp_path):
    db = tmp_path / "hist.sqltie"  # a slip in an existing folder: a history all the same
    first = audit(tmp_path, db, "-q")
    assert first.exit_code == 0, first.output
    [said] = first.stderr.splitlines()  # said with --quiet too: a cron's mail shows it
    assert said.startswith(f"auditor: {db}: {NEW}: no earlier audit stored a bill in it")
    assert said.endswith("(if you audited before, check --db)")
    assert json.loads(first.stdout)["summary"]["history"] == "new"
    assert any(
        text.endswith("; a new history (audited before? check --db)")
        for text in summary_texts(tmp_path / "r.xlsx")
    )  # fmt: skip (under the headline)
    # run again on its day, it replaces that day's run: still the first, the same bytes
    again = audit(tmp_path, db, "-q")
    assert (again.stdout, again.stderr) == (first.stdout, first.stderr)
    second = audit(tmp_path, db, as_of="2026-11-06")  # the next audit follows the first
    assert second.exit_code == 0, second.output
    assert NEW not in second.stderr
    assert json.loads(second.stdout)["summary"]["history"] == "continued"
    assert not any("new history" in text for text in summary_texts(tmp_path / "r.xlsx"))
    alone = audit(tmp_path, tmp_path / "unused.sqlite", "--no-history")
    assert alone.exit_code == 2  # --db and --no-history: the one the JSON says null
    without = run(
        "audit", str(tmp_path / "bills"), "--as-of", "2026-11-05", "--no-history",
        "-o", str(tmp_path / "n.xlsx"), "--json", "-",
    )  # fmt: skip
    assert without.exit_code == 0 and json.loads(without.stdout)["summary"]["history"] is None


def test_a_history_no_audit_stored_a_bill_in_is_new_to_an_audit(tmp_path):
    """One ``record --create`` started (a record made before the first audit), and one an
    audit that read nothing left behind: the next audit follows nothing reported before,
    and says so."""
    recorded = tmp_path / "recorded.sqlite"
    args = ["--line", LINE, "--service", "X", "--on", "2026-10-08", "--db", str(recorded)]
    assert run("record", "cancel", *args, "--create").exit_code == 0
    unreadable = tmp_path / "bill.xlsx"
    unreadable.write_bytes(b"PK\x03\x04 cut short")
    failed = tmp_path / "failed.sqlite"
    nothing = run("audit", str(unreadable), "--db", str(failed), "-o", str(tmp_path / "x.xlsx"))
    assert nothing.exit_code == 2 and failed.exists()  # made before the inputs were read
    for db in (recorded, failed):
        done = audit(tmp_path, db, "-q")
        assert done.exit_code == 0, done.output
        assert f"auditor: {db}: {NEW}" in done.stderr
        assert json.loads(done.stdout)["summary"]["history"] == "new"


def _bill(folder: Path, month: str, line: str = LINE) -> Path:
    """``line``'s bill of ``month`` (YYYYMM), as a CSV in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["手机号码,账期,费用类型,费用项目,金额(元)", f"{line},{month},套餐及固定费,套餐,18.00"]
    (folder / f"bill-{line}-{month}.csv").write_text("\n".join(rows) + "\n", "utf-8")
    return folder


#: Audits run one after the other into one history (folder, its bill's line and month,
#: the audit date), and what the last one's ``summary.history`` is (trials t16, t17: a
#: history holding bills was called new, "no earlier audit stored a bill in it").
NOT_NEW = {
    "the next month audited the same day": (
        [("a", LINE, "202609", "2026-11-28"), ("b", LINE, "202610", "2026-11-28")],
        "none_before",
    ),
    "another department's line the same day": (
        [("a", LINE, "202610", "2026-11-05"), ("b", "13900002222", "202610", "2026-11-05")],
        "none_before",
    ),
    "an older month audited again before the later ones": (
        [
            ("b", LINE, "202609", "2026-10-05"),
            ("c", LINE, "202610", "2026-11-05"),
            ("a", LINE, "202608", "2026-09-05"),
        ],
        "none_before",
    ),
    "the same audit run again on its day": (
        [("a", LINE, "202610", "2026-11-05"), ("a", LINE, "202610", "2026-11-05")],
        "new",
    ),
    "the next month audited later": (
        [("a", LINE, "202609", "2026-10-05"), ("b", LINE, "202610", "2026-11-05")],
        "continued",
    ),
}


@pytest.mark.parametrize("case", NOT_NEW)
def test_a_history_holding_another_audits_bills_is_not_called_new(tmp_path, case):
    audits, expected = NOT_NEW[case]
    db = tmp_path / "h.sqlite"
    for folder, line, month, day in audits:
        done = run(
            "audit", str(_bill(tmp_path / folder, month, line)), "--as-of", day,
            "--db", str(db), "-o", str(tmp_path / "r.xlsx"), "--json", "-", "-q",
        )  # fmt: skip
        assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["summary"]["history"] == expected
    assert (NEW in done.stderr) is (expected == "new")  # said only where it is so
    said = any("a new history" in text for text in summary_texts(tmp_path / "r.xlsx"))
    assert said is (expected == "new")


def test_catching_up_counts_the_lines_among_this_audits(tmp_path):
    """The first audit of the day stored three lines' September; the second brings two
    lines' October, one of them among those: "1 of this audit's 2 lines" (trial t16 read
    "older bills of 2 lines" where 3 were stored, as if the count were the first's)."""
    db, day = tmp_path / "h.sqlite", "2026-11-28"
    for line in (LINE, "13900002222", "13900003333"):
        _bill(tmp_path / "sep", "202609", line)
    for line in (LINE, "13900004444"):
        _bill(tmp_path / "oct", "202610", line)
    for folder in ("sep", "oct"):
        done = run(
            "audit", str(tmp_path / folder), "--as-of", day, "--db", str(db),
            "-o", str(tmp_path / "r.xlsx"), "-q",
        )  # fmt: skip
        assert done.exit_code == 0, done.output
    said = "already stored older bills of 1 of this audit's 2 lines (up to 2026-09)"
    assert said in done.stderr and NEW not in done.stderr


def _long_folder(tmp_path: Path, length: int) -> Path:
    """A folder whose path (real, absolute) is about ``length`` bytes long."""
    folder = tmp_path.resolve()
    while len(str(folder)) < length - 60:
        folder = folder / ("d" * 50)
    folder.mkdir(parents=True)
    return folder


def test_a_db_path_longer_than_sqlite_opens_is_said_so_and_nothing_is_made(tmp_path):
    # the trial's 731-character --db: "not a usable SQLite database (unable to open
    # database file)", and a 0-byte file left behind
    folder = _long_folder(tmp_path, 731)
    db = folder / "history.sqlite"
    done = audit(tmp_path, db)
    assert done.exit_code == 2
    length = len(str(db).encode())
    said = f"the path is {length} bytes long, longer than SQLite opens (504 at most)"
    assert said in done.stderr and "give --db a shorter one (nothing was made)" in done.stderr
    assert "not a usable" not in done.stderr
    assert list(folder.iterdir()) == [] and not (tmp_path / "r.xlsx").exists()


def test_a_history_sqlite_cannot_open_leaves_no_file_it_made(tmp_path, monkeypatch):
    import auditor.history.busy as busy

    monkeypatch.setattr(busy, "LONGEST_PATH", 10_000)  # SQLite's own refusal, then
    folder = _long_folder(tmp_path, 600)
    done = audit(tmp_path, folder / "history.sqlite")
    assert done.exit_code == 2 and "unable to open database file" in done.stderr
    assert list(folder.iterdir()) == []  # the empty file made for it is gone


def test_an_outputs_missing_folder_is_made_and_said_a_histories_refused(tmp_path):
    """An output is written whole each run: a mistyped folder for it loses nothing, so it
    is made, and said, to show where the file went; a history's is refused (a mistyped
    --db would start a new history silently)."""
    db = tmp_path / "h.sqlite"
    target = tmp_path / "nodir" / "sub" / "x.json"
    done = run(
        "audit", str(bills(tmp_path / "bills")), "--as-of", "2026-11-05", "--db", str(db),
        "-o", str(tmp_path / "r.xlsx"), "--json", str(target), "-q",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert json.loads(target.read_text("utf-8"))["as_of"] == "2026-11-05"
    said = f"auditor: made the folder {tmp_path / 'nodir'} for {target}\n"
    assert done.stderr.count(said) == 1
    assert (
        "made the folder"
        not in run(
            "audit",
            str(tmp_path / "bills"),
            "--as-of",
            "2026-11-05",
            "--db",
            str(db),
            "-o",
            str(tmp_path / "r.xlsx"),
            "--json",
            str(target),
            "-q",
        ).stderr
    )  # fmt: skip (made once: said once)
    refused = audit(tmp_path, tmp_path / "nohist" / "h.sqlite")
    assert refused.exit_code == 2 and not (tmp_path / "nohist").exists()
