"""A JSON file's text to a document, within limits on what it expands to.

Python's JSON parser builds an object for every value: a 50 MiB file of ``[],`` is
seventeen million lists, well over a gigabyte, and a document nested a hundred thousand
levels deep runs out of stack in the parser or in whatever walks it next. So before the
text is parsed, its strings are set aside in one linear pass and what is left is
measured: how deep its brackets nest (``--max-json-depth``) and how many values its
commas and brackets separate (``--max-cells``). After parsing, no string may be longer
than a cell (``--max-cell-length``).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from auditor.errors import ErrorCode, InputError, ValueParseError
from auditor.lang import Text, say
from auditor.readers.base import EMPTY_FILE, CellBudget, ReadOptions, check_text_length
from auditor.readers.decoding import decode_text

# A JSON string, or what is left of one that is never closed; every repeat possessive,
# so that the pass stays linear on any text.
_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+(?:"|\Z)', re.DOTALL)
# Every byte but the four brackets, deleted to leave the structure's nesting.
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_CHUNK = 1 << 18  # characters a chunk: its running sums take 8 bytes each


def load_json(path: Path, data: bytes, options: ReadOptions) -> Any:
    """Decode ``data`` (UTF-8, with or without BOM, UTF-16 with its BOM, or GB18030), check
    it against the limits and parse it as JSON.

    Numbers become :class:`~decimal.Decimal` (never float), so money stays exact.
    """
    if not data.strip():
        raise InputError(str(path), EMPTY_FILE.shown(), code=ErrorCode.EMPTY)
    try:
        text = decode_text(data).text
    except ValueParseError:
        raise InputError(
            str(path),
            say("JSON 既不是 UTF-8 也不是 GB18030 文本", "JSON is neither UTF-8 nor GB18030 text"),
            code=ErrorCode.UNREADABLE,
        ) from None
    check_shape(path, text, options)
    try:
        document = json.loads(text, parse_float=_decimal, parse_int=_integer)
    except json.JSONDecodeError as exc:
        at = say(f"第 {exc.lineno} 行第 {exc.colno} 列", f"line {exc.lineno} column {exc.colno}")
        raise InputError(
            str(path),
            say(f"JSON 无效：{exc.msg}", f"invalid JSON: {exc.msg}"),
            at,
            code=ErrorCode.UNREADABLE,
        ) from None
    except ValueParseError as exc:
        raise InputError(str(path), str(exc), code=exc.code) from None
    except RecursionError:
        # Only when --max-json-depth was raised past what the parser's stack holds.
        raise InputError(
            str(path),
            say("JSON 嵌套太深，不可能是账单", "JSON nests too deeply to be a bill"),
            code=ErrorCode.OVER_LIMIT,
        ) from None
    check_strings(path, document, options)
    return document


# No amount, date or number a bill holds has more digits than this; Python will not turn
# a text of more than 4,300 digits into an int at all (and says so in a ValueError).
_MAX_DIGITS = 40


def _integer(text: str) -> int:
    if len(text) > _MAX_DIGITS:
        raise ValueParseError(
            say(
                f"一个 {len(text):,} 位的数字：账单里不会有这样的数",
                f"a number of {len(text):,} digits: no bill holds one",
            )
        )
    return int(text)


def _decimal(text: str) -> Decimal:
    if len(text) > _MAX_DIGITS:
        raise ValueParseError(
            say(
                f"一个 {len(text):,} 个字符长的数字：账单里不会有这样的数",
                f"a number of {len(text):,} characters: no bill holds one",
            )
        )
    return Decimal(text)


def check_shape(path: Path, text: str, options: ReadOptions) -> None:
    """Refuse JSON text that nests deeper or holds more values than the limits allow,
    before it is parsed."""
    skeleton = _STRING.sub("", text)
    depth = _deepest(skeleton)
    if depth > options.max_json_depth:
        raise InputError(
            str(path),
            say(
                f"JSON 嵌套了 {depth:,} 层，超过 {options.max_json_depth:,} 层的上限"
                "（可用 --max-json-depth 调高）",
                f"JSON nests {depth:,} levels deep, over the {options.max_json_depth:,}-level "
                "limit (raise it with --max-json-depth)",
            ),
            code=ErrorCode.OVER_LIMIT,
        )
    values = skeleton.count(",") + skeleton.count("[") + skeleton.count("{") + 1
    CellBudget(path, options, Text("个 JSON 值", "JSON values")).spend(values)


def _deepest(skeleton: str) -> int:
    """How deep the brackets of ``skeleton`` (JSON without its strings) nest: the highest
    running sum of +1 for an opening and -1 for a closing one, a chunk at a time."""
    import numpy as np  # imported here: a run without JSON never pays for it (0.07 s)

    steps = np.zeros(256, dtype=np.int8)
    steps[list(b"[{")] = 1
    steps[list(b"]}")] = -1
    deepest = level = 0
    for start in range(0, len(skeleton), _CHUNK):
        chunk = skeleton[start : start + _CHUNK].encode("utf-8", "surrogatepass")
        brackets = chunk.translate(None, _NOT_BRACKETS)
        if not brackets:
            continue
        levels = np.cumsum(steps[np.frombuffer(brackets, dtype=np.uint8)], dtype=np.int64)
        deepest = max(deepest, level + int(levels.max()))
        level += int(levels[-1])
    return deepest


def check_strings(path: Path, document: Any, options: ReadOptions) -> None:
    """Refuse a document holding a string (a key or a value) longer than a cell."""
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            check_text_length(path, value, options)
        elif isinstance(value, dict):
            stack += value.keys()
            stack += value.values()
        elif isinstance(value, list):
            stack += value
