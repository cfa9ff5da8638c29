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

    from eventhub.i18n import lazy_ngettext
    from eventhub.validators import Length

    class F(Form):
        text = StringField(validators=[Length(max=20000, message=lazy_ngettext(
            "The text can have at most %(num)s character.", "The text can have at most %(num)s characters.", 20000))])

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


@pytest.mark.parametrize(("lang", "old", "new"), [
    ("fr", "6 déc. 2022, 15:30 UTC", "6 déc. 2022, 16:00 UTC"),
    ("ar", "06\u200f/12\u200f/2022، 15:30 UTC", "06\u200f/12\u200f/2022، 16:00 UTC"),
    ("en", "Dec 6, 2022, 3:30 PM UTC", "Dec 6, 2022, 4:00 PM UTC"),  # (the page's U+202F split as a space)
])
def test_audit_log_writes_changed_times_through_babel(client, demo_event, make_user, lang, old, new):
    """A session moved by half an hour: the audit log's old and new values are moments in
    the console language, not « "2022-12-06T15:30:00Z" »; Arabic text is readable."""
    import datetime as dt

    from eventhub.audit.services import Actor
    from eventhub.events.operations import update_session
    from tests.helpers import sign_in

    session = demo_event.sessions[1]
    update_session(session, actor=Actor("organiser@ipu.example", via="console"),
                   starts_at=session.starts_at + dt.timedelta(minutes=30),
                   region={**session.region, "ar": "آسيا والمحيط الهادئ"})
    sign_in(client, make_user(email="admin-audit@ipu.example", role="admin"))
    html = client.get(f"/console/audit?lang={lang}").get_data(as_text=True)
    changes = html.split('id="changes-heading"', 1)[1].split('id="exports-heading"', 1)[0]
    text = " ".join(visible_text(changes).split())
    assert f"{old} → {new}" in text, text
    assert not ISO_MOMENT.search(text), text
    assert "\\u06" not in changes and "آسيا والمحيط الهادئ" in changes
