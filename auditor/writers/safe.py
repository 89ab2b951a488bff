"""What every writer must get right: masking, inert text, and whole-or-nothing files.

- :class:`Masker` is the edge every output text passes: it makes the text safe to show
  (:func:`auditor.safe_text.safe_text`: no escape sequences, one line, no lone surrogates),
  always removes ID-card numbers and customers' names, and masks every mobile number,
  however it is written, unless the user asked for ``--no-mask``.
- :func:`is_formula_like` spots input text a spreadsheet would run as a formula.
- :func:`atomic_write` replaces a file in one step, so a reader (or a second audit running
  at the same time) sees the old report or the new one, never half of one.
- :func:`check_not_an_input` refuses to write a report over one of the files it audits.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from auditor.errors import AuditorError
from auditor.personal import REDACTED, redact_personal
from auditor.safe_text import safe_text
from auditor.values import mask_text

#: Stamped into every workbook's properties and checked by :func:`is_auditor_report`, so a
#: folder walk over a place that holds old reports does not audit them as bills.
REPORT_MARKER = "auditor-report"

# Spreadsheet programs run text starting with these as a formula (CSV/formula injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Masker:
    """The one way a text reaches an output: made safe, personal data removed, phone
    numbers masked (``138****1234``) unless ``--no-mask`` turned masking off.

    Every writer, the terminal summary and every line on stderr (log lines and tracebacks
    included) call it, so a text read from an input cannot reach the user any other way.
    ``personal`` are the exact texts the readers remembered (names and ID numbers by their
    labels): they are removed with or without ``--no-mask``, as are the ID numbers and
    labelled or greeted names :func:`~auditor.personal.redact_personal` finds.
    """

    enabled: bool = True
    personal: frozenset[str] = frozenset()  # exact texts to remove (AuditReport.personal_texts)
    # Made safe like the texts they are looked for in; longest first, so that a name inside
    # a longer remembered text goes with it.
    _secrets: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        shown = {safe_text(s).strip() for s in self.personal}
        secrets = tuple(sorted((s for s in shown if s), key=lambda s: (-len(s), s)))
        object.__setattr__(self, "_secrets", secrets)

    def __call__(self, text: object) -> str:
        """``text`` as a safe one-line string, personal data removed, numbers masked (when on)."""
        text = safe_text(text)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        text = redact_personal(text)
        return mask_text(text) if self.enabled else text

    def joined(self, texts: Iterable[object]) -> str:
        """Several texts, each through the masker, one per line (a cell's list of evidence)."""
        return "\n".join(self(text) for text in texts)

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
    """Raise :class:`AuditorError` when ``target`` is one of ``inputs`` (compared resolved)."""
    resolved = Path(target).resolve()
    for path in inputs:
        if Path(path).resolve() == resolved:
            raise AuditorError(f"{target}: refusing to write the {what} over one of its inputs")


def is_auditor_report(path: Path) -> bool:
    """True when ``path`` is a workbook or JSON file auditor itself wrote.

    Reads only the workbook's properties, or a JSON file's top-level keys; any file that
    cannot be opened that way is simply not a report.
    """
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            with zipfile.ZipFile(path) as archive:
                core = archive.read("docProps/core.xml").decode("utf-8", "replace")
            return REPORT_MARKER in core
        if suffix == ".json" and path.stat().st_size < 64 * 1024 * 1024:
            data = json.loads(path.read_text("utf-8"))
            return isinstance(data, dict) and data.get("generator") == REPORT_MARKER
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return False
    return False
