"""Anonymising registrations.

What goes: names, honorific, email (replaced by a placeholder that keeps the unique
(event, email) constraint), parliament, accessibility needs, time zone, the manage link,
personal Zoom join links, and personal values quoted in the history. What stays, for
statistics: country, role, correspondence language, sessions with their status, listening
language, Zoom state and attendance, and the dates.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app

from eventhub.db_types import utcnow
from eventhub.events.models import Event
from eventhub.extensions import db
from eventhub.registration.models import Registration, RegistrationChange
from eventhub.signals import registration_anonymised

#: The placeholder address: ``.invalid`` is reserved (RFC 2606), so no mail can go there.
PLACEHOLDER_DOMAIN = "anonymised.invalid"
#: What replaces personal text quoted in earlier history entries.
REDACTED = "[erased]"


def placeholder_email(registration: Registration) -> str:
    return f"anonymised-{registration.id}@{PLACEHOLDER_DOMAIN}"


def _scrub(value, secrets: list[str]):
    """Replace any string that contains one of ``secrets`` (case-insensitive)."""
    if isinstance(value, str):
        lowered = value.casefold()
        return REDACTED if any(secret in lowered for secret in secrets) else value
    if isinstance(value, dict):
        return {key: _scrub(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, secrets) for item in value]
    return value


def _erase(registration: Registration, actor: str, reason: str) -> bool:
    if registration.anonymised_at is not None:
        return False
    known = [registration.email, registration.given_name, registration.family_name,
             registration.parliament, registration.accessibility_needs]
    # Earlier values, from corrections and address changes in the history.
    for change in registration.changes:
        details = change.details or {}
        if change.action in ("email_changed", "email_change_requested"):
            known += [details.get("from"), details.get("to")]
        for key, value in (details.get("fields") or {}).items():
            if key in ("given_name", "family_name", "parliament", "email") and isinstance(value, dict):
                known += [value.get("from"), value.get("to")]
    secrets = [s.casefold() for s in known if isinstance(s, str) and len(s.strip()) >= 3]
    for change in registration.changes:
        change.details = _scrub(dict(change.details or {}), secrets)
        if "@" in (change.actor or "") and change.actor.casefold() == registration.email.casefold():
            change.actor = "registrant"
    # Corrections made in the console are in the audit log with their values.
    from eventhub.audit.models import AuditEntry

    for entry in db.session.execute(db.select(AuditEntry).where(
            AuditEntry.event_id == registration.event_id,
            AuditEntry.target == f"registration {registration.id}")).scalars():
        entry.changes = _scrub(dict(entry.changes or {}), secrets)
    registration.email = placeholder_email(registration)
    registration.honorific = ""
    registration.given_name = ""
    registration.family_name = ""
    registration.parliament = ""
    registration.accessibility_needs = ""
    registration.timezone = "UTC"
    registration.manage_token_hash = None
    registration.manage_token_salt = None
    registration.anonymised_at = utcnow()
    for place in registration.sessions:
        place.zoom_join_url = None
        place.zoom_error = None
    db.session.add(RegistrationChange(registration=registration, actor=actor, action="anonymised",
                                      details={"reason": reason}))
    return True


def anonymise_registration(registration: Registration, actor: str, reason: str = "request") -> bool:
    """Erase one registrant's personal data now (request of the person). False if it was
    already done. Commits, then sends ``registration_anonymised``."""
    if not _erase(registration, actor, reason):
        return False
    db.session.commit()
    registration_anonymised.send(current_app._get_current_object(), registration=registration)
    return True


def registrations_to_purge(event: Event, before: dt.datetime):
    """Registrations of the event created before ``before`` and not yet anonymised."""
    return (
        db.select(Registration)
        .where(Registration.event_id == event.id, Registration.created_at < before,
               Registration.anonymised_at.is_(None))
        .order_by(Registration.id)
    )


def count_to_purge(event: Event, before: dt.datetime) -> int:
    query = registrations_to_purge(event, before)
    return db.session.execute(db.select(db.func.count()).select_from(query.subquery())).scalar_one()


def purge_event(event: Event, before: dt.datetime, actor: str = "system", batch: int = 200) -> int:
    """Anonymise every registration of the event created before ``before`` (retention).
    Works in batches, committing each, so a large event does not hold one long transaction."""
    done = 0
    while True:
        registrations = db.session.execute(registrations_to_purge(event, before).limit(batch)).scalars().all()
        if not registrations:
            return done
        for registration in registrations:
            _erase(registration, actor, "retention")
        db.session.commit()
        app = current_app._get_current_object()
        for registration in registrations:
            registration_anonymised.send(app, registration=registration)
        done += len(registrations)
