"""What every writer must get right: masking, inert text, and whole-or-nothing files.

- :class:`Masker` is the edge every output text passes: it makes the text safe to show
  (:func:`auditor.safe_text.safe_text`: no escape sequences, one line, no lone surrogates),
  always removes ID-card numbers, customers' names, e-mail and street addresses and
  bank-card numbers, and masks every mobile number, however it is written, unless the
  user asked for ``--no-mask``.
- :func:`is_formula_like` spots input text a spreadsheet would run as a formula.
- :func:`atomic_write` replaces a file in one step, so a reader (or a second audit running
  at the same time) sees the old report or the new one, never half of one.
- :func:`check_not_an_input` refuses to write a report over one of the files it audits;
  :func:`output_path` refuses to write over anything but a regular file (a folder, a
  device, a named pipe), and :func:`check_separate_outputs` two outputs into one file.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from auditor.errors import AuditorError
from auditor.interrupts import signals_held
from auditor.lang import say
from auditor.model import REPORT_MARKER as REPORT_MARKER  # the writers stamp it from here
from auditor.personal import may_hold_words, redact_personal, redacted
from auditor.phones import mask_number, mask_phones, phone_spans, unique_masks
from auditor.safe_text import safe_text
from auditor.values import mask_text

log = logging.getLogger(__name__)

# Spreadsheet programs run text starting with these as a formula (CSV/formula injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: How many distinct texts a :class:`Masker` remembers. A report repeats a few texts
#: (a line, a carrier, a month, a file's path, a step's wording) thousands of times; a
#: bound keeps a bill of 200,000 distinct item names from being held twice.
MASKED_TEXTS_KEPT = 1 << 16

# A text of CJK ideographs and printable ASCII but the colon and the @, with ten ASCII
# digits at most: most item names, and every locator (``row 12``). safe_text leaves it as
# it is (no control, separator or format character), and it has no room for what the
# masker removes: an ID or a card's number (15 digits), an e-mail address (an @), a
# labelled name (a colon), a greeting or a street address (尊敬的, 号: looked for apart),
# a mobile number (11 digits; no other script's digit, no circled one). So it is shown
# as it is, with no search: a bill of 200,000 distinct items asks it 400,000 times.
_PLAIN = r"[\u4e00-\u9fff\x20-\x2f\x3b-\x3f\x41-\x7e]"
_NOTHING_TO_MASK = re.compile(rf"(?:{_PLAIN}*[0-9]){{0,10}}{_PLAIN}*")

# Private-use characters stand for the user's own references while personal data is
# removed (Masker._redact): a text holding one already is redacted as it is.
_HELD_FIRST, _HOLDS = 0xE000, 0x1900
_HELD = re.compile("[\ue000-\uf8ff]")


def _nothing_to_mask(text: str) -> bool:
    """True for a text the masker gives back as it is (see _NOTHING_TO_MASK)."""
    return _NOTHING_TO_MASK.fullmatch(text) is not None and not may_hold_words(text)


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
    #: The lines of the report: those whose usual masks would look the same are told
    #: apart by a count (``138****1234(2)``: :func:`~auditor.phones.unique_masks`).
    lines: frozenset[str] = frozenset()
    #: The lines the history holds, in the order it came to hold them
    #: (:func:`~auditor.history.store.lines_in_order`): counted first among lines alike,
    #: in that order (the same count every month, read back by ``record --from``).
    known: tuple[str, ...] = ()
    #: The user's own references, typed into the history (a record's 工单号): shown as
    #: typed, a number in one too (a ticket of eleven digits is the one to quote), unless
    #: it holds one of ``lines`` or ``known``. Only where the whole text stands: a number
    #: reaching outside it is masked (a ticket 0001234 shows no line's digits).
    own: frozenset[str] = frozenset()
    # Made safe like the texts they are looked for in; longest first, so that a name inside
    # a longer remembered text goes with it.
    _secrets: tuple[str, ...] = field(init=False, repr=False, compare=False)
    # The masked form of the texts seen lately: masking is a pure function of the text and
    # of the fields above, and finding numbers in every spelling is the costly part of
    # writing a report, so each distinct text is masked once.
    _masked: Callable[[str], str] = field(init=False, repr=False, compare=False)
    #: The masked forms, with their count, of the lines that would look alike (by number).
    widened: dict[str, str] = field(init=False, repr=False, compare=False)
    # The own texts shown as typed, made safe like the texts they are looked for in.
    _own: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        shown = {safe_text(s).strip() for s in self.personal}
        secrets = tuple(sorted((s for s in shown if s), key=lambda s: (-len(s), s)))
        object.__setattr__(self, "_secrets", secrets)
        object.__setattr__(self, "_masked", lru_cache(maxsize=MASKED_TEXTS_KEPT)(self._mask))
        object.__setattr__(self, "widened", unique_masks(self.lines, self.known))
        lines = self.lines | set(self.known)
        own = {safe_text(text).strip() for text in self.own}
        own = {text for text in own if not any(n in lines for *_, n in phone_spans(text))}
        object.__setattr__(self, "_own", tuple(sorted(own - {""}, key=lambda s: (-len(s), s))))

    def __call__(self, text: object) -> str:
        """``text`` as a safe one-line string, personal data removed, numbers masked (when on)."""
        if text is None:
            return ""
        text = text if type(text) is str else str(text)
        if not self._secrets and _nothing_to_mask(text):
            return text  # not remembered either: such texts are a long bill's distinct items
        return self._masked(text)

    def _mask(self, text: str) -> str:
        text = safe_text(text)
        for secret in self._secrets:
            text = text.replace(secret, redacted())
        if _nothing_to_mask(text):
            return text
        text = self._redact(text)
        if not self.enabled:
            return text
        kept = self._own_spans(text)
        if self.widened or kept:
            return mask_phones(text, self._mask_number, kept)
        return mask_text(text)

    def _redact(self, text: str) -> str:
        """``text`` through :func:`~auditor.personal.redact_personal`, the user's own
        references (:attr:`own`) kept as typed where they stand whole: a ticket of
        sixteen digits is theirs to quote, never a bank card's number."""
        own = [o for o in self._own if o in text]
        if not own or len(own) > _HOLDS or _HELD.search(text):
            return redact_personal(text)
        held: dict[str, str] = {}
        for index, reference in enumerate(own):  # longest first: a longer one holds it
            mark = chr(_HELD_FIRST + index)  # no digit, letter or word a pattern takes
            whole = rf"(?<![0-9A-Za-z]){re.escape(reference)}(?![0-9A-Za-z])"
            text, count = re.subn(whole, mark, text)
            if count:
                held[mark] = reference
        text = redact_personal(text)
        for mark, reference in held.items():
            text = text.replace(mark, reference)
        return text

    def _own_spans(self, text: str) -> list[tuple[int, int]]:
        """Where ``text`` holds one of the user's own references (:attr:`own`)."""
        return [
            (found.start(), found.end())
            for own in self._own
            if own in text
            for found in re.finditer(re.escape(own), text)
        ]

    def counted(self) -> int:
        """How many of the report's lines are shown with a count after their mask."""
        return len(self.lines & self.widened.keys()) if self.enabled else 0

    def widened_note(self) -> str:
        """One sentence when some lines' masks carry a count (else ''): said once in each
        output, so a person knows what the ``(2)`` of ``138****1234(2)`` is."""
        if not (count := self.counted()):
            return ""
        return say(
            f"{count} 个号码打码后相同（前三位和后四位一样），在后面加 (1)、(2)… 区分，"
            "按号码顺序编号，每月不变",
            f"{count} lines would share a mask (the same first three and last four digits): "
            "each is told apart by a count after it, (1), (2)…, in the order of their "
            "numbers, the same every month",
        )

    def _mask_number(self, number: str) -> str:
        return self.widened.get(number) or mask_number(number)

    def joined(self, texts: Iterable[object]) -> str:
        """Several texts, each through the masker, one per line (a cell's list of
        evidence). A pair (a file, a place in it) is masked a part at a time and shown
        ``file: place``: a file that a hundred findings' evidence name is masked once."""
        return "\n".join(
            ": ".join(map(self, text)) if type(text) is tuple else self(text) for text in texts
        )

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
    old ``target``, if any, is left as it was. The file keeps the mode of the one it
    replaces, a new one is 0600 (:func:`output_mode`).
    """
    atomic_write_all([(Path(target), data)])


def atomic_write_all(
    outputs: list[tuple[Path, bytes]], commit: Callable[[], None] | None = None
) -> None:
    """Write several files together: every one whole, and none unless all could be staged.

    Each target must be a regular file or a new one (:func:`output_path`) and a file of
    its own (:func:`check_separate_outputs`). Each is first written to a temp file beside
    the file it replaces; only when all of them are on disk, and every target is checked
    again, are they moved into place, with SIGINT and SIGTERM held back meanwhile. So a
    report is never left behind by a JSON file that could not be written (a folder that
    is a file, a full disk, no permission), and a signal leaves no temp file behind (nor
    a folder made for it). A failure is one :class:`AuditorError` naming the target.

    ``commit`` (an audit's history transaction) is called in the same signals-held step,
    after the targets are checked and before the first is moved: if it fails, nothing
    is moved; once it succeeded, a signal waits until every output is in place, so the
    outputs and what ``commit`` saved go together. It runs first because it is the step
    that can fail (a full disk, a damaged file); a rename in the target's own folder,
    checked just before, hardly can, and when it does the caller knows ``commit`` ran.
    """
    named = [Path(target) for target, _ in outputs]
    check_separate_outputs(named)
    real = [output_path(target) for target in named]
    staged: list[str] = []
    made: list[Path] = []
    moved: set[str] = set()
    new_folders: list[tuple[Path, Path]] = []  # (a target, the outermost folder made for it)
    try:
        for target, path, (_, data) in zip(named, real, outputs, strict=True):
            before = len(made)
            with _failure_named(target):
                _stage(path, data, staged, made)
            if len(made) > before:  # named as the target was given, not resolved
                up = len(path.parts) - len(made[-1].parts) - 1
                shown = target.parents[up] if up < len(target.parents) else made[-1]
                new_folders.append((target, shown))
        with signals_held():
            for target in named:
                output_path(target)  # the audit took a while: still a regular file or none?
            if commit is not None:
                commit()
            for target, path, temp in zip(named, real, staged, strict=True):
                with _failure_named(target):
                    os.replace(temp, path)
                moved.add(temp)
    finally:
        with signals_held():  # a second Ctrl-C does not cut the cleaning up short
            for temp in staged:
                if temp not in moved:
                    Path(temp).unlink(missing_ok=True)
            if len(moved) < len(outputs):
                _remove_empty(made)
    # Made, and said: unlike a history (refused in a folder that does not exist: a
    # mistyped --db would start a new one silently), an output is written whole each run,
    # so a mistyped folder loses nothing; saying it shows where the file went.
    for target, folder in new_folders:
        log.warning(
            say("已新建文件夹 %s，用来存放 %s", "made the folder %s for %s"), folder, target
        )


@contextlib.contextmanager
def _failure_named(target: Path) -> Iterator[None]:
    """An ``OSError`` in the block becomes one line naming ``target`` (not a temp file's
    name, or none: a full disk's error carries no file name) and the reason."""
    try:
        yield
    except OSError as exc:
        why = exc.strerror or exc
        raise AuditorError(
            say(f"无法写入 {target}：{why}", f"cannot write {target}: {why}")
        ) from None


def _stage(target: Path, data: bytes, staged: list[str], made: list[Path]) -> None:
    """``data`` in a temp file in ``target``'s folder, added to ``staged``; the folders it
    had to make first are added to ``made``.

    Each is named before it exists (a temp file as soon as, signals wait for that), so
    whoever cleans up after a failure or a signal knows what to remove.
    """
    folder = target.parent
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(20, "its folder is a file", str(folder))
    made += itertools.takewhile(lambda p: not p.exists(), (folder, *folder.parents))
    folder.mkdir(parents=True, exist_ok=True)
    mode = output_mode(target)
    with signals_held():
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        staged.append(temp)
    with os.fdopen(fd, "wb") as handle:
        # Before a byte is written: mkstemp's file is 0600, the mode the output ends with
        # is never wider than the one it replaces (a report the user made 0600 stays so).
        os.fchmod(handle.fileno(), mode)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


#: The mode of an output that did not exist: its owner's alone, as the history is, for
#: a report holds what the history holds (full numbers, with ``--no-mask``).
NEW_OUTPUT_MODE = 0o600


def output_mode(target: Path) -> int:
    """The permission bits an output written to ``target`` gets: those of the file it
    replaces (the user chose them: a report made 0600 or shared 0640 stays so across
    re-runs), else :data:`NEW_OUTPUT_MODE` whatever the umask. Set-id and sticky bits
    are not carried over."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode) & 0o777
    except OSError:
        return NEW_OUTPUT_MODE


def _remove_empty(folders: list[Path]) -> None:
    """Remove those of ``folders`` that are empty, the deepest first (never a full one)."""
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()


def output_path(target: Path, what: str = "output") -> Path:
    """The file that writing ``target`` replaces or creates: ``target``, or what its links name.

    Only a regular file may be replaced: a folder, a device (``/dev/null`` too), a named
    pipe, a socket, or a symbolic link to one of them is refused with an
    :class:`AuditorError` naming ``target``, before anything is written. A path whose
    folder does not exist yet is fine (the folder is created when the file is staged).
    """
    # The kernel follows the links, /proc's too (/dev/stdout is a pipe or a terminal).
    try:
        mode = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        # A new file (or what a dangling link names); a folder in the way is named later.
        return Path(os.path.realpath(target))
    except OSError as exc:  # a link loop, a folder that cannot be searched, a name too long
        why, named = exc.strerror, _output(what)
        raise AuditorError(
            say(
                f"{target}：无法在那里写{named}：{why}",
                f"{target}: cannot write {named} there: {why}",
            )
        ) from None
    if stat.S_ISREG(mode):
        return Path(os.path.realpath(target))
    linked = os.path.islink(target)
    kind, named = _file_kind(mode), _output(what)
    raise AuditorError(
        say(
            f"{target}：拒绝把{named}写在{'（符号链接指向的）' if linked else ''}{kind}上；"
            "只会替换普通文件",
            f"{target}: refusing to write {named} over {kind}"
            f"{' (through a symbolic link)' if linked else ''}; only a regular file is replaced",
        )
    )


def _output(what: str) -> str:
    """``the report``, ``the JSON``: an output named in a sentence."""
    words = {"report": ("报告", "the report"), "JSON": ("JSON", "the JSON")}
    zh, en = words.get(what, ("输出", f"the {what}"))
    return say(zh, en)


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return say("文件夹", "a folder")
    if stat.S_ISFIFO(mode):
        return say("命名管道", "a named pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return say("设备", "a device")
    if stat.S_ISSOCK(mode):
        return say("套接字", "a socket")
    return say("不是文件的东西", "something that is not a file")


def check_outputs(outputs: dict[str, Path], inputs: Iterable[Path]) -> None:
    """Refuse, before any work is done, outputs that would destroy something.

    ``outputs`` maps what each is (``report``, ``JSON``) to its path. Each must be a file
    of its own, a regular file or a new one (:func:`output_path`), and none of ``inputs``.
    """
    check_separate_outputs(outputs.values())
    found = None  # each input's file, looked at once for all the outputs (2,000 stats)
    for what, target in outputs.items():
        output_path(target, what)
        found = found if found is not None else _files_of(inputs)
        _refuse_an_input(target, found, what)


def check_separate_outputs(targets: Iterable[Path]) -> None:
    """Raise :class:`AuditorError` when two of ``targets`` are one file, however spelled."""
    earlier: list[Path] = []
    for target in map(Path, targets):
        for other in earlier:
            if same_file(target, other):
                raise AuditorError(
                    say(
                        f"{target}：与 {other} 是同一个文件；每个输出需要单独的文件",
                        f"{target}: the same file as {other}; each output needs a file of its own",
                    )
                )
        earlier.append(target)


def check_not_an_input(target: Path, inputs: Iterable[Path], what: str = "report") -> None:
    """Raise :class:`AuditorError` when ``target`` is one of ``inputs`` (:func:`same_file`).

    One ``stat`` an input, not a resolved path each (a company's thousands of inputs, each
    a dozen folders deep): an input that exists is the target exactly when it is the
    file the target's resolved path names (the same device and inode; none when that
    file does not exist yet); an input that does not exist is compared by its resolved
    path, as :func:`same_file` does.
    """
    _refuse_an_input(target, _files_of(inputs), what)


def _files_of(inputs: Iterable[Path]) -> list[tuple[Path, tuple[int, int] | None]]:
    """Each input with its file's device and inode (None: it does not exist)."""
    found = []
    for path in inputs:
        try:
            stats = os.stat(path)
        except (OSError, ValueError):
            found.append((path, None))
        else:
            found.append((path, (stats.st_dev, stats.st_ino)))
    return found


def _refuse_an_input(
    target: Path, inputs: list[tuple[Path, tuple[int, int] | None]], what: str
) -> None:
    """:func:`check_not_an_input` of ``inputs`` as :func:`_files_of` gives them."""
    resolved = os.path.realpath(target)
    try:
        found = os.stat(resolved)
        inode = (found.st_dev, found.st_ino)
    except (OSError, ValueError):
        inode = None
    for path, file in inputs:
        if file is None:
            same = os.path.realpath(path) == resolved
        else:
            same = inode is not None and file == inode
        if same:
            named = _output(what)
            raise AuditorError(
                say(
                    f"{target}：拒绝把{named}写在它的输入文件上",
                    f"{target}: refusing to write {named} over one of its inputs",
                )
            )


def same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` are one file: the same path once links and ``..`` are
    resolved, or (when both exist) the same device and inode, as hard links are.

    ``os.path.realpath`` rather than ``Path.resolve``: it does not raise on a link loop.
    """
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False
