"""The outputs moved into place and the history committed, as one step (what an audit
does last): together or not at all, a Ctrl-C held while they are moved."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from auditor.errors import AuditorError
from auditor.history.db import HistoryDB, HistoryError
from auditor.interrupts import Interrupted
from auditor.lang import say
from auditor.writers.safe import atomic_write_all


def write_outputs(outputs: dict[Path, tuple[str, bytes]], db: HistoryDB | None) -> None:
    """Move the outputs into place and commit the history, as one step.

    Checked again as they are written (the audit took a while), together or not at all:
    the history is committed inside the step that moves the staged outputs, with signals
    held (:func:`~auditor.writers.safe.atomic_write_all`), so a Ctrl-C cannot leave new
    outputs beside an old history, nor the reverse. The commit comes first: when it fails
    nothing is moved; when a move fails after it, the message says the history was saved
    (the same audit run again gives the same outputs). ``outputs``: each file's path,
    what it is (``report``, ``JSON``) and its bytes.
    """
    saved = False
    words = {"report": say("报告", "the report"), "JSON": say("JSON", "the JSON")}
    names = [words[what] for what, _ in outputs.values()]
    names += [say("历史记录", "the history")] if db is not None else []
    if len(names) > 1:
        everything = say(
            "、".join(names[:-1]) + f"和{names[-1]}", ", ".join(names[:-1]) + f" and {names[-1]}"
        )
    else:
        everything = names[0]

    def commit(db: HistoryDB) -> None:
        nonlocal saved
        try:
            db.commit()
        except sqlite3.Error as exc:
            raise HistoryError(
                say(
                    f"{db.path}：无法保存历史记录（{exc}）；什么都没有写：{everything}保持原样",
                    f"{db.path}: cannot save the history ({exc}); nothing was written: "
                    f"{everything} are as they were",
                )
            ) from None
        saved = True

    try:
        pairs = [(path, data) for path, (_, data) in outputs.items()]
        atomic_write_all(pairs, None if db is None else lambda: commit(db))
    except HistoryError:
        raise
    except AuditorError as exc:
        if saved:
            raise AuditorError(
                say(
                    f"{exc}；历史记录已保存：再运行同样的检查即可写出结果",
                    f"{exc}; the history was saved: run the same audit again to write the outputs",
                )
            ) from None
        raise
    except Interrupted as stop:
        # A signal held while the outputs were moved stops the run once they are in place.
        if saved or db is None:
            were = "were" if len(names) > 1 else "was"
            stop.args = (
                say(f"{stop}（{everything}已保存）", f"{stop} once {everything} {were} saved"),
            )
        raise
