"""Background jobs started from the console."""
from __future__ import annotations

import datetime as dt

from eventhub import jobs
from eventhub.extensions import db


def notice_recipients_query(session_id: int):
    """Registrations holding a place (confirmed or waiting list) in the session, with an
    address that can receive mail (anonymised ones cannot)."""
    from eventhub.registration.models import Registration, SessionRegistration

    return (
        db.select(Registration)
        .join(SessionRegistration, SessionRegistration.registration_id == Registration.id)
        .where(SessionRegistration.session_id == session_id,
               SessionRegistration.status.in_(("confirmed", "waitlisted")),
               Registration.anonymised_at.is_(None))
        .order_by(Registration.id)
    )


def count_notice_recipients(session_id: int) -> int:
    query = notice_recipients_query(session_id)
    return db.session.execute(db.select(db.func.count()).select_from(query.subquery())).scalar_one()


@jobs.task(retries=3, retry_delay=60)
def notify_session_registrants(session_id: int, kind: str, previous_starts_iso: str = "",
                               previous_ends_iso: str = "") -> int:
    """Queue one localised email per registrant of the session; returns how many."""
    from eventhub.events.models import EventSession
    from eventhub.jobs.tasks import queue_email
    from eventhub.mail import build_message

    from .notifications import session_notice

    session = db.session.get(EventSession, session_id)
    if session is None:
        return 0
    previous_starts = dt.datetime.fromisoformat(previous_starts_iso) if previous_starts_iso else None
    previous_ends = dt.datetime.fromisoformat(previous_ends_iso) if previous_ends_iso else None
    # Render every message before queuing any: a failure while rendering (then retried)
    # must not have emailed part of the audience already, who would get it twice.
    messages = [build_message(session_notice(registration, session, kind, previous_starts, previous_ends))
                for registration in db.session.execute(notice_recipients_query(session_id)).scalars()]
    for message in messages:
        queue_email(message)
    return len(messages)
