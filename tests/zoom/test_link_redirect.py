"""/<lang>/r/<token>/zoom/<number>: link mode records that the person opened the
webinar's registration link, then sends them there."""
from __future__ import annotations

from eventhub.extensions import db
from tests.zoom.conftest import fresh, place_of


def test_opening_the_link_is_recorded_once_and_redirects_to_zoom(client, demo_event, people, make_user, login_as):
    registration = people.register(demo_event, {1: "en", 2: "fr"})
    session = demo_event.session_by_number(2)
    response = client.get(f"/fr/r/{registration.token}/zoom/2")
    assert response.status_code == 303
    assert response.headers["Location"] == session.zoom_registration_url
    assert response.headers["Cache-Control"] == "no-store"
    first = fresh(place_of(registration, 2)).zoom_link_opened_at
    assert first is not None
    assert fresh(place_of(registration, 1)).zoom_link_opened_at is None
    client.get(f"/fr/r/{registration.token}/zoom/2")
    assert fresh(place_of(registration, 2)).zoom_link_opened_at == first

    login_as(make_user())
    page = client.get(f"/console/events/{demo_event.slug}/zoom?lang=en").get_data(as_text=True)
    assert "1 registrant opened the Zoom registration link." in page


def test_a_synced_place_goes_to_the_personal_join_link(client, demo_event, people):
    registration = people.register(demo_event)
    place = place_of(registration, 2)
    place.zoom_state, place.zoom_join_url = "synced", "https://us06web.zoom.us/w/84759841045?tk=personal"
    db.session.commit()
    response = client.get(f"/en/r/{registration.token}/zoom/2")
    assert response.headers["Location"] == "https://us06web.zoom.us/w/84759841045?tk=personal"
    assert fresh(place).zoom_link_opened_at is None


def test_wrong_token_session_or_cancelled_place_is_404(client, demo_event, people):
    registration = people.register(demo_event)
    assert client.get("/en/r/not-a-token/zoom/2").status_code == 404
    assert client.get(f"/en/r/{registration.token}/zoom/1").status_code == 404  # not registered there
    assert client.get(f"/de/r/{registration.token}/zoom/2").status_code == 404
    place_of(registration, 2).status = "cancelled"
    db.session.commit()
    assert client.get(f"/en/r/{registration.token}/zoom/2").status_code == 404
