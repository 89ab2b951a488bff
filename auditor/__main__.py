"""``python -m auditor`` runs the command line."""

import sys

try:
    from auditor.cli import run
except ModuleNotFoundError as missing:
    # `python -m auditor` typed with the system's python from the project folder finds the
    # package but not its libraries: say where the installed one is, not a traceback.
    sys.exit(
        f"auditor: this Python ({sys.executable}) lacks {missing.name!r}, one of auditor's "
        "libraries; run .venv/bin/auditor (make demo sets it up) or pip install -e ."
    )

if __name__ == "__main__":
    run()
