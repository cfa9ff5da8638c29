"""Page cache hits answered before Flask (eventhub.pagecache.HitServer): the same response,
status, headers and body, as the one Flask finished, for every language, zone and file; a
304 only while unchanged; never for a visitor with a session; an edit or unpublishing seen
at once."""
from __future__ import annotations

import re

import pytest
from flask import request_started
from sqlalchemy import text

from eventhub.extensions import db

SLUG = "safe-cyberspace-2022"
PAGE = f"/en/e/{SLUG}/"

#: Titles with markup characters, quotes and Arabic: escaped the same way on every path.
AWKWARD_TITLES = {
    "en": 'Safe <cyberspace> & "you"',
    "fr": "Un cyberespace « sûr » <b>&amp; ? oui !",
    "es": "¿Ciberespacio <seguro> & «sano»?",
    "ar": 'فضاء إلكتروني <آمن> & "مأمون"',
}


@pytest.fixture
def flask_requests(app):
    """How many requests reached Flask (a hit served by HitServer does not)."""
    seen = []

    def count(sender, **extra):
        seen.append(1)

    request_started.connect(count, app)
    yield seen
    request_started.disconnect(count, app)


@pytest.fixture
def awkward_event(app, demo_event):
    demo_event.title = dict(AWKWARD_TITLES)
    db.session.commit()
    return demo_event


def finished_pages(app) -> int:
    return len(app.extensions["eventhub.pagecache"]._finished)


def forget_finished(app) -> None:
    """Drop HitServer's copies only: the next request goes through Flask (an inner hit)."""
    app.extensions["eventhub.pagecache"]._finished.clear()


def snapshot(response) -> tuple:
    """Everything a client receives; only the clock's parts (Date, a cookie's Expires) masked."""
    headers = []
    for name, value in response.headers.to_wsgi_list():
        if name == "Date":
            value = "<date>"
        elif name == "Set-Cookie":
            value = re.sub(r"Expires=[^;]+", "Expires=<date>", value)
        headers.append((name, value))
    return response.status, headers, response.data


def paths_in(lang: str) -> list[str]:
    return [f"/{lang}/e/{SLUG}/", f"/{lang}/e/{SLUG}/?tz=Asia/Manila", f"/{lang}/e/{SLUG}/?tz=Mars/Olympus%3Cb%3E",
            f"/{lang}/e/{SLUG}/s/1.ics", f"/{lang}/e/{SLUG}/calendar.ics"]


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_a_hit_is_the_response_flask_finished(app, awkward_event, flask_requests, lang):
    client = app.test_client(use_cookies=False)  # as wrk, or each first visit with ?tz=
    for path in paths_in(lang) + [f"/api/v1/events/{SLUG}"]:
        forget_finished(app)
        app.extensions["eventhub.pagecache"].clear()
        built = client.get(path)  # rendered, through Flask
        assert built.status_code == 200, path
        reached = len(flask_requests)
        hit = client.get(path)  # HitServer
        assert len(flask_requests) == reached, f"{path}: the hit went through Flask"
        forget_finished(app)
        inner = client.get(path)  # Flask, from the rendered page kept by serve()
        assert len(flask_requests) == reached + 1
        for name, one in (("hit", hit), ("inner", inner)):
            assert snapshot(one)[1] == snapshot(built)[1], (name, path)
        assert snapshot(hit) == snapshot(built) == snapshot(inner), path


def test_awkward_titles_are_on_the_pages(app, client, awkward_event):
    for _ in range(2):  # built, then a hit
        assert "Safe &lt;cyberspace&gt; &amp; &#34;you&#34;" in client.get(PAGE).get_data(as_text=True)
        arabic = client.get(f"/ar/e/{SLUG}/").get_data(as_text=True)
        assert "فضاء إلكتروني &lt;آمن&gt; &amp; &#34;مأمون&#34;" in arabic


def test_the_zone_cookie_is_written_afresh_on_every_hit(app, demo_event, flask_requests):
    client = app.test_client(use_cookies=False)
    built = client.get(PAGE + "?tz=Asia/Manila")
    hit = client.get(PAGE + "?tz=Asia/Manila")
    assert len(flask_requests) == 1
    assert hit.headers.getlist("Set-Cookie") and len(hit.headers.getlist("Set-Cookie")) == 1
    assert hit.headers["Set-Cookie"].startswith("tz=Asia/Manila; Expires=")
    assert snapshot(hit) == snapshot(built)


def test_a_remembered_zone_is_its_own_page(app, client, demo_event, flask_requests):
    client.get(PAGE)
    client.set_cookie("tz", "America/New_York")
    new_york = client.get(PAGE)
    assert 'data-zone="America/New_York"' in new_york.get_data(as_text=True)
    assert len(flask_requests) == 2
    assert client.get(PAGE).data == new_york.data and len(flask_requests) == 2


def test_head_is_the_get_without_its_body(app, client, demo_event, flask_requests):
    through_flask = client.head(PAGE)
    client.get(PAGE)
    reached = len(flask_requests)
    hit = client.head(PAGE)
    assert len(flask_requests) == reached and hit.data == b""
    assert snapshot(hit) == snapshot(through_flask)


def test_304_only_while_unchanged_after_a_hit(app, client, demo_event):
    client.get(PAGE)
    hit = client.get(PAGE)
    etag = hit.headers["ETag"]
    unchanged = client.get(PAGE, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b"" and unchanged.headers["ETag"] == etag
    other = client.get(PAGE, headers={"If-None-Match": '"not-this-one"'})
    assert snapshot(other) == snapshot(hit)
    demo_event.sessions[0].ends_at = demo_event.sessions[0].ends_at.replace(minute=45)
    db.session.commit()
    changed = client.get(PAGE, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_a_visitor_with_a_session_cookie_goes_to_flask(app, demo_event, flask_requests):
    anonymous = app.test_client()
    anonymous.get(PAGE)
    anonymous.get(PAGE)
    assert len(flask_requests) == 1
    with_session = app.test_client()
    with with_session.session_transaction() as session:
        session["_flashes"] = [("message", "Registration cancelled for Ms Personal Person.")]
    page = with_session.get(PAGE)
    assert len(flask_requests) == 2
    assert "Ms Personal Person" in page.get_data(as_text=True)
    assert "Ms Personal Person" not in anonymous.get(PAGE).get_data(as_text=True)


def test_a_bearer_token_goes_to_flask(app, client, demo_event, flask_requests):
    client.get(f"/api/v1/events/{SLUG}")
    refused = client.get(f"/api/v1/events/{SLUG}", headers={"Authorization": "Bearer not-a-token"})
    assert refused.status_code == 401 and len(flask_requests) == 2


def test_an_edit_is_seen_by_the_next_hit(app, client, demo_event, flask_requests):
    client.get(PAGE)
    demo_event.title = {**demo_event.title, "en": "Retitled between two hits"}
    db.session.commit()
    assert "Retitled between two hits" in client.get(PAGE).get_data(as_text=True)
    assert len(flask_requests) == 2


@pytest.mark.parametrize("path", [PAGE, f"/en/e/{SLUG}/s/1.ics", f"/api/v1/events/{SLUG}"])
def test_an_unpublished_event_is_gone_at_once(app, client, demo_event, path):
    """Even if its version did not move (a raw write): the status is read with the version."""
    client.get(path)
    assert client.get(path).status_code == 200
    db.session.execute(text("UPDATE events SET status = 'draft' WHERE slug = :slug"), {"slug": SLUG})
    db.session.commit()
    assert client.get(path).status_code == 404


def test_each_query_string_is_its_own_page(app, client, demo_event):
    """The language links keep the query string: one visitor's must not reach another's page."""
    tagged = client.get(PAGE + "?tz=Asia/Manila&ref=newsletter").get_data(as_text=True)
    assert "ref=newsletter" in tagged
    plain = client.get(PAGE + "?tz=Asia/Manila").get_data(as_text=True)
    assert "ref=newsletter" not in plain
    assert "?tz=Asia/Manila" in plain


@pytest.mark.app_config(PAGE_CACHE_SECONDS=0)
def test_nothing_is_kept_when_the_cache_is_off(app, client, demo_event, flask_requests):
    client.get(PAGE)
    client.get(PAGE)
    assert len(flask_requests) == 2 and finished_pages(app) == 0


def test_only_whole_200s_of_serve_are_kept(app, client, demo_event):
    assert client.get("/en/e/no-such-event/").status_code == 404
    assert client.get("/en/").status_code in (200, 302)
    assert client.post(PAGE).status_code == 405
    assert finished_pages(app) == 0
    client.get(PAGE)
    assert finished_pages(app) == 1
