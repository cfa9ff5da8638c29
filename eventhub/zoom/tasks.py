"""Zoom jobs. Each takes ids only (job arguments end up in queue storage and failure
records) and calls a function in ``operations``.

Transient Zoom failures raise, so huey retries with backoff (30 s, 1 min, 2 min ... about
2 hours in all); Zoom's daily limit re-schedules the job for 00:00 UTC instead of
burning retries; refusals are stored on the place and end the job. A cancellation that
could only name the person by email (an earlier add failed) is sent once more ten
minutes later: Zoom may still have been working on that add.

Jobs return None: what they did is on the place (and in the debug log); a return value
would be written to the queue's result store for every job and never read.
"""
from __future__ import annotations

import datetime as dt
import logging

from eventhub import jobs

from . import operations

log = logging.getLogger(__name__)

_RETRY = dict(retries=8, retry_delay=30, retry_backoff=2)
#: How long after a cancellation sent by email alone (the registrant's id unknown: an
#: earlier add failed) it is sent again, in case Zoom finished that add late.
LATE_ADD_RECHECK = dt.timedelta(minutes=10)


@jobs.task(**_RETRY)
def sync_session_registration(place_id: int, lookup_first: bool = False, reactivate: bool = False,
                              force: bool = False) -> None:
    """Create (or link) the Zoom registrant of one place; idempotent."""
    result = operations.sync_place(place_id, lookup_first=lookup_first, reactivate=reactivate, force=force)
    if result.retry_at is not None:
        sync_session_registration.schedule(
            args=(place_id,), kwargs={"lookup_first": True, "reactivate": reactivate, "force": force},
            eta=result.retry_at)
    log.debug("zoom sync of place %s: %s", place_id, result.outcome)


@jobs.task(**_RETRY)
def cancel_on_zoom(place_id: int, force: bool = False) -> None:
    """Cancel the Zoom registrant of a place cancelled here; idempotent."""
    result = operations.cancel_place(place_id, force=force)
    if result.retry_at is not None:
        cancel_on_zoom.schedule(args=(place_id,), kwargs={"force": force}, eta=result.retry_at)
    elif result.outcome == "cancelled_by_email" and not force:
        cancel_on_zoom.schedule(args=(place_id,), kwargs={"force": True},
                                eta=dt.datetime.now(dt.timezone.utc) + LATE_ADD_RECHECK)
    log.debug("zoom cancel of place %s: %s", place_id, result.outcome)


@jobs.task(**_RETRY)
def cancel_on_old_webinar(place_id: int, webinar_id: str, registrant_id: str, email: str | None = None) -> None:
    """After a session moved to another webinar: cancel the person on the old one. With
    ``email``: cancel the registrant of the address the person replaced."""
    result = operations.cancel_on_webinar(place_id, webinar_id, registrant_id, email=email)
    if result.retry_at is not None:
        cancel_on_old_webinar.schedule(args=(place_id, webinar_id, registrant_id),
                                       kwargs={"email": email}, eta=result.retry_at)
    log.debug("zoom cancel on old webinar for place %s: %s", place_id, result.outcome)


@jobs.task(**_RETRY)
def remove_from_zoom(place_id: int) -> None:
    """The place's registration was anonymised: delete its registrant from Zoom; idempotent."""
    result = operations.remove_anonymised_place(place_id)
    if result.retry_at is not None:
        remove_from_zoom.schedule(args=(place_id,), eta=result.retry_at)
    log.debug("zoom removal of place %s: %s", place_id, result.outcome)


@jobs.task(**_RETRY)
def attach_session(session_id: int) -> None:
    """A session entered API mode: link people already on the webinar, create the rest."""
    result = operations.attach_session(session_id)
    if result.retry_at is not None:
        attach_session.schedule(args=(session_id,), eta=result.retry_at)
    queue_registrations(session_id, list(result.follow_up))
    log.debug("zoom attach of session %s: %s", session_id, result.outcome)


def queue_registrations(session_id: int, place_ids: list[int]) -> None:
    """Many people at once (a session switched to API mode, a push): batches of 30
    (Zoom's batch registration), a single add for one person."""
    if len(place_ids) == 1:
        sync_session_registration(place_ids[0])
        return
    for start in range(0, len(place_ids), BATCH_SIZE):
        batch_register(session_id, place_ids[start:start + BATCH_SIZE])


#: Zoom's maximum per batch registration call.
BATCH_SIZE = 30


@jobs.task(**_RETRY)
def batch_register(session_id: int, place_ids: list[int]) -> None:
    """Register a batch of places in one Zoom call; those it leaves out get single adds."""
    result = operations.batch_register(session_id, list(place_ids))
    for place_id in result.follow_up:
        sync_session_registration(place_id)
    log.debug("zoom batch of %d for session %s: %s", len(place_ids), session_id, result.outcome)


@jobs.task(**_RETRY)
def move_session_to_webinar(session_id: int, old_webinar_id: str) -> None:
    """A session's webinar ID changed: cancel its registrants on the old webinar and
    register them on the new one."""
    for place_id, registrant_id in operations.detach_from_webinar(session_id, old_webinar_id):
        cancel_on_old_webinar(place_id, old_webinar_id, registrant_id)
    attach_session(session_id)


#: Zoom's participants report of an instance is ready some minutes after it ends.
REPORT_DELAY_SECONDS = 10 * 60


@jobs.task(**_RETRY)
def import_instance_attendance(session_id: int, instance_uuid: str) -> None:
    """``webinar.ended``: import the attendance of the instance that ended (adds up with
    every other import; not final, so nobody is marked absent by it)."""
    from eventhub.events.models import EventSession

    from . import attendance, services
    from eventhub.extensions import db

    session = db.session.get(EventSession, session_id)
    if session is None or services.session_mode(session) != services.API_MODE:
        return
    result = attendance.import_participants(session, instance_uuid=instance_uuid)
    log.debug("zoom attendance of session %s instance: %d matched", session_id, result.matched)
