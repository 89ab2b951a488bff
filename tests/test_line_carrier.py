"""A line's ``carrier`` in the settings: the carrier of that line's files and of its stored
months, whatever a file says (with a warning naming both sides when it says another);
``--carrier`` comes before it; any other value is an error naming the line's table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.config import load_config
from auditor.errors import AuditorError
from auditor.readers import ReadOptions, read_file

pytestmark = pytest.mark.usefixtures("english")

LINE = "17002011011"
OTHER = "13800001234"
SET_MVNO = ((LINE, "mvno"),)


def bill(folder: Path, title: str, lines: tuple[str, ...] = (LINE,), month: str = "10") -> Path:
    """A small CSV bill of 2026-``month`` of ``lines``, each charged a value-added service,
    titled ``title``, in a folder named for no carrier."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bill-2026{month}.csv"
    rows = [title, "手机号码,账期,费用类别,费用项目,金额(元)"]
    for line in lines:
        rows += [f"{line},2026-{month},增值业务费,来电提醒,2.00"]
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


def settings(folder: Path, text: str) -> Path:
    path = folder / "settings.toml"
    path.write_text(text, "utf-8")
    return path


def test_the_settings_read_a_lines_carrier(tmp_path):
    config = load_config(settings(tmp_path, f'[lines."{LINE}"]\ncarrier = "mvno"\n'))
    assert config.carriers == {LINE: "mvno"}
    assert load_config(settings(tmp_path, f'[lines."{LINE}"]\nowner = "x"\n')).carriers == {}


@pytest.mark.parametrize("value", ['"mnvo"', '"中国移动"', '["mvno"]', "1"])
def test_a_carrier_the_catalog_does_not_know_is_an_error(tmp_path, value):
    path = settings(tmp_path, f'[lines."{LINE}"]\ncarrier = {value}\n')
    with pytest.raises(AuditorError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message and f'[lines."{LINE}"] carrier must be one of' in message
    assert "mvno" in message


def test_the_lines_carrier_decides_over_the_documents_words(tmp_path):
    path = bill(tmp_path / "bills", "中国移动 账单")
    assert read_file(path, ReadOptions()).carrier == "china-mobile"
    result = read_file(path, ReadOptions(line_carriers=SET_MVNO))
    assert result.carrier == "mvno"
    assert {c.carrier for c in result.charges} | {b.carrier for b in result.bills} == {"mvno"}
    assert result.alerts == [
        f"carrier read as virtual operator (MVNO) (the settings' carrier of {LINE}), but its "
        "text says China Mobile: check the carrier, or the line's in the settings"
    ]


def test_a_lines_carrier_the_file_agrees_with_says_nothing(tmp_path):
    result = read_file(
        bill(tmp_path / "bills", "小米移动 账单"), ReadOptions(line_carriers=SET_MVNO)
    )
    assert result.carrier == "mvno" and result.alerts == []


def test_only_the_lines_the_settings_name_are_changed(tmp_path):
    path = bill(tmp_path / "bills", "话费账单", lines=(LINE, OTHER))
    result = read_file(path, ReadOptions(line_carriers=SET_MVNO))
    assert {(c.line, c.carrier) for c in result.charges} == {
        (LINE, "mvno"),
        (OTHER, "china-mobile"),  # its prefix, as before
    }
    # the file holds another line too: its own carrier is what it was without the settings
    assert result.carrier == read_file(path, ReadOptions()).carrier


def test_carrier_given_on_the_command_line_comes_first_and_names_the_setting(tmp_path):
    path = bill(tmp_path / "bills", "小米移动 账单")
    result = read_file(path, ReadOptions(carrier="china-unicom", line_carriers=SET_MVNO))
    assert {c.carrier for c in result.charges} == {"china-unicom"}
    [alert] = result.alerts
    assert alert.startswith("carrier read as China Unicom (given with --carrier), but ")
    assert f"the settings' carrier of {LINE} says virtual operator (MVNO)" in alert


def test_where_clues_disagree_the_warning_says_how_to_settle_it(tmp_path):
    result = read_file(bill(tmp_path / "bills", "中国移动 账单"), ReadOptions())
    [alert] = result.alerts
    assert alert.endswith(
        """; carrier = "…" in the line's table of the settings gives its carrier"""
    )


def audit(*args: str, as_of: str = "2026-11-05") -> tuple[object, dict]:
    """``auditor audit`` of ``args``, the last the report's path; its result and JSON."""
    out = Path(args[-1]).parent / "r.json"
    result = CliRunner().invoke(
        main, ["audit", *args[:-1], "--as-of", as_of, "-o", args[-1], "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    return result, json.loads(out.read_text("utf-8"))


def test_an_audit_reads_the_line_as_its_settings_say(tmp_path):
    folder = tmp_path / "bills"
    bill(folder, "中国移动 账单")
    known = settings(tmp_path, f'[lines."{LINE}"]\nowner = "黄总"\ncarrier = "mvno"\n')
    result, data = audit(
        str(folder), "--known", str(known), "--no-history", "-q", str(tmp_path / "r.xlsx")
    )
    assert "bill-202610.csv: carrier read as virtual operator (MVNO)" in result.stderr
    assert "170****1011" in result.stderr and LINE not in result.stderr
    assert data["findings"] and {f["carrier"] for f in data["findings"]} == {"mvno"}
    steps = " ".join(a["text"] for f in data["findings"] for a in f["actions"])
    assert "10086" not in steps


def history_steps(db: str, *args: str) -> str:
    """What ``auditor history --json`` says of the one line stored, as text."""
    shown = CliRunner().invoke(main, ["history", "--db", db, *args, "--json", "-"])
    assert shown.exit_code == 0, shown.output
    [line] = json.loads(shown.stdout)["lines"]
    return json.dumps(line, ensure_ascii=False)


def test_the_settings_carrier_reaches_the_lines_stored_months(tmp_path):
    db = str(tmp_path / "h.sqlite")
    september = bill(tmp_path / "09", "中国移动 账单", month="09")
    with september.open("a", encoding="utf-8") as more:
        more.write(f"{LINE},2026-09,增值业务费,彩铃功能费,5.00\n")
    bill(tmp_path / "10", "中国移动 账单", month="10")
    audit(str(tmp_path / "09"), "--db", db, "-q", str(tmp_path / "a.xlsx"), as_of="2026-10-05")
    audit(str(tmp_path / "10"), "--db", db, "-q", str(tmp_path / "b.xlsx"))
    # read as China Mobile's, the stopped 彩铃功能费 is asked back from 10086 ...
    assert "Call 10086" in history_steps(db)
    known = settings(tmp_path, f'[lines."{LINE}"]\ncarrier = "mvno"\n')
    steps = history_steps(db, "--known", str(known))
    # ... and with the line's carrier set since, from the brand: the history command
    # reads the stored months as the settings say
    assert "brand's own service line" in steps and "10086" not in steps
    # so does an audit, for the months stored before the setting
    _, after = audit(
        str(tmp_path / "10"), "--db", db, "--known", str(known), "-q", str(tmp_path / "c.xlsx")
    )
    [due] = after["refunds_due"]
    assert due["periods"] == ["2026-09"] and "brand's own service line" in due["next"]["text"]
    assert "10086" not in due["next"]["text"]
