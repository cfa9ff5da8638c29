"""Invitee lists waiting for the column-mapping step of an import: kept under the
instance folder for a day at most (they hold personal data), then removed by a
periodic job (``tasks.remove_abandoned_uploads``) whether or not anyone comes back."""
from __future__ import annotations

import time
from pathlib import Path

from flask import current_app

#: Uploads waiting for the column-mapping step are kept this long.
KEPT_SECONDS = 24 * 3600
SUFFIXES = (".upload", ".name")


def directory() -> Path:
    path = Path(current_app.instance_path) / "invitation-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def is_expired(path: Path, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    try:
        return path.stat().st_mtime < now - KEPT_SECONDS
    except FileNotFoundError:
        return True


def remove_abandoned(now: float | None = None) -> int:
    """Delete every waiting upload older than a day; returns how many files went."""
    path = Path(current_app.instance_path) / "invitation-imports"
    if not path.is_dir():
        return 0
    removed = 0
    for old in path.iterdir():
        if old.suffix in SUFFIXES and old.is_file() and is_expired(old, now):
            old.unlink(missing_ok=True)
            removed += 1
    return removed
