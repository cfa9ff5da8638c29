"""The console as the secretariat sees it in Chromium: an organiser signs in through the
form, sees the dashboard and downloads the exports; every console page in every
language (the console follows the browser's language) fits a phone screen without a
script error and has no serious accessibility violation. Pages: CONSOLE_PAGES in
tests/pages.py."""
from __future__ import annotations

import csv
import io
from urllib.parse import urlparse

import pytest

from tests.pages import CONSOLE_PAGES, endpoint_exists, page_params, registration_token_values

from .conftest import BROWSER_LOCALES, PHONE, page_problems
from .test_accessibility import BLOCKING_IMPACTS, axe_violations, describe
from .test_public_pages import horizontal_overflow

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def console_url(site, page_spec) -> str:
    from flask import url_for

    values = site.values(page_spec)
    with site.app.test_request_context():
        return site.base + url_for(page_spec.endpoint, **values)


@pytest.mark.parametrize("page_spec, lang", page_params(CONSOLE_PAGES))
def test_console_page(new_page, site, make_user, sign_in, screenshot, page_spec, lang):
    user = make_user(f"{page_spec.role}-{lang}@ipu.example", role=page_spec.role)
    page = new_page(locale=BROWSER_LOCALES[lang])
    sign_in(page, user, site.base)
    response = page.goto(console_url(site, page_spec))
    assert response.status == 200, f"{page_spec.endpoint} answered {response.status}"
    assert urlparse(page.url).path.startswith("/console/")
    assert urlparse(page.url).path != "/console/login", "sent back to the login page"
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    screenshot(page, f"{page_spec.name}-{lang}-desktop")
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)

    page.set_viewport_size(PHONE)
    page.wait_for_timeout(100)
    overflow = horizontal_overflow(page)
    assert overflow == [], f"{page.url} overflows a 375px phone screen: " + "; ".join(overflow)
    screenshot(page, f"{page_spec.name}-{lang}-phone")
    assert page_problems(page) == []


@pytest.mark.skipif(not endpoint_exists("console.dashboard"), reason="the console is not on this branch yet")
def test_organiser_signs_in_sees_dashboard_and_exports(new_page, site, make_user, screenshot):
    emails = []
    for _ in range(3):
        token = registration_token_values(site.event)["token"]
        from eventhub.extensions import db
        from eventhub.registration.models import Registration
        from eventhub.security import hash_token

        emails.append(db.session.execute(db.select(Registration.email).filter_by(
            manage_token_hash=hash_token(token))).scalar_one())
    make_user("organiser@ipu.example", role="organiser", password=PASSWORD)

    page = new_page(locale="en-GB")
    page.goto(f"{site.base}/console/e/{site.event.slug}/")
    assert urlparse(page.url).path == "/console/login"  # anonymous: sent to sign in
    page.fill("#email", "organiser@ipu.example")
    page.fill("#password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == f"/console/e/{site.event.slug}/"  # back where we wanted to go
    main = page.locator("main").inner_text()
    assert "3" in main
    screenshot(page, "console-journey-dashboard")

    page.goto(f"{site.base}/console/e/{site.event.slug}/exports")
    with page.expect_download() as download_info:
        page.locator("a[href*='interpretation.csv']").first.click()
    headcount = open(download_info.value.path(), encoding="utf-8-sig").read()
    assert headcount.strip(), "empty interpretation headcount"

    export = page.request.get(f"{site.base}/console/e/{site.event.slug}/exports/registrations?format=csv")
    assert export.status == 200
    rows = list(csv.reader(io.StringIO(export.body().decode("utf-8-sig"))))
    exported = {cell for row in rows for cell in row}
    assert set(emails) <= exported
    screenshot(page, "console-journey-exports")
    assert page_problems(page) == []
