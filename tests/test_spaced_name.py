"""A line's number spelled in a file's name with its digits apart (``1 3 9 1 1 1 1 2 2 2
2-已订业务.csv``) is masked like any number, and not taken for the line (spaced digits in
a name may be other numbers): the error says what it saw there and how to write it,
rather than only asking to put the number in the name, as it is."""

from __future__ import annotations

import pytest
from cli_run import run

SERVICES = (
    "业务名称,业务类型,资费,订购时间,生效时间,失效时间,退订时间,状态\n"
    "4G飞享18元套餐（2018版）,基础套餐,18元/月,2024-03-02 10:11:12,2024-04-01 00:00:00,"
    "2026-12-01 00:00:00,,正常\n"
    "咪咕视频会员,增值业务,15元/月,2026-07-21 21:33:10,2026-08-01 00:00:00,--,,正常\n"
)


def _audit(tmp_path, name: str, *more: str):
    folder = tmp_path / "王小明"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}-已订业务.csv").write_text(SERVICES, "utf-8")
    return run(
        "audit", str(folder), "--as-of", "2026-11-05", "--db", str(tmp_path / "h.sqlite"),
        "-o", str(tmp_path / "r.xlsx"), "-q", *more,
    )  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_number_spelled_apart_in_a_name_is_said_not_taken(tmp_path, lang):
    result = _audit(tmp_path, "1 3 9 1 1 1 1 2 2 2 2", "--lang", lang)
    assert result.exit_code == 2, result.output
    said = {
        "en": "; the name holds 139****2222, a number whose digits are written apart, "
        "which is not taken for a line",
        "zh": "；名字中的 139****2222 各位数字是分开写的，不当作号码",
    }
    assert said[lang] in result.stderr, result.stderr
    assert "13911112222" not in result.output and "1 3 9 1" not in result.output


def test_a_number_written_whole_or_grouped_is_taken_and_nothing_is_said(tmp_path):
    result = _audit(tmp_path, "139 1111 2222", "--lang", "en")
    assert result.exit_code in (0, 1), result.output
    assert "written apart" not in result.stderr
