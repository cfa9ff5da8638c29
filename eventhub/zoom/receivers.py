"""Zoom reacts to registrations and session edits (signals are sent after commit, so the
jobs queued here see committed rows)."""
from __future__ import annotations

from eventhub.extensions import db
from eventhub.registration.models import SessionRegistrationStatus, ZoomState
from eventhub.signals import (
    registration_anonymised,
    registration_created,
    session_changed,
    session_registration_changed,
)

from . import operations, services, tasks

CONFIRMED = SessionRegistrationStatus.CONFIRMED.value


def queue_sync(place, **options) -> bool:
    """Queue the Zoom sync of a confirmed place of an API-mode session. A place still in
    link state there (created before the credentials or ID were set) is switched to
    pending first. Returns whether a job was queued."""
    if place.status != CONFIRMED or services.session_mode(place.session) != services.API_MODE:
        return False
    if place.zoom_state == ZoomState.LINK.value:
        place.zoom_state = ZoomState.PENDING.value
        db.session.commit()
    if place.zoom_state != ZoomState.PENDING.value:
        return False
    tasks.sync_session_registration(place.id, **options)
    return True


@registration_created.connect
def on_registration_created(sender, registration, **extra):
    for place in registration.sessions:
        queue_sync(place)


@session_registration_changed.connect
def on_session_registration_changed(sender, session_registration, action, previous=None, **extra):
    place = session_registration
    if action in ("added", "promoted"):
        queue_sync(place)
    elif action == "restored":
        # Zoom may still hold this person as cancelled from the first time round.
        queue_sync(place, reactivate=True)
    elif action == "cancelled":
        if place.zoom_state in (ZoomState.PENDING.value, ZoomState.SYNCED.value, ZoomState.FAILED.value):
            tasks.cancel_on_zoom(place.id)
    elif action == "language_changed":
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


@registration_anonymised.connect
def on_registration_anonymised(sender, registration, **extra):
    """Personal data erased here: delete the person's registrants from Zoom too (Zoom
    keeps name, email and answers even for a cancelled registrant). Places that never
    reached Zoom have no registrant id and need nothing; queued syncs skip anonymised
    registrations."""
    for place in registration.sessions:
        if place.zoom_registrant_id and services.session_mode(place.session) == services.API_MODE:
            tasks.remove_from_zoom(place.id)
