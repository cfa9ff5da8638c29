"""Jobs of the registration domain, and how operations queue them.

Dependencies go one way: ``operations`` -> ``tasks`` -> ``notifications`` -> ``places``,
``tokens``, ``models``."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import event
from sqlalchemy.orm import Session

from eventhub import jobs
from eventhub.extensions import db
from eventhub.jobs.tasks import queue_email
from eventhub.mail import build_message

from . import notifications
from .models import Registration, SessionRegistration
from .tokens import current_manage_token


@jobs.task(retries=5, retry_delay=30, retry_backoff=2)
def prepare_registration_email(kind: str, registration_id: int, token: str | None = None,
                               reason: str = "requested", place_id: int | None = None) -> str:
    """Render one email to a registrant in their language and write its delivery
    (``send_message_job``, retried on its own when SMTP fails) to the job outbox, in
    the transaction that marks this job done: rendered and queued once. Rendering here
    rather than in the request keeps registering fast; the message shows the state at
    sending. The manage link is recomputed from the registration (``token`` only for
    jobs queued before that)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.anonymised_at is not None:
        return "skipped: registration gone"
    if kind in ("confirmation", "manage_link"):
        token = token or current_manage_token(registration)
        if token is None:
            return "skipped: the manage link cannot be recomputed"
    if kind == "confirmation":
        email = notifications.build_confirmation(registration, token)
    elif kind == "manage_link":
        email = notifications.build_manage_link(registration, token, reason=reason)
    elif kind == "promoted":
        place = db.session.get(SessionRegistration, place_id)
        if place is None or place.status != "confirmed":
            return "skipped: place no longer confirmed"
        email = notifications.build_promotion(place)
    else:
        raise ValueError(f"unknown registration email {kind!r}")
    queue_email(build_message(email), with_transaction=True)
    return kind


@jobs.task(retries=5, retry_delay=30, retry_backoff=2)
def prepare_email_change_email(kind: str, registration_id: int, address: str) -> str:
    """``confirm``: to the new ``address``, the link that makes it the registration's
    address; ``notice``: to the previous ``address``, that the address was changed."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.anonymised_at is not None:
        return "skipped: registration gone"
    if kind == "confirm":
        email = notifications.build_email_change_confirmation(registration, address)
    elif kind == "notice":
        email = notifications.build_email_change_notice(registration, address)
    else:
        raise ValueError(f"unknown email change email {kind!r}")
    queue_email(build_message(email), with_transaction=True)
    return kind


def queue_email_change(registration, new_address: str) -> None:
    jobs.enqueue_with_transaction(prepare_email_change_email, "confirm", registration.id, new_address)


def queue_email_changed_notice(registration, old_address: str) -> None:
    jobs.enqueue_with_transaction(prepare_email_change_email, "notice", registration.id, old_address)


# Queuing, in the caller's transaction (the job outbox): the email exists exactly when
# the change that causes it is committed, and is queued after the commit.

def queue_confirmation(registration) -> None:
    jobs.enqueue_with_transaction(prepare_registration_email, "confirmation", registration.id)


def queue_manage_link(registration, reason: str = "requested") -> None:
    jobs.enqueue_with_transaction(prepare_registration_email, "manage_link", registration.id, reason=reason)


def queue_promotion(place) -> None:
    jobs.enqueue_with_transaction(prepare_registration_email, "promoted", place.registration_id,
                                  place_id=place.id)


#: Changes a person is emailed about (the first registration has its confirmation, a
#: place from the waiting list its own message).
EMAILED_CHANGES = frozenset({
    "session_added", "session_removed", "session_cancelled", "language_changed", "cancelled",
    "restored", "timezone_changed", "details_changed", "email_changed",
})
#: Changes older than this are never emailed (e.g. made before these emails existed).
CHANGE_EMAIL_HORIZON = dt.timedelta(days=2)


def pending_changes(registration) -> list:
    """Changes not yet covered by a change email, oldest first."""
    from eventhub.db_types import utcnow

    through = 0
    for change in registration.changes:
        if change.action == "change_emailed":
            through = max(through, int((change.details or {}).get("through") or 0))
    horizon = utcnow() - CHANGE_EMAIL_HORIZON
    return [c for c in registration.changes
            if c.id > through and c.action in EMAILED_CHANGES and c.at >= horizon]


@jobs.task(retries=5, retry_delay=30, retry_backoff=2)
def send_change_email(registration_id: int) -> None:
    """One email for the changes made since the last one (see ``queue_change_email``).
    Idempotent: the changes covered are recorded ("change_emailed", in the history);
    a job finding nothing new, or a change newer than the delay (whose own job will
    follow), does nothing."""
    from flask import current_app

    from eventhub.db_types import utcnow

    from .models import RegistrationChange

    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.anonymised_at is not None:
        return
    pending = pending_changes(registration)
    if not pending:
        return
    delay = int(current_app.config.get("CHANGE_EMAIL_DELAY", 120) or 0)
    if delay and utcnow() - pending[-1].at < dt.timedelta(seconds=delay) - dt.timedelta(seconds=5):
        return  # a later change: its own job sends one message for all of them
    email = notifications.build_change(registration, pending)
    # Written to the outbox in the transaction that records the changes as emailed.
    queue_email(build_message(email), with_transaction=True)
    db.session.add(RegistrationChange(registration=registration, actor="system", action="change_emailed",
                                      details={"through": pending[-1].id,
                                               "changes": [c.id for c in pending]}))
    db.session.commit()


def queue_change_email(registration_id: int, session=None) -> None:
    """Write the change email's job to the job outbox in the caller's transaction, due
    CHANGE_EMAIL_DELAY seconds later (the job of the last change of a burst sends one
    message for all of them). Committed with the change or not at all: a process that
    dies after the commit leaves the row to the recovery pass, which queues it with its
    due time. Once per registration and transaction."""
    from flask import current_app

    from eventhub.jobs import outbox

    session = session if session is not None else db.session()
    pending = session.info.setdefault(outbox.PENDING, [])
    if any(task.name == send_change_email.name and tuple(task.args) == (registration_id,)
           for task in pending):
        return
    delay = int(current_app.config.get("CHANGE_EMAIL_DELAY", 120) or 0)
    job = send_change_email.s(registration_id, delay=delay) if delay > 0 else send_change_email.s(registration_id)
    outbox.add(job, session=session)


@event.listens_for(Session, "before_flush")
def _change_email_with_the_change(session, flush_context, instances) -> None:
    """Every emailed change (``EMAILED_CHANGES``), whichever code path records it (the
    manage page, the console, the API), puts its change email in the same transaction."""
    from .models import RegistrationChange

    for obj in list(session.new):
        if not isinstance(obj, RegistrationChange) or obj.action not in EMAILED_CHANGES:
            continue
        registration_id = obj.registration_id or (obj.registration.id if obj.registration is not None else None)
        if registration_id is not None:
            queue_change_email(registration_id, session)
