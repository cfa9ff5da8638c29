"""State changes of registrations: plain functions that views, the API, commands and
tests call. Each one commits its own transaction, appends a RegistrationChange, and
only after the commit sends the signal (``eventhub.signals``) and queues emails.

Concurrency: the database decides. (event, email) is unique, so of two simultaneous
registrations with one address exactly one commits; the other gets an IntegrityError,
rolls back and is answered as "already registered". Places in a session with a
capacity are counted after taking a lock: ``SELECT ... FOR UPDATE`` on the session row
on PostgreSQL; SQLite allows one writer at a time and every operation here writes
before it counts, so its count happens inside the write lock.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from eventhub.db_types import utcnow
from eventhub.events.models import EventSession
from eventhub.extensions import db
from eventhub.security import derived_token, hash_token, new_token, tokens_equal
from eventhub.signals import registration_created, session_registration_changed

from .models import (
    Registration,
    RegistrationChange,
    SessionRegistration,
    SessionRegistrationStatus,
    ZoomState,
)
from .validation import RegistrationData

CONFIRMED = SessionRegistrationStatus.CONFIRMED.value
WAITLISTED = SessionRegistrationStatus.WAITLISTED.value
CANCELLED = SessionRegistrationStatus.CANCELLED.value


class RegistrationError(ValueError):
    """A change that cannot be made (closed registration, cancelled session...)."""


@dataclass
class RegisterResult:
    registration: Registration
    #: False when the email was already registered for this event.
    created: bool
    #: The personal manage token, in clear: only for a new registration (it is emailed
    #: and shown once on the confirmation page; the database keeps its hash).
    manage_token: str | None = None


@dataclass
class _AfterCommit:
    """Signals and emails that must wait until the transaction is committed."""

    signals: list = field(default_factory=list)
    emails: list = field(default_factory=list)

    def run(self) -> None:
        for send, args in self.emails:
            send(*args)
        for signal, kwargs in self.signals:
            send_signal(signal, **kwargs)


def send_signal(signal, **kwargs) -> None:
    """Tell other domains about a committed change. A failing receiver is logged, not
    raised: the change is already committed and the person must get their answer."""
    app = current_app._get_current_object()
    for receiver in signal.receivers_for(app):
        try:
            receiver(app, **kwargs)
        except Exception:
            app.logger.exception("receiver %r of %s failed", receiver, signal.name)


# --- helpers ----------------------------------------------------------------------------

def zoom_api_configured() -> bool:
    config = current_app.config
    return all(config.get(key) for key in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"))


def initial_zoom_state(session: EventSession) -> str:
    """API mode (a job creates the Zoom registrant) needs the webinar ID and credentials;
    otherwise the person registers with the webinar's own link."""
    if session.zoom_webinar_id and zoom_api_configured():
        return ZoomState.PENDING.value
    return ZoomState.LINK.value


def _lock_session(session: EventSession) -> None:
    """Serialise place counting for one session (PostgreSQL row lock; a no-op on SQLite,
    where the transaction already holds the database's single write lock)."""
    if db.engine.dialect.name != "sqlite":
        db.session.execute(
            db.select(EventSession.id).where(EventSession.id == session.id).with_for_update()
        )


def confirmed_count(session: EventSession) -> int:
    return db.session.execute(
        db.select(func.count(SessionRegistration.id)).where(
            SessionRegistration.session_id == session.id,
            SessionRegistration.status == CONFIRMED,
        )
    ).scalar_one()


def _status_for_new_place(session: EventSession) -> str:
    if session.capacity is None:
        return CONFIRMED
    _lock_session(session)
    return CONFIRMED if confirmed_count(session) < session.capacity else WAITLISTED


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


def _record(registration: Registration, actor: str, action: str, **details) -> None:
    db.session.add(RegistrationChange(registration=registration, actor=actor or "system",
                                      action=action, details=details))


def _place_in_session(registration, session, language, status=None) -> SessionRegistration:
    status = status or _status_for_new_place(session)
    place = SessionRegistration(
        registration=registration, session=session, listening_language=language,
        status=status, zoom_state=initial_zoom_state(session),
        waitlisted_at=utcnow() if status == WAITLISTED else None,
    )
    db.session.add(place)
    return place


def registration_status(registration: Registration) -> str:
    """confirmed (a place in at least one session), waitlisted, or cancelled."""
    statuses = {s.status for s in registration.sessions}
    if CONFIRMED in statuses:
        return CONFIRMED
    if WAITLISTED in statuses:
        return WAITLISTED
    return CANCELLED


def find_registration(event, email: str) -> Registration | None:
    return db.session.execute(
        db.select(Registration).filter_by(event_id=event.id, email=email)
    ).scalar_one_or_none()


def registration_by_token(token: str) -> Registration | None:
    if not token or len(token) > 200:
        return None
    return db.session.execute(
        db.select(Registration).filter_by(manage_token_hash=hash_token(token))
    ).scalar_one_or_none()


# --- registering --------------------------------------------------------------------------

def register(event, data: RegistrationData, actor: str = "registrant",
             notify_duplicate: bool = True) -> RegisterResult:
    """Create the registration and its places in one transaction and email the
    confirmation. An address already registered for the event (also when another
    request registers it at the same moment) is not changed: the result has
    ``created=False`` and, unless ``notify_duplicate`` is False, a fresh manage link
    is emailed to that address (so the page need not say whether it was registered)."""
    if not event.registration_open:
        raise RegistrationError("registration is closed")
    existing = find_registration(event, data.email)
    if existing is not None:
        return _already_registered(existing, notify_duplicate)

    registration = Registration(
        event=event, email=data.email, honorific=data.honorific, given_name=data.given_name,
        family_name=data.family_name, country=data.country, parliament=data.parliament,
        role=data.role, language=data.language, timezone=data.timezone,
        accessibility_needs=data.accessibility_needs, consented_at=utcnow(),
    )
    token = _new_manage_token(registration)
    try:
        db.session.add(registration)
        # The INSERT comes first: on SQLite it takes the write lock before places are
        # counted; on PostgreSQL a concurrent duplicate waits here on the unique index.
        db.session.flush()
        for number in sorted(data.sessions):
            session = event.session_by_number(number)
            if session is None or session.is_cancelled:
                raise RegistrationError(f"session {number} is not open for registration")
            _place_in_session(registration, session, data.sessions[number])
        _record(registration, actor, "created",
                sessions={str(n): lang for n, lang in sorted(data.sessions.items())})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = find_registration(event, data.email)
        if existing is None:
            raise
        return _already_registered(existing, notify_duplicate)
    except Exception:
        db.session.rollback()
        raise

    from .notifications import send_confirmation

    send_confirmation(registration, token)
    send_signal(registration_created, registration=registration)
    return RegisterResult(registration, created=True, manage_token=token)


def _already_registered(registration: Registration, notify: bool) -> RegisterResult:
    if notify:
        resend_manage_link(registration, actor="registrant", reason="duplicate")
    return RegisterResult(registration, created=False, manage_token=None)


# --- manage-token ---------------------------------------------------------------------------

MANAGE_LINK = "manage-link"


def _new_manage_token(registration: Registration) -> str:
    registration.manage_token_salt = new_token()
    token = derived_token(MANAGE_LINK, registration.manage_token_salt)
    registration.manage_token_hash = hash_token(token)
    return token


def current_manage_token(registration: Registration) -> str | None:
    """The link the person already has, recomputed; None when it cannot be (made before
    salts existed, secret key changed, or erased)."""
    if not registration.manage_token_salt or not registration.manage_token_hash:
        return None
    token = derived_token(MANAGE_LINK, registration.manage_token_salt)
    return token if tokens_equal(hash_token(token), registration.manage_token_hash) else None


def regenerate_manage_token(registration: Registration, actor: str = "registrant") -> str:
    """A new manage link; the previous one stops working. Returns the token in clear."""
    token = _new_manage_token(registration)
    _record(registration, actor, "link_regenerated")
    db.session.commit()
    return token


def resend_manage_link(registration: Registration, actor: str = "registrant",
                       token: str | None = None, reason: str = "requested") -> str:
    """Email the manage link: the same one the person already has (their emails, their
    calendar files keep working; someone typing their address into the form changes
    nothing for them). Only a link that cannot be recomputed (made before salts
    existed, or the secret key changed) is replaced. Returns the token sent."""
    from .notifications import send_manage_link

    if token is None or not tokens_equal(hash_token(token), registration.manage_token_hash or ""):
        token = current_manage_token(registration) or _new_manage_token(registration)
    _record(registration, actor, "link_sent", reason=reason)
    db.session.commit()
    send_manage_link(registration, token, reason=reason)
    return token


# --- changes from the manage page, the console or the API ------------------------------------

def _place_for(registration: Registration, session: EventSession) -> SessionRegistration | None:
    return next((p for p in registration.sessions if p.session_id == session.id), None)


def change_listening_language(place: SessionRegistration, language: str,
                              actor: str = "registrant") -> bool:
    """Returns False (and changes nothing) when the language is already the one chosen."""
    if language not in place.session.listening_languages:
        raise RegistrationError(f"session {place.session.number} does not offer {language}")
    if place.listening_language == language:
        return False
    previous = {"listening_language": place.listening_language}
    place.listening_language = language
    _record(place.registration, actor, "language_changed", session=place.session.number,
            **{"from": previous["listening_language"], "to": language})
    db.session.commit()
    send_signal(session_registration_changed, session_registration=place,
                action="language_changed", previous=previous)
    return True


def add_session(registration: Registration, session: EventSession, language: str,
                actor: str = "registrant") -> SessionRegistration:
    """A place in one more session (or back in one cancelled earlier: the row is reused,
    since a person holds at most one row per session)."""
    if session.event_id != registration.event_id or session.is_cancelled:
        raise RegistrationError(f"session {session.number} is not open for registration")
    if language not in session.listening_languages:
        raise RegistrationError(f"session {session.number} does not offer {language}")
    place = _place_for(registration, session)
    if place is not None and place.status != CANCELLED:
        return place
    if place is None:
        # Write first (see module docstring), then count inside the lock.
        registration.updated_at = utcnow()
        db.session.flush()
        place = _place_in_session(registration, session, language)
        action, previous = "added", {}
    else:
        previous = {"status": place.status, "listening_language": place.listening_language}
        place.status = CANCELLED  # keep the row out of the count while it is re-placed
        place.listening_language = language
        place.updated_at = utcnow()
        db.session.flush()
        place.status = _status_for_new_place(session)
        place.waitlisted_at = utcnow() if place.status == WAITLISTED else None
        place.zoom_state = initial_zoom_state(session)
        place.zoom_registrant_id = place.zoom_join_url = place.zoom_error = None
        action = "restored"
    _record(registration, actor, "session_added", session=session.number, language=language,
            status=place.status)
    db.session.commit()
    send_signal(session_registration_changed, session_registration=place, action=action,
                previous=previous)
    return place


def cancel_session_registration(place: SessionRegistration, actor: str = "registrant",
                                action: str = "session_cancelled") -> list[SessionRegistration]:
    """Give up one place. When it was a confirmed place in a full session, the first
    person on the waiting list gets it. Returns the places promoted."""
    if place.status == CANCELLED:
        return []
    session = place.session
    previous = {"status": place.status, "listening_language": place.listening_language}
    place.status = CANCELLED
    place.waitlisted_at = None
    db.session.flush()  # write first: SQLite's lock is held from here
    _record(place.registration, actor, action, session=session.number)
    after = _AfterCommit()
    after.signals.append((session_registration_changed,
                          dict(session_registration=place, action="cancelled", previous=previous)))
    promoted = _promote_waiting(session, after) if previous["status"] == CONFIRMED else []
    db.session.commit()
    after.run()
    return promoted


def remove_session(registration: Registration, session: EventSession,
                   actor: str = "registrant") -> list[SessionRegistration]:
    place = _place_for(registration, session)
    if place is None:
        return []
    return cancel_session_registration(place, actor=actor, action="session_removed")


def cancel_registration(registration: Registration, actor: str = "registrant") -> list[SessionRegistration]:
    """Cancel every place of the person (one transaction); waiting lists move up."""
    after = _AfterCommit()
    freed_sessions = []
    for place in registration.sessions:
        if place.status == CANCELLED:
            continue
        previous = {"status": place.status, "listening_language": place.listening_language}
        if place.status == CONFIRMED:
            freed_sessions.append(place.session)
        place.status = CANCELLED
        place.waitlisted_at = None
        after.signals.append((session_registration_changed,
                              dict(session_registration=place, action="cancelled", previous=previous)))
    if not after.signals:
        return []
    db.session.flush()
    _record(registration, actor, "cancelled")
    promoted = []
    for session in sorted(freed_sessions, key=lambda s: s.number):
        promoted.extend(_promote_waiting(session, after))
    db.session.commit()
    after.run()
    return promoted


def _promote_waiting(session: EventSession, after: _AfterCommit) -> list[SessionRegistration]:
    """Fill free places from the waiting list, first come first served."""
    if session.capacity is None:
        waiting_limit = None
    else:
        _lock_session(session)
        waiting_limit = session.capacity - confirmed_count(session)
        if waiting_limit <= 0:
            return []
    query = (
        db.select(SessionRegistration)
        .where(SessionRegistration.session_id == session.id, SessionRegistration.status == WAITLISTED)
        .order_by(SessionRegistration.waitlisted_at, SessionRegistration.id)
    )
    if waiting_limit is not None:
        query = query.limit(waiting_limit)
    promoted = list(db.session.execute(query).scalars())
    from .notifications import send_promotion

    for place in promoted:
        previous = {"status": WAITLISTED,
                    "waitlisted_at": place.waitlisted_at.isoformat() if place.waitlisted_at else None}
        place.status = CONFIRMED
        place.waitlisted_at = None
        _record(place.registration, "system", "promoted", session=session.number)
        after.signals.append((session_registration_changed,
                              dict(session_registration=place, action="promoted", previous=previous)))
        after.emails.append((send_promotion, (place,)))
    return promoted


def promote_waiting_list(session: EventSession) -> list[SessionRegistration]:
    """For the console: after a capacity was raised, fill the new places."""
    after = _AfterCommit()
    session.updated_at = utcnow()
    db.session.flush()
    promoted = _promote_waiting(session, after)
    db.session.commit()
    after.run()
    return promoted


def change_timezone(registration: Registration, zone: str, actor: str = "registrant") -> bool:
    from eventhub.timezones import is_valid_timezone

    if not is_valid_timezone(zone):
        raise RegistrationError(f"unknown time zone {zone!r}")
    if registration.timezone == zone:
        return False
    previous = registration.timezone
    registration.timezone = zone
    _record(registration, actor, "timezone_changed", **{"from": previous, "to": zone})
    db.session.commit()
    return True


def change_sessions(registration: Registration, wanted: dict[int, str],
                    actor: str = "registrant") -> list[str]:
    """Bring the person's sessions to ``wanted`` ({number: listening language}): add,
    remove, change language. Returns the actions done, e.g. ["session_added:2"]."""
    event = registration.event
    done = []
    for session in event.sessions:
        place = _place_for(registration, session)
        active = place is not None and place.status != CANCELLED
        if session.number in wanted:
            language = wanted[session.number]
            if not active:
                add_session(registration, session, language, actor=actor)
                done.append(f"session_added:{session.number}")
            elif change_listening_language(place, language, actor=actor):
                done.append(f"language_changed:{session.number}")
        elif active:
            remove_session(registration, session, actor=actor)
            done.append(f"session_removed:{session.number}")
    return done

