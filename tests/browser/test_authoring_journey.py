"""An organiser builds a consultation from nothing in Chromium, with the console in each
of the four languages in turn, at phone width (390x844), and the edit page also at
desktop width: the event in four languages, a refused session time (DST gap) with its
message in the console's language, two sessions in different regions (one crossing
midnight in Geneva), an edit, publication, registration closed then opened again; a
delegate in a far zone sees the session in their time from another browser context in
their language (and, in Arabic, registers); the
organiser clones it across the March DST change and the clone keeps the Geneva
wall-clock times. The new-event form with an error, the sessions editor and the edit
page: no script error, no horizontal overflow at phone width, no serious or critical
axe violation (the crawl of tests/browser/test_console.py opens every authoring page,
clone and preview included, empty, in four languages at desktop and phone widths).

One app, one live server and one browser for the four languages (each language builds
its own event), to keep it to one server start."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _

from eventhub.events.models import Event
from eventhub.extensions import db

from .conftest import BROWSER_LOCALES, DESKTOP, page_problems
from .test_accessibility import BLOCKING_IMPACTS, axe_violations, describe
from .test_public_pages import horizontal_overflow

pytestmark = pytest.mark.browser
UTC = dt.timezone.utc
#: The issue's phone: 390 x 844 CSS pixels.
PHONE_390 = {"width": 390, "height": 844}
#: Each language's delegate, in a zone far from Geneva, and the local start time of
#: session 2 (22:30 UTC on 20 March 2027) they must see.
DELEGATES = {
    "en": ("Pacific/Auckland", "11:30"),      # NZDT, UTC+13, on 21 March
    "fr": ("America/Toronto", "18:30"),       # EDT, UTC-4
    "es": ("America/Los_Angeles", "15:30"),   # PDT, UTC-7
    "ar": ("Asia/Riyadh", "01:30"),           # UTC+3, on 21 March
}


def sign_in(app, page, user, base_url):
    """Flask's session cookie for ``user`` (with the sign-in times the idle and absolute
    limits check, and the account's session generation)."""
    import time
    from urllib.parse import urlparse

    with app.test_request_context(environ_base={
        "REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": page.evaluate("navigator.userAgent"),
    }):
        identifier = app.login_manager._session_identifier_generator()
    now = int(time.time())
    cookie = app.session_interface.get_signing_serializer(app).dumps({
        "_user_id": user.get_id(), "_fresh": True, "_id": identifier,
        "_signed_in_at": now, "_seen_at": now})
    page.context.add_cookies([{"name": app.config.get("SESSION_COOKIE_NAME", "session"), "value": cookie,
                               "domain": urlparse(base_url).hostname, "path": "/"}])


def translated(lang, message, **values):
    with force_locale(lang):
        return _(message, **values)


def checked(page, name, screenshot, lang):
    """The page as a person would notice it: in ``lang``, fits the screen, no script error,
    no serious accessibility violation."""
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang, page.url
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    width = page.viewport_size["width"]
    if width < 500:
        overflow = horizontal_overflow(page)
        assert overflow == [], f"{page.url} overflows a {width}px screen: " + "; ".join(overflow)
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{page.url} ({lang}, {width}px):\n{describe(blocking)}"
    # (a refused form is answered 422 on purpose: Chromium logs that status as an error)
    problems = [p for p in page_problems(page) if "status of 422 (UNPROCESSABLE ENTITY)" not in p]
    assert problems == [], page.url
    screenshot(page, f"authoring-journey-{name}-{lang}-{width}")


def event_by_slug(slug):
    db.session.expire_all()
    return db.session.execute(db.select(Event).filter_by(slug=slug)).scalar_one()


def journey(lang, app, site, new_page, organiser, screenshot):
    slug = f"journey-{lang}-2027"
    page = new_page(locale=BROWSER_LOCALES[lang], viewport=PHONE_390)
    page.goto(site.base + f"/{lang}/")
    sign_in(app, page, organiser, site.base)

    # New event: a wrong slug first (message beside the field, in the console's language).
    page.goto(site.base + f"/console/events/new?lang={lang}")
    page.fill("#slug", "Not Valid")
    page.locator("form.event-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#slug-error").is_visible()
    assert page.locator(".notice-error").first.inner_text().strip().startswith(
        translated(lang, "Nothing was saved. Please correct the fields marked below.")[:20])
    checked(page, "new-event-error", screenshot, lang)
    page.fill("#slug", slug)
    page.select_option("#reference_timezone", "Europe/Zurich")
    for code, title in {"en": "Journey 2027", "fr": "Parcours 2027", "es": "Recorrido 2027",
                        "ar": "مسار 2027"}.items():
        page.fill(f"#title-{code}", title)
    page.fill("#objectives-en", "Share risks\nShare practices")
    page.fill("#objective_labels-en", "Risks\nPractices")
    page.locator("form.event-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/console/e/{slug}/sessions"), page.url

    def add_session(day, starts, ends, end_day, region, interpretation=()):
        page.fill("#day", day)
        page.fill("#starts", starts)
        page.fill("#ends", ends)
        page.fill("#end_day", end_day)
        page.fill("#region-en", region)
        for code in interpretation:
            page.check(f"input[name=interpretation_languages][value={code}]")
        page.locator("form[aria-labelledby=add-heading] button[type=submit]").click()
        page.wait_for_load_state()

    # 02:30 on 28 March 2027 does not exist in Geneva (clocks go from 02:00 to 03:00).
    add_session("2027-03-28", "02:30", "04:00", "", "Europe")
    message = page.locator("#starts_local-error").inner_text()
    assert "Europe/Zurich" in message and (lang == "en" or "does not exist" not in message), message
    add_session("2027-03-20", "08:00", "10:00", "", "Asia/Pacific")
    add_session("2027-03-20", "23:30", "01:00", "2027-03-21", "Americas", ("en", "fr", "es", "ar"))
    checked(page, "sessions", screenshot, lang)
    event = event_by_slug(slug)
    assert [(s.starts_at, s.ends_at) for s in event.sessions] == [
        (dt.datetime(2027, 3, 20, 7, 0, tzinfo=UTC), dt.datetime(2027, 3, 20, 9, 0, tzinfo=UTC)),
        (dt.datetime(2027, 3, 20, 22, 30, tzinfo=UTC), dt.datetime(2027, 3, 21, 0, 0, tzinfo=UTC)),
    ]

    # Edit: a subtitle in the console's language; the form keeps everything else.
    page.goto(site.base + f"/console/e/{slug}/edit")
    page.fill(f"#subtitle-{lang}", f"Subtitle {lang}")
    page.locator("form.event-form button[type=submit]").click()
    page.wait_for_load_state()
    event = event_by_slug(slug)
    assert event.subtitle == {lang: f"Subtitle {lang}"} and event.title["ar"] == "مسار 2027"
    assert [o.short_label.get("en") for o in event.objectives] == ["Risks", "Practices"]

    # Publish, then close and open registration again.
    page.locator("button[name=status][value=published]").click()
    page.wait_for_load_state()
    assert event_by_slug(slug).status == "published"
    page.locator("button[name=open][value=no]").click()
    page.wait_for_load_state()
    assert not event_by_slug(slug).registration_enabled
    checked(page, "edit", screenshot, lang)
    page.set_viewport_size(DESKTOP)
    checked(page, "edit", screenshot, lang)
    page.set_viewport_size(PHONE_390)

    zone, local_start = DELEGATES[lang]
    visitor = new_page(timezone_id=zone, locale=BROWSER_LOCALES[lang], viewport=PHONE_390)
    visitor.goto(site.base + f"/{lang}/e/{slug}/register")
    assert visitor.locator("h1").inner_text().strip() == translated(lang, "Registration is closed")

    page.locator("button[name=open][value=yes]").click()
    page.wait_for_load_state()
    assert event_by_slug(slug).registration_open

    # The delegate, far away, in their language, in another browser context: the event
    # page in their time; in Arabic they also register.
    visitor.goto(site.base + f"/{lang}/e/{slug}/")
    visitor.wait_for_function("(zone) => document.body.dataset.zone === zone", arg=zone)
    assert {"en": "Journey 2027", "fr": "Parcours 2027", "es": "Recorrido 2027",
            "ar": "مسار 2027"}[lang] in visitor.locator("h1").inner_text()
    assert local_start in visitor.locator("#session-2").inner_text()
    if lang == "ar":  # (the form itself, once: right to left, Arabic labels)
        visitor.locator("a.button-register").click()
        visitor.wait_for_load_state()
        visitor.select_option("#honorific", "hon")
        visitor.fill("#given_name", "ليلى")
        visitor.fill("#family_name", "حداد")
        visitor.fill("#email", f"delegate-{uuid.uuid4().hex[:6]}@parliament.example")
        visitor.select_option("#country", "SA")
        visitor.fill("#parliament", "مجلس الشورى")
        visitor.select_option("#role", "member")
        visitor.check("#session-2")
        visitor.locator(".session-choice", has=visitor.locator("#session-2")) \
            .locator("select:not([disabled])").select_option(lang)
        visitor.check("#consent")
        visitor.locator("form.registration-form button[type=submit]").click()
        visitor.wait_for_load_state()
        assert visitor.url.endswith("/confirmation"), visitor.url
    assert page_problems(visitor) == []

    # Clone across the DST change (Geneva moves to summer time on 28 March 2027).
    page.goto(site.base + f"/console/e/{slug}/clone")
    page.fill("#slug", f"{slug}-bis")
    page.fill("#first_day", "2027-04-10")
    page.locator("form.panel button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/console/e/{slug}-bis/sessions"), page.url
    clone = event_by_slug(f"{slug}-bis")
    assert clone.status == "draft"
    assert [(s.starts_at, s.ends_at) for s in clone.sessions] == [
        (dt.datetime(2027, 4, 10, 6, 0, tzinfo=UTC), dt.datetime(2027, 4, 10, 8, 0, tzinfo=UTC)),
        (dt.datetime(2027, 4, 10, 21, 30, tzinfo=UTC), dt.datetime(2027, 4, 10, 23, 0, tzinfo=UTC)),
    ]
    from eventhub.registration.models import Registration

    assert db.session.execute(db.select(Registration).filter_by(event_id=clone.id)).first() is None
    assert len(db.session.execute(db.select(Registration).filter_by(event_id=event.id)).all()) == (
        1 if lang == "ar" else 0)
    page.context.close()
    visitor.context.close()


def test_organiser_creates_publishes_and_clones_an_event_in_every_language(
        app, new_page, site, make_user, screenshot):
    organiser = make_user("journey-author@ipu.example")
    for lang in ("en", "fr", "es", "ar"):
        journey(lang, app, site, new_page, organiser, screenshot)
