"""The outputs of an audit: the Excel report, the JSON findings and the terminal summary.

Every writer masks phone numbers through a :class:`~auditor.writers.safe.Masker` and
writes files whole or not at all (:func:`~auditor.writers.safe.atomic_write`).

The masker and the checks of the outputs are needed as an audit starts, the writers only
once its inputs are read: the writers are imported when first named
(``from auditor.writers import render_xlsx``), so that an audit starts reading without
them (:mod:`auditor.run` imports them while the reading processes read).
"""

from __future__ import annotations

import importlib

from auditor.writers.safe import (
    Masker,
    atomic_write_all,
    check_not_an_input,
    check_outputs,
)

#: Each writer named here, by the module it comes from (imported when first named).
_LATER = {
    "render_summary": "console",
    "not_bills_said": "console",
    "render_json": "json",
    "report_to_dict": "json",
    "write_json": "json",
    "SHEETS": "xlsx",
    "render_xlsx": "xlsx",
    "write_xlsx": "xlsx",
}

__all__ = [
    "SHEETS",
    "Masker",
    "atomic_write_all",
    "check_not_an_input",
    "check_outputs",
    "not_bills_said",
    "render_json",
    "render_summary",
    "render_xlsx",
    "report_to_dict",
    "write_json",
    "write_xlsx",
]


def __getattr__(name: str):
    """A writer of :data:`_LATER`, imported now (then found here without this)."""
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LATER[name]}"), name)
    globals()[name] = value
    return value
