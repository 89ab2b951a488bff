"""A listing's rows made one at a time, when each is written: a long listing (a bill's
200,000 charges) is never held twice, as records and as rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence


class Rows(Sequence):
    """The rows of records, each made by ``row(record)`` only when it is asked for."""

    def __init__(
        self,
        records: Sequence,
        row: Callable[[object], Sequence],
        key: Callable[[object], object] | None = None,
    ):
        """Rows of ``records``, each turned into a row's values by ``row``; in the order
        of ``key``, when given: the records are sorted (stably) when a row is first asked
        for, so that a listing another process writes is not sorted here for nothing."""
        self.records = records
        self.row = row
        self._key = key

    def __len__(self) -> int:
        """How many rows."""
        return len(self.records)

    def __getitem__(self, index):
        """The row ``index`` (a list of rows for a slice)."""
        if self._key is not None:
            self.records = sorted(self.records, key=self._key)
            self._key = None
        if isinstance(index, slice):
            return [self.row(record) for record in self.records[index]]
        return self.row(self.records[index])
