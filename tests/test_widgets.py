"""LongSelect renders the same <select> as WTForms' own widget, from markup built once."""
from __future__ import annotations

import lxml.html
import pytest
from wtforms import Form, SelectField
from wtforms.widgets import Select

from eventhub.timezones import zone_select_choices
from eventhub.widgets import LongSelect


def options(html: str):
    select = lxml.html.fragment_fromstring(str(html))
    return [(option.getparent().get("label"), option.get("value"), option.text_content(),
             option.get("selected") is not None) for option in select.iter("option")], dict(select.attrib)


@pytest.mark.parametrize("lang, selected", [("en", "Asia/Manila"), ("ar", "America/Bogota"), ("fr", "")])
def test_same_options_groups_and_selection_as_wtforms(app, lang, selected):
    class Standard(Form):
        timezone = SelectField("Zone", widget=Select(), validate_choice=False)

    class Fast(Form):
        timezone = SelectField("Zone", widget=LongSelect(), validate_choice=False)

    rendered = []
    for form_class in (Standard, Fast):
        form = form_class(data={"timezone": selected})
        form.timezone.choices = zone_select_choices(lang, selected)
        rendered.append(options(form.timezone(**{"aria-describedby": "tz-help"})))
    (standard, standard_attrs), (fast, fast_attrs) = rendered
    assert fast == standard and len(fast) > 300
    assert fast_attrs == standard_attrs
    assert sum(chosen for *_rest, chosen in fast) == (1 if selected else 0)


def test_the_list_is_built_once_and_shared(app):
    first = zone_select_choices("es")
    assert zone_select_choices("es") is first
    assert zone_select_choices("es", "Europe/Madrid") is first  # a listed zone needs no extra entry


@pytest.mark.parametrize("lang, selected", [("fr", "CH"), ("ar", "EG"), ("en", "")])
def test_country_list_same_as_wtforms(app, lang, selected):
    """The registration and manage forms' country list (issue 20: shared per language)."""
    from flask_babel import force_locale

    from eventhub.registration.forms import country_select_choices

    class Standard(Form):
        country = SelectField("Country", widget=Select(), validate_choice=False)

    class Fast(Form):
        country = SelectField("Country", widget=LongSelect(), validate_choice=False)

    rendered = []
    with app.test_request_context(), force_locale(lang):
        for form_class in (Standard, Fast):
            form = form_class(data={"country": selected})
            form.country.choices = country_select_choices(lang)
            rendered.append(options(form.country(autocomplete="country")))
        assert country_select_choices(lang) is country_select_choices(lang)
    (standard, standard_attrs), (fast, fast_attrs) = rendered
    # WTForms marks the empty prompt selected when nothing is chosen; browsers show the
    # first option then anyway.
    assert [o[:3] for o in fast] == [o[:3] for o in standard] and len(fast) > 200
    assert [o for o in fast if o[3]] == [o for o in standard if o[3] and o[1]]
    assert fast_attrs == standard_attrs
