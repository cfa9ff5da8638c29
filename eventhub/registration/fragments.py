"""The manage page's form fields rendered once per language, then filled in per person.

Each ``field(...)`` of ``templates/registration/_fields.html`` (label, input, select with
its options) is, on a fresh GET, the same markup for every person except the value: the
name typed, the country or honorific selected. WTForms rebuilds that markup with
``html_params`` and markupsafe on every request (a third of the manage page's time,
issue 20). ``CachedFields`` renders a field once with a stand-in for its value (text) or
with nothing selected (select), keeps that markup per (locale, field's shape), and for each
person puts the escaped value in place of the stand-in, or marks the selected option, as
WTForms would. Only the value is personal, and it is never kept: the cache holds markup
built from stand-ins. A field with errors or submitted data, or of another kind, is rendered
by the macro as before.
"""
from __future__ import annotations

import threading

from flask import get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup, escape
from wtforms.fields import EmailField, SelectField, StringField, TextAreaField

from eventhub.widgets import CachedChoices, LongSelect

#: Private-use characters: escaping leaves them alone, and the template never prints them.
STAND_IN = "\ue000value\ue001"
TEXT_FIELDS = (StringField, EmailField, TextAreaField)
#: Markup kept; the cache is emptied when it grows past this (zone lists change hourly).
MAX_ENTRIES = 512

_cache: dict = {}
_lock = threading.Lock()


def _choices_key(field):
    choices = field.choices
    if isinstance(choices, CachedChoices):
        # Shared, never changed lists: their identity is their content (kept alive below).
        return ("shared", id(choices))
    if not isinstance(choices, (list, tuple)):
        return None  # a mapping of optgroups (older WTForms) or a callable: not kept
    return ("list", tuple(tuple(map(str, c)) if isinstance(c, tuple) else
                          (c.value, str(c.label), c.optgroup,
                           tuple(sorted((k, str(v)) for k, v in (getattr(c, "render_kw", None) or {}).items())))
                          for c in choices))


def _shape(field):
    """Everything but the value that the field's markup depends on."""
    kind = type(field)
    if field.errors or field.raw_data or kind not in TEXT_FIELDS + (SelectField,):
        return None
    key = [str(get_locale()), kind, type(field.widget), field.name, field.id, str(field.label.text),
           field.description, tuple(sorted((k, str(v)) for k, v in (field.render_kw or {}).items())),
           tuple(sorted(name for name in dir(field.flags) if not name.startswith("_")
                        and getattr(field.flags, name)))]
    if kind is SelectField:
        choices = _choices_key(field)
        if choices is None:
            return None
        key.append(choices)
    return tuple(key)


class CachedFields:
    """Callable in place of the ``field`` macro (``field(form.given_name)``)."""

    def __init__(self, template: str = "registration/_fields.html", macro: str = "field"):
        self.template = template
        self.macro = macro

    def _render(self, field, **kwargs) -> Markup:
        return get_template_attribute(self.template, self.macro)(field, **kwargs)

    def __call__(self, field, **kwargs):
        shape = _shape(field) if not kwargs else None
        if shape is None:
            return self._render(field, **kwargs)
        entry = _cache.get(shape)
        if entry is None:
            entry = self._stand_in_markup(field)
            with _lock:
                if len(_cache) >= MAX_ENTRIES:
                    _cache.clear()
                _cache[shape] = entry
        markup, _choices = entry
        if type(field) is SelectField:
            return Markup(_select(markup, field))
        value = field._value()
        return Markup(markup.replace(STAND_IN, str(escape(value)), 1))

    def _stand_in_markup(self, field) -> tuple[str, object]:
        data = field.data
        field.data = None if type(field) is SelectField else STAND_IN
        try:
            markup = str(self._render(field))
        finally:
            field.data = data
        if type(field) is not SelectField and markup.count(STAND_IN) != 1:
            raise RuntimeError(f"the stand-in of {field.name} is not printed once")
        return markup, field.choices if type(field) is SelectField else None


def _select(markup: str, field) -> str:
    """Mark the selected option as the widget would: WTForms' ``Select`` marks an option
    whose value equals the data (also an empty one); ``LongSelect`` a non-empty value."""
    value = field.data
    if value is None or (isinstance(field.widget, LongSelect) and value == ""):
        return markup
    value = escape(str(value))
    return markup.replace(f'<option value="{value}">', f'<option selected value="{value}">', 1)
