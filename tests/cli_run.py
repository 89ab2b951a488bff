"""Running ``auditor`` as a user types it, for the history tests."""

from click.testing import CliRunner

from auditor import cli


def run(*args: str):
    """``auditor ARGS…`` through click's runner; its result (exit code, stdout, stderr)."""
    return CliRunner().invoke(cli.main, list(args))
