"""Text made safe for output: how every name, file name and message is shown.

A text read from an input (a service name, a file name, an owner's name, an error that
quotes one of them) may hold characters that act instead of showing: escape sequences a
terminal obeys (``ESC ]52`` writes the clipboard, ``ESC ]0`` sets the window title,
``ESC [2J`` clears the screen), line breaks that forge an ``auditor: x.csv: …`` error line,
bidi controls that make a text read in another order than it is stored, zero-width
characters that hide a phone number from the masker, and lone surrogates that no UTF-8
file can hold (a file name with a byte that is not UTF-8, a ``\\ud800`` escape in a JSON
string) and that made the JSON writer fail and Excel refuse the workbook.

:func:`safe_text` is the one place that decides what becomes of them; the
:class:`~auditor.writers.safe.Masker` calls it first, so every writer, the terminal
summary and every line on stderr see only its result:

======================================================  ==================================
characters                                              become
======================================================  ==================================
C0 controls U+0000–U+001F (ESC, LF, CR, TAB, NUL …)      their Control Pictures symbol
and DEL U+007F                                          (␛ ␊ ␍ ␉ ␀ ␡): shown, inert, and
                                                        the text stays one line
line and paragraph separators U+2028, U+2029; NEL       ␤ (some terminals and editors
U+0085                                                  break the line there)
other C1 controls U+0080–U+009F (CSI U+009B is an       U+FFFD �
escape to many terminals)
lone surrogates U+D800–U+DFFF                           U+FFFD �
U+FFFE, U+FFFF (not allowed in XML: Excel refuses)      U+FFFD �
format characters, Unicode category Cf: bidi controls   removed: invisible by definition;
(U+200E/F, U+202A–E, U+2066–9, U+061C), zero-width      kept they reorder text or split
(U+200B–D, U+2060, U+FEFF), soft hyphen, tag            digits, shown they are noise
characters, …
======================================================  ==================================

Everything else, CJK, emoji and private-use characters included, is kept as it is.
Nothing is NFKC-normalised here: a name is shown as the file spells it.
"""

from __future__ import annotations

import re
import traceback

_NEWLINE_PICTURE = "\u2424"  # ␤
_REPLACEMENT = "\ufffd"

# Every character safe_text changes: C0/C1/DEL, separators, surrogates, noncharacters, and
# the format characters (Cf) of the BMP; the astral planes' few (U+110BD, U+1BCA0-3,
# U+1D173-A, tag characters) are named.
#: The format characters (Cf) of the BMP, as a character class's ranges: they print as
#: nothing (the byte-order mark, zero-width spaces, direction marks). Written out, not
#: scanned from the Unicode tables at every start (5 ms); ``tests/test_output_safety.py``
#: checks them against the running Python's tables.
FORMAT_CHARACTERS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
_CHANGED = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
    + FORMAT_CHARACTERS
    + "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    + "\U000e0001\U000e0020-\U000e007f]"
)


def _shown(match: re.Match) -> str:
    char = match[0]
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if char in "\x85\u2028\u2029":
        return _NEWLINE_PICTURE
    if code <= 0x9F or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
        return _REPLACEMENT
    return ""  # a format character (Cf)


def safe_text(text: object) -> str:
    """``text`` as a string that is inert on a terminal, in a cell and in a JSON file, and
    one line long (see the module docstring for what becomes of each kind of character).

    >>> safe_text("彩铃\\x1b]0;title\\x07功能费\\u202e")
    '彩铃␛]0;title␇功能费'
    """
    if text is None:
        return ""
    plain = text if isinstance(text, str) else str(text)
    return _CHANGED.sub(_shown, plain)


def safe_traceback(exc: BaseException) -> list[str]:
    """The lines of ``exc``'s traceback, each made safe; an exception's message (which may
    quote input text, line breaks included) stays on the one line it starts on."""
    text = "".join(traceback.format_exception(exc))
    for link in _chain(exc):
        only = "".join(traceback.format_exception_only(type(link), link))
        text = text.replace(only, safe_text(only.removesuffix("\n")) + "\n")
    return [safe_text(line) for line in text.splitlines()]


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from or during, each once."""
    seen: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and all(link is not s for s in seen):
        seen.append(link)
        link = link.__cause__ or (None if link.__suppress_context__ else link.__context__)
    return seen
