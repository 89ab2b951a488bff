"""Test-wide setup: openpyxl on its own XML writer, as auditor runs it.

Test modules may import openpyxl before auditor (whose package sets the same default),
and openpyxl picks its writer once, at import: see auditor/__init__.py.
"""

import os

os.environ.setdefault("OPENPYXL_LXML", "False")
