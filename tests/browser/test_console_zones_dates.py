"""The console pages this branch changed, in Chromium at 1280 px and 390×844 in four
languages: the audit log's changed times (Babel, console language), the clock-change
refusal on the session page and on the sessions list (zone named beside its ID, time
through Babel), and the invitation import report (each count agrees with its noun).
No horizontal overflow; right to left in Arabic; screenshots in tests/artifacts/screens/."""
from __future__ import annotations

import datetime as dt
import io

import pytest

from .conftest import BROWSER_LOCALES
from .test_public_pages import horizontal_overflow

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
ZONE = {"en": "Zurich (Central European Time) · Europe/Zurich",
        "fr": "Zurich (heure d’Europe centrale) · Europe/Zurich",
        "es": "Zúrich (hora de Europa central) · Europe/Zurich",
        "ar": "زيورخ (توقيت وسط أوروبا) · Europe/Zurich"}
SUMMARY = {"en": "4 invitees imported, 1 row rejected, and 5 rows read.",
           "fr": "4 personnes invitées importées, 1 ligne rejetée et 5 lignes lues.",
           "es": "4 personas invitadas importadas, 1 fila rechazada y 5 filas leídas.",
           "ar": "استُورد 4 مدعوين ورُفض سطر واحد وقُرئت 5 أسطر."}


def both_widths(page, screenshot, name, lang):
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    for width, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE_390)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(100)
        overflow = horizontal_overflow(page)
        assert overflow == [], f"{name} ({lang}, {width}) overflows: " + "; ".join(overflow)
        screenshot(page, f"console-zones-dates-{name}-{lang}-{width}")


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_changed_console_pages_in_chromium(new_page, site, make_user, sign_in, screenshot, lang):
    from eventhub.audit.services import Actor
    from eventhub.events.operations import update_session

    session = site.event.sessions[1]
    update_session(session, actor=Actor("organiser@ipu.example", via="console"),
                   starts_at=session.starts_at + dt.timedelta(minutes=30))
    user = make_user(f"admin-{lang}@ipu.example", role="admin")
    page = new_page(locale=BROWSER_LOCALES[lang])
    sign_in(page, user, site.base)
    slug = site.event.slug

    page.goto(f"{site.base}/console/audit?lang={lang}")
    row = page.locator("#changes-heading ~ .table-scroll tbody tr").first.inner_text()
    assert "UTC →" in row.replace("\u00a0", " ") and "2022-12-06T" not in row, row
    both_widths(page, screenshot, "audit", lang)

    page.goto(f"{site.base}/console/e/{slug}/s/2/?lang={lang}")
    page.fill("#day", "2023-03-26")
    page.fill("#starts", "02:30")
    page.fill("#ends", "04:00")
    page.locator("button[name=action][value=save]").click()
    page.wait_for_load_state()
    assert ZONE[lang] in page.locator("#starts-error").inner_text()
    both_widths(page, screenshot, "session-clock-change", lang)

    page.goto(f"{site.base}/console/e/{slug}/sessions?lang={lang}")
    page.fill("#day", "2027-03-28")
    page.fill("#starts", "02:30")
    page.fill("#ends", "04:00")
    page.fill("#region-en", "Europe")
    page.locator("form[aria-labelledby=add-heading] button[type=submit]").click()
    page.wait_for_load_state()
    message = page.locator("#starts_local-error").inner_text()
    assert ZONE[lang] in message and "2027-03-28" not in message, message
    both_widths(page, screenshot, "sessions-clock-change", lang)

    from tests.invitations.conftest import FOUR_LANGUAGES, csv_bytes

    page.goto(f"{site.base}/console/events/{slug}/invitations/import?lang={lang}")
    rows = FOUR_LANGUAGES + [["Broken", "broken@", "", "", "en", ""]]
    page.set_input_files("input[type=file]", {"name": "list.csv", "mimeType": "text/csv",
                                              "buffer": csv_bytes(rows)})
    page.locator("form.panel button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("p.notice-success").inner_text().strip() == SUMMARY[lang]
    both_widths(page, screenshot, "import-report", lang)


MANILA = {"en": ("Manila", "Manila (Philippine Time)"), "fr": ("Manil", "Manille (heure des Philippines)"),
          "es": ("Manila", "Manila (hora de Filipinas)"), "ar": ("مانيلا", "مانيلا (توقيت الفيلبين)")}


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_console_zone_selector_search_box(new_page, site, make_user, sign_in, screenshot, lang):
    """The event settings' reference zone: a search box narrows the grouped CLDR names."""
    user = make_user(f"organiser-{lang}@ipu.example", role="organiser")
    page = new_page(locale=BROWSER_LOCALES[lang])
    sign_in(page, user, site.base)
    page.goto(f"{site.base}/console/e/{site.event.slug}/settings?lang={lang}")
    typed, name = MANILA[lang]
    search = page.locator("input.zone-search")
    assert search.count() == 1
    search.fill(typed)
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('#reference_timezone option'))
        .filter(o => !o.hidden).map(o => o.textContent)""")
    assert any(text.startswith(name) and text.endswith("· Asia/Manila") for text in shown), shown[:5]
    assert len(shown) < 10, shown  # narrowed (the selected zone stays)
    # The names are in the page's language: the list reads in its direction (it was forced
    # left to right when it listed IANA IDs, and cut « زيورخ » to « رخ » on a phone).
    direction = page.evaluate("() => getComputedStyle(document.querySelector('#reference_timezone')).direction")
    assert direction == ("rtl" if lang == "ar" else "ltr")
    both_widths(page, screenshot, "settings-zone-search", lang)
