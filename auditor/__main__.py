"""``python -m auditor`` runs the command line."""

from auditor.cli import run

if __name__ == "__main__":
    run()
