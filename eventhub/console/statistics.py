"""Figures for the dashboard, computed with GROUP BY in the database.

Anonymised registrations count like any other: only their personal data is gone.
"""
from __future__ import annotations

import importlib
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func

from eventhub.events.models import Event
from eventhub.extensions import db
from eventhub.registration.models import (
    Registration,
    SessionRegistration,
    SessionRegistrationStatus,
    ZoomState,
)

CONFIRMED = SessionRegistrationStatus.CONFIRMED.value
WAITLISTED = SessionRegistrationStatus.WAITLISTED.value
CANCELLED = SessionRegistrationStatus.CANCELLED.value
STATUSES = (CONFIRMED, WAITLISTED, CANCELLED)
ZOOM_STATES = tuple(state.value for state in ZoomState)


@dataclass
class SessionFigures:
    """Counts for one session. Role, country and language count confirmed places:
    what interpreters and hosts must plan for."""

    session_id: int
    number: int
    by_status: dict[str, int] = field(default_factory=dict)
    by_role: dict[str, int] = field(default_factory=dict)
    by_country: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)
    #: Waiting-list places per listening language (shown beside the headcount).
    waitlisted_by_language: dict[str, int] = field(default_factory=dict)
    by_zoom_state: dict[str, int] = field(default_factory=dict)
    attended: int = 0

    @property
    def confirmed(self) -> int:
        return self.by_status.get(CONFIRMED, 0)


def _grouped(event: Event, *columns, where=()):
    query = (
        db.select(SessionRegistration.session_id, *columns, func.count(SessionRegistration.id))
        .join(Registration, Registration.id == SessionRegistration.registration_id)
        .where(Registration.event_id == event.id, *where)
        .group_by(SessionRegistration.session_id, *columns)
    )
    return db.session.execute(query).all()


def _sorted_counts(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def session_figures(event: Event) -> list[SessionFigures]:
    figures = {s.id: SessionFigures(session_id=s.id, number=s.number) for s in event.sessions}
    for session_id, status, count in _grouped(event, SessionRegistration.status):
        figures[session_id].by_status[status] = count
    confirmed_only = (SessionRegistration.status == CONFIRMED,)
    for session_id, role, count in _grouped(event, Registration.role, where=confirmed_only):
        figures[session_id].by_role[role] = count
    for session_id, country, count in _grouped(event, Registration.country, where=confirmed_only):
        figures[session_id].by_country[country or ""] = count
    for session_id, language, count in _grouped(event, SessionRegistration.listening_language,
                                                where=confirmed_only):
        figures[session_id].by_language[language] = count
    for session_id, language, count in _grouped(event, SessionRegistration.listening_language,
                                                where=(SessionRegistration.status == WAITLISTED,)):
        figures[session_id].waitlisted_by_language[language] = count
    for session_id, state, count in _grouped(event, SessionRegistration.zoom_state,
                                             where=(SessionRegistration.status != CANCELLED,)):
        figures[session_id].by_zoom_state[state] = count
    for session_id, _attended, count in _grouped(event, SessionRegistration.attended,
                                                where=(SessionRegistration.attended.is_(True),)):
        figures[session_id].attended = count
    for item in figures.values():
        item.by_country = _sorted_counts(item.by_country)
        item.by_role = _sorted_counts(item.by_role)
    return [figures[s.id] for s in event.sessions]


def interpretation_headcount(event: Event) -> list[dict]:
    """Per session and listening language: confirmed and waiting-list places.

    Every language the session offers is listed, with zero where nobody chose it,
    so that interpreters see the whole booth plan."""
    rows = []
    by_session = {f.session_id: f for f in session_figures(event)}
    for session in event.sessions:
        figures = by_session[session.id]
        languages = list(session.listening_languages)
        languages += sorted(set(figures.by_language) - set(languages))  # chosen before a change
        for language in languages:
            rows.append({
                "session": session.number,
                "language": language,
                "confirmed": figures.by_language.get(language, 0),
                "waitlisted": figures.waitlisted_by_language.get(language, 0),
            })
    return rows


# --- Invitation funnel -------------------------------------------------------------------

def count_invited(event: Event) -> int | None:
    """Invitations sent for the event, when the invitations domain is installed.

    The invitations domain is optional: it may offer ``eventhub.invitations.services.
    count_invited(event)``; failing that, an ``Invitation`` model with an ``event_id``
    column is counted. None means "not tracked here" (the funnel then starts at
    "registered")."""
    try:
        services = importlib.import_module("eventhub.invitations.services")
    except ImportError:  # the domain (or this module of it) is not installed
        services = None
    counter = getattr(services, "count_invited", None)
    if callable(counter):
        return int(counter(event))
    try:
        models = importlib.import_module("eventhub.invitations.models")
    except ImportError:
        return None
    invitation = getattr(models, "Invitation", None)
    if invitation is None or not hasattr(invitation, "event_id"):
        return None
    return db.session.execute(
        db.select(func.count()).select_from(invitation).where(invitation.event_id == event.id)
    ).scalar_one()


@dataclass
class Funnel:
    invited: int | None
    registered: int
    attended: int


def invitation_funnel(event: Event) -> Funnel:
    """People invited, people with at least one place not cancelled, people who attended
    at least one session."""
    registered = db.session.execute(
        db.select(func.count(func.distinct(Registration.id)))
        .join(SessionRegistration, SessionRegistration.registration_id == Registration.id)
        .where(Registration.event_id == event.id, SessionRegistration.status != CANCELLED)
    ).scalar_one()
    attended = db.session.execute(
        db.select(func.count(func.distinct(Registration.id)))
        .join(SessionRegistration, SessionRegistration.registration_id == Registration.id)
        .where(Registration.event_id == event.id, SessionRegistration.attended.is_(True))
    ).scalar_one()
    return Funnel(invited=count_invited(event), registered=registered, attended=attended)


def event_totals(event: Event) -> dict[str, int]:
    """Registrations (people) and places by status, over all sessions."""
    totals = defaultdict(int)
    for figures in session_figures(event):
        for status, count in figures.by_status.items():
            totals[status] += count
    people = db.session.execute(
        db.select(func.count(Registration.id)).where(Registration.event_id == event.id)
    ).scalar_one()
    return {"people": people, **{status: totals.get(status, 0) for status in STATUSES}}
