"""A reader's text that shows amounts (a file's total beside what its lines add up to, a
section's amount beside its items' sum), kept with those amounts as numbers.

A reader cannot always know the unit of the amounts it reads: whole numbers under a
column naming none (``金额``: 2900) are read as yuan, and settled as fen only once every
input is read (:mod:`auditor.amount_units`). A text made while reading, with the amounts
formatted into it, would then still say ¥4,140.00 beside a bill read as ¥41.40. So every
text a reader makes with an amount in it is an :class:`AmountText` (tests/test_amount_text.py
holds the readers to it): a ``str`` as any warning, note or row's reason is, that settling
makes again with its amounts read as fen (:meth:`AmountText.in_fen`). A reader written
next that formats an amount itself (``format_fen``, ``format_yuan``, ``/ 100``) fails
that test.
"""

from __future__ import annotations

from auditor.lang import say
from auditor.values import format_fen


class AmountText(str):
    """A text in the active language made from a template in each language and its
    fields: an ``int`` field is an amount in fen, shown as yuan (``6.00``); any other is
    shown as it is. The templates are the code's own words (``{name}`` for a field): what
    a file says (a locator, a section's name) goes in as a field, never into them."""

    zh: str
    en: str
    fields: dict[str, int | str]

    def __new__(cls, zh: str, en: str, /, **fields: int | str) -> AmountText:
        shown = {
            name: format_fen(value) if _is_amount(value) else value
            for name, value in fields.items()
        }
        made = super().__new__(cls, say(zh.format_map(shown), en.format_map(shown)))
        made.zh, made.en, made.fields = zh, en, fields
        return made

    def in_fen(self) -> AmountText:
        """The same text, its amounts (read as yuan) read as fen: 100 times smaller."""
        fields = {k: v // 100 if _is_amount(v) else v for k, v in self.fields.items()}
        return AmountText(self.zh, self.en, **fields)

    def __reduce__(self) -> tuple:
        # Read in a worker process and sent back: the text as made, with what remakes it
        # (str's own pickling would call __new__ with the text alone).
        return _kept, (str(self), self.zh, self.en, self.fields)


def _is_amount(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kept(text: str, zh: str, en: str, fields: dict[str, int | str]) -> AmountText:
    """An :class:`AmountText` as it was made (unpickled): its text is not made again, in
    whatever language is active where it arrives."""
    kept = str.__new__(AmountText, text)
    kept.zh, kept.en, kept.fields = zh, en, fields
    return kept


def in_fen(texts: list[str]) -> list[str]:
    """``texts`` with each :class:`AmountText` among them read as fen
    (:meth:`AmountText.in_fen`), the others as they are."""
    return [text.in_fen() if isinstance(text, AmountText) else text for text in texts]
