"""The page a personal calendar entry links to: it changes nothing, and emails the
person their (unchanged) manage link; forged tokens get the invalid-link page."""
from __future__ import annotations

import pytest

from eventhub.calendars.services import feed_token


@pytest.fixture
def person(client, demo_event):
    from eventhub.extensions import db
    from eventhub.registration.models import Registration

    from tests.registration.conftest import form_data, register_url

    location = client.post(register_url("ar"), data=form_data(sessions=["2"], language_2="ar")).location
    token = location.removesuffix("/confirmation").rsplit("/", 1)[1]
    return db.session.execute(db.select(Registration)).scalar_one(), token


def test_the_calendar_link_emails_the_same_manage_link(client, person, run_jobs, smtp_server):
    registration, token = person
    run_jobs()
    smtp_server.envelopes.clear()
    url = f"/ar/c/{registration.id}/{feed_token(registration)}"
    page = client.get(url)
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    html = page.get_data(as_text=True)
    assert token not in html and "/r/" not in html
    assert run_jobs() == 0  # opening it sends nothing
    done = client.post(url).get_data(as_text=True)
    assert "أُرسل رابطكم الشخصي" in done
    run_jobs()
    (message,) = smtp_server.messages
    assert message["To"] == registration.email
    assert f"/ar/r/{token}" in message.get_body(("plain",)).get_content()  # the same link as before


@pytest.mark.parametrize("path", ["/en/c/1/forged", "/en/c/99999999/" + "A" * 43, "/en/c/1/" + "x" * 300])
@pytest.mark.app_config(TESTING=False, PROPAGATE_EXCEPTIONS=False)
def test_forged_calendar_link_tokens_get_the_invalid_link_page(client, person, path):
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 404
        assert "This link is not valid" in response.get_data(as_text=True)


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_CALENDAR_LINK="2 per hour")
def test_emailing_the_link_is_rate_limited(client, person):
    registration, _ = person
    url = f"/en/c/{registration.id}/{feed_token(registration)}"
    assert [client.post(url).status_code for _ in range(3)] == [200, 200, 429]
