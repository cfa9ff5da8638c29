"""Changing Zoom state: creating, linking and cancelling registrants, switching sessions
between link and API mode, importing people Zoom knows about.

These are plain functions that jobs (``tasks.py``), commands and console views call;
each works on one place (``SessionRegistration``) or one session and commits its own
transaction. Calls to Zoom go through the shared client (``services.get_client``).

Invariants:

* a place is never registered twice on Zoom: a place already ``synced`` is skipped, and
  whenever an earlier attempt may have reached Zoom (a failure was noted in
  ``zoom_error``, or the caller asks for it) the registrant is first looked up by email
  and linked instead of created; a duplicate answer from Zoom is linked the same way
  (``ZoomClient.add_registrant``);
* Zoom's refusals (validation, full webinar, unknown webinar, refused credentials) end
  in state ``failed`` with Zoom's message in ``zoom_error`` and are not retried;
* once the registrant is stored, the person is emailed their join link (again only when
  the link changed), see ``notifications``;
* a daily-limit answer keeps the place ``pending`` with a note and returns a
  :class:`SyncResult` whose ``retry_at`` the job uses to park itself until then;
* anything transient (5xx, timeouts, per-second limits that outlasted the client's own
  retries) is noted and re-raised so the job queue retries with backoff;
* an anonymised registration is never sent to Zoom (its address is a placeholder), and
  its registrants are deleted from Zoom (``remove_anonymised_place``).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from flask import current_app
from sqlalchemy.orm import joinedload

from eventhub.db_types import utcnow
from eventhub.events.models import EventSession
from eventhub.extensions import db
from eventhub.registration.models import (
    Registration,
    RegistrationChange,
    SessionRegistration,
    SessionRegistrationStatus,
    ZoomState,
)

from . import services
from .client import (
    ZoomAuthError,
    ZoomDailyLimit,
    ZoomError,
    ZoomNotFound,
    ZoomValidationError,
)
from .models import ZoomUnmatchedRegistrant

log = logging.getLogger(__name__)

CONFIRMED = SessionRegistrationStatus.CONFIRMED.value
CANCELLED = SessionRegistrationStatus.CANCELLED.value

#: A job parked by Zoom's daily limit runs this long after 00:00 GMT, when Zoom resets it.
DAILY_RESET_MARGIN = dt.timedelta(minutes=1)

#: Zoom answers that retrying cannot fix: stored on the place, shown to organisers.
REFUSALS = (ZoomValidationError, ZoomNotFound, ZoomAuthError)


@dataclasses.dataclass(frozen=True)
class SyncResult:
    """What one sync or cancel attempt did. ``outcome`` is a short machine word;
    ``retry_at`` is set when Zoom's daily limit parks the work until then."""

    outcome: str
    retry_at: dt.datetime | None = None
    follow_up: tuple[int, ...] = ()


def _locked_place(place_id: int) -> SessionRegistration | None:
    """The place, row-locked on PostgreSQL so that two workers handling the same place
    take turns (the second then sees the first one's result). SQLite has one writer."""
    # The job needs the person and the session: one query instead of three.
    query = db.select(SessionRegistration).where(SessionRegistration.id == place_id).options(
        joinedload(SessionRegistration.registration, innerjoin=True),
        joinedload(SessionRegistration.session, innerjoin=True))
    if db.engine.dialect.name != "sqlite":
        query = query.with_for_update(of=SessionRegistration)
    return db.session.execute(query).scalar_one_or_none()


def record_history(registration: Registration, action: str, actor: str = "zoom", **details) -> None:
    db.session.add(RegistrationChange(registration=registration, actor=actor, action=action,
                                      details=details))


def link_registrant(place: SessionRegistration, registrant_id: str | None, join_url: str | None) -> None:
    """Store Zoom's registrant on the place: state synced, error cleared. Values of the
    wrong type or shape (a malformed answer or webhook) are not stored."""
    place.zoom_registrant_id = services.registrant_id_of(registrant_id)
    place.zoom_join_url = services.join_url_of(join_url)
    place.zoom_state = ZoomState.SYNCED.value
    place.zoom_error = None
    place.zoom_synced_at = utcnow()


def _refusal_message(error: Exception) -> str:
    if isinstance(error, ZoomError):
        return (error.message or str(error))[:2000]
    return str(error)[:2000]


def _failed_call(place: SessionRegistration, error: Exception, doing: str) -> SyncResult:
    """A Zoom call for ``place`` failed: Zoom's daily limit parks the job until the
    limit resets (``retry_at``); a refusal (or a value the client will not send) is
    final, stored for organisers to see; anything else is noted and raised again so
    that the queue retries with backoff."""
    if isinstance(error, ZoomDailyLimit):
        retry_at = error.retry_at + DAILY_RESET_MARGIN
        already_parked = services.parse_zoom_error(place.zoom_error)[0] == "daily_limit"
        place.zoom_error = services.daily_limit_note(retry_at, error.message)
        told = False
        if doing == "register" and not already_parked:
            from .notifications import send_delay_notice

            # The person is told once that their link comes after Zoom's reset.
            told = send_delay_notice(place, retry_at, with_transaction=True)
        db.session.commit()
        if told:
            from eventhub.jobs import queue_kept

            queue_kept()
        log.warning("Zoom daily limit: %s of place %s parked until %s", doing, place.id, retry_at.isoformat())
        return SyncResult("parked", retry_at=retry_at)
    if isinstance(error, (*REFUSALS, ValueError)):
        place.zoom_state = ZoomState.FAILED.value
        place.zoom_error = _refusal_message(error)
        db.session.commit()
        log.warning("Zoom refused to %s place %s: %s", doing, place.id, type(error).__name__)
        return SyncResult("failed")
    place.zoom_error = services.retrying_note(_refusal_message(error))
    db.session.commit()
    raise error


# ------------------------------------------------------------------------------ sync --

def sync_place(place_id: int, *, lookup_first: bool = False, reactivate: bool = False,
               force: bool = False) -> SyncResult:
    """Make sure the place has a Zoom registrant; see the module docstring.

    ``lookup_first`` looks the person up by email before creating (organiser "push",
    re-link); ``reactivate`` approves the registrant afterwards (a place given up and
    taken again: Zoom may still hold it as cancelled); ``force`` also handles places that
    are not ``pending`` (a retry of a failed one, a re-link of a synced one).
    """
    place = _locked_place(place_id)
    if place is None:
        return SyncResult("missing")
    if place.registration.anonymised_at is not None:
        # Personal data erased (a job queued before): the address is a placeholder and
        # the person must not reach Zoom; a registrant made earlier is being deleted.
        db.session.rollback()
        return SyncResult("anonymised")
    if place.status != CONFIRMED:
        # Waiting-list places get their Zoom registration when promoted; cancelled ones
        # are the cancel job's business.
        db.session.rollback()
        return SyncResult("not_confirmed")
    if not force and place.zoom_state != ZoomState.PENDING.value:
        db.session.rollback()
        return SyncResult(f"skipped_{place.zoom_state}")
    session = place.session
    if services.session_mode(session) != services.API_MODE:
        place.zoom_state = ZoomState.LINK.value
        place.zoom_error = None
        db.session.commit()
        return SyncResult("link_mode")

    if services.webinar_deleted(session):
        # Zoom deleted the webinar (webhook): nothing is added to it and no join link goes
        # out until the session has a new webinar (eventhub.zoom.changes).
        place.zoom_join_url = None
        place.zoom_error = services.webinar_deleted_note(session.zoom_webinar_id)
        db.session.commit()
        return SyncResult("webinar_deleted")
    client = services.get_client()
    webinar_id = session.zoom_webinar_id
    email = place.registration.email
    # An earlier attempt that failed may still have reached Zoom (timeout after Zoom
    # created the registrant): look before creating, so nobody is registered twice.
    lookup = lookup_first or place.zoom_error is not None or place.zoom_registrant_id is not None
    try:
        found = client.find_registrant_by_email(webinar_id, email) if lookup else None
        if found is not None:
            raw_id, raw_url = found.get("id"), found.get("join_url")
            how = "linked"
        else:
            answer = client.add_registrant(webinar_id, **services.registrant_fields(place))
            raw_id, raw_url = answer.get("registrant_id"), answer.get("join_url")
            how = "linked" if answer.get("already_registered") else "created"
        registrant_id, join_url = services.registrant_id_of(raw_id), services.join_url_of(raw_url)
        if reactivate and registrant_id:
            client.update_registrant_status(webinar_id, "approve", [{"id": registrant_id, "email": email}])
    except (ZoomError, ValueError) as error:
        return _failed_call(place, error, "register")
    if not registrant_id or (raw_url is not None and join_url is None):
        # A malformed answer (cut short, fields missing or of the wrong type): Zoom may
        # have registered the person, so the retry looks them up before adding.
        problem = ("Zoom's answer had no registrant id." if raw_id in (None, "") else
                   f"Zoom's answer could not be read: registrant_id {raw_id!r:.100}, join_url {raw_url!r:.200}.")
        place.zoom_error = services.retrying_note(problem)
        db.session.commit()
        raise ZoomError(None, None, f"unusable registrant in Zoom's answer for place {place_id}")
    previous_link = place.zoom_join_url
    link_registrant(place, registrant_id, join_url)
    email_written = False
    if join_url and join_url != previous_link:
        from .notifications import send_join_link

        # Written to the job outbox in this transaction: the email exists exactly when
        # the synced place does. (Queued after the commit, a job dying in between left
        # the person synced without the email; queued before, its re-run emailed twice.)
        email_written = send_join_link(place, with_transaction=True)
    db.session.commit()
    if email_written:
        from eventhub.jobs import queue_kept

        queue_kept()
    return SyncResult(how)


def mark_for_retry(place: SessionRegistration) -> bool:
    """Console "Retry": a failed or pending place (waiting for a retry, parked by
    Zoom's daily limit) is pending again (the old message stays, so the next attempt
    looks the person up first). Returns False for a synced, link-mode or cancelled one."""
    if place.zoom_state not in (ZoomState.FAILED.value, ZoomState.PENDING.value):
        return False
    place.zoom_state = ZoomState.PENDING.value
    db.session.commit()
    return True


# ---------------------------------------------------------------------------- cancel --

def cancel_place(place_id: int, *, force: bool = False) -> SyncResult:
    """Cancel the place's registrant on Zoom once the place is cancelled here.

    ``force`` (organiser's push after reconciliation found the person still registered
    on Zoom) sends the cancellation whatever the recorded Zoom state, by registrant id
    or else by email."""
    place = _locked_place(place_id)
    if place is None:
        return SyncResult("missing")
    if place.status != CANCELLED:
        db.session.rollback()
        return SyncResult("not_cancelled")  # taken again before this job ran
    if not force and place.zoom_state in (ZoomState.LINK.value, ZoomState.CANCELLED.value):
        db.session.rollback()
        return SyncResult(f"skipped_{place.zoom_state}")
    session = place.session
    email = place.registration.email
    if place.zoom_registrant_id:
        registrant = {"id": place.zoom_registrant_id, "email": email}
    elif place.zoom_error is None and not force:
        # Never reached Zoom (cancelled before the sync job ran): nothing to cancel there.
        place.zoom_state = ZoomState.CANCELLED.value
        db.session.commit()
        return SyncResult("cancelled_here")
    else:
        registrant = {"email": email}  # a failed attempt may have created it after all
    unknown_registrant = "id" not in registrant
    if services.session_mode(session) != services.API_MODE:
        db.session.rollback()
        return SyncResult("link_mode")
    try:
        services.get_client().update_registrant_status(session.zoom_webinar_id, "cancel", [registrant])
    except ZoomError as error:
        return _failed_call(place, error, "cancel")
    place.zoom_state = ZoomState.CANCELLED.value
    place.zoom_error = None
    place.zoom_join_url = None  # the link no longer admits anyone
    db.session.commit()
    # Cancelled by email only: an add that timed out may still be running on Zoom and
    # create the registrant after this; the job cancels once more later.
    return SyncResult("cancelled_by_email" if unknown_registrant else "cancelled")


def cancel_on_webinar(place_id: int, webinar_id: str, registrant_id: str, email: str | None = None) -> SyncResult:
    """Cancel a registrant the place no longer uses: on a webinar its session no longer
    uses (the session was moved to another webinar), or the registrant of the address the
    person replaced (``email``). The place itself is not changed."""
    place = db.session.get(SessionRegistration, place_id)
    entry = {"id": registrant_id}
    if email:
        entry["email"] = email
    elif place is not None:
        entry["email"] = place.registration.email
    try:
        services.get_client().update_registrant_status(webinar_id, "cancel", [entry])
    except ZoomDailyLimit as error:
        return SyncResult("parked", retry_at=error.retry_at)
    except REFUSALS as error:
        # The old webinar is gone or refuses: nothing left to cancel there.
        log.warning("could not cancel on old webinar for place %s: %s", place_id, type(error).__name__)
        return SyncResult("failed")
    return SyncResult("cancelled")


# ------------------------------------------------------------------- anonymisation --

#: History entry of a place whose registrant was deleted from Zoom (no personal data).
REMOVED_FROM_ZOOM = "removed_from_zoom"


def remove_anonymised_place(place_id: int) -> SyncResult:
    """Delete the Zoom registrant of a place whose registration was anonymised: Zoom's
    copy of the name, email and answers goes too.

    Whether Zoom deleted it or it was already gone, the registrant id and join link are
    cleared, the Zoom state becomes ``cancelled`` and the history says "removed from
    Zoom" (session number only). A place that never reached Zoom (no registrant id)
    needs nothing. Zoom's refusals end in ``failed`` with Zoom's message (shown to
    organisers on the Zoom page, with Retry); the daily limit parks the job until
    ``retry_at``; transient failures are noted and re-raised for the queue to retry.
    """
    place = _locked_place(place_id)
    if place is None:
        return SyncResult("missing")
    if place.registration.anonymised_at is None:
        db.session.rollback()
        return SyncResult("not_anonymised")
    if not place.zoom_registrant_id:
        db.session.rollback()
        return SyncResult("not_on_zoom")
    session = place.session
    if services.session_mode(session) != services.API_MODE:
        # No credentials or no webinar ID any more: nothing can be deleted from here.
        db.session.rollback()
        log.warning("place %s: anonymised, but its session is not in Zoom API mode; "
                    "its Zoom registrant was not deleted", place_id)
        return SyncResult("link_mode")
    try:
        deleted = services.get_client().delete_registrant(session.zoom_webinar_id, place.zoom_registrant_id)
    except (ZoomError, ValueError) as error:
        return _failed_call(place, error, "delete")
    place.zoom_registrant_id = None
    place.zoom_join_url = None
    place.zoom_state = ZoomState.CANCELLED.value
    place.zoom_error = None
    record_history(place.registration, REMOVED_FROM_ZOOM, actor="system", session=session.number)
    db.session.commit()
    return SyncResult("removed" if deleted else "already_gone")


# ------------------------------------------------------------- sessions change mode --

def _places(session_id: int, *, statuses=(CONFIRMED,), states=None) -> list[SessionRegistration]:
    query = db.select(SessionRegistration).where(SessionRegistration.session_id == session_id)
    if statuses is not None:
        query = query.where(SessionRegistration.status.in_(statuses))
    if states is not None:
        query = query.where(SessionRegistration.zoom_state.in_(states))
    return list(db.session.execute(query.order_by(SessionRegistration.id)).scalars())


def mark_session_pending(session: EventSession) -> int:
    """The session just entered API mode: its link-mode places will be synced.
    Returns how many places changed. Commits."""
    places = _places(session.id, states=(ZoomState.LINK.value,))
    for place in places:
        place.zoom_state = ZoomState.PENDING.value
    db.session.commit()
    return len(places)


def mark_session_link_mode(session: EventSession) -> int:
    """The session left API mode (webinar ID cleared): places not yet on Zoom are sent to
    the webinar's link again. Places already synced keep their personal join link,
    which Zoom still honours. Commits; returns how many places changed."""
    places = _places(session.id, statuses=None,
                     states=(ZoomState.PENDING.value, ZoomState.FAILED.value))
    for place in places:
        place.zoom_state = ZoomState.LINK.value
        place.zoom_error = None
    db.session.commit()
    return len(places)


def attach_session(session_id: int) -> SyncResult:
    """Link the session's pending places to registrants already on its webinar (people
    who registered through the webinar's own link before it switched to API mode)
    with one listing of the webinar, and return the places still to create
    (``follow_up``) for the caller to queue."""
    session = db.session.get(EventSession, session_id)
    if session is None or services.session_mode(session) != services.API_MODE:
        return SyncResult("link_mode")
    places = _places(session_id, states=(ZoomState.PENDING.value,))
    if not places:
        return SyncResult("nothing_pending")
    if services.webinar_deleted(session):
        return SyncResult("webinar_deleted", follow_up=tuple(p.id for p in places))
    try:
        on_zoom = registrants_by_email(session)
    except ZoomDailyLimit as error:
        return SyncResult("parked", retry_at=error.retry_at)
    except REFUSALS as error:
        message = _refusal_message(error)
        for place in places:
            place.zoom_state = ZoomState.FAILED.value
            place.zoom_error = message
        db.session.commit()
        return SyncResult("failed")
    to_create = []
    for place in places:
        registrant = on_zoom.get(services.normalise_email(place.registration.email))
        if registrant is not None:
            link_registrant(place, registrant.get("id"), registrant.get("join_url"))
        else:
            to_create.append(place.id)
    db.session.commit()
    return SyncResult("attached", follow_up=tuple(to_create))


def batch_register(session_id: int, place_ids: list[int]) -> SyncResult:
    """Register up to 30 pending places of a session in one batch call
    (``ZoomClient.batch_add_registrants``), link each place Zoom answered for and email
    its join link; ``follow_up`` holds the places the batch did not register, for single
    adds (which carry the registration questions and handle Zoom's refusals one by one).
    Idempotent: places already synced are skipped; Zoom answers an email it already
    holds with that registrant.

    The webinar's registration form is read first (``checks.form_needs``): a batch entry
    carries only email, first and last name (WebinarsPerformBatchRegistrationRequestBody in
    @zoom/rivet) and Zoom has no call that adds answers later, so when the form has any of
    eventhub's questions (listening language, interpretation channel), required or
    optional, or requires anything else eventhub answers (organisation, country), or the
    webinar is not a scheduled one (type 5), everyone gets a single add carrying the
    answers (``FormNeeds.batch_allowed``); when it requires a question eventhub cannot
    answer, nobody is sent and the places fail with a message naming the question (Zoom
    would refuse each add)."""
    session = db.session.get(EventSession, session_id)
    if session is None or services.session_mode(session) != services.API_MODE:
        return SyncResult("link_mode", follow_up=tuple(place_ids))
    if services.webinar_deleted(session):
        return SyncResult("webinar_deleted", follow_up=tuple(place_ids))  # each single add says so
    query = db.select(SessionRegistration).where(
        SessionRegistration.id.in_(place_ids), SessionRegistration.session_id == session_id,
        SessionRegistration.status == CONFIRMED, SessionRegistration.zoom_state == ZoomState.PENDING.value
    ).options(joinedload(SessionRegistration.registration, innerjoin=True)).order_by(SessionRegistration.id)
    if db.engine.dialect.name != "sqlite":
        query = query.with_for_update(of=SessionRegistration)
    places = [p for p in db.session.execute(query).scalars() if p.registration.anonymised_at is None]
    if not places:
        db.session.rollback()
        return SyncResult("nothing_pending")
    from . import checks

    client = services.get_client()
    try:
        needs = checks.form_needs(client.get_registration_questions(session.zoom_webinar_id))
        webinar_type = client.get_webinar(session.zoom_webinar_id).get("type")
    except (ZoomError, ValueError) as error:
        # The single adds meet the same error one by one and record it on each place.
        log.warning("Zoom batch for session %s: the webinar could not be read: %s", session_id,
                    type(error).__name__)
        db.session.rollback()
        return SyncResult("batch_refused", follow_up=tuple(p.id for p in places))
    if needs.unanswerable:
        message = services.form_note(needs.unanswerable, (
            f"The webinar's registration form on Zoom requires {', '.join(needs.unanswerable)}, "
            "which eventhub cannot answer: nobody was sent to Zoom. Make the question optional "
            "on Zoom (see the session's Zoom set-up page), then retry."))
        for place in places:
            place.zoom_state = ZoomState.FAILED.value
            place.zoom_error = message
        db.session.commit()
        log.warning("Zoom batch for session %s: required questions eventhub cannot answer", session_id)
        return SyncResult("form_unanswerable")
    if not needs.batch_allowed or (webinar_type is not None and webinar_type not in checks.BATCH_WEBINAR_TYPES):
        # One by one with the answers: a batch would put these people on Zoom without
        # them, for good (see FormNeeds.batch_allowed for the contract).
        db.session.rollback()
        return SyncResult("single_adds", follow_up=tuple(p.id for p in places))
    by_email = {services.normalise_email(p.registration.email): p for p in places}
    entries = []
    for place in places:
        fields = services.registrant_fields(place)
        if needs.last_name and not fields["last_name"]:
            continue  # the form requires a last name: Zoom decides on a single add
        entries.append({"email": fields["email"], "first_name": fields["first_name"],
                        "last_name": fields["last_name"] or ""})
    if not entries:
        db.session.rollback()
        return SyncResult("single_adds", follow_up=tuple(p.id for p in places))
    try:
        answered = client.batch_add_registrants(session.zoom_webinar_id, entries, auto_approve=True)
    except ZoomDailyLimit:
        db.session.rollback()
        return SyncResult("batch_refused", follow_up=tuple(p.id for p in places))
    except (ZoomError, ValueError) as error:
        # Refused as a whole, or a malformed answer: the single adds decide for each person.
        log.warning("Zoom batch registration for session %s failed: %s", session_id, type(error).__name__)
        db.session.rollback()
        return SyncResult("batch_refused", follow_up=tuple(p.id for p in places))
    from .notifications import send_join_link

    linked: set[int] = set()
    emails_written = False
    for item in answered:
        place = by_email.get(services.normalise_email(item.get("email")))
        if place is None or place.id in linked:
            continue
        link_registrant(place, item.get("registrant_id"), item.get("join_url"))
        linked.add(place.id)
        if place.zoom_join_url:
            emails_written = send_join_link(place, with_transaction=True) or emails_written
    db.session.commit()
    if emails_written:
        from eventhub.jobs import queue_kept

        queue_kept()
    rest = tuple(p.id for p in places if p.id not in linked)
    return SyncResult("batched", follow_up=rest)


def detach_from_webinar(session_id: int, old_webinar_id: str) -> list[tuple[int, str]]:
    """The session now uses another webinar: its places on the old one go back to
    pending (to be created on the new one). Returns ``(place_id, registrant_id)`` of
    the registrants to cancel on the old webinar. Commits."""
    to_cancel = []
    for place in _places(session_id, states=(ZoomState.SYNCED.value, ZoomState.FAILED.value,
                                             ZoomState.PENDING.value)):
        if place.zoom_registrant_id:
            to_cancel.append((place.id, place.zoom_registrant_id))
        place.zoom_registrant_id = None
        place.zoom_join_url = None
        place.zoom_error = None
        place.zoom_state = ZoomState.PENDING.value
    db.session.commit()
    return to_cancel


def detach_from_address(registration) -> list[tuple[int, str, str]]:
    """The person's email address changed. Zoom has no call that changes a registrant's
    address (``PATCH /webinars/{id}/registrants`` does not exist; a registrant is created
    by ``POST .../registrants`` and only its status changes through ``PUT
    .../registrants/status``), and the join link Zoom emails and checks belongs to the old
    address. So each place with a registrant goes back to pending, to be registered again
    with the new address (which sends the new join link), and returns
    ``(place_id, webinar_id, registrant_id)`` of the registrants to cancel. Commits."""
    to_cancel = []
    for place in registration.sessions:
        if not place.zoom_registrant_id or place.status != SessionRegistrationStatus.CONFIRMED.value:
            continue
        session = place.session
        if session is None or not session.zoom_webinar_id or services.session_mode(session) != services.API_MODE:
            continue
        to_cancel.append((place.id, session.zoom_webinar_id, place.zoom_registrant_id))
        place.zoom_registrant_id = None
        place.zoom_join_url = None
        place.zoom_error = None
        place.zoom_state = ZoomState.PENDING.value
    db.session.commit()
    return to_cancel


def registrants_by_email(session: EventSession) -> dict[str, dict]:
    """Every approved and pending registrant of the session's webinar, by normalised email."""
    client = services.get_client()
    found = {}
    for status in ("approved", "pending"):
        for registrant in client.list_registrants(session.zoom_webinar_id, status=status):
            found.setdefault(services.normalise_email(registrant.get("email")), registrant)
    return found


# ---------------------------------------------------------------------------- import --

def _normalised_address(email: str) -> str:
    """The form Registration.email is stored in (email-validator's normalisation)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError("not an email address") from None


def import_registrant(session: EventSession, registrant: dict, actor: str = "zoom") -> SessionRegistration:
    """Create the local registration (or a place in an existing one) for someone only
    Zoom knows: name, email and join link from Zoom, state synced, history by "zoom".

    The person has no manage link (they never used eventhub's form); the listening
    language is Zoom's "Listening language" answer when it names one the session
    offers, else the floor language. Raises ``ValueError`` without a usable email.
    Sends ``registration_created`` (new person) or ``session_registration_changed``
    (action "added") after commit, like the registration domain does.
    """
    from eventhub.signals import registration_created, registration_creating, session_registration_changed

    email = _normalised_address(registrant.get("email") or "")
    registration = db.session.execute(
        db.select(Registration).filter_by(event_id=session.event_id, email=email)
    ).scalar_one_or_none()
    language = services.language_from_answer(
        services.answer_of(registrant, services.LISTENING_LANGUAGE_QUESTION))
    if language not in session.listening_languages:
        language = session.floor_language
    created = registration is None
    if created:
        registration = Registration(
            event_id=session.event_id, email=email,
            given_name=(registrant.get("first_name") or "").strip()[:120] or email.split("@")[0],
            family_name=(registrant.get("last_name") or "").strip()[:120],
            parliament=(registrant.get("org") or "").strip()[:200],
            country=_country_code(registrant.get("country")),
            consented_at=None,
        )
        db.session.add(registration)
        db.session.flush()
    place = next((p for p in registration.sessions if p.session_id == session.id), None)
    if place is None:
        place = SessionRegistration(registration=registration, session=session,
                                    listening_language=language, status=CONFIRMED)
        db.session.add(place)
    else:
        place.status = CONFIRMED
        place.waitlisted_at = None
    link_registrant(place, registrant.get("id"), registrant.get("join_url"))
    record_history(registration, "imported_from_zoom", actor=actor, session=session.number,
                   registrant_id=registrant.get("id"))
    _resolve_unmatched(session.id, registrant.get("id"))
    app = current_app._get_current_object()
    if created:  # the invitee's status, in this transaction (eventhub.signals)
        registration_creating.send(app, registration=registration)
    db.session.commit()
    if created:
        registration_created.send(app, registration=registration)
    else:
        session_registration_changed.send(app, session_registration=place, action="added", previous={})
    return place


def _country_code(value) -> str:
    value = (value or "").strip().upper()
    return value if len(value) == 2 and value.isalpha() and value.isascii() else ""


def _resolve_unmatched(session_id: int, registrant_id: str | None) -> None:
    if not registrant_id:
        return
    row = db.session.execute(
        db.select(ZoomUnmatchedRegistrant).filter_by(session_id=session_id, registrant_id=registrant_id)
    ).scalar_one_or_none()
    if row is not None and row.resolved_at is None:
        row.resolved_at = utcnow()


def note_unmatched_registrant(session: EventSession, registrant: dict, zoom_status: str) -> ZoomUnmatchedRegistrant | None:
    """Remember someone Zoom announced who is not registered here (no commit)."""
    registrant_id = str(registrant.get("id") or "")
    if not registrant_id:
        return None
    row = db.session.execute(
        db.select(ZoomUnmatchedRegistrant).filter_by(session_id=session.id, registrant_id=registrant_id)
    ).scalar_one_or_none()
    if row is None:
        row = ZoomUnmatchedRegistrant(session_id=session.id, registrant_id=registrant_id)
        db.session.add(row)
    row.email = (registrant.get("email") or "")[:320]
    row.first_name = (registrant.get("first_name") or "")[:120]
    row.last_name = (registrant.get("last_name") or "")[:120]
    row.zoom_status = zoom_status
    row.last_seen_at = utcnow()
    return row


def unresolved_unmatched(session: EventSession) -> list[ZoomUnmatchedRegistrant]:
    return list(db.session.execute(
        db.select(ZoomUnmatchedRegistrant)
        .filter_by(session_id=session.id, resolved_at=None)
        .order_by(ZoomUnmatchedRegistrant.first_seen_at)
    ).scalars())
