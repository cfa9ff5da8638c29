import datetime as dt

import pytest
import sqlalchemy as sa

from eventhub.events.demo import load_demo_event
from eventhub.events.models import EventSession
from eventhub.events.services import InvalidZoomLink, validate_zoom_registration_url
from eventhub.extensions import db


def test_times_come_back_aware_utc(app, demo_event):
    db.session.expire_all()
    session = db.session.execute(sa.select(EventSession).filter_by(number=2)).scalar_one()
    assert session.starts_at.tzinfo is not None
    assert session.starts_at == dt.datetime(2022, 12, 6, 15, 30, tzinfo=dt.timezone.utc)


def test_naive_datetime_is_refused(app, demo_event):
    session = demo_event.sessions[0]
    session.starts_at = dt.datetime(2022, 12, 6, 7, 0)
    with pytest.raises(sa.exc.StatementError):
        db.session.commit()
    db.session.rollback()


def test_demo_load_is_idempotent(app, demo_event):
    event, created = load_demo_event()
    assert not created
    assert len(event.sessions) == 2 and len(event.objectives) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EventSession)) == 2


def test_session_2_offers_four_listening_languages(app, demo_event):
    assert demo_event.sessions[1].listening_languages == ["en", "fr", "es", "ar"]
    assert demo_event.sessions[0].listening_languages == ["en"]


@pytest.mark.parametrize("url", [
    "https://us06web.zoom.us/webinar/register/WN_dMEN_hv2QGO5vUyrHFry0g",
    "https://zoom.us/webinar/register/WN_HYpQIITqR_uSqLUt0Zj9tq",
])
def test_zoom_registration_link_shape_accepted(url):
    assert validate_zoom_registration_url(url) == url


@pytest.mark.parametrize("url", [
    "https://us06web.zoom.us/webinar/register/WN_HYpQIIITqR_uSqlUt0Zj9tg",  # 23 chars: scanning noise
    "http://us06web.zoom.us/webinar/register/WN_dMEN_hv2QGO5vUyrHFry0g",
    "https://zoom.us.evil.example/webinar/register/WN_dMEN_hv2QGO5vUyrHFry0g",
    "https://us06web.zoom.us/j/84759841045",
    "javascript:alert(1)",
    "",
])
def test_zoom_registration_link_shape_refused(url):
    with pytest.raises(InvalidZoomLink):
        validate_zoom_registration_url(url)
