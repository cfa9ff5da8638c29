"""Arabic dates name the month as the IPU's Arabic documents do (« كانون الأول/ديسمبر »),
with Latin digits; counts are grouped per locale (« 20 000 » fr, « 20.000 » es, « 20,000 » ar)."""
import datetime as dt
import re

import pytest
from babel.dates import format_date
from flask import render_template_string
from flask_babel import force_locale

from eventhub.calendar_names import IPU_ARABIC_MONTHS
from tests.emails import EMAIL_KINDS, render_all

ARABIC_INDIC = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def test_every_arabic_month_is_written_as_the_ipu_writes_it(app):
    for month, name in IPU_ARABIC_MONTHS.items():
        assert format_date(dt.date(2026, month, 3), "long", locale="ar") == f"3 {name} 2026"
    assert format_date(dt.date(2026, 12, 3), "full", locale="ar") == "الخميس، 3 كانون الأول/ديسمبر 2026"


def test_arabic_event_page_and_email_use_the_ipu_month_and_latin_digits(client, app, demo_event):
    html = client.get(f"/ar/e/{demo_event.slug}/").get_data(as_text=True)
    assert "كانون الأول/ديسمبر" in html  # the demo's sessions are in December 2022
    assert not ARABIC_INDIC.search(html)
    kinds = [kind for kind in EMAIL_KINDS if kind.name == "registration-confirmation"]
    [(_, _, email)] = list(render_all(demo_event, kinds=kinds, languages=("ar",)))
    assert "كانون الأول/ديسمبر" in email.text and "كانون الأول/ديسمبر" in email.html
    assert not ARABIC_INDIC.search(email.text)


def test_calendar_file_description_uses_the_ipu_month(client, demo_event):
    response = client.get(f"/ar/e/{demo_event.slug}/s/1.ics")
    assert response.status_code == 200
    text = response.get_data(as_text=True).replace("\r\n ", "")
    assert "ديسمبر" not in text.replace("كانون الأول/ديسمبر", "")  # never CLDR's name alone


@pytest.mark.parametrize(("lang", "grouped"), [("en", "20,000"), ("fr", "20\u202f000"), ("es", "20.000"),
                                                ("ar", "20,000")])
def test_counts_in_templates_are_grouped_per_locale(app, lang, grouped):
    with app.test_request_context(), force_locale(lang):
        out = render_template_string(
            "{% trans count=n %}{{ count }} registration matches.{% pluralize %}"
            "{{ count }} registrations match.{% endtrans %}|{{ _('Send every invitation not yet sent (%(count)s)', "
            "count=n) }}|{{ n|number }}", n=20000)
    first, second, third = out.split("|")
    assert first.startswith(grouped) and f"({grouped})" in second and third == grouped
    with app.test_request_context(), force_locale(lang):  # small numbers and plural choice unchanged
        assert render_template_string("{% trans count=n %}{{ count }} registration matches.{% pluralize %}"
                                      "{{ count }} registrations match.{% endtrans %}", n=1) == {
            "en": "1 registration matches.", "fr": "1 inscription correspond aux critères.",
            "es": "1 inscripción coincide con los criterios.", "ar": "تسجيل واحد مطابق للمعايير."}[lang]


def test_the_catalogs_limit_reads_with_the_locales_grouping(app):
    from flask_babel import gettext

    expected = {"fr": "100\u202f000", "es": "100.000", "ar": "100,000"}
    for lang, number in expected.items():
        with app.test_request_context(), force_locale(lang):
            assert number in gettext("Enter a number from 1 to 100,000.").replace("\u00a0", "\u202f"), lang


@pytest.mark.parametrize(("lang", "grouped"), [("fr", "20\u202f000"), ("es", "20.000"), ("ar", "20,000")])
def test_counts_built_in_code_are_grouped_per_locale(app, lang, grouped):
    from eventhub.console.charts import Bar, bar_chart
    from eventhub.i18n import ngettext

    with app.test_request_context(), force_locale(lang):
        flashed = ngettext("%(num)s invitation was queued for sending.", "%(num)s invitations were queued for sending.",
                           20000)
        chart = str(bar_chart("c", "t", [Bar("A", 20000), Bar("B", 3)], rtl=lang == "ar"))
    assert grouped in flashed and "20000" not in flashed
    assert f">{grouped}</text>" in chart
    assert f"A: {grouped}{'؛ ' if lang == 'ar' else '; '}B: 3" in chart
