"""A service is shown by the name the carrier prints, full-width brackets and all, so that
the user finds it in the carrier's app: ``4G飞享18元套餐（2018版）``, not the ``(2018版)``
of the OCR recogniser (which has no full-width brackets), nor the ``沃音乐会员(首月免费
体验)`` a portal's service list became when its names were normalised. Matching still
folds the width: the same service, whichever way it is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PLAN = "4G飞享18元套餐（2018版）"


def audit(folder: Path, tmp_path: Path, *more: str) -> dict:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        cli.main,
        [
            "audit", str(folder), "--as-of", "2026-11-05", "--no-history", "-q",
            "-o", str(tmp_path / "r.xlsx"), "--json", str(out), *more,
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text("utf-8"))


@pytest.mark.parametrize("with_text_bill", [False, True])
def test_a_name_read_by_ocr_is_shown_as_the_text_spells_it(tmp_path, with_text_bill):
    """The October bill is a screenshot (OCR reads ``4G飞享18元套餐 (2018版)``); the list,
    and September's bill when given, write the plan with full-width brackets."""
    folder = tmp_path / "bills"
    folder.mkdir()
    shutil.copy(FIXTURES / "ocr" / "screens" / "13800001234-2026年10月账单.png", folder)
    shutil.copy(FIXTURES / "household" / "china-mobile" / "13800001234-已订业务.csv", folder)
    if with_text_bill:
        shutil.copy(
            FIXTURES / "household" / "china-mobile" / "中国移动账单-2026年09月.xlsx", folder
        )
    data = audit(folder, tmp_path)
    [ending] = [f for f in data["findings"] if f["service"].startswith("4G飞享")]
    assert ending["service"] == PLAN
    assert ending["message"].startswith(f"{PLAN} 于 2026-12-01")  # no "(listed as …)" either
    assert ending["names"] == [PLAN]  # one service, however its bills spell it


def test_a_portal_service_list_keeps_its_full_width_brackets(tmp_path):
    folder = tmp_path / "bills"
    shutil.copytree(FIXTURES / "json" / "china-unicom", folder)
    listed = folder / "18600005678-已订业务.json"
    text = listed.read_text("utf-8")
    listed.write_text(text.replace('"沃音乐会员"', '"沃音乐会员（首月免费体验）"'), "utf-8")
    data = audit(folder, tmp_path, "--lang", "zh")
    assert "沃音乐会员(首月免费体验)" not in json.dumps(data, ensure_ascii=False)
    # still the same service as the bills' 沃音乐会员: one finding of it a rule, not two;
    # September, its free first month, is billed 10.00: a trial not honoured too
    found = {f["rule"]: f for f in data["findings"] if f["service"].startswith("沃音乐会员")}
    assert sorted(found) == ["trial-to-paid", "unknown-vas"]
    for finding in found.values():
        assert finding["service"] == "沃音乐会员"
        assert finding["message"].startswith(
            "沃音乐会员（已订业务中为「沃音乐会员（首月免费体验）」）"
        )
    assert found["trial-to-paid"]["details"]["trial_charged"] == "2026-09"
