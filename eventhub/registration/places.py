"""Read-only questions about places (no state changes): used by operations, pages and
emails alike, so that none of them needs to import another."""
from __future__ import annotations

from sqlalchemy import func

from eventhub.extensions import db

from .models import SessionRegistration, SessionRegistrationStatus

WAITLISTED = SessionRegistrationStatus.WAITLISTED.value


def waitlist_position(session_registration: SessionRegistration) -> int | None:
    """1 for the first person waiting, None when not on the waiting list."""
    if session_registration.status != WAITLISTED:
        return None
    ahead = db.session.execute(
        db.select(func.count(SessionRegistration.id)).where(
            SessionRegistration.session_id == session_registration.session_id,
            SessionRegistration.status == WAITLISTED,
            (SessionRegistration.waitlisted_at < session_registration.waitlisted_at)
            | ((SessionRegistration.waitlisted_at == session_registration.waitlisted_at)
               & (SessionRegistration.id < session_registration.id)),
        )
    ).scalar_one()
    return ahead + 1


def waitlist_positions(places) -> dict[int, int]:
    """Waiting-list position of each waitlisted place among ``places`` (place id -> 1, 2...),
    in one query whatever their number: a page of the API list costs one statement, not one
    per place."""
    waiting = [p for p in places if p.status == WAITLISTED]
    if not waiting:
        return {}
    ranked = (
        db.select(
            SessionRegistration.id.label("place_id"),
            func.row_number().over(
                partition_by=SessionRegistration.session_id,
                order_by=(SessionRegistration.waitlisted_at, SessionRegistration.id),
            ).label("position"),
        )
        .where(SessionRegistration.session_id.in_({p.session_id for p in waiting}),
               SessionRegistration.status == WAITLISTED)
        .subquery()
    )
    rows = db.session.execute(
        db.select(ranked.c.place_id, ranked.c.position).where(ranked.c.place_id.in_([p.id for p in waiting]))
    )
    return {place_id: position for place_id, position in rows}
