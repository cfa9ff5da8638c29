"""Every public page in every language, as a person sees it in Chromium: the right
language and direction, a title, nothing wider than a phone, a language switcher that
keeps the page, no script error or blocked resource. Screenshots go to
tests/artifacts/screens/ for review.

Pages come from tests/pages.py: add a PublicPage there to bring a page under these tests.
"""
from __future__ import annotations

import pytest

from eventhub.i18n import LANGUAGES, text_direction
from tests.pages import PUBLIC_PAGES, page_params

from .conftest import BROWSER_LOCALES, DESKTOP, PHONE, page_problems

pytestmark = pytest.mark.browser


def horizontal_overflow(page) -> list[str]:
    """Elements sticking out past the viewport's inline edges (either side, for RTL),
    except inside boxes that scroll or clip; and the document's own width."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          if (document.documentElement.scrollWidth > width) {
            out.push(`document is ${document.documentElement.scrollWidth}px wide for ${width}px`);
          }
          // Inside a scrolling box (a wide table in .table-scroll) an element may be wider
          // than the screen: the box scrolls, the page does not.
          const clipped = (el) => {
            for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
              if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(up).overflowX)) return true;
            }
            return false;
          };
          for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (box.width === 0 || getComputedStyle(el).position === 'absolute' || clipped(el)) continue;
            if (box.right > width + 1 || box.left < -1) {
              out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className}: ${Math.round(box.left)}..${Math.round(box.right)}`);
            }
          }
          return out.slice(0, 10);
        }"""
    )


@pytest.mark.parametrize("page_spec, lang", page_params(PUBLIC_PAGES))
def test_page_language_direction_title_and_phone_layout(new_page, site, screenshot, page_spec, lang):
    url = site.url(page_spec, lang)
    page = new_page(locale=BROWSER_LOCALES[lang], viewport=DESKTOP)
    response = page.goto(url)
    assert response.status == 200
    page.wait_for_load_state("networkidle")

    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == text_direction(lang)
    title = page.title()
    assert title.strip(), "the page has no <title>"
    if page_spec.expected_title:
        with site.app.app_context():
            assert page_spec.expected_title(site.event, lang) in title
    screenshot(page, f"{page_spec.name}-{lang}-desktop")

    page.set_viewport_size(PHONE)
    page.wait_for_timeout(100)
    overflow = horizontal_overflow(page)
    assert overflow == [], f"{url} overflows a 375px phone screen: " + "; ".join(overflow)
    screenshot(page, f"{page_spec.name}-{lang}-phone")
    assert page_problems(page) == []


@pytest.mark.parametrize("page_spec, lang", page_params(PUBLIC_PAGES))
def test_language_switcher_opens_the_same_page(new_page, site, page_spec, lang):
    page = new_page(locale=BROWSER_LOCALES[lang])
    page.goto(site.url(page_spec, lang))
    if not page_spec.has_language_switcher:
        assert page.locator("nav.languages a").count() == 0
        return
    switcher = page.locator("nav.languages")
    current = switcher.locator("[aria-current]")
    assert current.get_attribute("lang") == lang
    for other in LANGUAGES:
        if other == lang:
            continue
        page.goto(site.url(page_spec, lang))
        page.locator(f'nav.languages a[hreflang="{other}"]').click()
        page.wait_for_load_state()
        # Same page, other language: the path differs only in its language prefix and
        # the query (e.g. a chosen time zone) is kept.
        expected = site.url(page_spec, other)
        assert page.url.split("#")[0] == expected
        assert page.locator("html").get_attribute("lang") == other
    assert page_problems(page) == []
