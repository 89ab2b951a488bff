"""The day it is: the latest date an audit or a record may bear.

One place, so that tests can set it (``monkeypatch.setattr(clock, "today", …)``), and
a module of its own, light enough for the start of an audit (:mod:`auditor.run` checks
its date before the audit's other modules are imported).
"""

from __future__ import annotations

from datetime import date


def today() -> date:
    """The day it is: the latest audit date."""
    return date.today()
