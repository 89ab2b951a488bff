"""A finding's steps as every output shows them (:func:`actions_for`): the rule's
``steps`` run on a :class:`~auditor.actions.Steps` kit in its carrier's wording, the
carrier's SMS cautions with the first SMS step, numbered (:mod:`auditor.step_numbers`);
in a report not in Chinese, the steps said or typed to a person or a form (:data:`SAID`)
carry their Chinese words too, made by the same code in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from auditor.actions import Steps
from auditor.catalog import CARRIER_IDS, Carrier, Escalation
from auditor.lang import active, using
from auditor.model import Action, Finding
from auditor.step_numbers import numbered
from auditor.wording import Wording, catalog_wording, joined

#: The steps said or typed to a person or a form (a call, a complaint, an appeal, a shop's
#: counter, a form online): a report not in Chinese gives their Chinese words too.
SAID = frozenset({"hotline", "complaint", "appeal", "store", "web"})


def steps_for(
    finding: Finding,
    build: Callable[[Steps], None],
    as_of: date,
    carrier: Carrier | None,
    ladder: Escalation,
    company: bool = False,
    told: str = "",
) -> list[Action]:
    """The ordered steps ``build`` (a rule's ``steps``) gives ``finding``, from the given
    catalog data (``carrier`` ``None``: a brand the catalog does not know); ``company``
    for a company's line; ``told``: what tells its service apart (:class:`Steps`)."""
    return _steps(Steps(finding, Wording.of(carrier, ladder, company), as_of, told=told), build)


def actions_for(
    finding: Finding,
    build: Callable[[Steps], None],
    as_of: date,
    company: bool = False,
    told: str = "",
    main: str = "",
) -> list[Action]:
    """The ordered steps ``build`` gives ``finding``, for its carrier, as of ``as_of``
    (``company``: a company's line; ``told``, ``main``: :class:`Steps`'s).
    In a language not Chinese, a step said or typed to a person or a form (:data:`SAID`)
    has the Chinese report's words too, made by the same code in Chinese, not translated
    twice: the carrier's staff and the 12300 form take Chinese."""
    carrier = finding.carrier if finding.carrier in CARRIER_IDS else None
    lang = active()
    wording = catalog_wording(carrier, company, lang, finding.brand)
    steps = _steps(Steps(finding, wording, as_of, told=told, main=main), build)
    if lang == "zh" or not any(a.channel in SAID for a in steps):
        return steps
    with using("zh"):
        wording = catalog_wording(carrier, company, "zh", finding.brand)
        chinese = _steps(Steps(finding, wording, as_of, told=told, main=main), build)
    if [a.channel for a in chinese] != [a.channel for a in steps]:
        return steps  # (never: one code, one way; a report is not lost over it)
    pairs = zip(steps, chinese, strict=True)
    return [replace(a, zh=z.text) if a.channel in SAID else a for a, z in pairs]


def _steps(steps: Steps, build: Callable[[Steps], None]) -> list[Action]:
    """The ordered steps ``build`` gives ``steps``' finding in its wording, numbered as
    every output numbers them (:func:`numbered`)."""
    wording = steps.wording
    build(steps)
    # A carrier's cautions are about its SMS commands: they go with the first SMS step.
    if wording.cautions:
        first = next((i for i, a in enumerate(steps.actions) if a.channel == "sms"), None)
        if first is not None:
            sms = steps.actions[first]
            steps.actions[first] = replace(sms, note=joined([sms.note, wording.cautions]))
    return numbered(steps.actions)
