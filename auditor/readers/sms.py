"""Placeholder until this reader lands: it identifies no file."""

from __future__ import annotations

from pathlib import Path

from auditor.model import ReadResult
from auditor.readers.base import ReadOptions


class SmsReader:
    """Not implemented yet: identifies nothing, so the registry never picks it."""

    name = "sms"
    suffixes: tuple[str, ...] = ()

    def identify(self, path: Path, head: bytes) -> bool:
        """Never picks a file."""
        return False

    def read(self, path: Path, data: bytes, options: ReadOptions) -> ReadResult:
        """Not reachable while identify is False."""
        raise NotImplementedError
