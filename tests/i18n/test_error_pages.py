"""Error pages speak the language of the URL they answer: a 404 for any path under
/<lang>/ (even one no route matches), a 405, a 500; console errors follow the console
language."""
from pathlib import Path

import pytest
from babel.support import Translations

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
DIRECTION = {"fr": "ltr", "es": "ltr", "ar": "rtl"}


def _(lang, text):
    return Translations.load(str(TRANSLATIONS), [lang]).ugettext(text)


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_unknown_path_under_a_language_is_a_localised_404(client, lang):
    response = client.get(f"/{lang}/nope/deeper", headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert f'<html lang="{lang}" dir="{DIRECTION[lang]}">' in html
    assert _(lang, "Page not found") in html and "Page not found" not in html


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_wrong_method_is_a_localised_405(client, lang):
    response = client.get(f"/{lang}/r/some-token/timezone", headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 405
    assert f'<html lang="{lang}"' in html
    assert _(lang, "The request could not be completed") in html


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_unexpected_error_is_a_localised_500(app, lang):
    def boom(lang):
        raise RuntimeError("boom")

    app.add_url_rule("/<lang:lang>/boom", "boom", boom)
    response = app.test_client().get(f"/{lang}/boom", headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert f'<html lang="{lang}" dir="{DIRECTION[lang]}">' in html
    assert _(lang, "Something went wrong") in html


def test_console_404_follows_the_console_language(client):
    response = client.get("/console/nope?lang=fr", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="fr"' in html and _("fr", "Page not found") in html


def test_unprefixed_404_follows_accept_language(client):
    html = client.get("/nope", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="es"' in html and _("es", "Page not found") in html
