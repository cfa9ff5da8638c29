"""Every HTML email the product sends (tests/emails.py registers them) fits a 360 px
phone in Chromium, in the four languages: the document is no wider than the screen and
no element sticks out on either side (an Arabic link cut at the left edge counts).
Screenshots: tests/artifacts/emails/<kind>-<lang>.png."""
from __future__ import annotations

import pytest

from tests.emails import EMAIL_KINDS, PHONE_WIDTH, render_all

from .conftest import ARTIFACTS, BROWSER_LOCALES
from .test_public_pages import horizontal_overflow

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", EMAIL_KINDS, ids=lambda kind: kind.name)
def test_email_fits_a_phone_in_every_language(app, demo_event, new_page, kind):
    problems, widths = {}, {}
    for _kind, lang, email in render_all(demo_event, kinds=[kind]):
        page = new_page(locale=BROWSER_LOCALES[lang], viewport={"width": PHONE_WIDTH, "height": 780})
        page.set_content(email.html)
        width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        overflow = horizontal_overflow(page)
        path = ARTIFACTS / "emails" / f"{kind.name}-{lang}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
        if width > PHONE_WIDTH or overflow:
            problems[lang] = (width, overflow)
        widths[lang] = width
    # One line per kind for the notes: "kind en=360 fr=360 ...".
    with (ARTIFACTS / "emails" / "widths.txt").open("a", encoding="utf-8") as log:
        log.write(f"{kind.name} " + " ".join(f"{lang}={w}" for lang, w in widths.items()) + "\n")
    assert not problems, problems
