"""Fixtures for the Zoom layer tests: a running FakeZoom and a deterministic clock."""

from __future__ import annotations

import threading

import pytest

from eventhub.zoom.client import ZoomClient
from tests.zoom.fake_zoom import FakeZoom

WEBINAR_ID = "84759841045"


class FakeClock:
    """Monotonic clock that only moves when ``sleep`` is called (or ``advance``).

    Injected into ZoomClient as both ``clock`` and ``sleep`` so backoff and rate
    limiting are checked by the delays they ask for, not by waiting for them.
    """

    def __init__(self, start: float = 1000.0):
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


@pytest.fixture
def fake_zoom():
    """A started FakeZoom with one auto-approving webinar, WEBINAR_ID."""
    with FakeZoom() as server:
        server.add_webinar(WEBINAR_ID, topic="Consultation on water and climate")
        yield server


@pytest.fixture
def fake_clock():
    return FakeClock()


@pytest.fixture
def make_client(fake_zoom, fake_clock):
    """Build ZoomClients aimed at ``fake_zoom`` that never really sleep.

    Timeouts are short so a broken test fails fast rather than hanging.
    """
    clients = []

    def build(**overrides) -> ZoomClient:
        options = dict(clock=fake_clock, sleep=fake_clock.sleep, timeout=(2, 5))
        options.update(overrides)
        client = ZoomClient(**fake_zoom.client_kwargs(**options))
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()


# --------------------------------------------------------------------------- #
# App-level fixtures: the app talks to FakeZoom, registrations made by hand
# --------------------------------------------------------------------------- #

SECOND_WEBINAR_ID = "81234567890"
WEBHOOK_SECRET = "test-webhook-secret-token"


@pytest.fixture
def zoom_api(app, fake_zoom):
    """The app in Zoom API mode against ``fake_zoom`` (fast retries, short timeouts)."""
    from eventhub.zoom import services

    kwargs = fake_zoom.client_kwargs()
    app.config.update(
        ZOOM_ACCOUNT_ID=kwargs["account_id"], ZOOM_CLIENT_ID=kwargs["client_id"],
        ZOOM_CLIENT_SECRET=kwargs["client_secret"], ZOOM_API_BASE=kwargs["api_base"],
        ZOOM_OAUTH_URL=kwargs["oauth_url"], ZOOM_WEBHOOK_SECRET=WEBHOOK_SECRET,
        ZOOM_MAX_RETRIES=2, ZOOM_BACKOFF_BASE=0.01, ZOOM_TIMEOUT=[2, 5],
        ZOOM_MAX_REQUESTS_PER_SECOND=1000,
    )
    services.reset_client()
    services.get_client()._limiter.store.clear()  # Redis outlives a test: no counts carried over
    yield fake_zoom
    services.reset_client()


@pytest.fixture
def api_event(demo_event, zoom_api):
    """The demo event with session 2 on FakeZoom's webinar (API mode); session 1 in link mode."""
    from eventhub.extensions import db

    demo_event.session_by_number(2).zoom_webinar_id = WEBINAR_ID
    db.session.commit()
    return demo_event


@pytest.fixture
def people(app):
    """Create registrations the way the registration domain does (rows, then signals)."""
    return PeopleFactory(app)


class PeopleFactory:
    def __init__(self, app):
        self.app = app
        self.count = 0

    def register(self, event, sessions=None, *, email=None, given_name="Amina", family_name="Haddad",
                 country="MA", parliament="Chamber of Representatives", role="member", language="fr",
                 status="confirmed", send=True):
        """``sessions``: {number: listening language}; default {2: "fr"}."""
        from eventhub.db_types import utcnow
        from eventhub.extensions import db
        from eventhub.registration.models import Registration, SessionRegistration
        from eventhub.security import hash_token, new_token
        from eventhub.signals import registration_created
        from eventhub.zoom import receivers, services

        self.count += 1
        token = new_token()
        registration = Registration(
            event=event, email=email or f"person{self.count}@parliament.example",
            given_name=given_name, family_name=family_name, country=country, parliament=parliament,
            role=role, language=language, timezone="Europe/Zurich", consented_at=utcnow(),
            manage_token_hash=hash_token(token))
        for number, listening in (sessions or {2: "fr"}).items():
            session = event.session_by_number(number)
            state = "pending" if services.session_mode(session) == "api" else "link"
            registration.sessions.append(SessionRegistration(
                session=session, listening_language=listening, status=status, zoom_state=state,
                waitlisted_at=utcnow() if status == "waitlisted" else None))
        db.session.add(registration)
        if not send:  # a person Zoom never heard of: their places' sync job is not written
            db.session.info[receivers.HOLD] = True
        try:
            db.session.commit()
        finally:
            db.session.info.pop(receivers.HOLD, None)
        registration.token = token
        if send:
            registration_created.send(self.app, registration=registration)
        return registration

    def change(self, place, action, **values):
        """Apply ``values`` to a place, commit, send session_registration_changed."""
        from eventhub.extensions import db
        from eventhub.signals import session_registration_changed

        previous = {key: getattr(place, key) for key in ("status", "listening_language")}
        for key, value in values.items():
            setattr(place, key, value)
        db.session.commit()
        session_registration_changed.send(self.app, session_registration=place, action=action,
                                          previous=previous)
        return place


def place_of(registration, number):
    return next(p for p in registration.sessions if p.session.number == number)


def fresh(model_object):
    """The object re-read from the database (jobs commit in their own sessions)."""
    from eventhub.extensions import db

    db.session.expire_all()
    return db.session.get(type(model_object), model_object.id)


def run_scheduled_now():
    """Move every scheduled job (retries, parked jobs) to the queue and run the queue."""
    import datetime as dt

    from eventhub.jobs import drain, huey

    for task in huey.read_schedule(dt.datetime(9999, 1, 1)):
        task.eta = None  # huey would put a task that is not yet due back in the schedule
        huey.enqueue(task)
    return drain()
