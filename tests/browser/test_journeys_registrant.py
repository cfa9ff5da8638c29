"""Issue 15, a registrant's path on a phone (390×844), in each language, with CSRF on:
the event page's first action is registering here (no Zoom form on the way); a form
error comes back through a redirect with what was typed; the manage page's changes and
the cancellation are confirmed by email (read from the aiosmtpd server), with their
calendar files; and "send me my link" from an invalid-link page emails the same link."""
from __future__ import annotations

import re
import uuid
from urllib.parse import urlparse

import icalendar
import pytest

from tests.pages import PUBLIC_PAGES, endpoint_exists

from .conftest import BROWSER_LOCALES, page_problems

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not endpoint_exists("registration.send_link"),
                       reason="registration.send_link is not on this branch yet"),
]

PHONE = {"width": 390, "height": 844}
EVENT_PAGE = next(page for page in PUBLIC_PAGES if page.name == "event")
ZONES = {"en": "Asia/Manila", "fr": "America/Bogota", "es": "America/Bogota", "ar": "Asia/Manila"}
FIRST = {"en": "en", "fr": "fr", "es": "es", "ar": "ar"}
CHANGED = {"en": "fr", "fr": "en", "es": "ar", "ar": "en"}


def calendar_events(message) -> list:
    events = []
    for attachment in message.iter_attachments():
        if attachment.get_content_type() == "text/calendar":
            events.extend(icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT"))
    return events


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def delivered(run_jobs, smtp_server, to: str, count: int) -> list:
    run_jobs()
    messages = [m for m in smtp_server.messages if m["To"] == to]
    assert len(messages) == count, [m["Subject"] for m in messages]
    return messages


@pytest.mark.slow
@pytest.mark.app_config(WTF_CSRF_ENABLED=True, CHANGE_EMAIL_DELAY=0)
@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_register_here_first_change_cancel_and_get_the_link_back(new_page, site, run_jobs, smtp_server,
                                                                 screenshot, lang):
    from eventhub.i18n import language_name

    email = f"path-{lang}-{uuid.uuid4().hex[:6]}@parliament.example"
    zone = ZONES[lang]
    page = new_page(timezone_id=zone, locale=BROWSER_LOCALES[lang], viewport=PHONE)

    # 1. The event page: registering here is the first action, above the fold.
    page.goto(site.url(EVENT_PAGE, lang))
    page.wait_for_function(f"document.body.dataset.zone === '{zone}'")
    register = page.locator("a.button-register")
    box = register.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    first_button = page.locator("main a.button, main button").first
    assert first_button.get_attribute("class") and "button-register" in first_button.get_attribute("class")
    assert page.locator("a[href*='zoom.us']").count() == 0  # never Zoom's form before registering here
    screenshot(page, f"registrant-{lang}-1-event")

    # 2. The form; an error first (no consent): the answer is a redirect, input kept.
    register.click()
    page.wait_for_load_state()
    page.select_option("#honorific", "hon")
    page.fill("#given_name", "Lucía")
    page.fill("#family_name", "Reyes Santos")
    page.fill("#email", email)
    page.select_option("#country", "CO" if "Bogota" in zone else "PH")
    page.fill("#parliament", "Congreso")
    page.select_option("#role", "member")
    page.check("#session-2")
    page.locator(".session-choice", has=page.locator("#session-2")) \
        .locator("select:not([disabled])").select_option(FIRST[lang])
    assert page.locator("#timezone").input_value() == zone
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("form.registration-form button[type=submit]").click()
    assert posted.value.status == 303
    page.wait_for_load_state()
    assert urlparse(page.url).path == f"/{lang}/e/{site.event.slug}/register"
    assert page.evaluate("performance.getEntriesByType('navigation')[0].type") in ("navigate", "reload")
    assert page.locator("#consent-error").count() == 1
    assert page.locator("#email").input_value() == email  # what was typed is kept
    assert page.locator("#session-2").is_checked()
    page.check("#consent")
    page.locator("form.registration-form button[type=submit]").click()
    page.wait_for_load_state()

    # 3. Confirmation: the Zoom step comes second, with why.
    path = urlparse(page.url).path
    assert path.endswith("/confirmation"), page.url
    token = path.split("/")[3]
    main = page.locator("main")
    assert main.locator("a[href*='/zoom/']").count() + main.locator("a[href*='zoom.us']").count() >= 1
    screenshot(page, f"registrant-{lang}-2-confirmation")
    [confirmation] = delivered(run_jobs, smtp_server, email, 1)
    assert confirmation["Content-Language"] == lang

    # 4. The manage page: change the listening language → one email, updated calendar.
    page.goto(f"{site.base}/{lang}/r/{token}")
    form = page.locator("form.manage-form").first
    form.locator(".session-choice", has=page.locator("#session-2")) \
        .locator("select:not([disabled])").select_option(CHANGED[lang])
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    changed = delivered(run_jobs, smtp_server, email, 2)[1]
    assert changed["Content-Language"] == lang
    assert language_name(CHANGED[lang], lang) in text_of(changed)
    [event] = calendar_events(changed)
    session_2 = site.event.session_by_number(2)
    assert str(event["uid"]).startswith(f"session-{session_2.id}@")
    assert event["status"] == "CONFIRMED" and int(event["sequence"]) >= 1
    # The history on the page tells the same change.
    page.reload()
    history = page.locator("table.history").inner_text()
    assert language_name(CHANGED[lang], lang) in history
    screenshot(page, f"registrant-{lang}-3-changed")

    # 5. Cancel → one email whose calendar entry is cancelled, with a higher SEQUENCE.
    page.locator("a.button-danger").click()
    page.wait_for_load_state()
    page.locator("form button.button-danger").click()
    page.wait_for_load_state()
    cancelled = delivered(run_jobs, smtp_server, email, 3)[2]
    [gone] = calendar_events(cancelled)
    assert gone["status"] == "CANCELLED" and str(gone["uid"]) == str(event["uid"])
    assert int(gone["sequence"]) > int(event["sequence"])

    # 6. "Send me my link" from an invalid link: the same link comes back.
    page.goto(f"{site.base}/{lang}/r/forged-{uuid.uuid4().hex}")
    page.locator("main a.button").click()
    page.wait_for_load_state()
    page.fill("#email", email.upper())
    page.locator("form.send-link-form button[type=submit]").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == f"/{lang}/my-link/sent"
    screenshot(page, f"registrant-{lang}-4-link-sent")
    again = delivered(run_jobs, smtp_server, email, 4)[3]
    assert re.search(rf"/{lang}/r/{re.escape(token)}\b", text_of(again))
    # (the forged link's 404 is the page we meant to open)
    assert [p for p in page_problems(page) if "/r/forged-" not in p] == []
