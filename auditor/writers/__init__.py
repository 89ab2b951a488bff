"""The outputs of an audit: the Excel report, the JSON findings and the terminal summary.

Every writer masks phone numbers through a :class:`~auditor.writers.safe.Masker` and
writes files whole or not at all (:func:`~auditor.writers.safe.atomic_write`).
"""

from __future__ import annotations

from auditor.writers.console import render_summary
from auditor.writers.json import render_json, report_to_dict, write_json
from auditor.writers.safe import (
    Masker,
    atomic_write_all,
    check_not_an_input,
    check_outputs,
)
from auditor.writers.xlsx import SHEETS, render_xlsx, write_xlsx

__all__ = [
    "SHEETS",
    "Masker",
    "atomic_write_all",
    "check_not_an_input",
    "check_outputs",
    "render_json",
    "render_summary",
    "render_xlsx",
    "report_to_dict",
    "write_json",
    "write_xlsx",
]
