"""Template texts without variables are kept per catalog (``eventhub.i18n``, issue 20): what
``{{ _("...") }}`` prints is what Jinja's and Flask-Babel's gettext print, in every
language, in autoescaped and plain templates, and the language forced for an email in the
middle of a request gets its own catalog's text."""
from __future__ import annotations

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, get_translations
from jinja2 import Environment
from jinja2.ext import _make_new_gettext

from eventhub import PROJECT_ROOT, i18n

#: A text with markup characters and a literal "%%": escaped and unescaped once, as before.
SAMPLES = ["Your registration", "Save details", "Cancel my registration", "a < b & \"c\" 100%%"]


def catalog_ids(lang: str) -> list[str]:
    with open(PROJECT_ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    return [m.id for m in catalog if m.id and isinstance(m.id, str) and "%(" not in m.id][:300]


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_kept_texts_are_the_texts_gettext_gives(app, lang):
    ids = SAMPLES + (catalog_ids(lang) if lang != "en" else [])
    source = "\x1e".join("{{ _(%r) }}" % text for text in ids)
    original = app.jinja_env.autoescape
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        for autoescape in (True, False):
            # What Flask-Babel installs: Jinja's newstyle gettext over the request's catalog.
            plain = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
            plain.globals["gettext"] = _make_new_gettext(lambda text: get_translations().ugettext(text))
            expected = plain.from_string(source).render()
            app.jinja_env.autoescape = autoescape
            try:
                assert app.jinja_env.from_string(source).render() == expected
                assert app.jinja_env.from_string(source).render() == expected  # from the kept texts
            finally:
                app.jinja_env.autoescape = original
        assert len(i18n._template_texts[get_translations()]) >= len(set(ids)) - 1


def test_a_forced_language_gets_its_own_catalogs_text(app):
    template = app.jinja_env.from_string('{{ _("Your registration") }}')
    with app.test_request_context("/fr/"):
        with force_locale("fr"):
            french = template.render()
        with force_locale("ar"):
            arabic = template.render()
        with force_locale("fr"):
            assert template.render() == french
    assert french == "Votre inscription" and arabic != french
