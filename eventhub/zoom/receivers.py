"""Zoom reacts to registrations and session edits.

The sync of a place (create its Zoom registrant) and the cancellation on Zoom are
written to the job outbox (``eventhub.jobs.outbox``) in the transaction that changes the
place, whichever code path changes it (a registration, a change on the manage page, the
console, the API, a waiting list moving up): ``_zoom_jobs_with_the_change`` watches the
places' status in every flush. A process that dies after the commit leaves the job to
the recovery pass; a rolled-back change leaves none. The other reactions (a session's
webinar changed, personal data erased) still come from signals sent after the commit."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from eventhub.extensions import db
from eventhub.registration.models import SessionRegistration, SessionRegistrationStatus, ZoomState
from eventhub.signals import (
    registration_anonymised,
    registration_email_changed,
    session_changed,
    session_registration_changed,
)

from . import operations, services, tasks
from .changes import close_for_new_webinar

CONFIRMED = SessionRegistrationStatus.CONFIRMED.value
CANCELLED = SessionRegistrationStatus.CANCELLED.value
#: Zoom states of a place that Zoom has (or may soon have) a registrant for.
ON_ZOOM = (ZoomState.PENDING.value, ZoomState.SYNCED.value, ZoomState.FAILED.value)

#: ``session.info`` keys: the places whose status changed in the current transaction
#: (id(place) -> (place, status when the transaction first changed it)); the jobs decided
#: before a flush, written after it (a new place has its id then); the jobs written.
_CHANGED = "eventhub_zoom_changed_places"
_DECIDED = "eventhub_zoom_decided_jobs"
_WRITTEN = "eventhub_zoom_written_jobs"
#: ``session.info`` key: while true, place changes queue no Zoom job (for code that
#: writes places Zoom must not hear about, e.g. test fixtures of "never reached Zoom").
HOLD = "eventhub_zoom_hold"

#: Status "before" of a place created in this transaction, or not loaded when changed.
_NEW, _UNKNOWN = "<new>", "<unknown>"


def _status_before(place) -> str:
    state = sa.inspect(place)
    if state.key is None:  # not yet inserted
        return _NEW
    history = state.attrs.status.history
    if not history.has_changes():
        return place.status
    return history.deleted[0] if history.deleted else _UNKNOWN


def _job_for(place, before: str):
    """The Zoom job a place needs after its status went from ``before`` to what it is
    now (the same rules the receivers of ``session_registration_changed`` had)."""
    if place.status == CONFIRMED and before != CONFIRMED:
        session = place.session
        if session is None or services.session_mode(session) != services.API_MODE:
            return None
        if place.zoom_state in (None, ZoomState.LINK.value):
            place.zoom_state = ZoomState.PENDING.value
        if place.zoom_state != ZoomState.PENDING.value:
            return None  # already on Zoom (imported from it), or refused
        # A place taken again: Zoom may still hold this person as cancelled.
        return tasks.sync_session_registration, {"reactivate": True} if before == CANCELLED else {}
    if place.status == CANCELLED and before not in (CANCELLED, _NEW) and place.zoom_state in ON_ZOOM:
        return tasks.cancel_on_zoom, {}
    return None


@event.listens_for(Session, "before_flush")
def _zoom_jobs_with_the_change(session, flush_context, instances) -> None:
    if session.info.get(HOLD):
        return
    changed = session.info.get(_CHANGED)
    for obj in [*session.new, *session.dirty]:
        if isinstance(obj, SessionRegistration) and (changed is None or id(obj) not in changed):
            before = _status_before(obj)
            if before != obj.status:
                changed = session.info.setdefault(_CHANGED, {})
                changed[id(obj)] = (obj, before)
    if not changed:
        return
    written = session.info.setdefault(_WRITTEN, set())
    for place, before in changed.values():
        job = _job_for(place, before)
        if job is not None and (job[0].name, id(place)) not in written:
            written.add((job[0].name, id(place)))
            session.info.setdefault(_DECIDED, []).append((place, *job))


@event.listens_for(Session, "after_flush_postexec")
def _write_zoom_jobs(session, flush_context) -> None:
    from eventhub.jobs import outbox

    for place, job, options in session.info.pop(_DECIDED, None) or ():
        outbox.add(job.s(place.id, **options), session=session)


def _forget(session, *args) -> None:
    for key in (_CHANGED, _DECIDED, _WRITTEN):
        session.info.pop(key, None)


event.listen(Session, "after_commit", _forget)
event.listen(Session, "after_rollback", _forget)


@session_registration_changed.connect
def on_session_registration_changed(sender, session_registration, action, previous=None, **extra):
    place = session_registration
    if action == "language_changed":
        # Zoom has no way to edit a registrant: its "Listening language" answer keeps the
        # old value. Our record is the reference; the history says Zoom's copy is stale
        # and reconciliation lists the difference.
        if place.zoom_state == ZoomState.SYNCED.value:
            operations.record_history(
                place.registration, "zoom_answer_outdated", actor="system",
                session=place.session.number,
                zoom_value=(previous or {}).get("listening_language"), current=place.listening_language)
            db.session.commit()


@session_changed.connect
def on_session_changed(sender, session, changes, **extra):
    if "zoom_webinar_id" not in changes:
        return
    old, new = changes["zoom_webinar_id"]
    # Flags about the old webinar (changed or deleted on Zoom) no longer apply.
    close_for_new_webinar(session)
    if not new:
        operations.mark_session_link_mode(session)
        return
    if services.session_mode(session) != services.API_MODE:
        return  # no credentials: the ID is kept for later, nothing to send
    if old:
        tasks.move_session_to_webinar(session.id, old)
    else:
        operations.mark_session_pending(session)
        tasks.attach_session(session.id)


@registration_email_changed.connect
def on_registration_email_changed(sender, registration, previous, **extra):
    """A new address: the person is registered on Zoom again with it (Zoom cannot change a
    registrant's address, and its join link is tied to the old one); the old registrant
    is cancelled, so the old address can no longer join."""
    for place_id, webinar_id, registrant_id in operations.detach_from_address(registration):
        tasks.cancel_on_old_webinar(place_id, webinar_id, registrant_id, email=previous)
        tasks.sync_session_registration(place_id)


@registration_anonymised.connect
def on_registration_anonymised(sender, registration, **extra):
    """Personal data erased here: delete the person's registrants from Zoom too (Zoom
    keeps name, email and answers even for a cancelled registrant). Places that never
    reached Zoom have no registrant id and need nothing; queued syncs skip anonymised
    registrations."""
    for place in registration.sessions:
        if place.zoom_registrant_id and services.session_mode(place.session) == services.API_MODE:
            tasks.remove_from_zoom(place.id)
