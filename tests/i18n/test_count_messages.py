"""Messages that carry a number agree with it in every language (plural entries, the
number grouped per locale: « حرفًا واحدًا », « حرفين », « 3 أحرف », « 11 حرفًا », « 100 حرف »),
and the console's clock-change messages name the zone and write the time as everywhere else."""
from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale

#: The Arabic counted noun for 0, 1, 2, 3, 11, 100 characters after a verb (accusative).
ARABIC_CHARACTERS = {1: "حرفًا واحدًا", 2: "حرفين", 3: "3 أحرف", 11: "11 حرفًا", 100: "100 حرف"}


@pytest.mark.parametrize(("lang", "n", "expected"), [
    ("ar", 1, "حرفًا واحدًا"), ("ar", 2, "حرفين"), ("ar", 3, "3 أحرف"), ("ar", 11, "11 حرفًا"),
    ("ar", 100, "100 حرف"), ("ar", 0, "عدد أحرفه 0"),
    ("fr", 1, "à 1 caractère au plus"), ("fr", 20000, "à 20\u202f000 caractères au plus"),
    ("es", 1, "a 1 carácter como máximo"), ("es", 20000, "a 20.000 caracteres como máximo"),
    ("en", 1, "at most 1 character."), ("en", 20000, "at most 20,000 characters."),
])
def test_event_text_limit_agrees_with_its_number(app, lang, n, expected):
    from eventhub.events.validation import clean_texts

    with app.test_request_context(), force_locale(lang):
        with pytest.raises(ValueError) as refused:
            clean_texts({"en": "x" * (n + 1)}, n)
    assert expected in str(refused.value).replace("\u00a0", "\u202f")


@pytest.mark.parametrize(("lang", "n", "expected"), [
    ("ar", 1, "أكثر من هدف واحد"), ("ar", 2, "أكثر من هدفين"), ("ar", 3, "أكثر من 3 أهداف"),
    ("ar", 11, "أكثر من 11 هدفًا"), ("ar", 100, "أكثر من 100 هدف"), ("ar", 0, "أي هدف"),
    ("fr", 1, "au plus 1 objectif."), ("es", 20, "como máximo 20 objetivos."),
])
def test_objective_limit_agrees_with_its_number(app, monkeypatch, lang, n, expected):
    from eventhub.events import validation

    monkeypatch.setattr(validation, "MAX_OBJECTIVES", n)
    with app.test_request_context(), force_locale(lang):
        with pytest.raises(ValueError) as refused:
            validation.clean_objectives([{"text": {"en": "x"}}] * (n + 1))
    assert expected in str(refused.value)


@pytest.mark.parametrize("n", sorted(ARABIC_CHARACTERS))
def test_form_length_messages_agree_with_their_number_in_arabic(app, n):
    """A form's Length message given as lazy_ngettext, as every length limit of the
    input, console and reference-text forms now is."""
    from wtforms import Form, StringField

    from eventhub.i18n import lazy_ngettext
    from eventhub.validators import Length

    class F(Form):
        text = StringField(validators=[Length(max=n, message=lazy_ngettext(
            "This field can have at most %(num)s character.", "This field can have at most %(num)s characters.", n))])

    with app.test_request_context(), force_locale("ar"):
        form = F(data={"text": "x" * (n + 1)})
        assert not form.validate()
        assert form.text.errors == [f"لا يجوز أن يتجاوز هذا الحقل {ARABIC_CHARACTERS[n]}."]


def test_input_form_limits_are_plural_entries(app):
    """The public input form's title limit reads « 300 حرف », « 300 caractères »."""
    from werkzeug.datastructures import MultiDict

    from eventhub.inputs.forms import InputForm
    from eventhub.inputs.models.input import TITLE_MAX_LENGTH

    for lang, expected in (("ar", f"لا يجوز أن يتجاوز العنوان {TITLE_MAX_LENGTH} حرف."),
                           ("fr", f"Le titre peut comporter au maximum {TITLE_MAX_LENGTH} caractères.")):
        with app.test_request_context(), force_locale(lang):
            form = InputForm(formdata=MultiDict({"title": "x" * (TITLE_MAX_LENGTH + 1)}), meta={"csrf": False})
            form.validate()
            assert expected in [e.replace("\u202f", " ").replace("\u00a0", " ") for e in form.title.errors], \
                form.title.errors


@pytest.mark.parametrize(("n", "expected"), [(1, "يُرجى عدم تجاوز حرف واحد."), (2, "يُرجى عدم تجاوز حرفين."),
                                             (3, "يُرجى عدم تجاوز 3 أحرف."), (11, "يُرجى عدم تجاوز 11 حرفًا."),
                                             (100, "يُرجى عدم تجاوز 100 حرف.")])
def test_registration_length_message_agrees_in_arabic(app, n, expected):
    from eventhub.registration import validation

    errors = {}
    with app.test_request_context(), force_locale("ar"):
        validation._clean_name("x" * (n + 1), errors, "given_name", "", max_length=n)
        assert expected in str(errors["given_name"][0])


@pytest.mark.parametrize(("lang", "counts", "expected"), [
    ("ar", (0, 1, 2), "لم يُستورد أي مدعو ورُفض سطر واحد وقُرئ سطران."),
    ("ar", (3, 11, 100), "استُورد 3 مدعوين ورُفض 11 سطرًا وقُرئ 100 سطر."),
    ("fr", (1, 0, 1200), "1 personne invitée importée, 0 ligne rejetée et 1\u202f200 lignes lues."),
    ("es", (2, 1, 1200), "2 personas invitadas importadas, 1 fila rechazada y 1.200 filas leídas."),
    ("en", (1, 2, 3), "1 invitee imported, 2 rows rejected, and 3 rows read."),
])
def test_invitation_import_summary_agrees_with_each_count(app, lang, counts, expected):
    from eventhub.invitations.importing import ImportReport, Notice, RejectedRow

    imported, rejected, read = counts
    report = ImportReport(imported=imported, rows_read=read,
                          rejected=[RejectedRow(line, [], {}) for line in range(rejected)])
    with app.test_request_context(), force_locale(lang):
        assert report.summary() == expected
        assert expected in report.as_text()
        if lang == "ar":
            assert Notice("too_long", {"column": "name", "limit": 11}).message.endswith("يتجاوز 11 حرفًا")


def test_every_character_limit_reads_right_in_arabic():
    """Each Arabic plural entry about characters uses the noun form its number needs."""
    from tests.test_plurals import catalog

    checked = 0
    for message in catalog("ar"):
        if not message.pluralizable or "character" not in message.id[0]:
            continue
        forms = message.string
        checked += 1
        assert "حرف واحد" in forms[1] or "حرفًا واحدًا" in forms[1], forms[1]
        assert "حرفين" in forms[2] or "حرفان" in forms[2], forms[2]
        assert "%(num)s أحرف" in forms[3], forms[3]
        assert "%(num)s حرفًا" in forms[4], forms[4]
        assert "%(num)s حرف" in forms[5] and "%(num)s حرفًا" not in forms[5], forms[5]
    assert checked >= 12


def test_no_python_gettext_call_prints_a_count_with_the_plain_number():
    """Messages with a limit or count inside go through ngettext (« %(num)s »), never
    gettext with « %(max)s characters » or « %(limit)d objectives »."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "eventhub"
    pattern = re.compile(r"""\b_l?\(\s*["'][^"']*%\((?:max|limit|count|num)\)[ds] (?:characters|objectives|files)""")
    found = [f"{path.relative_to(root)}: {m.group(0)}" for path in root.rglob("*.py")
             for m in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert not found, found


@pytest.mark.parametrize(("lang", "time", "zone"), [
    ("fr", "28 mars 2027, 02:30", "Zurich (heure d’Europe centrale) · Europe/Zurich"),
    ("es", "28 mar 2027, 02:30", "Zúrich (hora de Europa central) · Europe/Zurich"),
    ("ar", "28\u200f/03\u200f/2027، 02:30", "زيورخ (توقيت وسط أوروبا) · Europe/Zurich"),
    ("en", "Mar 28, 2027, 2:30", "Zurich (Central European Time) · Europe/Zurich"),
])
def test_clock_change_refusal_names_the_zone_and_formats_the_time(app, lang, time, zone):
    from eventhub.events.validation import local_to_utc

    with app.test_request_context(), force_locale(lang):
        with pytest.raises(ValueError) as refused:
            local_to_utc(dt.datetime(2027, 3, 28, 2, 30), "Europe/Zurich")
    text = str(refused.value).replace("\u202f", " ").replace("\u00a0", " ")
    assert time in text and zone in text, text
    assert "2027-03-28" not in text


@pytest.mark.parametrize(("lang", "zone"), [
    ("fr", "Zurich (heure d’Europe centrale) · Europe/Zurich"),
    ("ar", "زيورخ (توقيت وسط أوروبا) · Europe/Zurich"),
])
def test_console_session_page_clock_change_error_names_the_zone(client, demo_event, make_user, lang, zone):
    from tests.console.test_sessions import form
    from tests.helpers import sign_in
    from tests.i18n.screens import visible_text

    sign_in(client, make_user())
    response = client.post(f"/console/e/{demo_event.slug}/s/2/?lang={lang}",
                           data=form(day="2023-03-26", starts="02:30", ends="04:00"))
    import re

    html = response.get_data(as_text=True)
    error = re.search(r'<ul class="field-error" id="starts-error">(.*?)</ul>', html, re.S)
    assert error, html[:2000]
    text = " ".join(visible_text(error.group(1)).split())
    assert zone in text, text


@pytest.mark.parametrize(("lang", "expected"), [
    ("ar", "بحد أقصى 20,000 حرف."), ("fr", "20\u202f000 caractères au maximum."),
    ("es", "Como máximo 20.000 caracteres."), ("en", "At most 20,000 characters."),
])
def test_input_form_text_hint_groups_and_agrees(app, demo_event, lang, expected):
    """The input form's hint « At most 20,000 characters »: Arabic printed « 20000 حرف »."""
    from flask import render_template_string
    from flask_babel import force_locale

    from eventhub.inputs.forms import InputForm

    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        form = InputForm(meta={"csrf": False})
        form.objectives.choices = []
        html = render_template_string('{% from "inputs/_form.html" import input_fields %}'
                                      '{{ input_fields(form, event) }}', form=form, event=demo_event)
    assert expected in html.replace("\u00a0", "\u202f"), html[:3000]
