import pytest

from eventhub.extensions import db
from eventhub.security import hash_token

from .ics import PERSONAL_JOIN_URL


@pytest.fixture
def make_registration(demo_event):
    """A registrant with places in the demo sessions: make_registration({1: dict(...)}) -> (registration, token)."""
    from eventhub.registration.models import Registration, SessionRegistration

    def make(places: dict[int, dict], email="member@parliament.example", token=None):
        token = token or f"token-{email}"
        registration = Registration(
            event=demo_event, email=email, given_name="Amina", family_name="Diallo",
            manage_token_hash=hash_token(token),
        )
        for number, values in places.items():
            session = demo_event.session_by_number(number)
            registration.sessions.append(SessionRegistration(session=session, **values))
        db.session.add(registration)
        db.session.commit()
        return registration, token

    return make


@pytest.fixture
def registrant_with_join_link(make_registration):
    """Confirmed in session 2 with a personal Zoom join link, and in session 1 without one."""
    return make_registration({
        1: dict(status="confirmed"),
        2: dict(status="confirmed", zoom_state="synced", zoom_join_url=PERSONAL_JOIN_URL),
    })
