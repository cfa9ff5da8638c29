"""State changes of registrations: plain functions that views, the API, commands and
tests call. Each one commits its own transaction, appends a RegistrationChange, and
writes the emails it causes to the job outbox in that same transaction (queued after
the commit: ``eventhub.jobs.outbox``); signals to other domains go after the commit,
except ``registration_creating``, whose receivers (the invitee's status) join the
registration's transaction.

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
from sqlalchemy.orm import joinedload

from eventhub.db_types import utcnow
from eventhub.events.models import EventSession
from eventhub.extensions import db
from eventhub.security import hash_token, tokens_equal
from eventhub.signals import (
    registration_created,
    registration_creating,
    registration_email_changed,
    session_registration_changed,
)

from . import tasks

from .models import (
    Registration,
    RegistrationChange,
    SessionRegistration,
    SessionRegistrationStatus,
    ZoomState,
)
from .places import waitlist_position, waitlist_positions  # noqa: F401  (part of this module's interface)
from .tokens import MANAGE_LINK, current_manage_token  # noqa: F401
from .tokens import new_manage_token as _new_manage_token
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
    """Signals that must wait until the transaction is committed (emails do not: they
    are written to the job outbox inside it)."""

    signals: list = field(default_factory=list)

    def run(self) -> None:
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
    # Every page behind the link shows the event: read with the registration (one
    # statement fewer per personal page).
    return db.session.execute(
        db.select(Registration).filter_by(manage_token_hash=hash_token(token))
        .options(joinedload(Registration.event))
    ).scalar_one_or_none()


# --- registering --------------------------------------------------------------------------

def register(event, data: RegistrationData, actor: str = "registrant",
             notify_duplicate: bool = True, late: bool = False, on_create=None) -> RegisterResult:
    """Create the registration and its places in one transaction and email the
    confirmation. An address already registered for the event (also when another
    request registers it at the same moment) is not changed: the result has
    ``created=False`` and, unless ``notify_duplicate`` is False, a fresh manage link
    is emailed to that address (so the page need not say whether it was registered).
    ``on_create(registration)`` runs inside the creating transaction, after the places
    are made (an organiser's audit entry is saved with the registration, or not at all)."""
    if not late and not event.registration_open:
        # ``late``: an organiser registering someone after self-registration closed (or
        # before it opens), through the organiser API, as Indico and pretix allow.
        raise RegistrationError("registration is closed")
    # No look-up first: the unique (event, email) index answers on the INSERT below, and a
    # duplicate (rare) is rolled back and found then, as a simultaneous one always was; a
    # new registration, the usual case, is one SELECT cheaper (issue 20).
    registration = Registration(
        event=event, email=data.email, honorific=data.honorific, given_name=data.given_name,
        family_name=data.family_name, country=data.country, parliament=data.parliament,
        role=data.role, language=data.language, timezone=data.timezone,
        accessibility_needs=data.accessibility_needs, consented_at=utcnow(),
    )
    # Loaded (empty) from the start, so the places join it as they are made: reading it in
    # this transaction (the organiser's audit entry) needs no SELECT.
    registration.sessions = []
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
        # One transaction: the registration, its places and history, the invitee's
        # status (receivers of registration_creating) and its confirmation email.
        _send_in_transaction(registration_creating, registration=registration)
        if on_create is not None:
            on_create(registration)
        tasks.queue_confirmation(registration)
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

    send_signal(registration_created, registration=registration)
    return RegisterResult(registration, created=True, manage_token=token)


def audit_organiser_registration(event, email: str, via: str):
    """The change-log entry of a registration an organiser adds (saved with it)."""
    from eventhub.audit.services import Actor, record

    state = event.registration_state

    def write(registration):
        record(Actor(email, via=via), "registration_added", event=event, target=registration.email,
               changes={"sessions": (None, sorted(p.session.number for p in registration.sessions)),
                        "registration_state": (None, state)})
    return write


def _send_in_transaction(signal, **kwargs) -> None:
    """A signal whose receivers add to the current transaction: one that fails fails the
    whole change (nothing is committed half-way)."""
    app = current_app._get_current_object()
    for receiver in signal.receivers_for(app):
        receiver(app, **kwargs)


def _already_registered(registration: Registration, notify: bool) -> RegisterResult:
    if notify:
        resend_manage_link(registration, actor="registrant", reason="duplicate")
    return RegisterResult(registration, created=False, manage_token=None)


# --- manage-token ---------------------------------------------------------------------------

def regenerate_manage_token(registration: Registration, actor: str = "registrant",
                            notify: bool = False) -> str:
    """A new manage link; the previous one stops working. Returns the token in clear.
    With ``notify``, the new link is emailed (saying the old ones no longer work)."""
    token = _new_manage_token(registration)
    _record(registration, actor, "link_regenerated")
    if notify:
        tasks.queue_manage_link(registration, reason="regenerated")
    db.session.commit()
    return token


def resend_manage_link(registration: Registration, actor: str = "registrant",
                       token: str | None = None, reason: str = "requested") -> str:
    """Email the manage link: the same one the person already has (their emails, their
    calendar files keep working; someone typing their address into the form changes
    nothing for them). Only a link that cannot be recomputed (made before salts
    existed, or the secret key changed) is replaced. Returns the token sent."""
    if token is None or not tokens_equal(hash_token(token), registration.manage_token_hash or ""):
        token = current_manage_token(registration) or _new_manage_token(registration)
    _record(registration, actor, "link_sent", reason=reason)
    tasks.queue_manage_link(registration, reason=reason)
    db.session.commit()
    return token


def send_existing_links(address: str, event=None) -> int:
    """"Send me my link": email the link each registration of ``address`` already has
    (for ``event`` only when given). Returns how many were sent; the caller must not
    tell the visitor (that would say whether the address is registered)."""
    query = db.select(Registration).where(Registration.email == address,
                                          Registration.anonymised_at.is_(None))
    if event is not None:
        query = query.where(Registration.event_id == event.id)
    registrations = list(db.session.execute(query.order_by(Registration.id)).scalars())
    for registration in registrations:
        resend_manage_link(registration, actor="registrant", reason="requested")
    return len(registrations)


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
    for place in promoted:
        previous = {"status": WAITLISTED,
                    "waitlisted_at": place.waitlisted_at.isoformat() if place.waitlisted_at else None}
        place.status = CONFIRMED
        place.waitlisted_at = None
        _record(place.registration, "system", "promoted", session=session.number)
        after.signals.append((session_registration_changed,
                              dict(session_registration=place, action="promoted", previous=previous)))
        tasks.queue_promotion(place)
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


def change_details(registration: Registration, details: dict, actor: str = "registrant",
                   via: str | None = None) -> list[str]:
    """Correct the person's details (``validation.clean_details``): what changed is
    written to the history (accessibility needs without their text) and confirmed by
    email. With ``via`` ("console", "api"), ``actor`` is a staff member's email and the
    change is also in the audit log, in the same transaction. Returns the names of the
    fields changed."""
    from eventhub.audit.services import Actor, record

    from .validation import DETAIL_FIELDS

    changed = {}
    for key in DETAIL_FIELDS:
        if key not in details or getattr(registration, key) == details[key]:
            continue
        before, after = getattr(registration, key), details[key]
        setattr(registration, key, after)
        changed[key] = None if key == "accessibility_needs" else {"from": before, "to": after}
    if not changed:
        return []
    _record(registration, actor, "details_changed", fields=changed)
    if via:
        record(Actor(actor, via=via), "registration_details_changed", event=registration.event,
               target=f"registration {registration.id}",
               changes={key: ("…", "…") if value is None else (value["from"], value["to"])
                        for key, value in changed.items()})
    db.session.commit()
    return list(changed)


def request_email_change(registration: Registration, new_address: str, actor: str = "registrant") -> bool:
    """Send the new address a link that makes it the registration's address (nothing
    changes before it is followed). ``new_address`` is normalised. False when it is
    the current address. Whether another registration of the event has the address
    is told only to whoever follows the link (no enumeration)."""
    if new_address == registration.email:
        return False
    _record(registration, actor, "email_change_requested", to=new_address)
    tasks.queue_email_change(registration, new_address)
    db.session.commit()
    return True


class AddressTaken(RegistrationError):
    """Another registration of the event has this address."""


def confirm_email_change(registration: Registration, new_address: str) -> bool:
    """The link sent to ``new_address`` was followed: it becomes the registration's
    address; the previous address is told, the new one gets the change email. False when
    it already was the address (a second click). Raises ``AddressTaken``."""
    if registration.email == new_address:
        return False
    if find_registration(registration.event, new_address) is not None:
        raise AddressTaken(new_address)
    old = registration.email
    registration.email = new_address
    registration.updated_at = utcnow()
    _record(registration, "registrant", "email_changed", **{"from": old, "to": new_address})
    tasks.queue_email_changed_notice(registration, old)
    try:
        db.session.commit()
    except IntegrityError:  # registered with that address meanwhile
        db.session.rollback()
        raise AddressTaken(new_address) from None
    send_signal(registration_email_changed, registration=registration, previous=old)
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

