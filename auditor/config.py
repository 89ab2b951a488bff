"""The user's settings file (``auditor.toml``): known services and line owners."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from auditor.errors import AuditorError
from auditor.values import ValueParseError, parse_phone

DEFAULT_CONFIG = Path("auditor.toml")


@dataclass
class UserConfig:
    """What the user told auditor about their lines.

    ``known_services`` are names the user knows and wants (matched like bill names);
    ``owners`` maps an 11-digit line to a person (``妈妈``).
    """

    known_services: list[str] = field(default_factory=list)
    owners: dict[str, str] = field(default_factory=dict)


def load_config(path: Path | None) -> UserConfig:
    """Read ``path`` (or ``auditor.toml`` in the working directory when present).

    ``known_services = [...]`` lists known services; ``[lines."13800001234"]`` tables give
    an ``owner`` and may list more ``known_services`` for that line alone (they count for
    every line: a service known on one line is not worth a finding on another).
    """
    if path is None:
        if not DEFAULT_CONFIG.is_file():
            return UserConfig()
        path = DEFAULT_CONFIG
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise AuditorError(f"{path}: known-services file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AuditorError(f"{path}: not a valid TOML file ({exc})") from None
    config = UserConfig(known_services=_names(data, path, "known_services"))
    lines = data.get("lines", {})
    if not isinstance(lines, dict):
        raise AuditorError(f"{path}: [lines] must be a table of numbers")
    for number, settings in lines.items():
        try:
            line = parse_phone(number)
        except ValueParseError:
            raise AuditorError(f"{path}: [lines] key {number!r} is not a mobile number") from None
        if isinstance(settings, dict):
            if isinstance(settings.get("owner"), str):
                config.owners[line] = settings["owner"]
            where = f'[lines."{number}"] known_services'
            config.known_services += [k for k in _names(settings, path, where) if k]
    return config


def _names(table: dict, path: Path, where: str) -> list[str]:
    """``table["known_services"]``, checked to be a list of names (a bare string is not)."""
    known = table.get("known_services", [])
    if not isinstance(known, list) or not all(isinstance(k, str) for k in known):
        raise AuditorError(f"{path}: {where} must be a list of names")
    return list(known)
