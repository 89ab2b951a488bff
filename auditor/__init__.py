"""auditor: the offline monthly phone-bill check.

The flow is readers → normalised facts → rules → steps → writers:

- :mod:`auditor.readers` turn each input file into :class:`auditor.model.ReadResult`;
- :mod:`auditor.pipeline` sets duplicate copies aside, builds the rules' facts once
  (:mod:`auditor.rules.facts`), runs the rules and attaches their steps;
- :mod:`auditor.rules` hold one rule per module, registered in ``RULES``: each says
  what it finds and what to do about it, with :mod:`auditor.actions`' shared steps
  (cancel, ask, keep evidence, the escalation ladder);
- :mod:`auditor.writers` write the Excel report, JSON and the terminal summary.
"""

import os

# openpyxl switches its XML writer to lxml whenever lxml is installed (auditor needs
# lxml for HTML), which changes the bytes of every workbook it writes. Keep openpyxl on
# its own writer, so reports and the XLSX fixtures stay byte-for-byte the same whether
# or not lxml is present. Set before anything imports openpyxl; an explicit setting wins.
os.environ.setdefault("OPENPYXL_LXML", "False")

__version__ = "0.1.0"
