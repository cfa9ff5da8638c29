"""The console names zones and writes times as the public pages do: the CLDR name with the
IANA ID beside it (never the ID alone), Babel's dates with a 24-hour clock in fr/es/ar
(never a hand-built « 2022-12-06 07:00 »); limits in messages grouped per locale."""
import re

import pytest
from flask_babel import force_locale

from tests.i18n.screens import screens, visible_text

IANA = re.compile(r"\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z][A-Za-z_]+")
ISO_MOMENT = re.compile(r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}\b")


def console_screens(app, client, event, lang, make_user):
    return [(name, html) for name, html in screens(app, client, event, lang, make_user)
            if name.startswith("console-")]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_console_never_shows_an_iana_id_alone_nor_an_iso_time(app, client, demo_event, make_user, lang):
    problems = []
    for name, html in console_screens(app, client, demo_event, lang, make_user):
        text = " ".join(visible_text(html).split())
        for match in IANA.finditer(text):
            if not text[:match.start()].rstrip().endswith("·"):
                problems.append(f"{name}: {text[max(0, match.start() - 40):match.end()]!r}")
        problems.extend(f"{name}: {m.group(0)!r}" for m in ISO_MOMENT.finditer(text))
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize(("lang", "start", "zone"), [
    ("fr", "6 déc. 2022, 07:00", "Zurich (heure d’Europe centrale) · Europe/Zurich"),
    ("es", "6 dic 2022, 07:00", "Zúrich (hora de Europa central) · Europe/Zurich"),
    ("ar", "06‏/12‏/2022، 07:00", "زيورخ (توقيت وسط أوروبا) · Europe/Zurich"),
])
def test_console_sessions_table_uses_babel_and_the_zone_name(client, demo_event, make_user, lang, start, zone):
    from tests.helpers import sign_in

    sign_in(client, make_user())
    html = client.get(f"/console/e/{demo_event.slug}/sessions?lang={lang}").get_data(as_text=True)
    text = " ".join(visible_text(html).split())
    assert start in text
    assert zone in text


def test_console_session_page_reads_like_the_public_pages(client, demo_event, make_user):
    from tests.helpers import sign_in

    sign_in(client, make_user())
    text = " ".join(visible_text(client.get(f"/console/e/{demo_event.slug}/s/1/?lang=fr")
                                 .get_data(as_text=True)).split())
    assert "mardi 6 décembre 2022, 07:00–09:00 CET" in text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "6 déc. 2022, 06:00 UTC – 6 déc. 2022, 08:00 UTC" in text


@pytest.mark.parametrize(("lang", "grouped"), [("fr", "20\u202f000"), ("es", "20.000"), ("ar", "20,000")])
def test_length_limits_are_grouped_per_locale(app, lang, grouped):
    from wtforms import Form, StringField

    from eventhub.validators import Length
    from flask_babel import lazy_gettext as _l

    class F(Form):
        text = StringField(validators=[Length(max=20000, message=_l("The text can have at most %(max)s characters."))])

    with app.test_request_context(), force_locale(lang):
        form = F(data={"text": "x" * 20001})
        assert not form.validate()
        assert grouped in form.text.errors[0].replace("\u00a0", "\u202f")
        assert 'maxlength="20000"' in form.text()


@pytest.mark.parametrize(("lang", "n", "expected"), [
    ("fr", 1, "au maximum 1 fichier à"), ("fr", 3, "au maximum 3 fichiers à"),
    ("es", 1, "como máximo 1 archivo a"), ("ar", 3, "3 ملفات"), ("ar", 11, "11 ملفًا"), ("ar", 2, "ملفين"),
])
def test_attachment_limit_agrees_with_its_number(app, monkeypatch, lang, n, expected):
    from eventhub.inputs import attachments

    monkeypatch.setattr(attachments, "MAX_ATTACHMENTS", n)
    with app.test_request_context(), force_locale(lang):
        assert expected in str(attachments.too_many_attachments_message())
