"""Test-wide setup.

- openpyxl on its own XML writer, as auditor runs it: test modules may import openpyxl
  before auditor (whose package sets the same default), and openpyxl picks its writer
  once, at import (see auditor/__init__.py).
- Property tests explore new examples on a developer's machine, but CI (``CI`` set in the
  environment) runs them derandomized, so that a green CI stays green for the same code;
  the long exploration is ``bench/fuzz.py`` and local runs.
- Every test gets a data folder of its own (``XDG_DATA_HOME``, where platformdirs puts
  the default history on Linux): an audit run without ``--db`` remembers what it read
  there, never in the developer's own history, and no test sees another's. The home
  folder is the tests' own too, so that no settings file above it is found.
- Every test starts in Chinese (``AUDITOR_LANG=zh``, no language set by an earlier
  command), whatever the machine's locale, and so do fixtures wider than one test (set up
  before a test's own): a test of English output asks for it.
"""

import os

import pytest
from hypothesis import settings

os.environ.setdefault("OPENPYXL_LXML", "False")
# Chinese from collection on (parameters made at import), whatever the machine's locale.
os.environ["AUDITOR_LANG"] = "zh"

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def session_data_folder(tmp_path_factory):
    """A data folder for fixtures wider than one test (set up before any of them), and
    Chinese for them too: a module's fixture is made before any test's own setup."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("session-data")))
        # The settings are looked for up from the inputs' folders to the home folder: no
        # auditor.toml above the tests' folders (in /tmp, say) is found by any of them.
        patch.setenv("HOME", str(tmp_path_factory.getbasetemp()))
        patch.setenv("AUDITOR_LANG", "zh")
        yield


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path_factory, monkeypatch):
    """A data folder of the test's own for the default history database."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(autouse=True)
def chinese_by_default(monkeypatch):
    """Chinese texts, as the tool's main users get them, whatever the locale says."""
    from auditor import lang

    monkeypatch.setenv("AUDITOR_LANG", "zh")
    lang.use(None)
    yield
    lang.use(None)


@pytest.fixture
def english(monkeypatch):
    """English texts for one test (or a module: ``pytestmark = pytest.mark.usefixtures(
    "english")``), for tests of what an English-speaking user reads: the active language
    and the environment's, which a command run in the test (CliRunner) starts from."""
    from auditor import lang

    monkeypatch.setenv("AUDITOR_LANG", "en")
    with lang.using("en"):
        yield


@pytest.fixture
def december(monkeypatch):
    """Today is 2026-12-31, for tests whose audits are dated up to 2026-12-05 (the history
    takes no audit dated after today)."""
    from datetime import date

    from auditor import clock

    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 31))
