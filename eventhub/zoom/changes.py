"""A session's webinar changed or deleted on Zoom (webhooks ``webinar.updated``,
``webinar.deleted`` / ``webinar.permanently_deleted``, ``webinar.recovered``).

Payloads as Zoom publishes them (WebinarUpdatedEvent, WebinarDeletedEvent in the
type definitions of Zoom's SDK @zoom/rivet, generated from Zoom's OpenAPI):

* ``webinar.updated``: ``payload.object`` holds the webinar ``id`` and the fields that
  changed (``start_time`` in UTC, ``duration`` in minutes, ``topic``...), ``old_object``
  their previous values; for one occurrence of a recurring webinar (``scope``
  "single") the change is in ``object.occurrences`` (``occurrence_id``, ``start_time``,
  ``duration``) and ``old_object.occurrences``.
* ``webinar.deleted``: ``payload.object`` (``id``, ``uuid``, ``start_time``...),
  ``operation`` "single" with ``object.occurrences`` when one occurrence was deleted,
  else the whole webinar went to Zoom's trash, from which ``webinar.recovered`` brings it
  back.

Nothing here changes eventhub's session by itself: an update becomes a flag
(``ZoomWebinarChange``) that shows Zoom's time next to eventhub's on the console's Zoom
page, until an organiser accepts Zoom's time (``accept_zoom_time``: the normal session
edit, then the offer to email the registrants) or keeps eventhub's (``dismiss``). A
deletion is flagged too, and the session's places wait for a new webinar: their join
links (dead with the webinar) are removed and no add or join link goes out
(``services.webinar_deleted``) until the session gets another webinar ID, its ID is
cleared, or Zoom recovers the webinar.
"""
from __future__ import annotations

import datetime as dt

from eventhub.db_types import utcnow
from eventhub.extensions import db
from eventhub.registration.models import SessionRegistration, ZoomState

from . import operations, services
from .attendance import parse_zoom_instant
from .models import ZoomWebinarChange

UPDATED = "updated"
DELETED = "deleted"
#: Zoom states of places that are (or are being put) on the webinar.
ON_WEBINAR = (ZoomState.PENDING.value, ZoomState.SYNCED.value, ZoomState.FAILED.value)


def open_change(session_id: int, kind: str) -> ZoomWebinarChange | None:
    return db.session.execute(
        db.select(ZoomWebinarChange).filter_by(session_id=session_id, kind=kind, resolved_at=None)
        .order_by(ZoomWebinarChange.id.desc())
    ).scalars().first()


def open_changes(session) -> list[ZoomWebinarChange]:
    return list(db.session.execute(
        db.select(ZoomWebinarChange).filter_by(session_id=session.id, resolved_at=None)
        .order_by(ZoomWebinarChange.id)
    ).scalars())


def session_minutes(session) -> int:
    return int((session.ends_at - session.starts_at).total_seconds() // 60)


def _minutes(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return None
    return minutes if 0 < minutes <= 24 * 60 * 14 else None


def _topic(value) -> str | None:
    return value.strip()[:300] if isinstance(value, str) and value.strip() else None


def _changed_values(session, obj: dict, old: dict) -> tuple[dt.datetime | None, int | None, str | None]:
    """(start, duration, topic) Zoom now gives, None for what this change did not touch."""
    start = parse_zoom_instant(obj.get("start_time")) if "start_time" in obj else None
    duration = _minutes(obj.get("duration")) if "duration" in obj else None
    occurrences = obj.get("occurrences")
    if start is None and duration is None and isinstance(occurrences, list):
        # One occurrence of a recurring webinar: the one that was at the session's time.
        previous = {o.get("occurrence_id"): parse_zoom_instant(o.get("start_time"))
                    for o in old.get("occurrences") or [] if isinstance(o, dict)}
        for occurrence in occurrences:
            if isinstance(occurrence, dict) and previous.get(occurrence.get("occurrence_id")) == session.starts_at:
                start = parse_zoom_instant(occurrence.get("start_time"))
                duration = _minutes(occurrence.get("duration"))
                break
    topic = _topic(obj.get("topic")) if "topic" in obj and obj.get("topic") != old.get("topic") else None
    return start, duration, topic


def note_update(session, webinar_id: str, obj: dict, old: dict, event_ts: int | None) -> str:
    """``webinar.updated`` for one session: flag what Zoom changed (time, duration, topic)
    for the organisers. The session itself is not changed. Does not commit."""
    start, duration, topic = _changed_values(session, obj, old if isinstance(old, dict) else {})
    if start is None and duration is None and topic is None:
        return "ignored"  # settings eventhub does not use (agenda, passcode, ...)
    flag = open_change(session.id, UPDATED)
    if flag is not None and flag.event_ts and event_ts and event_ts < flag.event_ts:
        return "unchanged"  # an older delivery arriving late: the flag already has newer values
    if flag is None:
        if (start in (None, session.starts_at) and duration in (None, session_minutes(session))
                and topic is None):
            return "unchanged"  # Zoom now says what eventhub says
        flag = ZoomWebinarChange(session_id=session.id, kind=UPDATED, webinar_id=webinar_id)
        db.session.add(flag)
    if start is not None:
        flag.zoom_starts_at = start
    if duration is not None:
        flag.zoom_duration = duration
    if topic is not None:
        flag.zoom_topic = topic
    flag.event_ts = event_ts
    flag.received_at = utcnow()
    if (flag.zoom_starts_at in (None, session.starts_at)
            and flag.zoom_duration in (None, session_minutes(session)) and not flag.zoom_topic):
        _resolve(flag, "agreed", "zoom")  # Zoom was changed back to eventhub's time
    return "applied"


def _registration_url(value) -> str | None:
    if not isinstance(value, str):
        return None
    url = value.strip()
    return url if url.startswith(("https://", "http://")) and len(url) <= 300 and " " not in url else None


def _delivered_at(event_ts: int | None) -> dt.datetime:
    """When Zoom says the change happened (``event_ts``, ms since the epoch), else now."""
    if event_ts:
        try:
            return dt.datetime.fromtimestamp(event_ts / 1000, tz=dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            pass
    return utcnow()


def note_registration_url(session, webinar_id: str, obj: dict, event_ts: int | None) -> str:
    """Keep the registration link a ``webinar.updated`` delivery gives for the session's
    webinar, with when it was seen and for which webinar ID (the set-up check compares it
    with the session's link). It is the only place Zoom's contract gives a webinar's
    registration link: WebinarUpdatedEvent.payload.object.registration_url in @zoom/rivet
    (``meetings/meetings.d.ts`` at rivet-javascript 7309ea3); WebinarsGetWebinarResponse,
    the add-registrant and batch answers and WebinarCreatedEvent have none. ``object`` is
    the webinar now; ``old_object.registration_url`` is the link before this change, so it
    is not kept. An older delivery arriving after a newer one changes nothing. Does not commit."""
    url = _registration_url(obj.get("registration_url"))
    if url is None or not webinar_id or session.zoom_webinar_id != webinar_id:
        return "ignored"
    seen_at = _delivered_at(event_ts)
    if (session.zoom_registration_url_seen_for == webinar_id and session.zoom_registration_url_seen_at
            and seen_at < session.zoom_registration_url_seen_at):
        return "unchanged"
    if (session.zoom_registration_url_seen, session.zoom_registration_url_seen_for) == (url, webinar_id) \
            and session.zoom_registration_url_seen_at == seen_at:
        return "unchanged"
    session.zoom_registration_url_seen = url
    session.zoom_registration_url_seen_at = seen_at
    session.zoom_registration_url_seen_for = webinar_id
    return "applied"


def note_deletion(session, webinar_id: str, obj: dict, operation: str | None, event_ts: int | None) -> str:
    """``webinar.deleted``: flag the session and make its places wait for a new webinar
    (join links removed: they die with the webinar). One deleted occurrence of a
    recurring webinar only counts when it is the session's. Does not commit."""
    occurrences = obj.get("occurrences")
    if operation == "single" and isinstance(occurrences, list) and occurrences:
        starts = {parse_zoom_instant(o.get("start_time")) for o in occurrences if isinstance(o, dict)}
        if session.starts_at not in starts:
            return "ignored"  # another occurrence: the session's is still there
    if open_change(session.id, DELETED) is not None:
        return "unchanged"
    db.session.add(ZoomWebinarChange(session_id=session.id, kind=DELETED, webinar_id=webinar_id,
                                     event_ts=event_ts))
    from eventhub.events.clock import now

    if session.ends_at <= now():
        return "applied"  # a past session: its places keep what Zoom recorded (attendance)
    note = services.webinar_deleted_note(webinar_id)
    places = db.session.execute(
        db.select(SessionRegistration).where(SessionRegistration.session_id == session.id,
                                             SessionRegistration.zoom_state.in_(ON_WEBINAR))
    ).scalars()
    for place in places:
        place.zoom_state = ZoomState.PENDING.value
        place.zoom_registrant_id = None
        place.zoom_join_url = None
        place.zoom_error = note
        operations.record_history(place.registration, "zoom_webinar_deleted", session=session.number)
    return "applied"


def note_recovery(session) -> str:
    """``webinar.recovered``: the webinar is back from Zoom's trash. The deletion flag is
    closed and the waiting places go back to pending; the caller queues
    ``tasks.attach_session`` (links the people Zoom still holds, adds the others). Does not commit."""
    flag = open_change(session.id, DELETED)
    if flag is None:
        return "unchanged"
    _resolve(flag, "recovered", "zoom")
    _release_waiting_places(session)
    return "applied"


def _release_waiting_places(session) -> int:
    places = list(db.session.execute(
        db.select(SessionRegistration).where(SessionRegistration.session_id == session.id,
                                             SessionRegistration.zoom_error.startswith(services.WEBINAR_DELETED_MARK))
    ).scalars())
    for place in places:
        place.zoom_error = None
    return len(places)


def _resolve(flag: ZoomWebinarChange, resolution: str, by: str) -> None:
    flag.resolved_at = utcnow()
    flag.resolution = resolution
    flag.resolved_by = by[:320]


def close_for_new_webinar(session) -> int:
    """The session's webinar ID changed or was cleared: every open flag is closed
    ("replaced") and places waiting for a new webinar are released (the caller's
    move, attach or link-mode switch handles them). Commits."""
    flags = open_changes(session)
    for flag in flags:
        _resolve(flag, "replaced", "eventhub")
    _release_waiting_places(session)
    db.session.commit()
    return len(flags)


def accept_zoom_time(flag: ZoomWebinarChange, actor) -> dict:
    """The organiser accepts Zoom's time: the session is edited like any session edit
    (validated, audited, ``session_changed``); returns the changes (empty when the times
    already agree). The flag is closed. Raises ``SessionChangeError`` for times the
    session cannot take."""
    from eventhub.events.operations import update_session

    session = flag.session
    start = flag.zoom_starts_at or session.starts_at
    minutes = flag.zoom_duration or session_minutes(session)
    changes = update_session(session, actor=actor, starts_at=start, ends_at=start + dt.timedelta(minutes=minutes))
    _resolve(flag, "accepted", getattr(actor, "email", None) or str(actor))
    db.session.commit()
    return changes


def dismiss(flag: ZoomWebinarChange, by: str) -> None:
    """The organiser keeps eventhub's time (and will change Zoom instead). Commits."""
    _resolve(flag, "dismissed", by)
    db.session.commit()
