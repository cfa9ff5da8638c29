"""The registrant's calendar on the confirmation and manage pages: the .ics file, and a
subscription feed (webcal, Google, Outlook.com) with its own token, which follows
changes and cannot be used to manage the registration."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from icalendar import Calendar

from eventhub.extensions import db
from eventhub.registration.models import Registration

from .conftest import form_data, register_url


def register(client):
    location = client.post(register_url("fr"), data=form_data(sessions=["1", "2"], language_2="fr")).location
    return location.removesuffix("/confirmation")


def feed_path(html: str) -> str:
    webcal = unescape(re.search(r'href="(webcal://[^"]+)"', html).group(1))
    return urlsplit(webcal.replace("webcal://", "http://", 1)).path


def test_pages_offer_the_file_and_a_subscription_in_the_persons_language(client, demo_event):
    manage = register(client)
    for page in (manage + "/confirmation", manage):
        html = client.get(page).get_data(as_text=True)
        assert "Votre calendrier" in html and "Ajouter mes séances à mon calendrier (fichier .ics)" in html
        assert f'href="{manage}/calendar.ics"' in html
        webcal = unescape(re.search(r'href="(webcal://[^"]+)"', html).group(1))
        google = unescape(re.search(r'href="(https://calendar.google.com/[^"]+)"', html).group(1))
        assert parse_qs(urlsplit(google).query)["cid"] == [webcal]
        outlook = unescape(re.search(r'href="(https://outlook.live.com/[^"]+)"', html).group(1))
        assert parse_qs(urlsplit(outlook).query)["url"] == [webcal.replace("webcal://", "http://", 1)]


def test_the_feed_follows_changes_and_is_not_a_key_to_the_manage_page(client, demo_event):
    from eventhub.events.operations import cancel_session

    manage = register(client)
    path = feed_path(client.get(manage).get_data(as_text=True))
    token = manage.rsplit("/", 1)[1]
    assert token not in path  # a calendar service fetching it must not be able to manage
    response = client.get(path)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    calendar = Calendar.from_ical(response.data)
    assert len(calendar.walk("VEVENT")) == 2
    assert token not in response.get_data(as_text=True)  # no manage link inside either

    cancel_session(demo_event.session_by_number(1))
    statuses = {str(e["SUMMARY"]): str(e.get("STATUS")) for e in Calendar.from_ical(client.get(path).data).walk("VEVENT")}
    assert sorted(statuses.values()) == ["CANCELLED", "CONFIRMED"]


def test_a_wrong_or_old_feed_token_is_a_404(client, demo_event):
    from eventhub.registration.operations import regenerate_manage_token

    manage = register(client)
    path = feed_path(client.get(manage).get_data(as_text=True))
    assert client.get(path[:-10] + "x" * 3 + path[-7:]).status_code == 404
    person = db.session.execute(db.select(Registration)).scalar_one()
    other_id = path.replace(f"/r/{person.id}/", f"/r/{person.id + 1}/")
    assert client.get(other_id).status_code == 404
    regenerate_manage_token(person)  # "my link leaked": the feed changes with it
    assert client.get(path).status_code == 404
