"""The user's settings file (``auditor.toml``): known services, line owners and groups,
each line's carrier, and whether the account is a company's.

Which file is used (``--known FILE``, else the one nearest the bills) is
:mod:`auditor.settings_search`'s to say; the report names it.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from auditor.catalog import CARRIER_IDS
from auditor.errors import AuditorError, located, quoted
from auditor.holders import Earlier, Holders
from auditor.lang import Text, say
from auditor.values import ValueParseError, parse_phone

DEFAULT_CONFIG = Path("auditor.toml")
CONFIG_NAME = DEFAULT_CONFIG.name
#: ``account = "company"``: the lines are a company's (集团/政企 customers): their steps go
#: through the account manager, not the consumer hotline.
ACCOUNTS = ("personal", "company")

#: What the settings may hold: the keys of the file's top level, and of a line's table
#: (``[lines."…"]``). Any other key is said once, with the known key it may be a slip for.
TOP_KEYS = ("known_services", "account", "lines", "renamed")
LINE_KEYS = ("owner", "group", "carrier", "known_services", "earlier", "main_card")

#: A settings file a person wrote: a few hundred names and owners take a few KiB, so
#: 1 MiB is room to spare, and a bigger file is not one (``/dev/zero``, a log, a dump).
MAX_CONFIG_BYTES = 1024 * 1024
#: Its deepest structure is a list inside a ``[lines."…"]`` table (3). Far deeper
#: nesting costs the TOML parser its stack, and a long dotted key (``a.b.c…``) memory
#: that grows with the square of its parts: 100,000 parts, 200 KB, took over 20 GB.
MAX_CONFIG_DEPTH = 32


@dataclass
class UserConfig:
    """What the user told auditor about their lines.

    ``known_services`` are names the user knows and wants on every line (matched like
    bill names), ``line_known`` those listed in a line's table, known on that line alone;
    ``lines`` every line the settings name (a ``[lines."…"]`` table); ``owners`` maps an
    11-digit line to a person (``妈妈``), ``groups`` to a department or family branch
    (``销售部``), ``carriers`` to the carrier id its table names (a virtual operator's
    line whose bill names its host network); ``account`` is ``personal`` or ``company``;
    ``source`` is the file it came from (``None``: no settings file); ``notices`` say
    what it holds that auditor does not know (a misspelt key), each once: the command
    that reads the settings warns of them, and uses the rest.
    """

    known_services: list[str] = field(default_factory=list)
    line_known: dict[str, list[str]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    owners: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    carriers: dict[str, str] = field(default_factory=dict)
    account: str = "personal"
    source: Path | None = None
    notices: list[str] = field(default_factory=list)
    #: A line's earlier owners and departments, each through the month it ended
    #: (``earlier = [{ owner = "张伟", until = "2026-08" }]``), oldest first.
    earlier: dict[str, tuple[Earlier, ...]] = field(default_factory=dict)
    #: Departments (or owners) renamed, old name to new (``renamed = { "客服部" =
    #: "客户服务部" }``): the months the history remembers under the old are the new's.
    renamed: dict[str, str] = field(default_factory=dict)
    #: A 副卡's main card (主卡) (``main_card = "13912340001"``): its steps go through it.
    main_cards: dict[str, str] = field(default_factory=dict)

    def holders(self) -> Holders:
        """Who holds each line in each month, as these settings say (no history's memory)."""
        return Holders(
            self.owners, self.groups, self.earlier, frozenset(self.lines), renamed=self.renamed
        )


def not_in_settings(line: str, named: Collection[str]) -> bool:
    """Whether ``line`` is none of the lines settings that name their lines name
    (``named``: :attr:`UserConfig.lines`): a stranger's bill among a company's or a
    family's, a new line, a mistyped table. Settings naming no line (or none) leave
    every line the user's."""
    return bool(named) and bool(line) and line not in named


def load_config(path: Path | None) -> UserConfig:
    """Read ``path`` (or ``auditor.toml`` in the working directory when present).

    ``known_services = [...]`` lists known services; ``account = "company"`` says the
    lines are a company's; ``[lines."13800001234"]`` tables give an ``owner``, a
    ``group``, the line's ``carrier`` (a catalog id: ``mvno``...) and may list more
    ``known_services`` for that line alone (a service mum wants on her line is still
    worth a finding on dad's, who never ordered it), and its ``earlier`` owners and
    departments, each with the last month it held the line (``until``).
    """
    if path is None:
        if not DEFAULT_CONFIG.is_file():
            return UserConfig()
        path = DEFAULT_CONFIG
    data = _parse(path, _read(path))
    config = UserConfig(known_services=_names(data, path, "known_services"), source=path)
    account = data.get("account", "personal")
    if account not in ACCOUNTS:
        accounts = ", ".join(ACCOUNTS)
        raise AuditorError(
            located(
                path,
                say(
                    f"account 必须是 {accounts} 之一，不能是{quoted(account)}",
                    f"account must be one of {accounts}, not {account!r}",
                ),
            )
        )
    config.account = account
    renamed = data.get("renamed", {})
    if not isinstance(renamed, dict) or not all(isinstance(v, str) for v in renamed.values()):
        raise AuditorError(
            located(
                path,
                say(
                    'renamed 必须是旧名到新名的表，例如 renamed = { "客服部" = "客户服务部" }',
                    'renamed must map old names to new, like renamed = { "客服部" = "客户服务部" }',
                ),
            )
        )
    config.renamed = dict(renamed)
    lines = data.get("lines", {})
    if not isinstance(lines, dict):
        raise AuditorError(
            located(path, say("[lines] 必须是以号码为键的表", "[lines] must be a table of numbers"))
        )
    for number, settings in lines.items():
        try:
            line = parse_phone(number)
        except ValueParseError:
            raise AuditorError(
                located(
                    path,
                    say(
                        f"[lines] 的键{quoted(number)}不是手机号码",
                        f"[lines] key {number!r} is not a mobile number",
                    ),
                )
            ) from None
        if line not in config.lines:
            config.lines.append(line)
        if isinstance(settings, dict):
            if isinstance(settings.get("owner"), str):
                config.owners[line] = settings["owner"]
            if isinstance(settings.get("group"), str):
                config.groups[line] = settings["group"]
            if "carrier" in settings:
                config.carriers[line] = _carrier(settings["carrier"], path, number)
            if "main_card" in settings:
                config.main_cards[line] = _main_card(settings["main_card"], path, number, line)
            if "earlier" in settings:
                held = (config.owners.get(line, ""), config.groups.get(line, ""))
                config.earlier[line] = _earlier(settings["earlier"], held, path, number)
            where = f'[lines."{number}"] known_services'
            if own := [k for k in _names(settings, path, where) if k]:
                config.line_known.setdefault(line, []).extend(own)
    config.notices = unknown_settings(path, data)
    return config


def unknown_settings(path: Path, data: dict) -> list[str]:
    """What the settings ``data`` (read from ``path``) hold that auditor does not know,
    in words: each unknown key once, naming the file, the first table that has it (and
    how many more do: a company's forty lines may share a slip) and the key it may be a
    slip for; a line's entry that is not a table. Nothing here stops an audit."""
    unknown: dict[tuple[str, str], list[str]] = {}  # (key, where) -> the tables that have it
    values: dict[tuple[str, str], object] = {}  # (key, where) -> its first table's value
    not_tables: list[str] = []
    for key in data:
        if key not in TOP_KEYS:
            unknown.setdefault((key, TOP), []).append("")
            values.setdefault((key, TOP), data[key])
    lines = data.get("lines", {})
    for number, settings in lines.items() if isinstance(lines, dict) else ():
        table = f'[lines."{parse_phone(number)}"]'
        if not isinstance(settings, dict):
            not_tables.append(located(path, _NOT_A_TABLE.shown().format(table=table)))
            continue
        for key in settings:
            if key not in LINE_KEYS:
                unknown.setdefault((key, LINE), []).append(table)
                values.setdefault((key, LINE), settings[key])
    said = [
        _unknown_key(path, key, where, tables, values[key, where])
        for (key, where), tables in unknown.items()
    ]
    return said + not_tables


TOP, LINE = "top", "line"  # where an unknown key stands: the top level, a line's table
_NOT_A_TABLE = Text(
    '{table} 应是一张表（其下写 owner = "…" 等），不是一个值：已忽略',
    '{table} must be a table (owner = "…" and the like under it), not a value: ignored',
)
#: Said of a key that belongs elsewhere: a line's at the top, the file's in a line's table.
_BELONGS = {
    TOP: Text(
        '（这是号码的设置：请写在 [lines."号码"] 表下）',
        ' (a line\'s setting: put it under [lines."<number>"])',
    ),
    LINE: Text(
        "（这是整个文件的设置：请写在文件开头）",
        " (a setting of the whole file: put it at the top)",
    ),
}


def _unknown_key(path: Path, key: str, where: str, tables: list[str], value: object) -> str:
    """The warning of the unknown ``key`` of the top level (``where`` is ``TOP``) or of
    ``tables`` of lines (``LINE``), with the key it may be a slip for and what ignoring
    its ``value`` (the first table's) means."""
    known, other = (TOP_KEYS, LINE_KEYS) if where == TOP else (LINE_KEYS, TOP_KEYS)
    close = ""
    if key in other:
        hint = _BELONGS[where].shown()
    elif close := _close_key(key, known):
        hint = say(f"（是不是 {close}？）", f" (did you mean {close}?)")
    else:
        hint = say(f"（可用的有 {'、'.join(known)}）", f" (known: {', '.join(known)})")
    first, more = tables[0], len(tables) - 1
    also = say(f"；另有 {more} 个号码的表中也有", f"; {more} more line tables have it too")
    return located(
        path,
        say(
            f"{first + ' 中' if first else '文件顶层'}的设置 {quoted(key)} 无法识别{hint}：已忽略",
            f"unknown setting {quoted(key)} in {first or 'the top level'}{hint}: ignored",
        )
        + _not_used(value, close)
        + (also if more else ""),
    )


def _not_used(value: object, close: str) -> str:
    """What ignoring a list or table of ``value`` leaves out (``""`` for one value: the
    warning says it): its values, and, a slip for ``known_services``, that the services
    it names count as unknown (a trial's ``known_servicez`` dropped forty of them)."""
    if not isinstance(value, list | dict) or not value:
        return ""
    count = len(value)
    if close == "known_services":
        return say(
            f"，其中 {count} 个业务都不算已知：它们的扣费会作为你不认识的业务报告",
            f", so its services ({count}) count as unknown: their charges are reported as "
            "services you do not know",
        )
    return say(f"，其中 {count} 项都没有使用", f", its values ({count}) not used")


def _close_key(key: str, known: tuple[str, ...]) -> str:
    """The known key ``key`` may be a slip for (``ower`` for ``owner``), or ``""``."""
    # here, not at the top: only a settings file with an unknown key needs difflib
    from difflib import get_close_matches

    folded = key.strip().casefold().replace("-", "_").replace(" ", "_")
    found = get_close_matches(folded, known, n=1, cutoff=0.6)
    return found[0] if found else ""


def _carrier(value: object, path: Path, number: str) -> str:
    """A line's ``carrier``, checked to be a carrier id of the catalog."""
    if value in CARRIER_IDS:
        return str(value)
    ids = ", ".join(CARRIER_IDS)
    raise AuditorError(
        located(
            path,
            say(
                f'[lines."{number}"] 的 carrier 必须是 {ids} 之一，不能是{quoted(value)}',
                f'[lines."{number}"] carrier must be one of {ids}, not {value!r}',
            ),
        )
    )


#: A month as ``until`` gives it.
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _main_card(value: object, path: Path, number: str, line: str) -> str:
    """A 副卡's ``main_card``, checked to be another mobile line."""
    try:
        main = parse_phone(value) if isinstance(value, str) else None
    except ValueParseError:
        main = None
    if main is None or main == line:
        raise AuditorError(
            located(
                path,
                say(
                    f'[lines."{number}"] 的 main_card 必须是主卡的另一个 11 位手机号码，'
                    f"不能是{quoted(value)}",
                    f'[lines."{number}"] main_card must be its main card, another 11-digit '
                    f"mobile number, not {value!r}",
                ),
            )
        )
    return main


def _earlier(value: object, now: tuple[str, str], path: Path, number: str) -> tuple[Earlier, ...]:
    """A line's ``earlier`` holders, checked (a list of tables, each with its ``until``
    month and an ``owner`` or a ``group``, months apart), oldest first; an entry naming no
    owner (or no department) keeps the one after it (``now``: the line's holder now), so
    that a line moved to another department names the department alone."""
    where = f'[lines."{number}"] earlier'
    entries = value if isinstance(value, list) else None
    if not entries or not all(isinstance(e, dict) for e in entries):
        raise AuditorError(
            located(
                path,
                say(
                    f'{where} 必须是表的列表，例如 [{{ owner = "张伟", until = "2026-08" }}]',
                    f"{where} must be a list of tables, "
                    f'like [{{ owner = "张伟", until = "2026-08" }}]',
                ),
            )
        )
    for entry in entries:
        until, names = entry.get("until"), [entry.get(k) for k in ("owner", "group")]
        if (
            not (isinstance(until, str) and _MONTH.fullmatch(until.strip()))
            or not any(isinstance(n, str) and n for n in names)
            or any(n is not None and not isinstance(n, str) for n in names)
        ):
            raise AuditorError(
                located(
                    path,
                    say(
                        f"{where} 的每一项都要有 until（止于哪个月，YYYY-MM）和 owner 或 group："
                        f"{quoted(entry)}",
                        f"{where}: each needs until (the month it ended, YYYY-MM) and an owner "
                        f"or a group: {entry!r}",
                    ),
                )
            )
    held: list[Earlier] = []
    after = now
    for entry in sorted(entries, key=lambda e: e["until"].strip(), reverse=True):
        until = entry["until"].strip()
        if held and held[-1].until == until:
            raise AuditorError(
                located(
                    path,
                    say(f"{where}：两项都止于 {until}", f"{where}: two end in {until}"),
                )
            )
        after = (entry.get("owner") or after[0], entry.get("group") or after[1])
        held.append(Earlier(until, *after))
    return tuple(reversed(held))


def _names(table: dict, path: Path, where: str) -> list[str]:
    """``table["known_services"]``, checked to be a list of names (a bare string is not)."""
    known = table.get("known_services", [])
    if not isinstance(known, list) or not all(isinstance(k, str) for k in known):
        raise AuditorError(
            located(path, say(f"{where} 必须是名称列表", f"{where} must be a list of names"))
        )
    return list(known)


def _read(path: Path) -> str:
    """The text of the settings file ``path``: a regular file, UTF-8, at most 1 MiB.

    Opened without blocking and checked as opened, so a named pipe or a device given as
    ``--known`` is refused rather than waited on or read without end.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise AuditorError(not_found(path)) from None
    except OSError as exc:
        raise AuditorError(
            located(
                path,
                say(
                    f"无法读取已知业务文件：{exc.strerror}",
                    f"cannot read the known-services file: {exc.strerror}",
                ),
            )
        ) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise AuditorError(
                located(
                    path,
                    say(
                        "已知业务文件不是普通文件", "the known-services file is not a regular file"
                    ),
                )
            )
        raw = handle.read(MAX_CONFIG_BYTES + 1)
    if len(raw) > MAX_CONFIG_BYTES:
        limit = MAX_CONFIG_BYTES // 2**20
        raise AuditorError(
            located(
                path,
                say(
                    f"已知业务文件太大（超过 {limit} MiB）",
                    f"the known-services file is too big (over {limit} MiB)",
                ),
            )
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AuditorError(
            not_toml(path, say(f"不是 UTF-8：{exc.reason}", f"not UTF-8: {exc.reason}"))
        ) from None


def _parse(path: Path, text: str) -> dict:
    """``text`` read as TOML; nesting deeper than :data:`MAX_CONFIG_DEPTH` is refused first."""
    depth = toml_depth(text)
    if depth > MAX_CONFIG_DEPTH:
        raise AuditorError(
            located(
                path,
                say(
                    f"已知业务文件嵌套了 {depth} 层（最多 {MAX_CONFIG_DEPTH} 层）",
                    f"the known-services file nests {depth} deep (at most {MAX_CONFIG_DEPTH})",
                ),
            )
        )
    try:
        return tomllib.loads(text)
    except ValueError as exc:  # TOMLDecodeError, or an integer too long to convert
        raise AuditorError(not_toml(path, str(exc))) from None
    except RecursionError:
        raise AuditorError(
            located(
                path,
                say("已知业务文件嵌套太深", "the known-services file nests too deep"),
            )
        ) from None


def not_found(path: Path) -> str:
    """The error for a known-services file that is not there."""
    return located(path, say("找不到已知业务文件", "known-services file not found"))


def not_toml(path: Path, why: str) -> str:
    """The error for a known-services file that is not TOML (``why``: the parser's words)."""
    return located(path, say(f"不是有效的 TOML 文件（{why}）", f"not a valid TOML file ({why})"))


def toml_depth(text: str) -> int:
    """How deeply TOML ``text`` nests: open brackets and braces, or the parts of one dotted
    key (``a.b.c`` is 3), whichever is more, counted outside strings and comments.

    An upper bound that needs no parser (a float in a list counts 2), cheap enough to run
    before the parser on text that may be hostile.
    """
    deepest = brackets = parts = 0
    quote = ""  # the open string's delimiter: one or three quote marks
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        if quote:
            if char == "\\" and quote[0] == '"':
                i += 2
                continue
            if text.startswith(quote, i):
                i, quote = i + len(quote), ""
                continue
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, i) else char
            i += len(quote)
            continue
        elif char == "#":
            i = text.find("\n", i)
            i = end if i < 0 else i
            continue
        elif char in "[{":
            brackets += 1
        elif char in "]}":
            brackets = max(brackets - 1, 0)
        elif char == ".":
            parts += 1
        elif char in "\n=,":
            parts = 0  # a key ends at its '=', a value at a comma or the line's end
        deepest = max(deepest, brackets, parts + 1)
        i += 1
    return deepest
