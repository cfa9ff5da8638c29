"""Shared helpers for the reference-text tests (pure Python, no Flask)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Until the package is installed (pyproject is owned by the app skeleton),
# make ``import eventhub`` work when pytest is run from a bare checkout.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


@pytest.fixture(scope="session")
def fixture_text():
    """Return the text of a file in tests/texts/fixtures."""

    def read(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    return read
