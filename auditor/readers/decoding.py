"""A file's bytes as text: the one decoder every text reader uses (CSV, SMS, portal JSON,
HTML pages and the parts of e-mails and web archives).

Bills are saved in the encodings Chinese software writes: UTF-8 (with or without a
byte-order mark), GBK from Excel's "save as CSV" and older mail clients (read as
GB18030, its superset), UTF-16 with its mark from Windows editors' "Unicode". The order is
always the same: a byte-order mark, then what the file declares (an e-mail part's charset,
a page's ``<meta charset>``), then UTF-8, then GB18030. A declared charset the bytes are
not valid in is passed over (a GBK page sent as "UTF-8" still reads); UTF-8 comes before
GB18030 because GBK text is almost never valid UTF-8, while UTF-8 text often is valid
GB18030 (read as the wrong characters).
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass

from auditor.errors import ValueParseError
from auditor.lang import say

#: Byte-order marks and the codec each says the text is in.
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_FALLBACKS = ("utf-8", "gb18030")
# The most bytes one character takes in any of these encodings (GB18030's four).
_CHARACTER_BYTES = 4


@dataclass(frozen=True)
class Decoded:
    """A file's text and the codec it was read with (``utf-8`` for UTF-8 with its mark)."""

    text: str
    codec: str


def decode_text(
    data: bytes,
    *,
    charsets: Sequence[str | None] = (),
    head: bool = False,
    nul_bytes: bool = True,
) -> Decoded:
    """``data`` as text, read by its byte-order mark, then ``charsets``, UTF-8, GB18030.

    Raises :class:`ValueParseError` naming the codecs tried when none fits. Where the
    readers differ, on purpose, a parameter says how:

    - ``charsets``: Python codecs the file declares, tried in order before UTF-8 (an
      e-mail part's charset, then its page's own; ``None`` for an unknown label). Only
      e-mails and pages declare one.
    - ``head``: ``data`` is a file's first bytes, which may end inside a character: a
      character cut at the end is dropped, so that identifying a file does not fail on
      where its head was cut.
    - ``nul_bytes=False``: refuse text holding a NUL byte, unless it is UTF-16 with its
      mark (where a NUL is half of every ASCII character). The CSV reader's: an exported
      table never holds one, so a NUL there means UTF-16 saved without its mark, or a file
      that is not text, and either would read as cells cut by NULs. The other readers
      take the NUL: the HTML parser is given the text without control characters, the
      JSON parser refuses it at its place, an SMS's lines are read by their words.
    """
    utf16_bom = data.startswith(_UTF16_BOMS)
    if not nul_bytes and not utf16_bom and b"\x00" in data:
        raise ValueParseError(
            say(
                "不是文本（含有 NUL 字节，又没有 UTF-16 字节顺序标记）",
                "not text (it holds NUL bytes and no UTF-16 byte-order mark)",
            )
        )
    for bom, codec in BOMS:
        if data.startswith(bom):
            text = _decode(data, codec, head)
            if text is not None:
                return Decoded(text, codec.removesuffix("-sig"))
            break  # a mark with broken text after it: the bytes may still be another text
    tried: list[str] = []
    for codec in [*charsets, *_FALLBACKS]:
        if codec is None or codec in tried:
            continue
        tried.append(codec)
        text = _decode(data, codec, head)
        if text is not None:
            return Decoded(text, codec)
    raise ValueParseError(
        say(
            f"不是文本（其字节在 {' 或 '.join(tried)} 中都无效）",
            f"not text (its bytes are not valid in {' or '.join(tried)})",
        )
    )


def _decode(data: bytes, codec: str, head: bool) -> str | None:
    """``data`` in ``codec``, or ``None`` when it is not valid there (at a ``head``'s end,
    a cut character is dropped instead)."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if head and exc.start >= len(data) - _CHARACTER_BYTES:
            return data[: exc.start].decode(codec, errors="ignore")
        return None
