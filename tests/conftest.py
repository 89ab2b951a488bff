"""Test-wide setup.

- openpyxl on its own XML writer, as auditor runs it: test modules may import openpyxl
  before auditor (whose package sets the same default), and openpyxl picks its writer
  once, at import (see auditor/__init__.py).
- Property tests explore new examples on a developer's machine, but CI (``CI`` set in the
  environment) runs them derandomized, so that a green CI stays green for the same code;
  the long exploration is ``bench/fuzz.py`` and local runs.
"""

import os

from hypothesis import settings

os.environ.setdefault("OPENPYXL_LXML", "False")

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
