"""``python -m auditor`` and the ``auditor`` command (``auditor.__main__:main``) start here.

The command line (:mod:`auditor.cli`) takes a while to import on a cold start (half a
second on a busy machine). Ctrl-C meanwhile would leave Python to report a
``KeyboardInterrupt`` with a traceback of whatever module it stopped in: here it is one
line and exit status 130, as Ctrl-C at any later moment (:func:`auditor.cli.run`); the
traceback only with ``--verbose``. SIGTERM meanwhile (a service manager, a CI timeout)
would end the process silently with -15: it is ``auditor: stopped by SIGTERM`` and 143,
as at any later moment. Nothing is written yet then, so nothing is left half-written.
"""

import importlib.util
import os
import signal
import sys

#: The libraries a command imports after it starts (the report's writer, imported while
#: the workers read: auditor.run), looked for as it starts (found, not imported), so that
#: a Python without them is told so at once, as of those imported then.
LATER_LIBRARIES = ("xlsxwriter",)


def main() -> None:
    """Import the command line and run it (:func:`auditor.cli.run`, which never returns)."""
    # Until the command's own handlers are in place (auditor.cli.run), a SIGTERM is said
    # and ends the run here; they put this one back when the command is done.
    signal.signal(signal.SIGTERM, _stopped_while_starting)
    try:
        from auditor.cli import run

        for library in LATER_LIBRARIES:
            if importlib.util.find_spec(library) is None:
                raise ModuleNotFoundError(f"No module named {library!r}", name=library)
    except ModuleNotFoundError as missing:
        if (missing.name or "auditor").partition(".")[0] == "auditor":
            raise  # auditor's own module missing: a broken install or a bug, its traceback
        # `python -m auditor` typed with the system's python from the project folder finds
        # the package but not its libraries: say where the installed one is, not a traceback.
        sys.exit(
            f"auditor: this Python ({sys.executable}) lacks {missing.name!r}, one of "
            "auditor's libraries; run .venv/bin/auditor (make demo sets it up) or pip install -e ."
        )
    except KeyboardInterrupt:
        _stopped_while_starting(signal.SIGINT)
    run()


def _stopped_while_starting(signum: int, frame: object = None) -> None:
    """Ctrl-C (or SIGTERM: ``frame``, where it came) came while the command line was
    imported: say so in one line, exit 128 + the signal's number (130, 143)."""
    for stop in (signal.SIGINT, signal.SIGTERM):  # a second one cuts nothing short here
        signal.signal(stop, signal.SIG_IGN)
    if {"--verbose", "-v"} & set(sys.argv[1:]):
        import traceback

        if frame is None:
            traceback.print_exc()
        else:
            traceback.print_stack(frame)
    try:  # in the language asked for by the environment: --lang is not read yet
        from auditor.interrupts import Interrupted

        said = str(Interrupted(signum))
    except Exception:  # a module the interrupt left broken: said in English
        said = f"stopped by {signal.Signals(signum).name}"
    try:
        print(f"auditor: {said}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass  # stderr closed: the status says it
    os._exit(128 + signum)


if __name__ == "__main__":
    main()
