"""The public printable concept note in each language."""
import re

import pytest

from eventhub.invitations.blueprint import concept_note_section
from eventhub.typography import french_text

URL = "/{lang}/e/safe-cyberspace-2022/concept-note"


@pytest.mark.parametrize("lang, direction, title, objectives, register", [
    ("en", "ltr", "Creating a safe cyberspace for democracy", "Objectives", "Please register online:"),
    ("fr", "ltr", "Créer un cyberespace sûr pour la démocratie", "Objectifs", "Veuillez vous inscrire en ligne :"),
    ("es", "ltr", "Crear un ciberespacio seguro para la democracia", "Objetivos", "Le rogamos que se inscriba en línea:"),
    ("ar", "rtl", "إقامة فضاء إلكتروني آمن للديمقراطية", "الأهداف", "يُرجى التسجيل عبر الإنترنت:"),
])
def test_concept_note_in_each_language(client, demo_event, lang, direction, title, objectives, register):
    response = client.get(URL.format(lang=lang))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert html.count('class="print-page concept-note"') == 1
    assert title in html and objectives in html and register in html
    shown = french_text if lang == "fr" else str  # French pages get no-break spaces
    assert shown(demo_event.subtitle[lang]) in html
    for objective in demo_event.objectives:
        assert shown(objective.text[lang]) in html
    assert "07:00–09:00" in html and "16:30–18:30" in html and ("بتوقيت وسط أوروبا" if lang == "ar" else "CET") in html
    assert f"http://localhost/{lang}/e/safe-cyberspace-2022/register" in html
    assert 'href="/static/css/print.css" media="print"' in html


def test_all_four_languages_one_section_each_in_its_own_language(client, demo_event):
    html = client.get(URL.format(lang="en") + "?all=1").get_data(as_text=True)
    sections = re.findall(r'<section class="print-page concept-note" lang="(\w+)" dir="(\w+)">(.*?)</section>',
                          html, flags=re.S)
    assert [(lang, direction) for lang, direction, _ in sections] == [
        ("en", "ltr"), ("fr", "ltr"), ("es", "ltr"), ("ar", "rtl")]
    headings = {"en": "Objectives", "fr": "Objectifs", "es": "Objetivos", "ar": "الأهداف"}
    for lang, _, body in sections:
        assert f"<h2>{headings[lang]}</h2>" in body
        assert demo_event.title[lang] in body
        others = [heading for code, heading in headings.items() if code != lang]
        assert not any(f"<h2>{heading}</h2>" in body for heading in others)


def test_print_stylesheet_breaks_a_page_per_language(app):
    css = (app.static_folder and open(app.static_folder + "/css/print.css").read())
    assert "@page { size: A4" in css
    assert ".print-page { break-after: page; }" in css
    assert ".screen-only { display: none !important; }" in css


def test_section_renders_outside_the_page_language(app, demo_event):
    with app.test_request_context("/en/"):
        section = concept_note_section(demo_event, "fr")
    assert 'lang="fr"' in section and "Objectifs" in section and "Objectives" not in section


def test_unknown_event_concept_note_is_404(client, demo_event):
    assert client.get("/fr/e/nope/concept-note").status_code == 404
