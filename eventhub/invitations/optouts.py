"""Opting out of bulk mail (invitations and reminders) for one event.

Every bulk message carries ``List-Unsubscribe: <https://.../<lang>/u/<token>>`` and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058). The token names the
recipient (``i<invitee id>`` or ``r<registration id>``) and is signed with the secret
key (HMAC-SHA256), so it is per recipient, needs nothing stored, and a forged or
altered one is refused. An opt-out is kept per (event, normalised address): nothing
that is not transactional goes to that address for that event afterwards (queueing,
delivering and reminders all look). Confirmations, changes and session notices still go.
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask import current_app

from eventhub.extensions import db
from eventhub.security import derived_token, tokens_equal

from .models import MailOptOut

PURPOSE = "unsubscribe"
TOKEN = re.compile(r"^([ir])([1-9][0-9]{0,9})\.([A-Za-z0-9_-]{43})$")


def normalise_email(email: str | None) -> str:
    """The form addresses are compared in: trimmed, case-folded (registrations keep
    email-validator's normalised form, invitees a lower-cased one; ``Amina@X`` and
    ``amina@x`` are the same person)."""
    return (email or "").strip().lower()


def _subject(kind: str, row_id: int) -> str:
    return f"{kind}{row_id}"


def unsubscribe_token(kind: str, row_id: int) -> str:
    """``kind`` "i" (invitee) or "r" (registration)."""
    subject = _subject(kind, row_id)
    return f"{subject}.{derived_token(PURPOSE, subject)}"


def resolve_token(token: str):
    """(event_id, email) the token was made for, or None (malformed, forged, or the
    person is gone)."""
    match = TOKEN.match(token or "")
    if not match:
        return None
    kind, row_id, mac = match.group(1), int(match.group(2)), match.group(3)
    if not tokens_equal(mac, derived_token(PURPOSE, _subject(kind, row_id))):
        return None
    if kind == "i":
        from .models import Invitee

        row = db.session.get(Invitee, row_id)
    else:
        from eventhub.registration.models import Registration

        row = db.session.get(Registration, row_id)
        if row is not None and row.anonymised_at is not None:
            return None
    if row is None or not row.email:
        return None
    return row.event_id, normalise_email(row.email)


def unsubscribe_url(kind: str, row_id: int, lang: str) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/{lang}/u/{unsubscribe_token(kind, row_id)}"


def bulk_headers(kind: str, row_id: int, lang: str) -> dict[str, str]:
    """The RFC 2369 / RFC 8058 headers of one bulk message (plus a mailto when
    UNSUBSCRIBE_MAILTO is configured)."""
    url = unsubscribe_url(kind, row_id, lang)
    targets = [f"<{url}>"]
    mailto = current_app.config.get("UNSUBSCRIBE_MAILTO")
    if mailto:
        targets.append(f"<mailto:{mailto}?subject=unsubscribe%20{unsubscribe_token(kind, row_id)}>")
    return {"List-Unsubscribe": ", ".join(targets),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def opt_out(event_id: int, email: str, source: str) -> bool:
    """Record the opt-out; True when it is new. Safe to repeat and to race."""
    email = normalise_email(email)
    if is_opted_out(event_id, email):
        return False
    db.session.add(MailOptOut(event_id=event_id, email=email, source=source))
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return False
    return True


def is_opted_out(event_id: int, email: str) -> bool:
    return db.session.execute(
        sa.select(sa.func.count()).select_from(MailOptOut)
        .where(MailOptOut.event_id == event_id, MailOptOut.email == normalise_email(email))
    ).scalar() > 0


def opted_out_clause(event_id_column, email_column):
    """SQL: the address in ``email_column`` opted out of this row's event."""
    return sa.exists(
        sa.select(MailOptOut.id).where(MailOptOut.event_id == event_id_column,
                                       MailOptOut.email == sa.func.lower(sa.func.trim(email_column)))
    )


def opt_outs(event) -> list[MailOptOut]:
    return list(db.session.execute(
        sa.select(MailOptOut).where(MailOptOut.event_id == event.id).order_by(MailOptOut.created_at.desc())
    ).scalars())
