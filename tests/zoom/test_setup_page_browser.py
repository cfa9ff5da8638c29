"""The Zoom set-up page in Chromium, four languages, phone (390×844) and desktop widths:
the registration-link line Zoom's webinar.updated delivery made possible, and the note on
how people are sent (one by one with eventhub's questions, batches without). Screenshots
in tests/artifacts/screens/zoom-setup-<lang>-<width>.png."""
from __future__ import annotations

import pytest

from eventhub.extensions import db
from tests.browser.conftest import browser, new_page, screenshot, sign_in, BROWSER_LOCALES  # noqa: F401
from tests.zoom.conftest import WEBINAR_ID
from tests.zoom.test_checks import DELIVERED_TS, LINK_TEXT, OTHER_LINK, configure
from tests.zoom.test_webhook_endpoint import post_event

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_the_set_up_page_reads_at_phone_and_desktop_width(client, api_event, zoom_api, live_server, new_page,
                                                          sign_in, screenshot, make_user, lang):
    session = configure(api_event, zoom_api, languages=("FR",))
    session.interpretation_languages = ["en", "fr", "ar"]
    session.zoom_registration_url = OTHER_LINK  # the organiser pasted another webinar's link
    db.session.commit()
    post_event(client, zoom_api.update_webinar(WEBINAR_ID, agenda="Revised", event_ts=DELIVERED_TS))
    user = make_user()
    _, disagree, one_by_one = LINK_TEXT[lang]
    for name, viewport in (("390", PHONE), ("1280", DESKTOP)):
        page = new_page(locale=BROWSER_LOCALES[lang], viewport=viewport)
        sign_in(page, user, live_server.url)
        page.goto(f"{live_server.url}/console/events/{api_event.slug}/zoom/sessions/2/setup?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        text = page.locator("main").inner_text()
        assert disagree.format(url=OTHER_LINK) in text and one_by_one in text
        # Nothing wider than the screen: long links wrap inside their cell.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{overflow}px wider than the {name} px screen"
        screenshot(page, f"zoom-setup-{lang}-{name}")
