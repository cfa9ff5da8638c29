"""Applying verified Zoom webhook events (the view checks signatures first).

Every delivery is identified by the SHA-256 of its raw body and stored in
``ZoomWebhookEvent`` in the same transaction as its effects, so a replay (Zoom
re-delivers when an answer was late) finds the hash and does nothing. Events about a
webinar no session uses are acknowledged and ignored: Zoom retries anything not 2xx.

* ``webinar.registration_created`` / ``_approved``: link the registrant id and join link
  to the person's place (matched by registrant id, then email); someone unknown here is
  remembered (``ZoomUnmatchedRegistrant``) for the organisers, never registered; someone
  who cancelled here is cancelled on Zoom again (a late add must not bring them back).
* ``webinar.registration_cancelled`` / ``_denied``: the place's Zoom state becomes
  ``cancelled`` (the place itself stays: the person may still want it; organisers see it).
* ``webinar.participant_joined`` / ``_left``: attended, earliest join, latest leave.
* ``webinar.ended`` (``object.uuid``: the instance that ended): the participants import
  of that instance is queued (``tasks.import_instance_attendance``, a few minutes later,
  when Zoom's report has it); imports add up, so a replay or a later full import is harmless.
* ``webinar.updated`` (time, duration or topic changed on Zoom): the session is flagged
  for the organisers with Zoom's values (``changes.note_update``); eventhub's times are
  not changed unless an organiser accepts Zoom's time on the console's Zoom page. A
  ``registration_url`` in ``object`` is kept on the session with its time and webinar ID
  (``changes.note_registration_url``) for the set-up check.
* ``webinar.deleted`` / ``webinar.permanently_deleted``: the session is flagged and its
  places wait for a new webinar, without join links (``changes.note_deletion``);
  ``webinar.recovered`` (back from Zoom's trash) undoes that and re-attaches the places.
"""
from __future__ import annotations

import hashlib
import logging

from sqlalchemy.exc import IntegrityError

from eventhub.events.models import EventSession
from eventhub.extensions import db
from eventhub.registration.models import Registration, SessionRegistration, ZoomState

from . import changes, operations, services, tasks
from .attendance import parse_zoom_instant
from .client import normalise_webinar_id
from .models import ZoomWebhookEvent

log = logging.getLogger(__name__)

REGISTRATION_LINKED = ("webinar.registration_created", "webinar.registration_approved")
REGISTRATION_ENDED = {"webinar.registration_cancelled": "cancelled", "webinar.registration_denied": "denied"}
PARTICIPANT_EVENTS = ("webinar.participant_joined", "webinar.participant_left")
WEBINAR_ENDED = "webinar.ended"
WEBINAR_UPDATED = "webinar.updated"
WEBINAR_DELETED = ("webinar.deleted", "webinar.permanently_deleted")
WEBINAR_RECOVERED = "webinar.recovered"
WEBINAR_EVENTS = (WEBINAR_UPDATED, *WEBINAR_DELETED, WEBINAR_RECOVERED)
#: ``db.session.info`` key: sessions whose places are attached again after commit.
ATTACH_AFTER_COMMIT = "zoom_webhook_attach_after_commit"
#: ``db.session.info`` key: (session id, instance UUID) attendance imports to queue after commit.
IMPORT_AFTER_COMMIT = "zoom_webhook_import_after_commit"
CANCELLED = "cancelled"
#: ``db.session.info`` key: places to cancel on Zoom once the event's transaction commits.
CANCEL_AFTER_COMMIT = "zoom_webhook_cancel_after_commit"


def payload_hash(raw_body: bytes) -> str:
    return hashlib.sha256(raw_body).hexdigest()


def already_processed(digest: str) -> bool:
    return db.session.execute(
        db.select(ZoomWebhookEvent.id).filter_by(payload_hash=digest)
    ).first() is not None


def process(payload: dict, raw_body: bytes) -> str:
    """Apply one verified event; returns its outcome ("duplicate" for a replay). Commits."""
    digest = payload_hash(raw_body)
    if already_processed(digest):
        return "duplicate"
    event_type = str(payload.get("event") or "")[:80]
    body = payload.get("payload")
    body = body if isinstance(body, dict) else {}
    obj = body.get("object")
    obj = obj if isinstance(obj, dict) else {}
    try:
        webinar_id = normalise_webinar_id(obj.get("id")) if obj.get("id") is not None else None
    except ValueError:
        webinar_id = None
    event_ts = payload.get("event_ts")
    event_ts = event_ts if isinstance(event_ts, int) and not isinstance(event_ts, bool) else None
    outcome = _apply(event_type, webinar_id, obj, body, event_ts)
    db.session.add(ZoomWebhookEvent(
        payload_hash=digest, event_type=event_type, webinar_id=webinar_id, outcome=outcome,
        event_ts=event_ts))
    to_cancel = db.session.info.pop(CANCEL_AFTER_COMMIT, [])
    to_import = db.session.info.pop(IMPORT_AFTER_COMMIT, [])
    to_attach = db.session.info.pop(ATTACH_AFTER_COMMIT, [])
    try:
        db.session.commit()
    except IntegrityError:
        # The same delivery processed concurrently by another worker: theirs stands.
        db.session.rollback()
        return "duplicate"
    for place_id in to_cancel:
        tasks.cancel_on_zoom(place_id, force=True)
    for session_id, uuid in to_import:
        tasks.import_instance_attendance.schedule(args=(session_id, uuid), delay=tasks.REPORT_DELAY_SECONDS)
    for session_id in to_attach:
        tasks.attach_session(session_id)
    log.info("Zoom webhook %s: %s", event_type, outcome)
    return outcome


def _sessions_for(webinar_id: str | None) -> list[EventSession]:
    if not webinar_id:
        return []
    return list(db.session.execute(
        db.select(EventSession).filter_by(zoom_webinar_id=webinar_id).order_by(EventSession.id)
    ).scalars())


def _find_place(session: EventSession, registrant_id: str | None, email: str | None) -> SessionRegistration | None:
    if registrant_id:
        place = db.session.execute(
            db.select(SessionRegistration).filter_by(session_id=session.id, zoom_registrant_id=registrant_id)
        ).scalars().first()
        if place is not None:
            return place
    wanted = services.normalise_email(email)
    if not wanted:
        return None
    # Emails are stored normalised by email-validator (lower-case domain); compare case-folded.
    return db.session.execute(
        db.select(SessionRegistration)
        .join(Registration, SessionRegistration.registration_id == Registration.id)
        .where(SessionRegistration.session_id == session.id,
               db.func.lower(Registration.email) == wanted)
    ).scalars().first()


def _apply(event_type: str, webinar_id: str | None, obj: dict, payload: dict, event_ts: int | None) -> str:
    if event_type not in (*REGISTRATION_LINKED, *REGISTRATION_ENDED, *PARTICIPANT_EVENTS, WEBINAR_ENDED,
                          *WEBINAR_EVENTS):
        return "ignored"
    sessions = _sessions_for(webinar_id)
    if not sessions:
        return "unknown_webinar"
    if event_type in WEBINAR_EVENTS:
        outcomes = [_webinar_event(event_type, session, webinar_id, obj, payload, event_ts)
                    for session in sessions]
    else:
        outcomes = [_apply_to_session(event_type, session, obj) for session in sessions]
    for preferred in ("applied", "cancel_sent", "unchanged", "unmatched"):
        if preferred in outcomes:
            return preferred
    return outcomes[0]


def _webinar_event(event_type: str, session: EventSession, webinar_id: str, obj: dict, payload: dict,
                   event_ts: int | None) -> str:
    if event_type == WEBINAR_UPDATED:
        old = payload.get("old_object")
        link = changes.note_registration_url(session, webinar_id, obj, event_ts)
        outcome = changes.note_update(session, webinar_id, obj, old if isinstance(old, dict) else {}, event_ts)
        return next((o for o in ("applied", "unchanged") if o in (link, outcome)), outcome)
    if event_type == WEBINAR_RECOVERED:
        outcome = changes.note_recovery(session)
        if outcome == "applied" and services.session_mode(session) == services.API_MODE:
            db.session.info.setdefault(ATTACH_AFTER_COMMIT, []).append(session.id)
        return outcome
    operation = payload.get("operation")
    return changes.note_deletion(session, webinar_id, obj, operation if isinstance(operation, str) else None,
                                 event_ts)


def _text(value, limit: int) -> str | None:
    return value.strip()[:limit] if isinstance(value, str) and value.strip() else None


def _clean_person(value) -> dict:
    """A delivery's ``registrant`` / ``participant`` with only values of the types Zoom
    documents (strings; WebinarRegistrationCreatedEvent, WebinarParticipantJoinedEvent in
    @zoom/rivet): anything else is dropped, so a malformed delivery cannot reach the
    database or raise (it is acknowledged and changes nothing it cannot read)."""
    if not isinstance(value, dict):
        return {}
    person = {key: _text(value.get(key), limit) for key, limit in (
        ("email", 320), ("user_email", 320), ("first_name", 120), ("last_name", 120), ("status", 32),
        ("join_time", 40), ("leave_time", 40))}
    person["id"] = services.registrant_id_of(value.get("id"))
    person["registrant_id"] = services.registrant_id_of(value.get("registrant_id"))
    person["join_url"] = services.join_url_of(value.get("join_url"))
    return {key: item for key, item in person.items() if item is not None}


def _apply_to_session(event_type: str, session: EventSession, obj: dict) -> str:
    if event_type == WEBINAR_ENDED:
        uuid = obj.get("uuid")
        if not isinstance(uuid, str) or not uuid or len(uuid) > 100:
            return "ignored"
        db.session.info.setdefault(IMPORT_AFTER_COMMIT, []).append((session.id, uuid))
        return "applied"
    if event_type in PARTICIPANT_EVENTS:
        return _participant(event_type, session, _clean_person(obj.get("participant")))
    registrant = _clean_person(obj.get("registrant"))
    place = _find_place(session, registrant.get("id"), registrant.get("email"))
    if event_type in REGISTRATION_LINKED:
        if place is None:
            operations.note_unmatched_registrant(session, registrant, zoom_status=registrant.get("status")
                                                 or ("approved" if event_type.endswith("approved") else "pending"))
            return "unmatched"
        if place.status == CANCELLED and place.registration.anonymised_at is None:
            # Zoom holds someone who cancelled here (an add that Zoom finished late, or
            # someone on Zoom's side): keep the id, and cancel there once this commits.
            if registrant.get("id"):
                place.zoom_registrant_id = registrant["id"]
            db.session.info.setdefault(CANCEL_AFTER_COMMIT, []).append(place.id)
            operations.record_history(place.registration, "zoom_cancel_resent", session=session.number)
            return "cancel_sent"
        if (place.zoom_state == ZoomState.SYNCED.value and place.zoom_registrant_id == registrant.get("id")
                and (not registrant.get("join_url") or place.zoom_join_url == registrant.get("join_url"))):
            return "unchanged"
        operations.link_registrant(place, registrant.get("id") or place.zoom_registrant_id,
                                   registrant.get("join_url") or place.zoom_join_url)
        return "applied"
    # cancelled / denied
    if place is None:
        operations.note_unmatched_registrant(session, registrant, zoom_status=REGISTRATION_ENDED[event_type])
        return "unmatched"
    if place.zoom_state == ZoomState.CANCELLED.value:
        return "unchanged"
    place.zoom_state = ZoomState.CANCELLED.value
    place.zoom_join_url = None
    operations.record_history(place.registration, f"zoom_{REGISTRATION_ENDED[event_type]}",
                              session=session.number)
    return "applied"


def _participant(event_type: str, session: EventSession, participant: dict) -> str:
    place = _find_place(session, participant.get("registrant_id"),
                        participant.get("email") or participant.get("user_email"))
    if place is None:
        return "unmatched"
    before = (place.attended, place.joined_at, place.left_at)
    place.attended = True
    joined = parse_zoom_instant(participant.get("join_time"))
    if joined is not None:
        place.joined_at = min(place.joined_at, joined) if place.joined_at else joined
    if event_type == "webinar.participant_left":
        left = parse_zoom_instant(participant.get("leave_time"))
        if left is not None:
            place.left_at = max(place.left_at, left) if place.left_at else left
    return "unchanged" if (place.attended, place.joined_at, place.left_at) == before else "applied"
