"""``--lang zh|en`` on every command, and the environment's language without it: the
workbook, the console, the JSON, ``--help`` and the CLI's errors in one language."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner

from auditor import cli, lang
from auditor.cli import help_zh
from auditor.cli.localized import asked_lang, wrap_wide
from auditor.writers.measure import display_width

HOUSEHOLD = Path(__file__).resolve().parent.parent / "fixtures" / "household"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: The texts of the inputs themselves (names, services, owners) are Chinese whatever the
#: language: what is ours is checked, a line at a time, with these taken out.
INPUT_WORDS = re.compile(r"\S*[\u4e00-\u9fff]\S*")


def _audit(tmp_path: Path, *extra: str, env: dict | None = None):
    args = ["audit", str(HOUSEHOLD), "--known", str(HOUSEHOLD / "auditor.toml")]
    args += ["--as-of", "2026-11-05", "--no-history", "-o", str(tmp_path / "r.xlsx")]
    args += ["--json", str(tmp_path / "r.json"), *extra]
    return CliRunner().invoke(cli.main, args, env=env)


def _headers(path: Path) -> dict[str, list[str]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return {
        name: [str(c) for c in next(book[name].iter_rows(values_only=True)) if c]
        for name in book.sheetnames
    }


def test_lang_en_writes_an_english_workbook_console_and_json(tmp_path):
    result = _audit(tmp_path, "--lang", "en")
    assert result.exit_code == 0, result.output
    headers = _headers(tmp_path / "r.xlsx")
    assert list(headers)[:5] == ["Summary", "By service", "Actions", "Follow-up", "Findings"]
    for name, row in headers.items():
        if name not in ("Summary", "Trend"):  # a title first, not a header
            assert not any(CJK.search(header) for header in row), (name, row)
    assert "Rule id" in headers["Findings"] and "Finding ids" in headers["Actions"]
    lines = result.stdout.splitlines()
    assert lines[0] == "auditor 2026-11-05: 15 files read"
    assert lines[1] == "findings: 12 (3 high, 5 medium, 1 low, 3 info)"
    assert lines[-1] == "history: none (--no-history)"
    for line in lines:  # what is not an input's own word is English
        assert not CJK.search(INPUT_WORDS.sub("", line)), line
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert data["lang"] == "en" and list(data)[-1] == "lang"


def test_lang_zh_writes_a_chinese_workbook_console_and_json(tmp_path):
    result = _audit(tmp_path, "--lang", "zh", env={"AUDITOR_LANG": "en"})
    assert result.exit_code == 0, result.output
    headers = _headers(tmp_path / "r.xlsx")
    assert list(headers)[:5] == ["摘要", "按业务", "处理步骤", "跟进", "发现"]
    assert "规则编号" in headers["发现"] and "严重程度" in headers["发现"]
    assert result.stdout.splitlines()[:2] == [
        "auditor 2026-11-05: 读取 15 个文件",
        "发现 12 项（高 3，中 5，低 1，提示 3）",
    ]
    assert result.stdout.endswith("历史记录：无（--no-history）\n")
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["lang"] == "zh"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "C", "AUDITOR_LANG": "zh"}, "zh"),
    ],
)
def test_without_lang_the_environment_chooses(tmp_path, monkeypatch, environ, expected):
    for name in ("AUDITOR_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    result = _audit(tmp_path, "-q")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["lang"] == expected
    first = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True).sheetnames[0]
    assert first == {"zh": "摘要", "en": "Summary"}[expected]
    help_text = CliRunner().invoke(cli.main, ["--help"]).output
    assert help_text.startswith({"zh": "用法：", "en": "Usage:"}[expected])


def test_a_run_never_keeps_the_language_of_the_one_before(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli.main, ["records", "--lang", "en"]).output.startswith("no records")
    assert lang.active() == "en"
    # AUDITOR_LANG=zh, as the tests run: the next command without --lang is Chinese again
    assert runner.invoke(cli.main, ["records"]).output.startswith("还没有记录")
    assert runner.invoke(cli.main, ["--lang", "en", "records"]).output.startswith("no records")


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "--lang", "zh", "--help"],
        ["audit", "--help", "--lang", "zh"],  # --help answers at once: --lang after it too
        ["--lang", "zh", "audit", "--help"],  # a group's language for its subcommand
    ],
)
def test_help_in_chinese_wherever_lang_stands(args):
    result = CliRunner().invoke(cli.main, args, env={"AUDITOR_LANG": "en"})
    assert result.exit_code == 0
    text = result.output
    assert text.startswith("用法：main audit [选项] INPUTS...")
    assert "检查 INPUT 文件和文件夹中的账单和已订业务" in text
    assert "\n选项：\n" in text and "显示本帮助并退出。" in text
    assert "［默认：50；x>=1］" in text  # click's own words about an option, in Chinese
    assert "auditor audit bills/ --json - --quiet | jq '.findings[].rule'" in text  # examples
    for word in ("Usage:", "Options:", "Show this message", "[default:", "Examples:"):
        assert word not in text


def test_help_in_english_is_clicks_own():
    text = CliRunner().invoke(cli.main, ["--lang", "en", "--help"]).output
    assert text.startswith("Usage: main [OPTIONS] COMMAND [ARGS]...")
    assert "Offline monthly phone-bill check for Chinese carriers." in text
    assert "\nOptions:\n" in text and "\nCommands:\n" in text
    assert "\n  record   Record what you did about a line: a cancellation," in text
    assert not CJK.search(text.split("Examples")[0].replace("已订业务", ""))


def _commands(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))


def _examples(text: str) -> list[str]:
    lines = text.splitlines()
    return [
        line.split("#")[0].rstrip()
        for index, line in enumerate(lines)
        if line.startswith("  auditor ") or (index and lines[index - 1].endswith("\\"))
    ]


def test_every_command_and_option_has_its_chinese_help():
    used_commands, used_options = set(), set()
    for path, command in _commands(cli.main):
        key = help_zh.first_paragraph(command.help)
        assert key in help_zh.COMMANDS, f"auditor {' '.join(path)}: no Chinese help"
        used_commands.add(key)
        english = inspect.cleandoc(command.help)
        chinese = inspect.cleandoc(help_zh.COMMANDS[key])
        # the same examples, typed the same (their comments said in each language)
        assert _examples(english) == _examples(chinese), path
        context = click.Context(command)
        for param in command.get_params(context):
            if isinstance(param, click.Option) and param.help:
                assert param.help in help_zh.OPTIONS, (path, param.opts, param.help)
                used_options.add(param.help)
    assert set(help_zh.COMMANDS) == used_commands  # no entry left for a help gone
    assert set(help_zh.OPTIONS) == used_options


def test_every_command_shows_its_chinese_help():
    for path, _ in _commands(cli.main):
        result = CliRunner().invoke(cli.main, [*path, "--lang", "zh", "--help"])
        assert result.exit_code == 0, path
        assert "Options" not in result.output and "Usage" not in result.output, path
        for line in result.output.splitlines():  # nothing wider than the help's width
            assert display_width(line) <= 80 or line.lstrip().startswith("auditor "), line


def test_errors_of_the_cli_in_each_language(tmp_path):
    runner = CliRunner()
    args = ["audit", str(HOUSEHOLD), "--no-history", "--db", str(tmp_path / "h.sqlite")]
    zh = runner.invoke(cli.main, [*args, "--lang", "zh"])
    assert zh.exit_code == 2
    assert zh.stderr == "auditor: --db 和 --no-history 互相矛盾：只给其中一个\n"
    en = runner.invoke(cli.main, [*args, "--lang", "en"])
    assert en.stderr == "auditor: --db and --no-history contradict each other: give one\n"
    bad = runner.invoke(cli.main, ["audit", str(HOUSEHOLD), "-o", "r.csv", "--lang", "en"])
    assert bad.stderr == "auditor: r.csv: the report must be an .xlsx file\n"
    unknown = runner.invoke(cli.main, ["rules", "--lang", "fr"])
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "auditor: '--lang' 的值无效：'fr' 不是可选的值（'zh', 'en'）之一"
        "（用法见 main rules --help）\n"
    )


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["audit"], "缺少参数 'INPUTS...'", "Missing argument 'INPUTS...'"),
        (["audit", "x", "--bogus"], "没有这个选项：--bogus", "No such option '--bogus'"),
        (["nosuch"], "没有这个命令：nosuch", "No such command 'nosuch'"),
        (
            ["audit", "x", "--fail-on", "urgent"],
            "'--fail-on' 的值无效：'urgent' 不是可选的值（",
            "Invalid value for '--fail-on': 'urgent' is not one of",
        ),
        (
            ["audit", "x", "--as-of", "2026-13-01"],
            "'--as-of' 的值无效：'2026-13-01' 不是日期：没有 13 月",
            "Invalid value for '--as-of': '2026-13-01' is not a date: there is no month 13",
        ),
        (
            ["audit", "x", "--line", "123"],
            "--line 的值无效：“123”不是手机号码",
            "Invalid value for --line: not a",
        ),
        (
            ["record", "cancel", "--line", "13900001111", "--service", "x", "--on", "2999-01-01"],
            "'--on' 的值无效：2999-01-01 晚于今天",
            "Invalid value for '--on': 2999-01-01 is after today",
        ),
    ],
)
def test_a_usage_error_is_one_line_in_the_language_asked(tmp_path, args, zh, en):
    for language, expected in (("zh", zh), ("en", en)):
        result = CliRunner().invoke(
            cli.main, ["--lang", language, *args, "--db", str(tmp_path / "h.sqlite")]
        )
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"auditor: {expected}"), line
        assert line.endswith("--help）" if language == "zh" else "--help)"), line
        assert not (tmp_path / "h.sqlite").exists()


def test_record_and_history_speak_english_too(tmp_path):
    runner, db = CliRunner(), str(tmp_path / "h.sqlite")
    made = runner.invoke(
        cli.main,
        ["record", "cancel", "--line", "13900001111", "--service", "咪咕视频会员",
         "--on", "2026-10-08", "--ticket", "T1", "--db", db, "--create", "--lang", "en"],
    )  # fmt: skip
    assert made.stdout == "recorded #1: cancel 139****1111 咪咕视频会员 on 2026-10-08 (ticket T1)\n"
    assert made.stderr == (
        "auditor: 139****1111: no audit has seen this line yet; recorded anyway\n"
        f"auditor: {db}: a new history, started here\n"
    )
    listed = runner.invoke(cli.main, ["records", "--db", db, "--lang", "en"])
    assert listed.stdout == "#1    cancel 139****1111 咪咕视频会员 on 2026-10-08 (ticket T1)\n"
    gone = runner.invoke(cli.main, ["record", "undo", "2", "--db", db, "--lang", "en"])
    assert gone.stderr == "auditor: no record #2 (auditor records lists them)\n"


def test_asked_lang_reads_the_command_line_as_click_will():
    assert asked_lang(["audit", "--lang", "zh", "--help"]) == "zh"
    assert asked_lang(["--lang=en", "x"]) == "en"
    assert asked_lang(["--lang", "zh", "--lang", "en"]) == "en"  # the last, as click takes
    assert asked_lang(["--", "--lang", "zh"]) is None  # an argument, not the option
    assert asked_lang(["--lang", "fr"]) is None  # left to the option to refuse
    assert asked_lang(["--lang"]) is None


def test_wide_text_wraps_by_its_width_on_screen():
    text = "从历史记录中删除一个号码及其全部内容：账单、已订业务、发现和你的记录。"
    lines = wrap_wide(text, 20, "  ", "  ")
    assert "".join(line.strip() for line in lines) == text
    assert all(display_width(line) <= 20 for line in lines)
    assert not any(line.strip()[0] in "，。：、" for line in lines)  # never at a line's start
    assert wrap_wide("a b  c", 80) == ["a b c"]
    assert wrap_wide("--max-cells N 单个文件", 12) == ["--max-cells", "N 单个文件"]


def test_a_stop_by_signal_is_said_in_the_language():
    from auditor.interrupts import Interrupted

    with lang.using("zh"):
        assert str(Interrupted(2)) == "被 SIGINT 信号停止"
    with lang.using("en"):
        assert str(Interrupted(15)) == "stopped by SIGTERM"


def test_rules_in_chinese_says_the_severities_as_the_report_does():
    from auditor.rules import RULES
    from auditor.writers.labels import SEVERITY_LABELS

    shown = CliRunner().invoke(cli.main, ["rules", "--lang", "zh"]).output.splitlines()
    assert len(shown) == len(RULES)
    starts = set()
    for rule, line in zip(RULES, shown, strict=True):
        rule_id, severity, named = line.split(maxsplit=2)
        assert rule_id == rule.id
        assert severity == SEVERITY_LABELS[rule.severity].zh != rule.severity
        with lang.using("zh"):
            assert named.startswith(f"{rule.name_shown()}：")
        starts.add(display_width(line[: line.index(named)]))
    assert len(starts) == 1  # the names stand in one column, whatever the word's width
