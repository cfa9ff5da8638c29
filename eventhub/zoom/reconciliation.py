"""Compare who is registered here with who is registered on the session's webinar.

``reconcile(session)`` reads every page of the webinar's approved and pending
registrants and sorts everyone into four lists:

* ``matched``: same person on both sides, registrant id and join link agree;
* ``only_on_zoom``: registered on Zoom, unknown here (action: import);
* ``only_here``: a confirmed place here with no registrant on Zoom (action: push);
* ``differing``: the same person on both sides but something disagrees, named in
  ``differences``: ``registrant_id`` / ``join_url`` (our copy is stale or missing),
  ``state`` (not marked synced here), ``listening_language`` (Zoom's answer is older
  than a change made here; Zoom cannot edit a registrant), ``cancelled_here`` (gave
  up the place here, still registered on Zoom), ``waitlisted_here`` (on the waiting
  list here, already registered on Zoom).

People are matched by Zoom registrant id first, then by email (case-insensitive).
Waiting-list places and anonymised registrations are not expected on Zoom, so they are
never "only here".
"""
from __future__ import annotations

import dataclasses

from eventhub.db_types import utcnow
from eventhub.extensions import db
from eventhub.registration.models import SessionRegistration, SessionRegistrationStatus, ZoomState

from . import services
from .models import ZoomUnmatchedRegistrant

CONFIRMED = SessionRegistrationStatus.CONFIRMED.value
WAITLISTED = SessionRegistrationStatus.WAITLISTED.value
CANCELLED = SessionRegistrationStatus.CANCELLED.value


@dataclasses.dataclass(frozen=True)
class ReconciliationRow:
    """One person: the local place, Zoom's registrant, or both."""

    place: SessionRegistration | None
    registrant: dict | None
    differences: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        if self.place is not None:
            return self.place.registration.full_name
        registrant = self.registrant or {}
        return " ".join(p for p in (registrant.get("first_name"), registrant.get("last_name")) if p)

    @property
    def email(self) -> str:
        if self.place is not None:
            return self.place.registration.email
        return (self.registrant or {}).get("email") or ""

    @property
    def registrant_id(self) -> str | None:
        return (self.registrant or {}).get("id") or (self.place.zoom_registrant_id if self.place else None)


@dataclasses.dataclass
class Reconciliation:
    session: object
    matched: list[ReconciliationRow]
    only_on_zoom: list[ReconciliationRow]
    only_here: list[ReconciliationRow]
    differing: list[ReconciliationRow]

    @property
    def in_agreement(self) -> bool:
        return not (self.only_on_zoom or self.only_here or self.differing)


def _local_places(session) -> list[SessionRegistration]:
    return list(db.session.execute(
        db.select(SessionRegistration)
        .where(SessionRegistration.session_id == session.id)
        .order_by(SessionRegistration.id)
    ).scalars())


def zoom_registrants(session) -> list[dict]:
    """Every approved and pending registrant of the session's webinar (all pages)."""
    client = services.get_client()
    registrants = []
    for status in ("approved", "pending"):
        registrants.extend(client.list_registrants(session.zoom_webinar_id, status=status))
    return registrants


def _differences(place: SessionRegistration, registrant: dict) -> tuple[str, ...]:
    if place.status == CANCELLED:
        return ("cancelled_here",)
    if place.status == WAITLISTED:
        return ("waitlisted_here",)
    found = []
    if place.zoom_registrant_id != registrant.get("id"):
        found.append("registrant_id")
    if registrant.get("join_url") and place.zoom_join_url != registrant.get("join_url"):
        found.append("join_url")
    if place.zoom_state != ZoomState.SYNCED.value:
        found.append("state")
    answer = services.answer_of(registrant, services.LISTENING_LANGUAGE_QUESTION)
    if answer is not None and services.language_from_answer(answer) != place.listening_language:
        found.append("listening_language")
    return tuple(found)


def compare(session, registrants: list[dict], places: list[SessionRegistration]) -> Reconciliation:
    """Sort ``registrants`` (from Zoom) and ``places`` (here) into the four lists."""
    by_id = {p.zoom_registrant_id: p for p in places if p.zoom_registrant_id}
    by_email = {services.normalise_email(p.registration.email): p for p in places}
    result = Reconciliation(session, [], [], [], [])
    seen_places: set[int] = set()
    for registrant in registrants:
        place = by_id.get(registrant.get("id")) or by_email.get(services.normalise_email(registrant.get("email")))
        if place is None or place.id in seen_places:
            result.only_on_zoom.append(ReconciliationRow(None, registrant))
            continue
        seen_places.add(place.id)
        differences = _differences(place, registrant)
        row = ReconciliationRow(place, registrant, differences)
        (result.differing if differences else result.matched).append(row)
    for place in places:
        # An anonymised person is not sent to Zoom again (their registrant was deleted).
        if place.id not in seen_places and place.status == CONFIRMED and place.registration.anonymised_at is None:
            result.only_here.append(ReconciliationRow(place, None))
    return result


def reconcile(session) -> Reconciliation:
    """Compare the session's places with its webinar's registrants (calls Zoom).

    Also resolves remembered webhook announcements of people now found here.
    Raises ``ZoomError`` when Zoom cannot be read.
    """
    result = compare(session, zoom_registrants(session), _local_places(session))
    known_ids = {row.registrant.get("id") for row in result.matched + result.differing}
    if known_ids:
        for row in db.session.execute(
            db.select(ZoomUnmatchedRegistrant).where(
                ZoomUnmatchedRegistrant.session_id == session.id,
                ZoomUnmatchedRegistrant.registrant_id.in_(known_ids),
                ZoomUnmatchedRegistrant.resolved_at.is_(None))
        ).scalars():
            row.resolved_at = utcnow()
        db.session.commit()
    return result


def find_registrant(session, registrant_id: str) -> dict | None:
    """Zoom's registrant with this id on the session's webinar (reads the listings)."""
    for registrant in zoom_registrants(session):
        if registrant.get("id") == registrant_id:
            return registrant
    return None
