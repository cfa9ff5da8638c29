"""Personal pages kept rendered per link and version (eventhub/registration/personal_cache.py):
a hit is the fresh render byte for byte, nobody gets another person's page, every change
that shows on the page shows at once (also when made through another instance), and
flashes, kept forms and CSRF still work."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from eventhub import create_app
from eventhub.extensions import db
from eventhub.registration.models import Registration, RegistrationChange

from tests.conftest import DEMO_NOW, FreshRequestClient, base_config

from .conftest import registration_data

LANGS = ("en", "fr", "es", "ar")
#: HTML characters and Arabic in what the person typed.
AWKWARD = dict(given_name='Zaïd <b>"&amp;\'', family_name="الهاشمي & <i>", parliament="مجلس <النواب> & \"Co\"")


def kept(app) -> int:
    store = app.extensions.get("eventhub.personalcache")
    return 0 if store is None else len(store)


def person(event, **overrides):
    from eventhub.registration import operations

    return operations.register(event, registration_data(event, **overrides))


def fresh(app, client, path):
    """The page rendered with the cache off: what the former code path gave."""
    app.config["PAGE_CACHE_SECONDS"] = 0
    try:
        return client.get(path)
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 30


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("suffix", ["", "/confirmation"])
def test_a_hit_is_the_fresh_render_byte_for_byte(app, client, demo_event, lang, suffix):
    token = person(demo_event, sessions=[1, 2], listening_language={"1": "en", "2": "fr"},
                   timezone="Asia/Manila", language=lang, **AWKWARD).manage_token
    path = f"/{lang}/r/{token}{suffix}"
    before = fresh(app, client, path)
    assert kept(app) == 0
    miss = client.get(path)
    assert kept(app) == 1
    hit = client.get(path)
    assert kept(app) == 1
    for response in (miss, hit):
        assert response.status_code == 200
        assert response.data == before.data
        assert sorted(response.headers.items()) == sorted(before.headers.items())
    assert hit.headers["Cache-Control"] == "no-store"
    assert hit.headers["Referrer-Policy"] == "no-referrer"
    assert hit.headers["X-Robots-Tag"] == "noindex, nofollow"
    html = hit.get_data(as_text=True)
    assert "<i>" not in html and "<b>" not in html
    if not suffix:  # the confirmation page names nobody
        assert "الهاشمي &amp; &lt;i&gt;" in html


def test_two_people_never_get_each_others_page(app, client, demo_event):
    first = person(demo_event, email="first@parl.example", given_name="Premier").manage_token
    second = person(demo_event, email="second@parl.example", given_name="Segundo").manage_token
    for _ in range(2):
        one, two = page(client, f"/en/r/{first}"), page(client, f"/en/r/{second}")
        assert "first@parl.example" in one and "second@parl.example" not in one
        assert "second@parl.example" in two and "first@parl.example" not in two
    assert kept(app) == 2


def test_a_replaced_link_stops_at_once_and_the_new_one_shows_itself(app, client, demo_event):
    from eventhub.registration import operations

    result = person(demo_event)
    old = result.manage_token
    page(client, f"/en/r/{old}")
    page(client, f"/en/r/{old}/confirmation")
    new = operations.regenerate_manage_token(db.session.get(Registration, result.registration.id),
                                             actor="registrant", notify=False)
    assert client.get(f"/en/r/{old}").status_code == 404
    assert client.get(f"/en/r/{old}/confirmation").status_code == 404
    html = page(client, f"/en/r/{new}")
    assert new in html and old not in html


def test_anonymisation_stops_the_page_at_once(app, client, demo_event):
    from eventhub.privacy.operations import anonymise_registration

    result = person(demo_event)
    page(client, f"/en/r/{result.manage_token}")
    anonymise_registration(db.session.get(Registration, result.registration.id), actor="test")
    assert client.get(f"/en/r/{result.manage_token}").status_code == 404


def _registration(result) -> Registration:
    db.session.expire_all()
    return db.session.get(Registration, result.registration.id)


def test_each_change_to_the_person_shows_at_once(app, client, demo_event):
    result = person(demo_event, sessions=[2], listening_language={"2": "es"})
    path = f"/en/r/{result.manage_token}"
    assert "Maria" in page(client, path)

    _registration(result).given_name = "Mariela"  # the registration row
    db.session.commit()
    assert "Mariela" in page(client, path)

    place = _registration(result).sessions[0]  # a place: listening language
    place.listening_language = "fr"
    db.session.commit()
    assert "Listening language: <strong>French</strong>" in page(client, path)

    place = _registration(result).sessions[0]  # a place: the personal join link from Zoom
    place.zoom_join_url = "https://zoom.example/w/123?tk=personal"
    db.session.commit()
    assert "https://zoom.example/w/123?tk=personal" in page(client, path)

    db.session.add(RegistrationChange(registration_id=result.registration.id, actor="system",
                                      action="cancelled", details={}))  # history alone
    db.session.commit()
    assert page(client, path).count("<tr><td>") == 2


def test_changes_to_the_event_and_its_sessions_show_at_once(app, client, demo_event):
    result = person(demo_event, sessions=[2])
    path = f"/en/r/{result.manage_token}"
    page(client, path)
    demo_event.title = {**demo_event.title, "en": "A renamed <consultation>"}
    db.session.commit()
    assert "A renamed &lt;consultation&gt;" in page(client, f"{path}/confirmation")
    assert "A renamed &lt;consultation&gt;" in page(client, path)

    session = next(s for s in demo_event.sessions if s.number == 2)
    session.starts_at += dt.timedelta(hours=1)
    session.ends_at += dt.timedelta(hours=1)
    db.session.commit()
    # 16:30–18:30 CET shown in Madrid; an hour later now
    assert "17:30–19:30" in page(client, path)


def test_the_waiting_list_position_follows_other_peoples_cancellations(app, client, demo_event):
    from eventhub.registration import operations

    session = next(s for s in demo_event.sessions if s.number == 2)
    session.capacity = 1
    db.session.commit()
    first = person(demo_event, email="first@parl.example")
    second = person(demo_event, email="second@parl.example")
    third = person(demo_event, email="third@parl.example")
    path = f"/en/r/{third.manage_token}"
    assert "(position 2)" in page(client, path)
    assert "(position 2)" in page(client, path)
    operations.cancel_registration(_registration(second))  # someone ahead leaves the list
    assert "(position 1)" in page(client, path)
    operations.cancel_registration(_registration(first))  # the place is free: promoted
    html = page(client, path)
    assert "waiting list" not in html
    assert "You are registered" in page(client, f"{path}/confirmation")


def test_written_inputs_closing_at_an_instant_shows_at_once(app, client, demo_event, monkeypatch):
    from eventhub.inputs import operations as inputs_operations
    from eventhub.registration import personal_cache

    now = dt.datetime.now(dt.timezone.utc)
    demo_event.inputs_deadline = now + dt.timedelta(seconds=5)
    db.session.commit()
    path = f"/en/r/{person(demo_event).manage_token}"
    assert 'id="inputs-heading"' in page(client, path)
    assert 'id="inputs-heading"' in page(client, path)
    later = lambda: now + dt.timedelta(seconds=6)  # noqa: E731
    monkeypatch.setattr(personal_cache, "utcnow", later)
    monkeypatch.setattr(inputs_operations, "utcnow", later)
    assert 'id="inputs-heading"' not in page(client, path)


@pytest.fixture
def second_instance(app, database_url, tmp_path, queue_name):
    """Another application on the same database: a second server behind the load balancer."""
    other = create_app({**base_config(database_url, tmp_path / "other-instance", queue_name),
                        "EVENTS_NOW": DEMO_NOW})
    other.test_client_class = FreshRequestClient
    yield other
    with other.app_context():
        db.engine.dispose()


def test_a_change_through_another_instance_shows_at_once(app, client, demo_event, second_instance):
    result = person(demo_event)
    path = f"/fr/r/{result.manage_token}"
    other_client = second_instance.test_client()
    with second_instance.app_context():
        assert "Maria" in page(other_client, path)
    assert "Maria" in page(client, path)
    with second_instance.app_context():
        registration = db.session.get(Registration, result.registration.id)
        registration.family_name = "Lopez-Ortega"
        db.session.commit()
    with second_instance.app_context():
        assert "Lopez-Ortega" in page(other_client, path)
    db.session.remove()
    assert "Lopez-Ortega" in page(client, path)


def test_flashed_messages_and_kept_forms_are_rendered_not_served(app, client, demo_event):
    path = f"/fr/r/{person(demo_event).manage_token}"
    cached = page(client, path)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Un message <flashé>")]
    assert "Un message &lt;flashé&gt;" in page(client, path)
    assert page(client, path) == cached  # shown once, then the kept page again

    response = client.post(f"{path}/details", data={"given_name": "", "family_name": "Lopez"})
    assert response.status_code == 303
    with_errors = page(client, path)
    assert 'aria-invalid="true"' in with_errors and with_errors != cached
    assert page(client, path) == cached


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_with_csrf_on_a_hit_gives_each_browser_its_own_working_token(app, demo_event):
    path = f"/en/r/{person(demo_event).manage_token}"
    browser, other = app.test_client(), app.test_client()
    page(browser, path)
    html = page(browser, path)
    assert kept(app) == 1
    tokens = set(re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
                 or re.findall(r'name="csrf_token" value="([^"]+)"', html))
    assert len(tokens) == 1, html[:200]
    other_response = other.get(path)
    assert kept(app) == 1
    assert "Set-Cookie" in other_response.headers  # the new browser's session, with its token
    assert tokens.pop() not in other_response.get_data(as_text=True)

    response = browser.post(f"{path}/timezone", data={
        "timezone": "Asia/Tokyo",
        "csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.execute(db.select(Registration.timezone)).scalar_one() == "Asia/Tokyo"
    other_html = other_response.get_data(as_text=True)
    response = other.post(f"{path}/timezone", data={
        "timezone": "Asia/Dubai",
        "csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', other_html).group(1)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.execute(db.select(Registration.timezone)).scalar_one() == "Asia/Dubai"


def test_unknown_links_and_the_cache_off_keep_nothing(app, client, demo_event):
    assert client.get("/en/r/not-a-real-token-at-all").status_code == 404
    assert kept(app) == 0
    app.config["PAGE_CACHE_SECONDS"] = 0
    path = f"/en/r/{person(demo_event).manage_token}"
    page(client, path)
    assert kept(app) == 0
