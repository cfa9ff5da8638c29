"""Shared helpers for the reference-text tests (pure Python, no Flask)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"

@pytest.fixture(scope="session")
def fixture_text():
    """Return the text of a file in tests/texts/fixtures."""

    def read(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    return read
