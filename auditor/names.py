"""Normalising names so that the same service, header or section matches however it is written."""

from __future__ import annotations

import re
import unicodedata

_BRACKETED_TAIL = re.compile(r"[(\[【（][^()\[\]【】（）]*[)\]】）]$")
_UNIT_TAIL = re.compile(
    r"(?:[(\[（【](元|rmb|cny|yuan|¥|￥|fen|分)[)\]）】]|/(元|rmb|cny|yuan|¥|￥|fen|分))$"
)
_SPACES = re.compile(r"\s+")
# Spaces, and the format characters (category Cf) that print as nothing: the byte-order
# mark, zero-width spaces and joiners, direction marks; the tag characters beyond the BMP.
_INVISIBLE = re.compile(
    r"[\s"
    + "".join(re.escape(chr(c)) for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf")
    + "\U000e0001\U000e0020-\U000e007f]+"
)


def service_key(name: object) -> str:
    """The key two service names match on (audit spec, "Matching a charge to a service").

    NFKC, case-fold, whitespace removed, and a trailing bracketed price or note removed:
    ``视频彩铃订阅包（10元/月）`` and ``视频彩铃订阅包`` give the same key.
    """
    text = _SPACES.sub("", unicodedata.normalize("NFKC", str(name or "")).casefold())
    # Only one trailing bracket is a note; a name that is all bracket keeps it.
    stripped = _BRACKETED_TAIL.sub("", text)
    return stripped or text


def header_key(header: object) -> str:
    """The key a column header matches on (input spec, "Tabular files").

    NFKC (full-width → half-width), case-fold, spaces and invisible format characters
    removed (a byte-order mark left before the first header by a second export glued to
    the first, a zero-width space), and a unit in brackets or after a slash removed:
    ``金额(元)``, ``金额（元）``, ``金额/元`` and ``Amount (CNY)`` all give ``金额`` /
    ``amount``.
    """
    text = unicodedata.normalize("NFKC", str(header or "")).casefold()
    return _UNIT_TAIL.sub("", _INVISIBLE.sub("", text))
