"""Session reminders: 24 hours and 1 hour before each session a registrant holds a
confirmed place in, in their language, with their personal Zoom join link when known.

``send_due_reminders(now)`` is what the periodic job calls every few minutes; tests call
it with explicit instants. A reminder is due from its moment until the next one (the
24-hour reminder until one hour before, the 1-hour one until the start), so a run that
was missed still sends it, but a stale reminder is never sent. "Never twice" is the
unique (session_registration, kind) row, committed in one transaction with the message
(the job outbox): a crash between the two can no longer lose the reminder.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from eventhub.extensions import db
from eventhub.jobs.tasks import queue_email
from eventhub.mail import build_message

from .models import ReminderKind, ReminderSent

#: kind -> (due from this long before the start, until this long before the start)
WINDOWS = {
    ReminderKind.DAY_BEFORE.value: (dt.timedelta(hours=24), dt.timedelta(hours=1)),
    ReminderKind.HOUR_BEFORE.value: (dt.timedelta(hours=1), dt.timedelta(0)),
}


def due_reminders(now: dt.datetime) -> list[tuple[int, str]]:
    """(session_registration id, kind) pairs due at ``now`` and not yet sent."""
    from eventhub.events.models import EventSession, SessionStatus
    from eventhub.registration.models import Registration, SessionRegistration, SessionRegistrationStatus

    from .optouts import opted_out_clause

    due = []
    for kind, (opens, closes) in WINDOWS.items():
        already = sa.select(ReminderSent.id).where(
            ReminderSent.session_registration_id == SessionRegistration.id, ReminderSent.kind == kind)
        query = (
            sa.select(SessionRegistration.id)
            .join(EventSession, EventSession.id == SessionRegistration.session_id)
            .join(Registration, Registration.id == SessionRegistration.registration_id)
            .where(
                # Waitlisted people have no place yet and cancelled ones none any more.
                SessionRegistration.status == SessionRegistrationStatus.CONFIRMED.value,
                EventSession.status == SessionStatus.SCHEDULED.value,
                Registration.anonymised_at.is_(None),
                # Bulk mail: not to an address that unsubscribed for this event.
                ~opted_out_clause(Registration.event_id, Registration.email),
                EventSession.starts_at <= now + opens,
                EventSession.starts_at > now + closes,
                ~sa.exists(already),
            )
            .order_by(SessionRegistration.id)
        )
        due.extend((row_id, kind) for row_id in db.session.execute(query).scalars())
    return due


def send_reminder(session_registration_id: int, kind: str) -> bool:
    """Render, record, then queue. False when another run recorded it first."""
    from eventhub.registration.models import SessionRegistration

    from .notifications import render_reminder

    session_registration = db.session.get(SessionRegistration, session_registration_id)
    message = build_message(render_reminder(session_registration, kind))  # a template error sends nothing
    record = ReminderSent(session_registration_id=session_registration_id, kind=kind,
                          link_kind="personal" if session_registration.zoom_join_url else "webinar")
    db.session.add(record)
    # The record and the email commit together (job outbox): never one without the other.
    queue_email(message, with_transaction=True)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return False
    return True


def send_due_reminders(now: dt.datetime) -> int:
    """Send every reminder due at ``now``; returns how many were queued."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return sum(1 for row_id, kind in due_reminders(now) if send_reminder(row_id, kind))
