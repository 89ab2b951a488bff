"""The cycle collector around the program: on again after the commands' imports, and what
a command keeps to the end kept only in a process that ends without tidying."""

from __future__ import annotations

import gc
import subprocess
import sys

from auditor import collector


def test_importing_the_commands_leaves_the_collector_as_it_was():
    for was in ("gc.enable()", "gc.disable()"):
        code = f"import gc; {was}; import auditor.cli; print(gc.isenabled())"
        shown = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert shown.strip() == str(was == "gc.enable()")


def test_the_commands_modules_are_frozen_out_of_collections():
    code = "import gc; import auditor.cli; print(gc.get_freeze_count())"
    frozen = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert int(frozen.stdout) > 10_000


def test_objects_are_kept_to_the_end_only_in_a_process_that_ends_untidily(monkeypatch):
    monkeypatch.setattr(collector, "_kept", [])
    monkeypatch.setattr(collector, "_untidy_end", False)
    collector.keep_to_the_end(["a report"])
    assert collector._kept == []  # a library call, a test's command: nothing kept
    collector.ending_without_tidying()
    held = ["a report"]
    collector.keep_to_the_end(held)
    assert collector._kept == [held]
    assert gc.isenabled()
