"""Which invitees have registered, found from the registrations themselves (any letter
case, before or after the list was imported). Used by operations and by delivery alike
(one direction: both import this module, it imports neither)."""
from __future__ import annotations

import sqlalchemy as sa

from eventhub.db_types import utcnow
from eventhub.extensions import db

from .models import Invitee, InviteeStatus


def _registration_of_invitee():
    """SQL: the id of a registration for the invitee's event with the invitee's address
    (compared case-insensitively, trimmed), or NULL."""
    from eventhub.registration.models import Registration

    return (
        sa.select(Registration.id)
        .where(Registration.event_id == Invitee.event_id,
               sa.func.lower(sa.func.trim(Registration.email)) == sa.func.lower(sa.func.trim(Invitee.email)),
               Registration.anonymised_at.is_(None))
        .order_by(Registration.id).limit(1).correlate(Invitee).scalar_subquery()
    )


def sync_registered(event) -> int:
    """Mark "Has registered" every invitee of ``event`` whose address registered, however
    it did (before the list was imported, through the form rather than the link, in
    other letter case). Returns how many changed. Commits."""
    registration_id = _registration_of_invitee()
    changed = db.session.execute(
        sa.update(Invitee)
        .where(Invitee.event_id == event.id, Invitee.status != InviteeStatus.REGISTERED.value,
               registration_id.isnot(None))
        .values(status=InviteeStatus.REGISTERED.value, registration_id=registration_id,
                updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if changed:
        db.session.expire_all()
    return changed
