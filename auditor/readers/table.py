"""Turning rows of cells into charges, services and bills: the layout logic every tabular
source shares (CSV, XLSX and the text rows of a PDF).

A source reader produces :class:`Row` objects (cells as text, where the row came from,
how far it is indented) and hands them to :func:`interpret`, which finds the header
block, the table's header, the layout (long, statement, service list) and reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from auditor.model import ReadResult
from auditor.readers.base import ReadOptions


@dataclass
class Row:
    """One row of a source, as text.

    ``cells`` are the cell texts left to right ('' for an empty cell), kept as printed
    (leading spaces are indentation, not noise). ``locator`` says where the row is
    (``row 14``, ``sheet 账单 row 3``, ``page 2 line 5``). ``indent`` is the indentation
    of the row's first non-empty cell, as the source knows it (leading spaces, an XLSX
    cell's alignment indent, a PDF word's distance from the table's left edge, in
    levels: 0 for flush left).
    """

    cells: list[str]
    locator: str
    indent: int = 0


def interpret(rows: list[Row], path: Path, options: ReadOptions) -> ReadResult:
    """Read ``rows`` as a bill (long or statement layout) or a service list.

    Not implemented yet: the tabular readers' work lands here.
    """
    raise NotImplementedError
