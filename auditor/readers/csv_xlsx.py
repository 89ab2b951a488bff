"""Placeholder until the tabular readers land."""

from __future__ import annotations

from pathlib import Path

from auditor.model import ReadResult
from auditor.readers.base import ReadOptions


class CsvReader:
    """Not implemented yet."""

    name = "csv"
    suffixes: tuple[str, ...] = (".csv", ".tsv", ".txt")

    def identify(self, path: Path, head: bytes) -> bool:
        """Not implemented yet."""
        return False

    def read(self, path: Path, data: bytes, options: ReadOptions) -> ReadResult:
        """Not implemented yet."""
        raise NotImplementedError


class XlsxReader(CsvReader):
    """Not implemented yet."""

    name = "xlsx"
    suffixes = (".xlsx", ".xlsm")
