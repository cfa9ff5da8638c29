"""What organisers do to registrations from the console: cancel or restore a place,
record attendance by hand. Every change is written to the registration's history with
the staff member's email as actor, committed, then announced with the
``session_registration_changed`` signal (the Zoom domain cancels or re-creates the
registrant from it)."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func

from eventhub.db_types import utcnow
from eventhub.events.models import SessionStatus
from eventhub.extensions import db
from eventhub.registration.models import (
    Registration,
    RegistrationChange,
    SessionRegistration,
    SessionRegistrationStatus,
)
from eventhub.registration.operations import promote_waiting_list
from eventhub.signals import session_registration_changed

CONFIRMED = SessionRegistrationStatus.CONFIRMED.value
WAITLISTED = SessionRegistrationStatus.WAITLISTED.value
CANCELLED = SessionRegistrationStatus.CANCELLED.value


class RegistrationActionError(ValueError):
    """The action does not apply (e.g. restoring a place in a cancelled session)."""


def _history(registration: Registration, actor: str, action: str, **details) -> None:
    db.session.add(RegistrationChange(registration=registration, actor=actor, action=action,
                                      details=details))


def _announce(place: SessionRegistration, action: str, previous: dict) -> None:
    session_registration_changed.send(current_app._get_current_object(),
                                      session_registration=place, action=action, previous=previous)


def cancel_place(place: SessionRegistration, actor: str) -> bool:
    """Cancel one person's place in one session; False if it already was cancelled."""
    if place.status == CANCELLED:
        return False
    previous = {"status": place.status}
    place.status = CANCELLED
    _history(place.registration, actor, "cancelled", session=place.session.number,
             previous_status=previous["status"], by="organiser")
    db.session.commit()
    _announce(place, "cancelled", previous)
    if previous["status"] == CONFIRMED and place.session.status != SessionStatus.CANCELLED.value:
        # The freed place goes to the first person waiting, as when people cancel themselves.
        promote_waiting_list(place.session)
    return True


def confirmed_count(session_id: int) -> int:
    return db.session.execute(
        db.select(func.count(SessionRegistration.id))
        .where(SessionRegistration.session_id == session_id, SessionRegistration.status == CONFIRMED)
    ).scalar_one()


def restore_place(place: SessionRegistration, actor: str) -> str | None:
    """Give a cancelled place back: confirmed while the session has room, otherwise on
    the waiting list (at its end). Returns the new status, None if nothing to restore."""
    if place.status != CANCELLED:
        return None
    if place.session.status == SessionStatus.CANCELLED.value:
        raise RegistrationActionError("session cancelled")
    capacity = place.session.capacity
    full = capacity is not None and confirmed_count(place.session_id) >= capacity
    previous = {"status": place.status}
    place.status = WAITLISTED if full else CONFIRMED
    place.waitlisted_at = utcnow() if full else None
    _history(place.registration, actor, "restored", session=place.session.number,
             status=place.status, by="organiser")
    db.session.commit()
    _announce(place, "restored", previous)
    return place.status


def set_attendance(place: SessionRegistration, attended: bool | None, actor: str) -> bool:
    """Record by hand whether the person attended (None: unknown); False if unchanged."""
    if place.attended == attended:
        return False
    previous = place.attended
    place.attended = attended
    _history(place.registration, actor, "attendance_set", session=place.session.number,
             attended=attended, previous=previous, by="organiser")
    db.session.commit()
    return True
