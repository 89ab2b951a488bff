"""auditor: the offline monthly phone-bill check.

The flow is readers → normalised tables → rules → actions → writers:

- :mod:`auditor.readers` turn each input file into :class:`auditor.model.ReadResult`;
- :mod:`auditor.pipeline` gathers them into pandas tables and runs the rules;
- :mod:`auditor.rules` hold one rule per module, registered in ``RULES``;
- :mod:`auditor.actions` attach the carrier's cancel and escalation steps;
- :mod:`auditor.writers` write the Excel report, JSON and the terminal summary.
"""

__version__ = "0.1.0"
