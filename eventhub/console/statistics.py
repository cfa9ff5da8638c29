"""Figures for the dashboard, computed with GROUP BY in the database.

Anonymised registrations count like any other: only their personal data is gone.
"""
from __future__ import annotations

import copy
import importlib
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func

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


def _sorted_counts(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


#: Figures per (event, version), kept by this process: the dashboard is opened far more
#: often than 46,000 registrations change, and computing them scans every place.
_FIGURES_CACHE: OrderedDict = OrderedDict()
_FIGURES_CACHE_SIZE = 32
_figures_lock = threading.Lock()


def figures_version(event: Event) -> tuple:
    """Changes whenever a place or a registration of the event is added, changed or removed:
    the latest ``updated_at`` of each session's places and of the event's registrations (one
    index seek each: max() over a single-key range), and the number of registrations (places
    are only ever removed with their registration, or with their session)."""
    session_ids = [s.id for s in event.sessions]
    latest = [
        db.select(func.max(SessionRegistration.updated_at)).where(SessionRegistration.session_id == session_id)
        .scalar_subquery()
        for session_id in session_ids
    ]
    row = db.session.execute(db.select(
        db.select(func.max(Registration.updated_at)).where(Registration.event_id == event.id).scalar_subquery(),
        # count(*), not count(id): SQLite reads every id for the latter (24 ms against 5 ms at 46,000).
        db.select(func.count()).select_from(Registration).where(Registration.event_id == event.id)
        .scalar_subquery(),
        *latest,
    )).one()
    return (event.id, tuple(session_ids), *(str(value) for value in row))


def session_figures(event: Event, version: tuple | None = None) -> list[SessionFigures]:
    """The figures of every session, recomputed only when the event's places or
    registrations changed since they were last computed in this process (``version``: the
    event's ``figures_version``, when the caller has read it already)."""
    version = repr(version or figures_version(event))
    with _figures_lock:
        cached = _FIGURES_CACHE.get(version)
        if cached is not None:
            _FIGURES_CACHE.move_to_end(version)
            return copy.deepcopy(cached)
    figures = compute_session_figures(event)
    with _figures_lock:
        _FIGURES_CACHE[version] = copy.deepcopy(figures)
        while len(_FIGURES_CACHE) > _FIGURES_CACHE_SIZE:
            _FIGURES_CACHE.popitem(last=False)
    return figures


def compute_session_figures(event: Event) -> list[SessionFigures]:
    """Every figure of every session from one GROUP BY over the places (one scan of the
    event's places, however many charts: at 46,000 registrations seven separate GROUP BYs
    cost seven scans)."""
    figures = {s.id: SessionFigures(session_id=s.id, number=s.number) for s in event.sessions}
    query = (
        db.select(SessionRegistration.session_id, SessionRegistration.status, Registration.role,
                  Registration.country, SessionRegistration.listening_language, SessionRegistration.zoom_state,
                  SessionRegistration.attended, func.count(SessionRegistration.id))
        .join(Registration, Registration.id == SessionRegistration.registration_id)
        .where(Registration.event_id == event.id)
        .group_by(SessionRegistration.session_id, SessionRegistration.status, Registration.role,
                  Registration.country, SessionRegistration.listening_language, SessionRegistration.zoom_state,
                  SessionRegistration.attended)
    )
    for session_id, status, role, country, language, zoom_state, attended, count in db.session.execute(query):
        item = figures[session_id]
        item.by_status[status] = item.by_status.get(status, 0) + count
        if status == CONFIRMED:  # role, country and language: what hosts and interpreters plan for
            item.by_role[role] = item.by_role.get(role, 0) + count
            item.by_country[country or ""] = item.by_country.get(country or "", 0) + count
            item.by_language[language] = item.by_language.get(language, 0) + count
        elif status == WAITLISTED:
            item.waitlisted_by_language[language] = item.waitlisted_by_language.get(language, 0) + count
        if status != CANCELLED:
            item.by_zoom_state[zoom_state] = item.by_zoom_state.get(zoom_state, 0) + count
        if attended:
            item.attended += count
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


def invitation_funnel(event: Event, version: tuple | None = None) -> Funnel:
    """People invited, people with at least one place not cancelled, people who attended
    at least one session (the last two cached like the session figures)."""
    key = "funnel" + repr(version or figures_version(event))
    with _figures_lock:
        people = _FIGURES_CACHE.get(key)
    if people is None:
        people = _people_counts(event)
        with _figures_lock:
            _FIGURES_CACHE[key] = people
            while len(_FIGURES_CACHE) > _FIGURES_CACHE_SIZE:
                _FIGURES_CACHE.popitem(last=False)
    registered, attended = people
    return Funnel(invited=count_invited(event), registered=registered, attended=attended)


def _people_counts(event: Event) -> tuple[int, int]:
    registered, attended = db.session.execute(
        db.select(
            func.count(func.distinct(case((SessionRegistration.status != CANCELLED, Registration.id)))),
            func.count(func.distinct(case((SessionRegistration.attended.is_(True), Registration.id)))),
        )
        .join(SessionRegistration, SessionRegistration.registration_id == Registration.id)
        .where(Registration.event_id == event.id)
    ).one()
    return registered, attended


def people_in(version: tuple) -> int:
    """The number of registrations a ``figures_version`` was read with."""
    return int(version[3])


def event_totals(event: Event, figures: list[SessionFigures] | None = None,
                 version: tuple | None = None) -> dict[str, int]:
    """Registrations (people) and places by status, over all sessions (from ``figures``
    and ``version`` when the caller has them already)."""
    totals = defaultdict(int)
    for item in figures if figures is not None else session_figures(event):
        for status, count in item.by_status.items():
            totals[status] += count
    if version is not None:
        return {"people": people_in(version), **{status: totals.get(status, 0) for status in STATUSES}}
    people = db.session.execute(
        db.select(func.count()).select_from(Registration).where(Registration.event_id == event.id)
    ).scalar_one()
    return {"people": people, **{status: totals.get(status, 0) for status in STATUSES}}


def list_version(event: Event, filters: dict) -> tuple:
    """Key of what the registrations list keeps (its total, the first row of each page) for
    these filters: the figures' version (any place or registration of the event added,
    changed or removed) and the event's ``updated_at`` (its sessions changed)."""
    return (figures_version(event), str(event.updated_at), tuple(sorted(filters.items())))
