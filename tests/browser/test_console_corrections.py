"""An organiser corrects a registrant's details in the console, on a phone, as the
secretariat would: a mistake comes back in the console's language, worded about the
registrant, with what was typed kept; the correction then shows in the history."""
from __future__ import annotations

import pytest

from tests.console.helpers import make_registration

from .conftest import BROWSER_LOCALES, PHONE, page_problems
from .test_public_pages import horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.app_config(CHANGE_EMAIL_DELAY=0)]

#: What the console says for an empty given name, and the history's name for the change.
EMPTY_GIVEN_NAME = {
    "en": ("Please enter the registrant's given name.", "Details corrected"),
    "fr": ("Veuillez indiquer le prénom de la personne inscrite.", None),
    "es": ("Le rogamos que indique el nombre de la persona inscrita.", None),
    "ar": ("يُرجى إدخال الاسم الأول للشخص المسجل.", None),
}


@pytest.mark.parametrize("lang", sorted(EMPTY_GIVEN_NAME))
def test_organiser_corrects_a_name_on_a_phone(new_page, site, make_user, sign_in, screenshot, lang):
    person = make_registration(site.event, email=f"amina-{lang}@assemblee.sn", given_name="Amina")
    user = make_user(f"organiser-corrections-{lang}@ipu.example", role="organiser")
    page = new_page(locale=BROWSER_LOCALES[lang], viewport=PHONE)
    sign_in(page, user, site.base)
    response = page.goto(f"{site.base}/console/e/{site.event.slug}/registrations/{person.id}")
    assert response.status == 200 and page.locator("html").get_attribute("lang") == lang

    form = page.locator("section[aria-labelledby=details-heading] form")
    form.locator("[name=given_name]").fill("")
    form.locator("[name=family_name]").fill("Diallo Traoré")
    form.locator("[type=submit]").click()
    page.wait_for_load_state()
    message, _ = EMPTY_GIVEN_NAME[lang]
    assert message in page.locator("body").inner_text().replace("\u00a0", " ").replace("\u202f", " ")
    assert form.locator("[name=family_name]").input_value() == "Diallo Traoré"  # kept
    assert horizontal_overflow(page) == []
    screenshot(page, f"console-correction-error-{lang}-phone")

    form.locator("[name=given_name]").fill("Aminata")
    form.locator("[type=submit]").click()
    page.wait_for_load_state()
    assert form.locator("[name=given_name]").input_value() == "Aminata"
    history = page.locator("body").inner_text()
    _, label = EMPTY_GIVEN_NAME[lang]
    if label:
        assert label in history
    screenshot(page, f"console-correction-done-{lang}-phone")
    assert page_problems(page) == []
