"""A delegate's whole journey in Chromium, in each language, with CSRF on as in
production: event page → registration form → confirmation → calendar files →
personal manage link → change of listening language → cancellation. Screenshots of
each step go to tests/artifacts/screens/journey-<lang>-<step>.png."""
from __future__ import annotations

import uuid
from urllib.parse import urlparse

import pytest

from tests.pages import PUBLIC_PAGES, endpoint_exists

from .conftest import BROWSER_LOCALES, page_problems

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not endpoint_exists("registration.register"),
                       reason="registration.register is not on this branch yet"),
]

EVENT_PAGE = next(page for page in PUBLIC_PAGES if page.name == "event")
#: Session 2 has interpretation: the delegate first listens in the page language, then changes.
FIRST_LISTENING = {"en": "en", "fr": "fr", "es": "es", "ar": "ar"}
CHANGED_LISTENING = {"en": "fr", "fr": "en", "es": "ar", "ar": "en"}


def read_calendar(data: bytes):
    import icalendar

    calendar = icalendar.Calendar.from_ical(data)
    return [component for component in calendar.walk("VEVENT")]


def utc_start(vevent) -> str:
    import datetime as dt

    return vevent.decoded("dtstart").astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def stored_registration(email):
    from eventhub.extensions import db
    from eventhub.registration.models import Registration

    db.session.remove()  # a fresh read: the server's threads committed
    return db.session.execute(db.select(Registration).filter_by(email=email)).scalar_one()


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_delegate_registers_downloads_calendar_changes_language_and_cancels(new_page, site, screenshot, lang):
    email = f"journey-{lang}-{uuid.uuid4().hex[:6]}@parliament.example"
    page = new_page(timezone_id="Asia/Manila", locale=BROWSER_LOCALES[lang])

    # The event page, in the visitor's zone after the script's one reload.
    page.goto(site.url(EVENT_PAGE, lang))
    page.wait_for_function("document.body.dataset.zone === 'Asia/Manila'")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")

    # The event's calendar file.
    with page.expect_download() as download_info:
        page.locator(".calendar-all a").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    starts = sorted(utc_start(vevent) for vevent in read_calendar(open(download.path(), "rb").read()))
    assert starts == ["2022-12-06T06:00Z", "2022-12-06T15:30Z"]

    # The registration form.
    page.locator("a.button-register").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == f"/{lang}/e/{site.event.slug}/register"
    page.select_option("#honorific", "hon")
    page.fill("#given_name", "Wanjiru")
    page.fill("#family_name", "Mwangi-Ahmed")
    page.fill("#email", email)
    page.select_option("#country", "KE")
    page.fill("#parliament", "National Assembly")
    page.select_option("#role", "member")
    page.check("#session-2")
    session_2 = page.locator(".session-choice", has=page.locator("#session-2"))
    session_2.locator("select:not([disabled])").select_option(FIRST_LISTENING[lang])
    assert page.locator("#timezone").input_value() == "Asia/Manila"  # taken from the browser
    page.check("#consent")
    screenshot(page, f"journey-{lang}-1-form")
    page.locator("form.registration-form button[type=submit]").click()
    page.wait_for_load_state()

    # Confirmation, with the personal link.
    path = urlparse(page.url).path
    assert path.startswith(f"/{lang}/r/") and path.endswith("/confirmation"), page.url
    token = path.split("/")[3]
    assert email in page.locator("[role=status]").first.inner_text()
    manage_href = page.locator(".personal-link a").get_attribute("href")
    assert urlparse(manage_href).path == f"/{lang}/r/{token}"
    screenshot(page, f"journey-{lang}-2-confirmation")
    registration = stored_registration(email)
    assert [(place.session.number, place.listening_language, place.status) for place in registration.sessions] \
        == [(2, FIRST_LISTENING[lang], "confirmed")]
    assert registration.language == lang and registration.timezone == "Asia/Manila"

    # The personal calendar file.
    personal = page.request.get(f"{site.base}/{lang}/r/{token}/calendar.ics")
    assert personal.status == 200 and personal.headers["content-type"].startswith("text/calendar")
    assert "2022-12-06T15:30Z" in [utc_start(vevent) for vevent in read_calendar(personal.body())]

    # The manage page: change the listening language.
    page.goto(site.base + urlparse(manage_href).path)
    sessions_form = page.locator("form.manage-form").first
    sessions_form.locator(".session-choice", has=page.locator("#session-2")) \
        .locator("select:not([disabled])").select_option(CHANGED_LISTENING[lang])
    sessions_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".notice-success").count() == 1
    assert stored_registration(email).sessions[0].listening_language == CHANGED_LISTENING[lang]
    from eventhub.i18n import language_name

    assert language_name(CHANGED_LISTENING[lang], lang) in page.locator("main").inner_text()
    screenshot(page, f"journey-{lang}-3-changed")

    # Cancel, confirming on the second page.
    page.locator("a.button-danger").click()
    page.wait_for_load_state()
    screenshot(page, f"journey-{lang}-4-cancel")
    page.locator("form button.button-danger").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == f"/{lang}/r/{token}"
    assert page.locator(".notice-success").count() == 1
    assert page.locator("a.button-danger").count() == 0  # nothing left to cancel
    assert [place.status for place in stored_registration(email).sessions] == ["cancelled"]
    screenshot(page, f"journey-{lang}-5-cancelled")
    assert page_problems(page) == []
