"""Console and public forms of the invitations domain (CSRF through Flask-WTF)."""
from __future__ import annotations

from babel import Locale
from flask_babel import get_locale, lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from eventhub.form_choices import select_choices
from eventhub.i18n import LANGUAGE_AUTONYMS, LANGUAGES, current_language
from eventhub.timezones import is_valid_timezone, zone_select_choices

from .importing import FIELD_LABELS, FIELDS, NOT_COUNTRIES, normalise_email


def country_choices() -> list[tuple[str, str]]:
    """ISO codes with names in the interface language, sorted by name."""
    locale = get_locale() or Locale.parse("en")
    names = {code: name for code, name in locale.territories.items()
             if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES}
    return [("", "—")] + sorted(names.items(), key=lambda item: item[1])


def _valid_email(form, field):
    from email_validator import EmailNotValidError  # its regexes: not at start-up

    try:
        field.data = normalise_email(field.data or "")
    except EmailNotValidError:
        raise ValidationError(_l("Please enter a valid email address."))


def _valid_timezone(form, field):
    if field.data and not is_valid_timezone(field.data):
        raise ValidationError(_l("Please choose a time zone from the list."))


class InviteeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Please enter a name.")),
                                               Length(max=200)])
    email = StringField(_l("Email"), validators=[DataRequired(message=_l("Please enter an email address.")),
                                                 Length(max=320), _valid_email])
    parliament = StringField(_l("Parliament"), validators=[Optional(), Length(max=200)])
    country = SelectField(_l("Country"), choices=[], validate_choice=True)
    language = SelectField(_l("Language"), choices=select_choices((code, LANGUAGE_AUTONYMS[code]) for code in LANGUAGES))
    timezone = SelectField(_l("Time zone"), choices=[], validators=[_valid_timezone],
                           description=_l("Optional: when known, the invitation also shows local times."),
                           render_kw={"data-zone-search": _l("Search the time zones")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = select_choices(country_choices())
        self.timezone.choices = zone_select_choices(current_language(), self.timezone.data,
                                                    with_id=True, blank="—")


class ImportForm(FlaskForm):
    file = FileField(_l("Invitee list (CSV or Excel .xlsx)"),
                     validators=[FileRequired(message=_l("Please choose a file."))])


class MappingForm(FlaskForm):
    """Which column holds which field, when the headers were not recognised."""

    upload = HiddenField()

    @classmethod
    def for_headers(cls, headers: list[str], formdata=None, detected: dict[str, int] | None = None):
        choices = select_choices([("", _l("(not in the file)"))] + [(str(i + 1), header or f"#{i + 1}")
                                                                    for i, header in enumerate(headers)])

        class _Form(cls):
            pass

        for field in FIELDS:
            setattr(_Form, field, SelectField(FIELD_LABELS[field], choices=choices, default=""))
        form = _Form(formdata=formdata)
        if formdata is None and detected:
            for field, index in detected.items():
                getattr(form, field).data = str(index + 1)
        return form

    def columns(self) -> dict[str, str]:
        return {field: getattr(self, field).data for field in FIELDS if getattr(self, field).data}


class ActionForm(FlaskForm):
    """A button that changes something: CSRF only."""


class TestSendForm(FlaskForm):
    language = SelectField(_l("Language"), choices=select_choices((code, LANGUAGE_AUTONYMS[code]) for code in LANGUAGES))
