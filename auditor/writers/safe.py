"""What every writer must get right: masking, inert text, and whole-or-nothing files.

- :class:`Masker` masks every mobile number in text unless the user asked for ``--no-mask``,
  and always removes ID-card numbers and labelled customer names.
- :func:`is_formula_like` spots input text a spreadsheet would run as a formula.
- :func:`atomic_write` replaces a file in one step, so a reader (or a second audit running
  at the same time) sees the old report or the new one, never half of one.
- :func:`check_not_an_input` refuses to write a report over one of the files it audits.

(Telling auditor's own earlier reports from inputs is the folder walk's job:
:func:`auditor.readers.walk.is_auditor_report`.)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from auditor.errors import AuditorError
from auditor.model import REPORT_MARKER as REPORT_MARKER  # the writers stamp it from here
from auditor.values import REDACTED, mask_text, redact_personal

# Spreadsheet programs run text starting with these as a formula (CSV/formula injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Masker:
    """Masks phone numbers in text (``138****1234``) unless ``--no-mask`` turned it off.

    Every text that reaches an output passes through here, so it is also where ID-card
    numbers and labelled customer names are removed, with or without ``--no-mask``.
    """

    enabled: bool = True
    personal: frozenset[str] = frozenset()  # exact texts to remove (AuditReport.personal_texts)
    # Longest first, so that a name inside a longer remembered text goes with it.
    _secrets: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        secrets = tuple(sorted(self.personal, key=lambda s: (-len(s), s)))
        object.__setattr__(self, "_secrets", secrets)

    def __call__(self, text: object) -> str:
        """``text`` as a string, personal data removed, mobile numbers masked (when on)."""
        if text is None:
            return ""
        text = str(text)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        text = redact_personal(text)
        return mask_text(text) if self.enabled else text

    def deep(self, value: object) -> object:
        """Mask every string inside nested dicts, lists and tuples (for JSON details)."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {self(k): self.deep(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.deep(v) for v in value]
        return value


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would treat ``text`` as a formula if typed in (``=``, ``+``...)."""
    return bool(text) and text.startswith(_FORMULA_STARTS)


def atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all (temp file in the same folder, replace).

    The folder is created when missing. On any failure the temp file is removed and the
    old ``target``, if any, is left as it was.
    """
    atomic_write_all([(Path(target), data)])


def atomic_write_all(outputs: list[tuple[Path, bytes]]) -> None:
    """Write several files together: every one whole, and none unless all could be staged.

    Each is first written to a temp file beside its target; only when all of them are on
    disk are they moved into place, so a report is never left behind by a JSON file that
    could not be written (a folder that is a file, a full disk, no permission).
    """
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in outputs:
            staged.append((_stage(Path(target), data), Path(target)))
        for temp, target in staged:
            os.replace(temp, target)
    except OSError as exc:
        raise AuditorError(f"cannot write {exc.filename or ''}: {exc.strerror or exc}") from None
    finally:
        for temp, _ in staged:
            Path(temp).unlink(missing_ok=True)


def _stage(target: Path, data: bytes) -> str:
    """``data`` in a temp file in ``target``'s folder (created if missing); its path."""
    if target.parent.exists() and not target.parent.is_dir():
        raise NotADirectoryError(20, "its folder is a file", str(target.parent))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file 0600; a report is an ordinary file for its owner's tools.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return temp


def check_not_an_input(target: Path, inputs: Iterable[Path], what: str = "report") -> None:
    """Raise :class:`AuditorError` when ``target`` is one of ``inputs`` (compared resolved).

    ``os.path.realpath``, not ``Path.resolve``: an input that is a link loop (a walk keeps
    it, reading names it) resolves as far as it goes instead of raising.
    """
    resolved = os.path.realpath(target)
    for path in inputs:
        if os.path.realpath(path) == resolved:
            raise AuditorError(f"{target}: refusing to write the {what} over one of its inputs")
