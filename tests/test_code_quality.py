"""The codebase's own checks, run with the tests so CI enforces them: ruff lint and format, mypy types."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["indexer", "service", "tests", "bench"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def _missing(tool: str) -> bool:
    return importlib.util.find_spec(tool) is None


@pytest.mark.skipif(_missing("ruff"), reason="ruff is not installed (pip install -e '.[test]')")
def test_ruff_lint_and_format() -> None:
    lint = _run("ruff", "check", *SOURCES)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    form = _run("ruff", "format", "--check", *SOURCES)
    assert form.returncode == 0, form.stdout + form.stderr


@pytest.mark.skipif(_missing("mypy"), reason="mypy is not installed (pip install -e '.[test]')")
def test_mypy() -> None:
    typed = _run("mypy", "indexer", "service")
    assert typed.returncode == 0, typed.stdout + typed.stderr
