"""The console's « Compilation » opens the document in the language the console is read in;
choosing another document language in the queue's form does not switch the console."""
import re

import pytest

from tests.helpers import sign_in
from tests.i18n.screens import visible_text
from tests.pages import _compilation

URL = "/console/events/{slug}/inputs/compilation"


@pytest.fixture
def staff(app, client, demo_event, make_user):
    sign_in(client, make_user(email="staff-compilation@ipu.example", role="staff"))
    _compilation(demo_event)
    return client


@pytest.mark.parametrize(("lang", "heading"), [("fr", "Table des matières"), ("es", "Índice"), ("ar", "المحتويات")])
def test_the_compilation_follows_the_console_language(staff, demo_event, lang, heading):
    staff.get("/console/?lang=" + lang)  # the console's language switcher (remembered)
    response = staff.get(URL.format(slug=demo_event.slug))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(rf'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">', html)
    assert heading in visible_text(html) and "Contents" not in visible_text(html)
    assert f'filename="{demo_event.slug}-inputs-{lang}.html"' in response.headers["Content-Disposition"]


def test_another_document_language_leaves_the_console_language(staff, demo_event):
    staff.get("/console/?lang=fr")
    response = staff.get(URL.format(slug=demo_event.slug) + "?document_lang=ar&format=html")
    assert '<html lang="ar" dir="rtl">' in response.get_data(as_text=True)
    assert "console_lang" not in response.headers.get("Set-Cookie", "")
    queue = staff.get(f"/console/events/{demo_event.slug}/inputs").get_data(as_text=True)
    assert '<html lang="fr"' in queue
    # The queue's form offers the console's language as the document's.
    assert re.search(r'<select id="compile-lang" name="document_lang">.*?<option value="fr" selected>', queue, re.S)
