"""Normalising names so that the same service, header or section matches however it is written.

Text is folded one way, as auditor's word lists are written (:func:`fold_text`: NFKC,
case-folded, traditional characters made simplified); a name to match or key is that
fold without its spaces (:func:`fold_name`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from auditor.lang import say
from auditor.safe_text import FORMAT_CHARACTERS

_BRACKETED_TAIL = re.compile(r"[(\[【（][^()\[\]【】（）]*[)\]】）]$")
# (金额(单位：元) and 金额(单位：人民币元) too: the key is taken after NFKC, its ： a :)
_UNIT_TAIL = re.compile(
    r"(?:[(\[（【](?:单位:?)?(?:人民币)?(元|rmb|cny|yuan|¥|￥|fen|分)[)\]）】]"
    r"|/(元|rmb|cny|yuan|¥|￥|fen|分))$"
)
_SPACES = re.compile(r"\s+")
# Spaces, and the format characters (category Cf) that print as nothing: the byte-order
# mark, zero-width spaces and joiners, direction marks; the tag characters beyond the BMP.
_INVISIBLE = re.compile(r"[\s" + FORMAT_CHARACTERS + "\U000e0001\U000e0020-\U000e007f]+")

# Traditional characters of the words auditor matches (headers, totals, sections,
# payments, statuses), folded to the simplified ones its word lists use, so that a bill
# saved in BIG5 (實際應繳合計, 費用項目, 號碼) is recognised, not read as items. Only for
# matching: names are kept as printed.
_TRADITIONAL = str.maketrans(
    "費項額賬帳號碼實際應繳計總業務類別優減話訊語網聯國電動長遊資狀態訂購開啟時間單據戶機價"
    "報會員視頻樂讀閱戲鈴顯來區贈讓體驗試權證稱門數簡傳營銷專寬帶無線續約違餘結預發處辦廳"
    "套內為與並於從個們備註說條級點擊請詢撥聽問題補換還廣東門歷",
    "费项额账账号码实际应缴计总业务类别优减话讯语网联国电动长游资状态订购开启时间单据户机价"
    "报会员视频乐读阅戏铃显来区赠让体验试权证称门数简传营销专宽带无线续约违余结预发处办厅"
    "套内为与并于从个们备注说条级点击请询拨听问题补换还广东门历",
)
# Whether a text has any of them: one search in C, where a translation looks up each
# character in a dict (most names have none; a long bill folds each of 200,000 items).
# Not 套, which the table keeps as it is: every plan's name has it.
_ANY_TRADITIONAL = re.compile(
    "[" + re.escape("".join(chr(c) for c, to in _TRADITIONAL.items() if c != to)) + "]"
)


def fold_traditional(text: str) -> str:
    """``text`` with the traditional characters of auditor's words made simplified."""
    if _ANY_TRADITIONAL.search(text) is None:
        return text
    return text.translate(_TRADITIONAL)


def fold_text(*texts: object) -> str:
    """Text as auditor's word lists are written, to look for their words in: NFKC
    (full-width → half-width), case-folded, traditional characters made simplified;
    several texts joined by a space.

    Its spaces are kept, where :func:`fold_name` drops them: ``sp`` is a word only
    standing apart (``Music SP``, not ``display``, nor ``musicsp``), and an item and its
    section must not run together into a word neither holds.
    """
    if len(texts) == 1:  # a charge's item: asked of each of a long bill's 200,000
        return fold_traditional(unicodedata.normalize("NFKC", str(texts[0] or "")).casefold())
    return " ".join(fold_text(text) for text in texts)


def fold_all(texts: Sequence[str]) -> list[str]:
    """:func:`fold_text` of each of ``texts``, made in one pass over them all (a long
    bill's 200,000 distinct items): joined by line breaks, which NFKC, case folding and
    the table neither change nor join to what stands beside them, folded at once and
    split again. Texts holding a line break are folded one by one."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1 or not texts:
        return [fold_text(text) for text in texts]
    return fold_traditional(unicodedata.normalize("NFKC", joined).casefold()).split("\n")


def fold_names(folded: Sequence[str]) -> list[str]:
    """:func:`fold_name` of each name, given as ``fold_all(names)``."""
    return [_SPACES.sub("", text) for text in folded]


def fold_name(name: object) -> str:
    """A name as auditor's word lists are written, to match or key it: :func:`fold_text`
    without its whitespace, so that it matches however it is spaced (彩 铃 is 彩铃)."""
    return _SPACES.sub("", fold_text(name))


def service_key(name: object) -> str:
    """The key two service names match on (audit spec, "Matching a charge to a service").

    NFKC, case-fold, whitespace removed, and a trailing bracketed price or note removed:
    ``视频彩铃订阅包（10元/月）`` and ``视频彩铃订阅包`` give the same key.
    """
    if type(name) is str and len(name) <= _KEPT_LENGTH:
        return _kept_service_key(name)
    return folded_key(fold_name(name))


# Keys already made: the rules and the writers ask for the same few hundred services'
# keys again and again (3,000 findings: 100,000 asks). Bounded: a long bill's 200,000
# distinct items must not stay in memory for it.
_KEYS_KEPT = 20_000
_KEPT_LENGTH = 256  # (longer texts: worked out each time, never kept)


@functools.lru_cache(maxsize=_KEYS_KEPT)
def _kept_service_key(name: str) -> str:
    return folded_key(fold_name(name))


def folded_key(folded: str) -> str:
    """The :func:`service_key` of a name already folded by :func:`fold_name` (a long bill's
    items are folded once, for their key and for the rules' words)."""
    # Only one trailing bracket is a note; a name that is all bracket keeps it.
    stripped = _BRACKETED_TAIL.sub("", folded)
    return stripped or folded


#: What a fee's name adds to the name of the service it is for (停机保号费 is 停机保号's, 来电
#: 显示功能费 来电显示's), the longest first.
_FEE_TAILS = ("功能费", "费")


def fee_service_keys(key: str) -> tuple[str, ...]:
    """The keys of the services a fee may be named after, from the fee's own key
    (:func:`service_key`), the likeliest first: ``彩铃功能费`` → ``彩铃``, ``彩铃功能``;
    ``停机保号费`` → ``停机保号``. None for a name that ends in no fee word, or is one."""
    return tuple(key[: -len(tail)] for tail in _FEE_TAILS if key.endswith(tail) and key != tail)


def header_key(header: object) -> str:
    """The key a column header matches on (input spec, "Tabular files").

    NFKC (full-width → half-width), case-fold, spaces and invisible format characters
    removed (a byte-order mark left before the first header by a second export glued to
    the first, a zero-width space), and a unit in brackets or after a slash removed:
    ``金额(元)``, ``金额（元）``, ``金额/元``, ``金额(单位：分)`` and ``Amount (CNY)`` all give
    ``金额`` / ``amount``.
    """
    if type(header) is str and len(header) <= _KEPT_LENGTH:
        # Every file of an export names the same few dozen columns: each worked out once.
        return _kept_header_key(header)
    return _header_key(header)


def _header_key(header: object) -> str:
    """:func:`header_key`, worked out."""
    text = unicodedata.normalize("NFKC", str(header or "")).casefold()
    return _UNIT_TAIL.sub("", fold_traditional(_INVISIBLE.sub("", text)))


_kept_header_key = functools.lru_cache(maxsize=_KEYS_KEPT)(_header_key)


#: How alike two names' keys must be (difflib's ratio) for one to be a slip for the
#: other: one character changed in a name of four (0.75) or more; in shorter names two
#: different services often differ by one character (彩铃, 彩信).
CLOSE_RATIO = 0.75


def close_names(name: str, names: Iterable[str], most: int = 3) -> list[str]:
    """The names among ``names`` that ``name`` may be a slip for, the closest first, at
    most ``most`` (one name per key): one holds the other (沃音乐 for 沃音乐会员), or they
    differ by a character or so (腾讯视屏会员 for 腾讯视频会员). A name with ``name``'s
    own key is no slip, and is not among them."""
    # here, not at the top: only record and known ask, and every audit's start-up would
    # load difflib (3 ms) for nothing
    from difflib import SequenceMatcher

    key = service_key(name)
    if not key:
        return []
    best: dict[str, tuple[float, str]] = {}
    for other in names:
        other_key = service_key(other)
        if not other_key or other_key == key:
            continue
        matcher = SequenceMatcher(None, key, other_key)
        if key in other_key or other_key in key:
            score = 1.0 + matcher.ratio()  # a part of the name: the likeliest slip
        elif matcher.real_quick_ratio() >= CLOSE_RATIO and matcher.ratio() >= CLOSE_RATIO:
            score = matcher.ratio()
        else:
            continue
        if other_key not in best or (-score, other) < (-best[other_key][0], best[other_key][1]):
            best[other_key] = (score, other)
    ranked = sorted(best.values(), key=lambda found: (-found[0], found[1]))
    return [other for _, other in ranked[:most]]


def shown_as(service: str, told: str) -> str:
    """``service`` as a person reads it wherever a finding's service is named (its steps,
    every sheet, the JSON, the terminal), with ``told``: what tells it apart from another
    service of its line billed under the same name (``信息费（手机报）``, worked out once a
    report: :func:`auditor.history.same_name.apart`); ``service`` itself when ``told`` is
    ``""``."""
    if not told:
        return service
    return say(f"{service}（{told}）", f"{service} ({told})")
