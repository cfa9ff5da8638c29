"""Add-to-calendar links: they must open at the right instant, in the page's language."""
import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from eventhub.calendars.services import add_to_calendar_links
from eventhub.events.demo import DEMO_SLUG
from eventhub.events.operations import cancel_session

from .ics import DEMO_INSTANTS, UTC, read_both

LANGS = ["en", "fr", "es", "ar"]


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query, strict_parsing=True).items()}


def google_instants(url: str):
    start, end = query(url)["dates"].split("/")
    return tuple(dt.datetime.strptime(x, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) for x in (start, end))


def outlook_instants(url: str):
    params = query(url)
    return tuple(dt.datetime.fromisoformat(params[key].replace("Z", "+00:00")) for key in ("startdt", "enddt"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("number", [1, 2])
def test_links_decode_to_the_right_utc_instants(app, demo_event, lang, number):
    links = add_to_calendar_links(demo_event.session_by_number(number), lang)
    assert set(links) == {"google", "outlook", "office365", "ics"}
    assert urlsplit(links["google"]).netloc == "calendar.google.com"
    assert query(links["google"])["action"] == "TEMPLATE"
    assert query(links["google"])["dates"].count("Z") == 2  # without Z Google uses the viewer's zone
    assert google_instants(links["google"]) == DEMO_INSTANTS[number]
    assert urlsplit(links["outlook"]).netloc == "outlook.live.com"
    assert urlsplit(links["office365"]).netloc == "outlook.office.com"
    for key in ("outlook", "office365"):
        assert query(links[key])["rru"] == "addevent"
        assert query(links[key])["path"] == "/calendar/action/compose"
        assert outlook_instants(links[key]) == DEMO_INSTANTS[number]


def test_link_texts_are_in_the_requested_language(app, demo_event):
    links = add_to_calendar_links(demo_event.session_by_number(2), "ar")
    google, outlook = query(links["google"]), query(links["outlook"])
    assert google["text"] == outlook["subject"] == "الجلسة 2: إقامة فضاء إلكتروني آمن للديمقراطية"
    assert "16:30–18:30" in google["details"] and "بتوقيت وسط أوروبا" in google["details"]
    assert google["location"] == "عبر الإنترنت (ندوة إلكترونية على Zoom)"
    # The public copy sends people to register here first, never to Zoom's own form.
    assert demo_event.session_by_number(2).zoom_registration_url not in outlook["body"]
    assert "http://localhost/ar/e/safe-cyberspace-2022/#session-2" in outlook["body"]


def test_spaces_are_encoded_as_percent_20_not_plus(app, demo_event):
    link = add_to_calendar_links(demo_event.session_by_number(1), "en")["outlook"]
    assert "+" not in urlsplit(link).query
    assert "subject=Session%201" in link


def test_ics_link_downloads_the_same_session(client, demo_event):
    link = add_to_calendar_links(demo_event.session_by_number(2), "fr")["ics"]
    assert link == f"http://localhost/fr/e/{DEMO_SLUG}/s/2.ics"
    [entry] = read_both(client.get(urlsplit(link).path).data)
    assert (entry.starts_at, entry.ends_at) == DEMO_INSTANTS[2]


def page_links(client, lang):
    page = client.get(f"/{lang}/e/{DEMO_SLUG}/?tz=Asia/Tokyo").get_data(as_text=True)
    return page, [html.unescape(href) for href in re.findall(r'href="([^"]+)"', page)]


@pytest.mark.parametrize("lang, google_label, outlook_label", [
    ("en", "Google Calendar", "Outlook.com (personal account)"),
    ("fr", "Google Agenda", "Outlook.com (compte personnel)"),
    ("es", "Google Calendar", "Outlook.com (cuenta personal)"),
    ("ar", "تقويم Google", "Outlook.com (حساب شخصي)"),
])
def test_event_page_offers_every_calendar_for_each_session(client, demo_event, lang, google_label, outlook_label):
    page, hrefs = page_links(client, lang)
    assert f"/{lang}/e/{DEMO_SLUG}/s/1.ics" in hrefs
    assert f"/{lang}/e/{DEMO_SLUG}/s/2.ics" in hrefs
    assert f"/{lang}/e/{DEMO_SLUG}/calendar.ics" in hrefs
    google = [h for h in hrefs if h.startswith("https://calendar.google.com/")]
    assert [google_instants(h) for h in google] == [DEMO_INSTANTS[1], DEMO_INSTANTS[2]]
    office = [h for h in hrefs if h.startswith("https://outlook.office.com/")]
    assert [outlook_instants(h) for h in office] == [DEMO_INSTANTS[1], DEMO_INSTANTS[2]]
    assert page.count(f">{google_label}</a>") == 2
    assert page.count(f">{outlook_label}</a>") == 2
    # Zoom's own registration is not offered on the public page (register here first).
    for number in (1, 2):
        assert demo_event.session_by_number(number).zoom_registration_url not in hrefs
        assert all(demo_event.session_by_number(number).zoom_registration_url not in h for h in hrefs)


def test_event_page_lists_are_labelled_for_screen_readers(client, demo_event):
    page, _ = page_links(client, "es")
    assert 'aria-labelledby="calendar-links-1"' in page and 'id="calendar-links-1"' in page
    assert "Añadir la sesión 1 a su calendario:" in page
    assert "Añadir todas las sesiones a su calendario (archivo .ics)" in page


def test_cancelled_session_offers_only_the_file_that_updates_calendars(client, demo_event):
    cancel_session(demo_event.session_by_number(1))
    page, hrefs = page_links(client, "fr")
    assert len([h for h in hrefs if h.startswith("https://calendar.google.com/")]) == 1
    assert f"/fr/e/{DEMO_SLUG}/s/1.ics" in hrefs
    assert "La séance 1 est annulée" in page
