"""One language at a time: every text a person reads, in Chinese or in English.

A text is written once in each language where it is made: ``say("已退订", "cancelled")``,
or, for a label kept in a table, ``Text("已退订", "cancelled")`` shown with
:meth:`Text.shown` where it is used (a module-level ``say`` would be chosen at import,
before the command has set the language). Which language shows is the *active* one,
set once by the command before anything is read (``--lang``; else ``AUDITOR_LANG``; else
the locale as gettext reads it, :func:`default_lang`: Chinese when it says ``zh``), the
way gettext and Django activate theirs. Reading workers and the writers' children are forked
and inherit it.

The active language is the context's (a :class:`~contextvars.ContextVar`, as Django keeps
its translation per thread): a script's two audits in two threads, one in Chinese and
one in English, each write in their own. A new thread starts with a fresh context, so
one that sets no language has the environment's, whatever the thread that started it
set; a process forked by a thread (the reading pool, the JSON child) has that thread's.

Ids, rule ids, carrier ids, column keys and JSON keys are never translated: a machine
reads those.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass

LANGS = ("zh", "en")

#: The language :func:`use` set in this context (None: the environment's).
_active: ContextVar[str | None] = ContextVar("auditor_lang", default=None)
_get = _active.get  # say()'s, looked up once


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for: ``AUDITOR_LANG`` when it names one of
    :data:`LANGS`; else as gettext reads it: the first locale variable set (``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``, POSIX's order), whose ``C``/``POSIX`` locale means English,
    and otherwise ``LANGUAGE``'s first choice before it when set. ``zh`` when the one
    that decides starts with ``zh``, else ``en``."""
    environ = os.environ if environ is None else environ
    chosen = environ.get("AUDITOR_LANG", "").strip().lower()
    if chosen in LANGS:
        return chosen
    locale = next(
        (v.strip() for n in ("LC_ALL", "LC_MESSAGES", "LANG") if (v := environ.get(n, ""))), ""
    )
    if locale.split(".")[0] in ("C", "POSIX"):
        return "en"
    first = environ.get("LANGUAGE", "").strip().split(":")[0]
    deciding = first or locale
    return "zh" if deciding.lower().startswith("zh") else "en"


def active() -> str:
    """The language texts are made in now: the one :func:`use` set, else the
    environment's (:func:`default_lang`)."""
    return _active.get() or default_lang()


def use(lang: str | None) -> None:
    """Make ``lang`` the active language of this thread (context) from now on
    (``None``: the environment's again)."""
    _active.set(_checked(lang))


def using(lang: str | None) -> contextlib.AbstractContextManager[None]:
    """Make ``lang`` the active language inside the ``with`` block only; a ``ValueError``
    at once, when called, for a language it does not speak (a caller that says it its
    own way, :func:`auditor.run.audit`, need not check it first)."""
    return _using(_checked(lang))


@contextlib.contextmanager
def _using(lang: str | None) -> Iterator[None]:
    # The language before set back, not reset by token: a block may end in another
    # context than it began (a generator's, a fixture's teardown).
    before = _active.get()
    _active.set(lang)
    try:
        yield
    finally:
        _active.set(before)


def _checked(lang: str | None) -> str | None:
    if lang is not None and lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGS)}")
    return lang


def say(zh: str, en: str) -> str:
    """``zh`` or ``en``, whichever the active language is."""
    # active() inlined: a report of 3,000 findings makes 200,000 texts.
    return zh if (_get() or default_lang()) == "zh" else en


def counted(count: int, noun: str, nouns: str = "") -> str:
    """``1 file`` or ``3 files``: an English count with its noun's right number (``nouns``
    where the plural is not ``noun`` + s); Chinese counts need none."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


@dataclass(frozen=True)
class Text:
    """A text in both languages, kept until it is shown (labels in tables, constants)."""

    zh: str
    en: str

    def shown(self) -> str:
        """The text in the active language."""
        return say(self.zh, self.en)

    def __str__(self) -> str:
        return self.shown()
