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
def cancel_on_old_webinar(place_id: int, webinar_id: str, registrant_id: str) -> None:
    """After a session moved to another webinar: cancel the person on the old one."""
    result = operations.cancel_on_webinar(place_id, webinar_id, registrant_id)
    if result.retry_at is not None:
        cancel_on_old_webinar.schedule(args=(place_id, webinar_id, registrant_id), eta=result.retry_at)
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
    for place_id in result.follow_up:
        sync_session_registration(place_id)
    log.debug("zoom attach of session %s: %s", session_id, result.outcome)


@jobs.task(**_RETRY)
def move_session_to_webinar(session_id: int, old_webinar_id: str) -> None:
    """A session's webinar ID changed: cancel its registrants on the old webinar and
    register them on the new one."""
    for place_id, registrant_id in operations.detach_from_webinar(session_id, old_webinar_id):
        cancel_on_old_webinar(place_id, old_webinar_id, registrant_id)
    attach_session(session_id)
