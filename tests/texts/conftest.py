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


# --------------------------------------------------------------------------
# Database-backed helpers (the app side: import, pages, API, links)
# --------------------------------------------------------------------------

import os  # noqa: E402


def find_seeds_dir() -> Path | None:
    """shared/seeds beside the checkout (or a parent, for worktrees), or EVENTHUB_SEEDS_DIR."""
    if os.environ.get("EVENTHUB_SEEDS_DIR"):
        return Path(os.environ["EVENTHUB_SEEDS_DIR"])
    repo_root = Path(__file__).resolve().parents[2]
    for directory in (repo_root.parent, *repo_root.parent.parents):
        candidate = directory / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


@pytest.fixture
def seed_text():
    """Text of a seed file; skips the test with the reason when the seeds are absent."""

    def read(name: str) -> str:
        seeds = find_seeds_dir()
        if seeds is None or not (seeds / name).is_file():
            pytest.skip(
                f"seed text not found: need shared/seeds/{name} beside the repository "
                "(or set EVENTHUB_SEEDS_DIR)"
            )
        return (seeds / name).read_text(encoding="utf-8")

    return read


@pytest.fixture
def import_fixture(demo_event, fixture_text):
    """Import tests/texts/fixtures/<name> as the demo event's ``kind`` document."""
    from eventhub.texts.operations import import_document

    def do_import(name: str, kind: str, title: str = "", actor=None):
        return import_document(demo_event, fixture_text(name), title, kind, name, actor)

    return do_import


@pytest.fixture
def both_fixtures(import_fixture):
    """The water-security draft and adopted fixtures imported: (draft, adopted) documents."""
    draft = import_fixture("draft.md", "draft", "Draft resolution on water security").document
    adopted = import_fixture("adopted.md", "adopted", "Resolution on water security").document
    return draft, adopted


@pytest.fixture
def staff_client(client, make_user, login_as):
    """The test client signed in as a staff member."""
    login_as(make_user("staff@ipu.example", role="staff"))
    return client


@pytest.fixture
def organiser_client(client, make_user, login_as):
    login_as(make_user("organiser@ipu.example", role="organiser"))
    return client
