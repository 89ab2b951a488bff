"""Usage values checked as usage: an audit date out of range, a hostile settings file.

Each mistake is exit 2 and one line naming the value or the file, never a Python
exception's name and never minutes (or gigabytes) of work first.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.config import MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH, toml_depth

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


EXCEPTION_NAME = re.compile(r"\b\w+(Error|Exception)\b")
ROOT = Path(__file__).resolve().parent.parent
BILL = ROOT / "fixtures" / "household" / "china-unicom" / "联通账单-2026年08月.csv"


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bills").mkdir()
    shutil.copy(BILL, tmp_path / "bills")
    return tmp_path


def _usage_error(result) -> str:
    """The message of a usage error: exit 2, no report, no exception name."""
    assert result.exit_code == 2, result.output
    assert not EXCEPTION_NAME.search(result.stderr), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not Path("r.xlsx").exists()
    return result.stderr


@pytest.mark.parametrize("day", ["1999-12-31", "0001-01-01"])
def test_an_audit_date_out_of_range_is_a_usage_error(workdir, day):
    result = CliRunner().invoke(cli.main, ["audit", "bills", "-o", "r.xlsx", "--as-of", day])
    assert (
        f"Invalid value for '--as-of': {day} is not an audit date auditor takes "
        "(2000-01-01 to today)"
    ) in _usage_error(result)


@pytest.mark.parametrize("day", ["9999-12-31", "2101-01-01", "tomorrow"])
def test_an_audit_date_after_today_is_a_usage_error(workdir, day):
    day = (date.today() + timedelta(days=1)).isoformat() if day == "tomorrow" else day
    result = CliRunner().invoke(cli.main, ["audit", "bills", "-o", "r.xlsx", "--as-of", day])
    assert f"Invalid value for '--as-of': {day} is after today" in _usage_error(result)


@pytest.mark.parametrize("day", ["2000-01-01", "today"])
def test_the_audit_dates_at_the_ends_of_the_range_audit(workdir, day):
    day = date.today().isoformat() if day == "today" else day
    result = CliRunner().invoke(cli.main, ["audit", "bills", "-o", "r.xlsx", "--as-of", day])
    assert result.exit_code == 0, result.output


DEEP = 100_000
SETTINGS = {
    "arrays": "known_services = " + "[" * DEEP + "]" * DEEP + "\n",
    "tables": "x = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n",
    "dotted-2000": "a." * 2000 + "b = 1\n",
}


@pytest.mark.parametrize("kind", SETTINGS)
def test_a_settings_file_nested_too_deep_is_one_line(workdir, kind):
    Path("known.toml").write_text(SETTINGS[kind], "utf-8")
    result = CliRunner().invoke(
        cli.main, ["audit", "bills", "-o", "r.xlsx", "--known", "known.toml"]
    )
    message = _usage_error(result).strip()
    assert re.fullmatch(
        r"auditor: known\.toml: the known-services file nests \d+ deep "
        rf"\(at most {MAX_CONFIG_DEPTH}\)",
        message,
    ), message


def test_a_settings_file_too_big_is_one_line(workdir):
    comment = "# " + "x" * 98 + "\n"
    Path("known.toml").write_text(comment * (MAX_CONFIG_BYTES // 100 + 1), "utf-8")
    result = CliRunner().invoke(
        cli.main, ["audit", "bills", "-o", "r.xlsx", "--known", "known.toml"]
    )
    assert _usage_error(result) == (
        "auditor: known.toml: the known-services file is too big (over 1 MiB)\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("known_services = [", "not a valid TOML file (Invalid value (at end of document))"),
        ("a = 1" + "0" * 5000, "not a valid TOML file (Exceeds the limit (4300 digits)"),
        (b"known_services = ['\xff']", "not a valid TOML file (not UTF-8: invalid start byte)"),
    ],
)
def test_a_settings_file_that_is_not_toml_is_one_line(workdir, text, message):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    Path("known.toml").write_bytes(data)
    result = CliRunner().invoke(
        cli.main, ["audit", "bills", "-o", "r.xlsx", "--known", "known.toml"]
    )
    stderr = _usage_error(result)
    assert stderr.startswith(f"auditor: known.toml: {message}") and stderr.count("\n") == 1


def _limited() -> None:
    """A child that goes wrong is stopped at 2 GiB of address space, not the machine's."""
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.mark.skipif(os.name != "posix", reason="named pipes, /dev/zero and rlimits")
@pytest.mark.parametrize("kind", ["dotted", "pipe", "zero"])
def test_a_hostile_settings_file_costs_neither_time_nor_memory(tmp_path, kind):
    """Run in a child with a memory limit and a timeout: without the checks, the 100,000-part
    dotted key took over 20 GB, and a named pipe or /dev/zero never ends."""
    (tmp_path / "bills").mkdir()
    shutil.copy(BILL, tmp_path / "bills")
    known = tmp_path / "known.toml"
    if kind == "dotted":
        known.write_text("a." * DEEP + "b = 1\n", "utf-8")
    elif kind == "pipe":
        os.mkfifo(known)
    else:
        known = Path("/dev/zero")  # only ever opened for reading
    command = [sys.executable, "-m", "auditor", "audit", "bills", "-o", "r.xlsx", "--known"]
    result = subprocess.run(
        [*command, str(known)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited,
        check=False,
    )
    assert result.returncode == 2
    expected = {
        "dotted": f"nests {DEEP + 1} deep (at most {MAX_CONFIG_DEPTH})",
        "pipe": "is not a regular file",
        "zero": "is not a regular file",
    }[kind]
    assert result.stderr == f"auditor: {known}: the known-services file {expected}\n"
    assert not (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ('known_services = ["a.b.c", "x"]  # a.b.c.d.e.f\n', 1),
        (
            '[lines."13800001234"]\nowner = "妈妈"\n'
            "known_services = [\"\"\"x.y.z\"\"\", '''p.q''']\n",
            2,
        ),
        ("a.b.c = 1\n", 3),
        ("a = [[1.5, 2.5], {b.c = 1}]\n", 2),
        ("a = [[{b.c.d = 1}]]\n", 3),
        ('s = "\\" [[[[ "\n', 1),
    ],
)
def test_toml_depth_counts_structure_not_text(text, depth):
    assert toml_depth(text) == depth


def test_the_demo_settings_file_is_far_from_the_limits():
    text = (Path(__file__).parent.parent / "fixtures/household/auditor.toml").read_text("utf-8")
    assert toml_depth(text) <= 3 and len(text.encode("utf-8")) < MAX_CONFIG_BYTES // 100
