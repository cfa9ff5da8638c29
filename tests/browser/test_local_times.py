"""A visitor whose computer is set to a far-away zone sees the sessions in their own
time without choosing anything: the page's script stores the browser's zone in the
``tz`` cookie and reloads once.

Expected times are worked out by hand from the concept note (Session 1 07:00-09:00 CET
= 06:00-08:00 UTC; Session 2 16:30-18:30 CET = 15:30-17:30 UTC, 6 December 2022).
"""
from __future__ import annotations

import pytest

from eventhub.timezones import zone_display_name
from tests.pages import PUBLIC_PAGES

from .conftest import page_problems

pytestmark = pytest.mark.browser

EVENT_PAGE = next(page for page in PUBLIC_PAGES if page.name == "event")


def document_requests(page) -> list[str]:
    """Every page (document) the browser asks the server for, reloads included."""
    requested = []
    page.on("request", lambda request: requested.append(request.url)
            if request.resource_type == "document" else None)
    return requested


@pytest.mark.parametrize("zone, session_1, session_2, night_sessions", [
    ("Asia/Manila", "14:00–16:00", "23:30–01:30", {2}),         # UTC+8
    ("America/Bogota", "01:00–03:00", "10:30–12:30", {1}),      # UTC-5
    ("Pacific/Auckland", "19:00–21:00", "04:30–06:30", {2}),    # UTC+13 (summer time)
])
def test_page_shows_times_in_the_browsers_zone(new_page, site, zone, session_1, session_2, night_sessions):
    page = new_page(timezone_id=zone)
    loads = document_requests(page)
    url = site.url(EVENT_PAGE, "en")
    assert "tz=" not in url
    page.goto(url)
    page.wait_for_function(f"document.body.dataset.zone === {zone!r}")
    page.wait_for_load_state("networkidle")

    body = page.locator("body")
    assert body.get_attribute("data-zone-source") == "cookie"
    assert page.locator("#session-1 .local-range").inner_text() == session_1
    assert page.locator("#session-2 .local-range").inner_text() == session_2
    for number in (1, 2):
        assert page.locator(f"#session-{number} .zone").inner_text() == zone_display_name(zone, "en")
        has_night_note = page.locator(f"#session-{number} .night").count() == 1
        assert has_night_note == (number in night_sessions)
    # The reference time (CET) is still shown first.
    assert "07:00–09:00" in page.locator("#session-1 .time-reference").inner_text()
    # The selector offers the detected zone.
    assert page.locator("select#tz").input_value() == zone

    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies.get("tz") == zone
    assert len(loads) == 2, f"expected exactly one reload, saw {loads}"

    # Next visit: the server knows the zone at once, no second reload.
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert len(loads) == 3
    assert page.locator("#session-1 .local-range").inner_text() == session_1
    assert page_problems(page) == []


def test_visitor_in_the_reference_zone_is_not_reloaded(new_page, site):
    page = new_page(timezone_id="Europe/Zurich")
    loads = document_requests(page)
    page.goto(site.url(EVENT_PAGE, "fr"))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert len(loads) == 1
    assert page.locator("#session-1 .time-local").count() == 0  # no duplicate "your time" line
    assert "tz" not in {cookie["name"] for cookie in page.context.cookies()}


def test_zone_chosen_in_the_selector_wins_over_the_browser(new_page, site):
    page = new_page(timezone_id="Asia/Manila")
    page.goto(site.url(EVENT_PAGE, "es"))
    page.wait_for_function("document.body.dataset.zone === 'Asia/Manila'")
    page.select_option("select#tz", "America/Bogota")
    page.locator("form.tz-form button[type=submit]").click()
    page.wait_for_function("document.body.dataset.zone === 'America/Bogota'")
    assert "tz=America%2FBogota" in page.url or "tz=America/Bogota" in page.url
    assert page.locator("#session-2 .local-range").inner_text() == "10:30–12:30"
    # Remembered for the next page, even without ?tz=
    page.goto(site.url(EVENT_PAGE, "es"))
    assert page.locator("body").get_attribute("data-zone") == "America/Bogota"
    assert page_problems(page) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_arabic_time_ranges_never_break_in_the_middle(new_page, site, width):
    """« 23:30–01:30 » stays one unbreakable, isolated unit on desktop and phone widths."""
    page = new_page(timezone_id="Asia/Manila", viewport={"width": width, "height": 900})
    page.goto(site.url(EVENT_PAGE, "ar") + "?tz=Asia/Manila")
    page.wait_for_load_state("networkidle")
    ranges = page.locator("bdi[dir=ltr]")
    assert ranges.count() >= 4
    broken = page.evaluate("""() => Array.from(document.querySelectorAll('bdi[dir=ltr]'))
        .filter(el => el.getClientRects().length > 1).map(el => el.textContent)""")
    assert broken == []
    assert page.locator("#session-2 .local-range").inner_text() == "23:30–01:30"
