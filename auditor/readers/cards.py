"""A service list shown as cards (an app's 已订业务 screen) made into a table's rows.

A card is a title line (the service's name, often with its price and status beside it)
and lines of ``label：value`` below it (订购时间：…, 生效时间：…), with a button
(退订) somewhere. The labels are those a service list's columns have
(:data:`~auditor.readers.table_header.SERVICE_HEADERS`), so a card becomes one row under
a header row made of the labels the cards use, and the service-list interpreter reads
it as it reads any other table: what a carrier's cards show is data, not a code path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.names import header_key
from auditor.readers.base import CellRow
from auditor.readers.header_block import block_row
from auditor.readers.rows import is_note, labelled_value, try_parse
from auditor.readers.service_list import status_of
from auditor.readers.table_header import SERVICE_LOOKUP, find_header
from auditor.values import nfkc, parse_price
from auditor.words import BUTTON_WORDS

_BUTTONS = frozenset(nfkc(word) for word in BUTTON_WORDS)
# A card's own fields: the name and the unlabelled price and status, as headed.
NAME, PRICE, STATUS = "业务名称", "资费", "状态"
# Fields a card must label for the screen to be a list of cards (a name alone is not).
_CARD_FIELDS = ("ordered", "effective", "expires", "cancelled", "price")


@dataclass
class Card:
    """One card: the rows it was made of, and its values by header text."""

    rows: list[CellRow]
    values: dict[str, str] = field(default_factory=dict)


def labelled_field(text: str) -> tuple[str, str] | None:
    """``(label, value)`` when ``text`` is ``label：value`` and the label names a column
    of a service list (订购时间, 资费...); else ``None``."""
    labelled = labelled_value(text)
    if labelled is None:
        return None
    label = labelled[0].strip()
    # A number labelled on the screen (号码：138****1234) is the header block's, not a card's.
    known = SERVICE_LOOKUP.get(header_key(label))
    return (label, labelled[1]) if known and known != "line" else None


def holds_cards(rows: list[CellRow]) -> bool:
    """True when ``rows`` show service cards: no table header, and a line labels a
    service's date or price (订购时间：2026-10-01)."""
    if find_header(rows) is not None:
        return False
    for row in rows:
        for _, text in row.filled():
            found = labelled_field(text)
            if found and SERVICE_LOOKUP[header_key(found[0])] in _CARD_FIELDS:
                return True
    return False


def card_rows(rows: list[CellRow], merged_locator) -> tuple[list[CellRow], list[list[CellRow]]]:
    """The rows of a table made of the cards in ``rows``: the rows before the first card
    (the screen's title and header block) as they are, a header row, a row per card,
    and the rows after the last card as they are. Also the rows each made row stands
    for (one for those kept as they are).

    ``merged_locator(rows)`` names where a card stands (the lines it spans).
    """
    before: list[CellRow] = []
    cards: list[Card] = []
    after: list[CellRow] = []
    for row in rows:
        cells = [text for _, text in row.filled() if nfkc(text) not in _BUTTONS]
        if not cells:
            if cards and row.filled():
                cards[-1].rows.append(row)  # a button alone on its line
            else:
                (after if cards else before).append(row)
            continue
        fields = [labelled_field(text) for text in cells]
        if cards and any(fields):
            _fill(cards[-1], row, cells, fields)
        elif is_note(cells[0]) or block_row(row) is not None:
            # a note between cards (or a title bar a stitched screenshot repeats) is
            # set aside with the notes below the list; the cards after it still count
            (after if cards else before).append(row)
        else:
            if cards and not _is_card(cards[-1]):
                after_title = cards.pop()  # a line of text between cards: not a card
                (after if cards else before).extend(after_title.rows)
            card = Card([row])
            _fill(card, row, cells, [None] * len(cells), title=True)
            cards.append(card)
    if cards and not _is_card(cards[-1]):
        after[:0] = cards.pop().rows
    if not cards:
        return rows, [[row] for row in rows]
    heads = [NAME]
    for card in cards:
        heads += [head for head in card.values if head not in heads]
    header = CellRow(heads, cards[0].rows[0].locator)
    made = [header, *(CellRow([card.values.get(h, "") for h in heads],
                              merged_locator(card.rows)) for card in cards)]  # fmt: skip
    sources = [[row] for row in before] + [[]] + [card.rows for card in cards]
    sources += [[row] for row in after]
    return [*before, *made, *after], sources


def _fill(
    card: Card,
    row: CellRow,
    cells: list[str],
    fields: list[tuple[str, str] | None],
    title: bool = False,
) -> None:
    """Put a line's values into ``card``: labelled ones under their label; unlabelled
    ones by what they read as (a price, a status), the title line's first as the name."""
    if row not in card.rows:
        card.rows.append(row)
    for index, (text, found) in enumerate(zip(cells, fields, strict=True)):
        if found:
            card.values.setdefault(found[0], found[1])
        elif title and index == 0:
            card.values[NAME], price = _name_and_price(text, cells[1:])
            if price:
                card.values.setdefault(PRICE, price)
        elif status_of(text) and STATUS not in card.values:
            card.values[STATUS] = text
        elif try_parse(parse_price, text) is not None and PRICE not in card.values:
            card.values[PRICE] = text
        elif not title:
            card.values.setdefault(NAME, text)


def _name_and_price(text: str, others: list[str]) -> tuple[str, str]:
    """A title line's first cell as the card's name and the price its last parts are
    (``""``: none), when no other cell of the line is a price. A price printed wide
    beside the name (首月0元 次月起6元/月) reaches back over the name's column and is
    laid out as more of the name, after a space: the name was 视频彩铃订阅
    首月0元次月起6元/月 and the card had no price. The longest tail that is a price with
    a figure is taken (免费 after a name is more of it: 咪咕音乐 免费版)."""
    if any(try_parse(parse_price, other) is not None for other in others):
        return text, ""
    parts = text.split(" ")
    for cut in range(1, len(parts)):
        name, tail = " ".join(parts[:cut]).strip(), " ".join(parts[cut:]).strip()
        if name and any(c.isdigit() for c in tail) and try_parse(parse_price, tail) is not None:
            return name, tail
    return text, ""


def _is_card(card: Card) -> bool:
    """A card labels a date or price, or shows a price beside its name."""
    return len(card.values) > 1
