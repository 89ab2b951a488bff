"""English glosses of the Chinese words an English report quotes: an app's menu labels
(「我的 → 已订业务 → 退订」, Me → Subscribed services → Unsubscribe) and the words of a
service's name (手机报: SMS news service), from ``glossary.toml``.

A gloss goes beside the Chinese, never in its place (the carrier knows its service by its
Chinese name, and the app shows its own labels), and only where the table knows the words:
no gloss rather than a wrong one. A Chinese report needs none: these give ``""`` there.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from auditor.lang import active

#: The parts of a service's name glossed each on their own: split at a dash or a bracket
#: (手机报-财经早晚报, 咪咕音乐白金会员（7天免费体验）), after NFKC (full-width brackets).
_PARTS = re.compile(r"[-–—－_/()\[\]【】「」<>《》]+")


@cache
def _table() -> tuple[dict[str, str], dict[str, str], tuple[str, ...]]:
    """The app labels' glosses, the service words' (by their NFKC form) and the marks
    that leave a name unglossed."""
    text = resources.files(__package__).joinpath("glossary.toml").read_text("utf-8")
    data = tomllib.loads(text)
    words = {unicodedata.normalize("NFKC", k): v for k, v in data["service"].items()}
    return dict(data["app"]), words, tuple(data["unsafe"]["marks"])


def app_path_gloss(path: str) -> str:
    """The English of an app's path (``我的 → 已订业务 → 退订``) a label at a time
    (``Me → Subscribed services → Unsubscribe``), a label the table does not know kept as
    it is; ``""`` when it knows none of them, or in a Chinese report."""
    if active() == "zh":
        return ""
    labels = _table()[0]
    parts = [part.strip() for part in path.split("→")]
    if not any(part in labels for part in parts):
        return ""
    return " → ".join(labels.get(part, part) for part in parts)


def app_path_shown(path: str) -> str:
    """An app's path as a step quotes it: 「我的 → 已订业务」, and in English its gloss
    after it, ``「我的 → 已订业务」 (Me → Subscribed services)``; ``""`` for no path."""
    if not path:
        return ""
    gloss = app_path_gloss(path)
    return f"「{path}」 ({gloss})" if gloss else f"「{path}」"


def service_gloss(name: str) -> str:
    """What a service's name says in English, from the words the table knows, in the
    name's order, each part of it on its own (:data:`_PARTS`): ``咪咕音乐白金会员（7天免费体验）``
    is ``Migu music platinum membership, free trial``; ``""`` when it knows none, for a
    name that says what it is not (非会员), or in a Chinese report."""
    return "" if active() == "zh" or not name else _service_gloss(name)


@lru_cache(maxsize=4096)  # a report names a few services, thousands of times over
def _service_gloss(name: str) -> str:
    _, words, marks = _table()
    text = unicodedata.normalize("NFKC", name)
    if any(mark in text for mark in marks):
        return ""
    longest = max(map(len, words))
    glossed = []
    for part in _PARTS.split(text):
        found: list[str] = []
        at = 0
        while at < len(part):
            size = next(
                (
                    n
                    for n in range(min(longest, len(part) - at), 0, -1)
                    if part[at : at + n] in words
                ),
                0,
            )
            if size:
                gloss = words[part[at : at + size]]
                if not found or found[-1] != gloss:  # 彩铃…彩铃: once
                    found.append(gloss)
            at += size or 1
        if found:
            glossed.append(" ".join(found))
    return ", ".join(glossed)


def glossed(name: str) -> str:
    """A service's name as an English report shows it where a person reads it: the name,
    then its gloss in brackets (``手机报-财经早晚报 (SMS news service)``); the name alone
    where there is no gloss, and in a Chinese report."""
    gloss = service_gloss(name)
    return f"{name} ({gloss})" if gloss else name


def glossed_in(text: str, name: str) -> str:
    """``text`` (a finding's message) with ``name``'s gloss after the first place it names
    it, after its closing quote if quoted (``手机报-财经早晚报 (SMS news service): you
    cancelled it…``); ``text`` itself where it does not name it or there is no gloss."""
    gloss = service_gloss(name)
    at = text.find(name) if gloss else -1
    if at < 0:
        return text
    end = at + len(name)
    end += text.startswith("」", end)
    return f"{text[:end]} ({gloss}){text[end:]}"
