"""Issue 15, a registrant changes their email address from the manage page on a phone,
with CSRF on: the link goes to the new address only, opening it asks before changing
anything (mail scanners open links), and confirming it moves the registration to the
new address; the previous address is told (read from the aiosmtpd server)."""
from __future__ import annotations

import re
import uuid

import pytest

from tests.pages import PUBLIC_PAGES

from .conftest import BROWSER_LOCALES, page_problems
from .test_public_pages import horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.app_config(WTF_CSRF_ENABLED=True, CHANGE_EMAIL_DELAY=0)]

PHONE = {"width": 390, "height": 844}
MANAGE = next(page for page in PUBLIC_PAGES if page.name == "manage")


def stored(token):
    from eventhub.extensions import db
    from eventhub.registration.models import Registration
    from eventhub.security import hash_token

    db.session.expire_all()
    return db.session.execute(
        db.select(Registration).filter_by(manage_token_hash=hash_token(token))).scalar_one()


def to(smtp_server, address) -> list:
    return [m for m in smtp_server.messages if m["To"] == address]


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_change_the_address_and_confirm_it_from_the_new_mailbox(new_page, site, run_jobs, smtp_server,
                                                                 screenshot, lang):
    token = site.values(MANAGE)["token"]
    old = stored(token).email
    run_jobs()
    smtp_server.envelopes.clear()  # the registration's own confirmation
    new = f"new-{lang}-{uuid.uuid4().hex[:6]}@senat.example"
    page = new_page(locale=BROWSER_LOCALES[lang], viewport=PHONE)
    page.goto(site.url(MANAGE, lang))

    form = page.locator("form[action$='/email']")
    form.locator("[name=email]").fill(new.upper())  # as typed on a phone keyboard
    form.locator("[type=submit]").click()
    page.wait_for_load_state()
    assert new in page.locator("body").inner_text()  # "We have sent a link to …"
    assert horizontal_overflow(page) == []
    screenshot(page, f"email-change-requested-{lang}-phone")
    run_jobs()
    [link_email] = to(smtp_server, new)
    assert to(smtp_server, old) == [] and stored(token).email == old  # nothing changed yet
    [url] = re.findall(r"https?://\S+/email-change/\S+", link_email.get_body(("plain",)).get_content())

    page.goto(site.base + "/" + url.split("/", 3)[3])  # a scanner opening it changes nothing
    assert stored(token).email == old
    screenshot(page, f"email-change-confirm-{lang}-phone")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert stored(token).email == new
    assert new in page.locator("body").inner_text()  # "Your email address is now …"
    assert horizontal_overflow(page) == []
    run_jobs()
    assert len(to(smtp_server, old)) == 1  # the previous address is told
    assert len(to(smtp_server, new)) == 2  # the link, then the change email
    assert page_problems(page) == []
