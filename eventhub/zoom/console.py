"""What the organisers' Zoom page shows and the actions behind its buttons (the views
in ``blueprint.py`` stay thin)."""
from __future__ import annotations

import dataclasses
import logging

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from eventhub.extensions import db
from eventhub.registration.models import SessionRegistration, SessionRegistrationStatus, ZoomState

from . import changes, operations, reconciliation, services, tasks
from .client import ZoomError

log = logging.getLogger(__name__)

CANCELLED = SessionRegistrationStatus.CANCELLED.value

ZOOM_STATE_LABELS = {
    ZoomState.LINK.value: _l("Registers through the Zoom link"),
    ZoomState.PENDING.value: _l("Waiting to be sent to Zoom"),
    ZoomState.SYNCED.value: _l("Registered on Zoom"),
    ZoomState.FAILED.value: _l("Refused by Zoom"),
    ZoomState.CANCELLED.value: _l("Cancelled on Zoom"),
}
DIFFERENCE_LABELS = {
    "registrant_id": _l("Zoom's registration is not the one recorded here."),
    "join_url": _l("Zoom's personal join link is not the one recorded here."),
    "state": _l("Not yet recorded here as registered on Zoom."),
    "listening_language": _l("Zoom still shows an earlier listening language: Zoom cannot change a "
                             "registration, the language recorded here applies."),
    "cancelled_here": _l("Cancelled here, but still registered on Zoom."),
    "waitlisted_here": _l("On the waiting list here, but already registered on Zoom."),
}
#: Differences a push (re-link or cancel) can fix; the others are for information.
FIXABLE = {"registrant_id", "join_url", "state", "cancelled_here"}


def state_label(code: str) -> str:
    return str(ZOOM_STATE_LABELS.get(code, code))


@dataclasses.dataclass
class SessionOverview:
    session: object
    mode: str
    counts: dict[str, int]
    link_opened: int
    attendance: dict[str, int]
    reconciliation: reconciliation.Reconciliation | None = None
    reconciliation_error: bool = False
    unmatched: list = dataclasses.field(default_factory=list)
    #: Open flags: the webinar changed or deleted on Zoom (eventhub.zoom.changes).
    changes: list = dataclasses.field(default_factory=list)
    waiting_for_webinar: int = 0


def _state_counts(session) -> dict[str, int]:
    rows = db.session.execute(
        db.select(SessionRegistration.zoom_state, func.count(SessionRegistration.id))
        .where(SessionRegistration.session_id == session.id, SessionRegistration.status != CANCELLED)
        .group_by(SessionRegistration.zoom_state)
    ).all()
    counts = {state.value: 0 for state in ZoomState}
    counts.update({state: count for state, count in rows})
    return counts


def _count(session, *conditions) -> int:
    return db.session.execute(
        db.select(func.count(SessionRegistration.id))
        .where(SessionRegistration.session_id == session.id, *conditions)
    ).scalar_one()


def session_overview(session, *, compare: bool = True) -> SessionOverview:
    mode = services.session_mode(session)
    overview = SessionOverview(
        session=session, mode=mode, counts=_state_counts(session),
        link_opened=_count(session, SessionRegistration.zoom_link_opened_at.is_not(None)),
        attendance={
            "attended": _count(session, SessionRegistration.attended.is_(True)),
            "absent": _count(session, SessionRegistration.attended.is_(False)),
        },
    )
    if mode == services.API_MODE and compare:
        try:
            overview.reconciliation = reconciliation.reconcile(session)
        except ZoomError as error:
            log.warning("reconciliation of session %s failed: %s", session.id, type(error).__name__)
            overview.reconciliation_error = True
    overview.unmatched = operations.unresolved_unmatched(session)
    overview.changes = changes.open_changes(session)
    if any(change.kind == changes.DELETED for change in overview.changes):
        overview.waiting_for_webinar = _count(
            session, SessionRegistration.zoom_error.startswith(services.WEBINAR_DELETED_MARK))
    return overview


def problem_places(event) -> list[SessionRegistration]:
    """Places Zoom refused, or whose last attempt failed and will be retried."""
    from eventhub.events.models import EventSession

    return list(db.session.execute(
        db.select(SessionRegistration)
        .join(EventSession, SessionRegistration.session_id == EventSession.id)
        .where(EventSession.event_id == event.id,
               (SessionRegistration.zoom_state == ZoomState.FAILED.value)
               | ((SessionRegistration.zoom_state == ZoomState.PENDING.value)
                  & SessionRegistration.zoom_error.is_not(None)))
        .order_by(EventSession.number, SessionRegistration.id)
    ).scalars())


def page_context(event) -> dict:
    return {
        "event": event,
        "overviews": [session_overview(session) for session in event.sessions],
        "problems": problem_places(event),
        "api_configured": services.api_configured(),
        "state_label": state_label,
        "difference_labels": DIFFERENCE_LABELS,
        "fixable": FIXABLE,
        "parse_zoom_error": services.parse_zoom_error,
        "zoom_states": [state.value for state in ZoomState],
        "timezones": _zone_choices(),
        "account_zone": current_app.config.get("ZOOM_ACCOUNT_TIMEZONE") or "",
    }


def _zone_choices() -> list:
    """(region, [(IANA ID, CLDR name)]) in the console's language; the page shows the ID too."""
    from eventhub.i18n import current_language
    from eventhub.timezones import zone_choices

    return zone_choices(current_language())


def push_place(place: SessionRegistration) -> None:
    """Reconciliation's push: a cancelled place is cancelled on Zoom again, any other
    confirmed place is looked up on Zoom by email and linked, or created."""
    if place.status == CANCELLED:
        tasks.cancel_on_zoom(place.id, force=True)
        return
    place.zoom_state = ZoomState.PENDING.value
    db.session.commit()
    tasks.sync_session_registration(place.id, lookup_first=True, force=True)


def push_places(session, places) -> None:
    """Push many places at once (the "send everyone" button, ``zoom sync --push``):
    cancellations one by one, the others in batches of 30 (Zoom's batch registration)."""
    to_register = []
    for place in places:
        if place.status == CANCELLED:
            tasks.cancel_on_zoom(place.id, force=True)
        else:
            place.zoom_state = ZoomState.PENDING.value
            to_register.append(place.id)
    db.session.commit()
    tasks.queue_registrations(session.id, to_register)


def retry(place: SessionRegistration) -> str | None:
    """The Retry button: a cancellation that failed is sent again, a refused
    registration goes back to pending and is queued, a deletion of an anonymised
    person's registrant is sent again. Returns what was queued."""
    if place.registration.anonymised_at is not None:
        if place.zoom_state != ZoomState.FAILED.value or not place.zoom_registrant_id:
            return None
        tasks.remove_from_zoom(place.id)
        return "remove"
    if place.status == CANCELLED:
        if place.zoom_state != ZoomState.FAILED.value:
            return None
        tasks.cancel_on_zoom(place.id, force=True)
        return "cancel"
    if place.status == "confirmed" and operations.mark_for_retry(place):
        # force: a parked place is still "pending", and the queued attempt must run now
        # (a registrant whose 3 adds of the day are spent is held back by the client).
        tasks.sync_session_registration(place.id, lookup_first=True, force=True)
        return "sync"
    return None


def import_rows(session, rows) -> tuple[int, int]:
    """Import reconciliation's only-on-Zoom rows; returns (imported, refused)."""
    imported = refused = 0
    for row in rows:
        try:
            operations.import_registrant(session, row.registrant)
            imported += 1
        except ValueError:
            db.session.rollback()
            refused += 1
    return imported, refused
