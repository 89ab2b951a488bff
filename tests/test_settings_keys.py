"""Settings that say what they do not understand: a key the settings file holds that
auditor does not know (``know_services``, ``ower``) is warned of once, naming the file,
the table and the key, with the key it may be a slip for; the audit runs on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.config import LINE_KEYS, TOP_KEYS, load_config

pytestmark = pytest.mark.usefixtures("english")

LINE = "17002011011"
TABLE = f'[lines."{LINE}"]'


def settings(folder: Path, text: str) -> Path:
    path = folder / "auditor.toml"
    path.write_text(text, "utf-8")
    return path


def notices(folder: Path, text: str) -> list[str]:
    return load_config(settings(folder, text)).notices


def test_every_key_the_settings_know_says_nothing(tmp_path):
    text = "\n".join(
        [
            'known_services = ["腾讯视频会员"]',
            'account = "company"',
            'renamed = { "管理部" = "管理层" }',
            TABLE,
            'owner = "黄总"',
            'group = "管理层"',
            'carrier = "mvno"',
            'known_services = ["来电提醒"]',
            'earlier = [{ owner = "王总", until = "2026-08" }]',
            'main_card = "13900000001"',
        ]
    )
    assert notices(tmp_path, text) == []
    # the keys the test writes are all the keys there are: a new one needs a line here
    assert set(TOP_KEYS) == {"known_services", "account", "lines", "renamed"}
    assert set(LINE_KEYS) == {
        "owner", "group", "carrier", "known_services", "earlier", "main_card",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            'know_services = ["x", "y"]',
            "unknown setting 'know_services' in the top level (did you mean known_services?): "
            "ignored, so its services (2) count as unknown: their charges are reported as "
            "services you do not know",
        ),
        (
            f'{TABLE}\nearliar = [{{ owner = "王总", until = "2026-08" }}]',
            f"unknown setting 'earliar' in {TABLE} (did you mean earlier?): ignored, its "
            "values (1) not used",
        ),
        (
            'Account = "company"',
            "unknown setting 'Account' in the top level (did you mean account?)",
        ),
        (
            f'{TABLE}\nower = "黄总"',
            f"unknown setting 'ower' in {TABLE} (did you mean owner?)",
        ),
        (
            f'{TABLE}\ncarriers = "mvno"',
            f"unknown setting 'carriers' in {TABLE} (did you mean carrier?)",
        ),
        (
            'carrier = "mvno"',
            "unknown setting 'carrier' in the top level (a line's setting: put it under "
            '[lines."<number>"])',
        ),
        (
            f'{TABLE}\naccount = "company"',
            f"unknown setting 'account' in {TABLE} (a setting of the whole file: put it at "
            "the top)",
        ),
        (
            "colour = 1",
            "unknown setting 'colour' in the top level (known: known_services, account, lines, "
            "renamed)",
        ),
    ],
)
def test_an_unknown_key_is_named_with_its_table_and_a_hint(tmp_path, text, said):
    [notice] = notices(tmp_path, text)
    said = said if ": ignored" in said else f"{said}: ignored"
    assert notice == f"{tmp_path / 'auditor.toml'}: {said}"


def test_the_rest_of_the_settings_is_used(tmp_path):
    config = load_config(
        settings(tmp_path, f'know_services = ["x"]\n{TABLE}\nower = "a"\ngroup = "b"')
    )
    assert config.known_services == [] and config.owners == {}
    assert config.groups == {LINE: "b"}


def test_a_slip_shared_by_many_lines_is_said_once(tmp_path):
    tables = [f'[lines."1700201101{n}"]\nower = "{n}"' for n in range(4)]
    [notice] = notices(tmp_path, "\n".join(tables))
    assert notice.endswith(
        "unknown setting 'ower' in [lines.\"17002011010\"] (did you mean owner?): ignored; "
        "3 more line tables have it too"
    )


def test_a_line_that_is_no_table_is_said(tmp_path):
    [notice] = notices(tmp_path, f'[lines]\n"{LINE}" = "黄总"')
    assert notice.endswith(
        f'{TABLE} must be a table (owner = "…" and the like under it), not a value: ignored'
    )


def test_a_key_from_the_file_is_never_printed_raw(tmp_path):
    [notice] = notices(tmp_path, '"own\\u001b[31mer" = 1')
    assert "\x1b" not in notice and "\\x1b" in notice


def test_difflib_is_loaded_only_for_an_unknown_key(tmp_path):
    good = settings(tmp_path, f'{TABLE}\nowner = "黄总"')
    script = (
        "import sys; from pathlib import Path; from auditor.cli import main; "
        "from auditor.config import load_config; "
        "load_config(Path(sys.argv[1])); print('difflib' in sys.modules)"
    )
    ran = subprocess.run([sys.executable, "-c", script, str(good)], capture_output=True, text=True)
    assert ran.stdout.strip() == "False", ran.stderr
    (tmp_path / "auditor.toml").write_text('ower = "x"', "utf-8")
    ran = subprocess.run([sys.executable, "-c", script, str(good)], capture_output=True, text=True)
    assert ran.stdout.strip() == "True", ran.stderr


def bill(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bill-202610.csv"
    path.write_text(
        f"手机号码,账期,费用类别,费用项目,金额(元)\n{LINE},2026-10,增值业务费,来电提醒,2.00\n",
        "utf-8",
    )
    return folder


def test_an_audit_warns_once_per_unknown_key_and_runs_on(tmp_path):
    known = settings(
        tmp_path, f'know_services = ["来电提醒"]\n{TABLE}\nower = "黄总"\ngroup = "管理层"\n'
    )
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        main,
        ["audit", str(bill(tmp_path / "bills")), "--known", str(known), "--as-of", "2026-11-05",
         "--no-history", "-o", str(tmp_path / "r.xlsx"), "--json", str(out), "-q"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if "unknown setting" in line]
    assert warned == [
        f"auditor: {known}: unknown setting 'know_services' in the top level "
        "(did you mean known_services?): ignored, so its services (1) count as unknown: "
        "their charges are reported as services you do not know",
        f"auditor: {known}: unknown setting 'ower' in [lines.\"170****1011\"] "
        "(did you mean owner?): ignored",
    ]
    assert LINE not in result.stderr
    # the misspelt list knows nothing: the service is still a finding
    findings = json.loads(out.read_text("utf-8"))["findings"]
    assert [f["service"] for f in findings] == ["来电提醒"]


def test_the_history_command_warns_too(tmp_path):
    known = settings(tmp_path, f"{TABLE}\nower = 1\n")
    result = CliRunner().invoke(main, ["history", "--known", str(known)])
    assert result.exit_code == 0, result.output
    assert (
        "unknown setting 'ower' in [lines.\"170****1011\"] (did you mean owner?)" in result.stderr
    )
