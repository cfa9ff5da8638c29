""""Now" for the event lifecycle (registration windows, ended events).

``EVENTS_NOW`` in the configuration (an aware datetime or an ISO 8601 string with an
offset) freezes the clock: tests of the 2022 demo event set it to a day before the
meeting, so the event is open as it was then. Unset (production), it is the real time.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app, has_app_context

from eventhub.db_types import utcnow


def now() -> dt.datetime:
    frozen = current_app.config.get("EVENTS_NOW") if has_app_context() else None
    if not frozen:
        return utcnow()
    if isinstance(frozen, str):
        frozen = dt.datetime.fromisoformat(frozen.replace("Z", "+00:00"))
    if frozen.tzinfo is None:
        raise ValueError("EVENTS_NOW must carry a time zone")
    return frozen.astimezone(dt.timezone.utc)
