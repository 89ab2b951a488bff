"""Editing the settings file's known services (``auditor known add|remove|list``), keeping
everything else in it as the user wrote it: comments, order, owners, spacing.

tomlkit is the TOML editor that keeps a document's comments and layout (the standard
library reads TOML but cannot write it). The file is checked as an audit reads it
(:func:`auditor.config.load_config`: a regular UTF-8 file, size and nesting limits)
before it is edited, and written whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.items import Array, KeyType, SingleKey, Table

from auditor.config import load_config, not_found, not_toml
from auditor.errors import AuditorError
from auditor.lang import Text, say
from auditor.names import service_key
from auditor.writers.safe import atomic_write

#: The comment a new settings file starts with, in the language of the run that makes it.
NEW_FILE_HEADER = Text(
    "# auditor 设置：你知道并且需要的业务（不会被标出），以及每个号码由谁使用。\n"
    "# 名称不论怎么写都能匹配（全角或半角、空格、末尾的价格）。\n",
    "# auditor settings: services you know and want (not flagged), and who uses each line.\n"
    "# Names match however they are written (full-width or not, spaces, a trailing price).\n",
)


@dataclass(frozen=True)
class KnownService:
    """One known service of the settings file: for every line, or listed under one."""

    name: str
    line: str | None = None  # the line whose table lists it: known on that line alone


def list_known(path: Path) -> list[KnownService]:
    """The known services of ``path``, top-level ones first, then per line."""
    if not path.exists():
        return []
    document = _load(path)
    found = [KnownService(str(name)) for name in document.get("known_services", [])]
    for line, settings in document.get("lines", {}).items():
        found += [KnownService(str(name), line) for name in settings.get("known_services", [])]
    return found


def add_known(path: Path, name: str, line: str | None = None) -> bool:
    """Add ``name`` to ``path``'s known services (under ``line``'s table when given),
    creating the file when missing; False when a name that matches it is already known."""
    name = name.strip()
    if not name:
        raise AuditorError(
            say("请给出业务名称，照账单上的写法", "give the service's name, as the bill writes it")
        )
    key = service_key(name)
    if any(service_key(k.name) == key and k.line in (None, line) for k in list_known(path)):
        return False
    document = _load(path) if path.exists() else tomlkit.parse(NEW_FILE_HEADER.shown())
    _names_of(document, line, create=True).append(name)
    _save(path, document)
    return True


def remove_known(path: Path, name: str, line: str | None = None) -> list[str]:
    """Remove the known services of ``path`` that match ``name`` (from ``line``'s table
    only, when given; else from everywhere); the names removed, as they were written."""
    if not path.exists():
        raise AuditorError(not_found(path))
    document, key = _load(path), service_key(name)
    tables = [line] if line else [None, *document.get("lines", {}).keys()]
    removed: list[str] = []
    for table in tables:
        names = _names_of(document, table, create=False)
        if names is None:
            continue
        for index in reversed(range(len(names))):
            if service_key(str(names[index])) == key:
                removed.insert(0, str(names[index]))
                del names[index]
    if removed:
        _save(path, document)
    return removed


def _load(path: Path) -> tomlkit.TOMLDocument:
    """``path`` as an editable document, once it passed the checks an audit makes."""
    load_config(path)
    try:
        return tomlkit.parse(path.read_text("utf-8"))
    except tomlkit.exceptions.TOMLKitError as exc:
        raise AuditorError(not_toml(path, str(exc))) from None


def _names_of(document: tomlkit.TOMLDocument, line: str | None, *, create: bool) -> Array | None:
    """The ``known_services`` array of the document (or of ``[lines."<line>"]``)."""
    if line is None:
        table: Table | tomlkit.TOMLDocument = document
    else:
        lines = document.get("lines")
        if lines is None:
            if not create:
                return None
            lines = tomlkit.table(is_super_table=True)
            document["lines"] = lines
        if line not in lines:
            if not create:
                return None
            # Quoted, as the README writes a line's table: [lines."13800001234"].
            lines.append(SingleKey(line, t=KeyType.Basic), tomlkit.table())
        table = lines[line]
    if "known_services" not in table:
        if not create:
            return None
        table["known_services"] = tomlkit.array()
    names = table["known_services"]
    if not isinstance(names, Array):
        raise AuditorError(
            say("known_services 必须是名称列表", "known_services must be a list of names")
        )
    return names


def _save(path: Path, document: tomlkit.TOMLDocument) -> None:
    text = tomlkit.dumps(document)
    atomic_write(path, text.encode("utf-8"))
    load_config(path)  # what was written reads back as settings
