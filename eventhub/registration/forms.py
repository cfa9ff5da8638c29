"""Web forms of the registration domain (Flask-WTF: CSRF, kept input).

The rules themselves are in ``validation.clean_registration``, shared with the API: the
form collects the raw values, runs that function and puts each message beside its field.
"""
from __future__ import annotations

import functools

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)

from eventhub.form_choices import select_choices
from eventhub.i18n import current_language, language_name, ngettext
from eventhub.timezones import is_valid_timezone, zone_select_choices
from eventhub.widgets import LongSelect

from .validation import (
    HONORIFICS,
    MAX_ACCESSIBILITY,
    MAX_EMAIL,
    MAX_NAME,
    MAX_PARLIAMENT,
    ROLES,
    clean_registration,
    country_choices,
    default_listening_language,
    offered_sessions,
)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def language_field_name(number: int) -> str:
    return f"language_{number}"


def _timezone_choices(selected: str | None) -> list:
    """CLDR names in the page's language, grouped by region, with the current offset."""
    return zone_select_choices(current_language(), selected)



def country_select_choices(lang: str, prompt=None) -> list:
    """The ~250 countries in ``lang`` after a "Choose your country" prompt: one shared list
    per language (never to be changed), so that its <option> markup is built once
    (``eventhub.widgets.LongSelect``; it was the manage page's largest cost, issue 20)."""
    return _country_select_choices(lang, str(prompt or _l("Choose your country")))


@functools.lru_cache(maxsize=16)
def _country_select_choices(lang: str, prompt: str) -> list:
    from eventhub.widgets import CachedChoices

    return CachedChoices(select_choices([("", prompt)] + list(country_choices(lang))))

class SessionChoiceMixin:
    """Session checkboxes plus one listening-language select per offered session."""

    def _setup_sessions(self, event, lang):
        self.event = event
        self.lang = lang
        self.offered = offered_sessions(event)
        self.sessions.choices = select_choices((str(s.number), str(s.number)) for s in self.offered)
        for session in self.offered:
            field = self[language_field_name(session.number)]
            field.choices = select_choices((code, language_name(code, lang)) for code in session.listening_languages)

    def language_field(self, session):
        return self[language_field_name(session.number)]

    def chosen_numbers(self) -> set[int]:
        return {int(n) for n in (self.sessions.data or []) if str(n).isdecimal()}

    def listening_languages(self) -> dict[str, str]:
        """Languages of the chosen sessions only (every select is posted)."""
        chosen = self.chosen_numbers()
        return {str(s.number): (self.language_field(s).data or "") for s in self.offered
                if s.number in chosen}

    def _attach_errors(self, errors: dict) -> None:
        for key, messages in errors.items():
            if key.startswith("listening_language:"):
                target = self._fields.get(language_field_name(int(key.split(":", 1)[1])))
            elif key == "listening_language":
                target = self.sessions
            else:
                target = self._fields.get(key)
            if target is None:
                target = self.sessions
            target.errors = list(target.errors or []) + [str(m) for m in messages]


class RegistrationForm(SessionChoiceMixin, FlaskForm):
    honorific = SelectField(_l("Form of address"), validate_choice=False,
                            render_kw={"autocomplete": "honorific-prefix"})
    given_name = StringField(_l("Given name"), filters=[_strip],
                             render_kw={"autocomplete": "given-name", "maxlength": MAX_NAME})
    family_name = StringField(_l("Family name"), filters=[_strip],
                              render_kw={"autocomplete": "family-name", "maxlength": MAX_NAME})
    email = EmailField(_l("Email address"), filters=[_strip],
                       render_kw={"autocomplete": "email", "maxlength": MAX_EMAIL,
                                  "inputmode": "email", "dir": "ltr"})
    country = SelectField(_l("Country"), validate_choice=False, widget=LongSelect(),
                          render_kw={"autocomplete": "country"})
    parliament = StringField(_l("Parliament, chamber or organisation"), filters=[_strip],
                             render_kw={"autocomplete": "organization", "maxlength": MAX_PARLIAMENT})
    role = SelectField(_l("Role"), validate_choice=False)
    sessions = SelectMultipleField(_l("Sessions"), validate_choice=False)
    timezone = SelectField(_l("Your time zone"), validate_choice=False, widget=LongSelect(),
                           render_kw={"data-zone-search": _l("Search the time zones")})
    accessibility_needs = TextAreaField(_l("Accessibility needs (optional)"),
                                        render_kw={"maxlength": MAX_ACCESSIBILITY, "rows": 3})
    consent = BooleanField(_l("I agree to the processing of my personal data as described in the privacy notice."))
    #: Posted by the two buttons of a "did you mean ...?" suggestion (never rendered as
    #: fields): the suggested address to use, or the typed address to keep.
    email_use = StringField(filters=[_strip])
    email_accepted = StringField(filters=[_strip])

    def __init__(self, event, lang, visitor_zone, *args, kept: bool = False, **kwargs):
        #: True when ``formdata`` is what a person submitted earlier (shown again after
        #: a redirect): it is treated as submitted, so no default replaces what they chose.
        self._kept = kept
        super().__init__(*args, **kwargs)
        self._setup_sessions(event, lang)
        self.honorific.choices = select_choices(HONORIFICS.items())
        self.country.choices = country_select_choices(lang)
        self.role.choices = select_choices([("", _l("Choose your role"))] + list(ROLES.items()))
        if not self.is_submitted() and not self.timezone.data:
            self.timezone.data = visitor_zone
        self.timezone.choices = _timezone_choices(self.timezone.data)
        if not self.is_submitted():
            if not self.sessions.data and len(self.offered) == 1:
                self.sessions.data = [str(self.offered[0].number)]
            for session in self.offered:
                field = self.language_field(session)
                if not field.data or field.data not in session.listening_languages:
                    field.data = default_listening_language(session, lang)
        self.cleaned = None

    def is_submitted(self) -> bool:
        return self._kept or super().is_submitted()

    def raw_values(self) -> dict:
        return {
            "honorific": self.honorific.data, "given_name": self.given_name.data,
            "family_name": self.family_name.data, "email": self.email.data,
            "country": self.country.data, "parliament": self.parliament.data,
            "role": self.role.data, "sessions": self.sessions.data or [],
            "listening_language": self.listening_languages(), "timezone": self.timezone.data,
            "accessibility_needs": self.accessibility_needs.data, "consent": self.consent.data,
            "language": self.lang,
        }

    def validate(self, extra_validators=None) -> bool:
        from .validation import normalise_email, suggest_email

        self.email_suggestion = None
        base_ok = super().validate(extra_validators)
        if "csrf_token" in self._fields and self.csrf_token.errors:
            return False  # a forged or expired form: check nothing else, store nothing
        if self.email_use.data and self.email_use.data == suggest_email(_lower(self.email.data)):
            self.email.data = self.email_use.data  # "Use ...": the suggestion, accepted
        self.cleaned, errors = clean_registration(self.event, self.raw_values(), self.lang)
        self._attach_errors(errors)
        if not errors and self.cleaned is not None:
            suggestion = suggest_email(self.cleaned.email)
            try:
                kept = normalise_email(self.email_accepted.data) if self.email_accepted.data else ""
            except ValueError:
                kept = ""
            if suggestion and kept != self.cleaned.email:
                # Not an error, a question: "Use ..." or "Keep ..." (both register).
                self.email_suggestion = suggestion
                self.email.errors = [str(_l("Did you mean %(address)s?", address=suggestion))]
                return False
        return base_ok and not errors


def _lower(value) -> str:
    return value.strip().lower() if isinstance(value, str) else ""


def registration_form_class(event):
    """A form class with a listening-language select for each session of ``event``."""
    return _registration_form_class(tuple(s.number for s in offered_sessions(event)))


@functools.lru_cache(maxsize=256)
def _registration_form_class(numbers: tuple[int, ...]):
    """One class per set of offered session numbers, read from the event on each request
    (so a session added or cancelled gets its class at once, on every instance): the class
    holds only the fields' definitions, and WTForms collects them on a class's first
    instance, which was some 12 % of a form POST's Python work when a class was made per
    request (issue 20)."""
    attrs = {
        language_field_name(number): SelectField(_l("Listening language"), validate_choice=False)
        for number in numbers
    }
    return type("EventRegistrationForm", (RegistrationForm,), attrs)


class ManageSessionsForm(SessionChoiceMixin, FlaskForm):
    sessions = SelectMultipleField(_l("Sessions"), validate_choice=False)

    def __init__(self, event, lang, registration, *args, kept: bool = False, **kwargs):
        self._kept = kept  # formdata submitted earlier, shown again after a redirect
        super().__init__(*args, **kwargs)
        self.registration = registration
        self._setup_sessions(event, lang)
        if not self.is_submitted():
            active = {p.session.number: p for p in registration.active_sessions}
            self.sessions.data = [str(n) for n in active]
            for session in self.offered:
                field = self.language_field(session)
                place = active.get(session.number)
                field.data = place.listening_language if place else default_listening_language(
                    session, registration.language)
        self.wanted: dict[int, str] | None = None

    def is_submitted(self) -> bool:
        return self._kept or super().is_submitted()

    def validate(self, extra_validators=None) -> bool:
        from .validation import _clean_sessions

        if not super().validate(extra_validators):
            return False
        errors: dict = {}
        self.wanted = _clean_sessions(self.event, self.sessions.data or [], self.listening_languages(),
                                      self.registration.language, errors)
        self._attach_errors(errors)
        return not errors


def manage_sessions_form_class(event):
    attrs = {
        language_field_name(s.number): SelectField(_l("Listening language"), validate_choice=False)
        for s in offered_sessions(event)
    }
    return type("EventManageSessionsForm", (ManageSessionsForm,), attrs)


class TimezoneForm(FlaskForm):
    timezone = SelectField(_l("Your time zone"), validate_choice=False, widget=LongSelect(),
                           render_kw={"data-zone-search": _l("Search the time zones")})

    def __init__(self, current_zone, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.timezone.data:
            self.timezone.data = current_zone
        self.timezone.choices = _timezone_choices(self.timezone.data)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not is_valid_timezone((self.timezone.data or "").strip()):
            self.timezone.errors = [str(_l("Please choose a time zone from the list."))]
            return False
        return True


class ConfirmForm(FlaskForm):
    """A form with nothing but the CSRF token: cancel, resend link."""


class SendLinkForm(FlaskForm):
    """"Send me my link": nothing but an email address."""

    email = EmailField(_l("Email address"), filters=[_strip],
                       render_kw={"autocomplete": "email", "maxlength": MAX_EMAIL,
                                  "inputmode": "email", "dir": "ltr"})
    #: Set by ``validate``: the normalised address.
    address: str = ""

    def validate(self, extra_validators=None) -> bool:
        from .validation import normalise_email

        if not super().validate(extra_validators):
            return False
        raw = self.email.data or ""
        if not raw:
            self.email.errors = [str(_l("Please enter your email address."))]
            return False
        if len(raw) > MAX_EMAIL:
            self.email.errors = [ngettext("This is too long: please use at most %(num)s character.",
                                           "This is too long: please use at most %(num)s characters.", MAX_EMAIL)]
            return False
        try:
            self.address = normalise_email(raw)
        except ValueError:
            self.email.errors = [str(_l("Please enter a valid email address, for example name@parliament.org."))]
            return False
        return True


class DetailsForm(FlaskForm):
    """The person's own details, corrected on the manage page (same rules as registering)."""

    honorific = SelectField(_l("Form of address"), validate_choice=False,
                            render_kw={"autocomplete": "honorific-prefix"})
    given_name = StringField(_l("Given name"), filters=[_strip],
                             render_kw={"autocomplete": "given-name", "maxlength": MAX_NAME})
    family_name = StringField(_l("Family name"), filters=[_strip],
                              render_kw={"autocomplete": "family-name", "maxlength": MAX_NAME})
    country = SelectField(_l("Country"), validate_choice=False, widget=LongSelect(),
                          render_kw={"autocomplete": "country"})
    parliament = StringField(_l("Parliament, chamber or organisation"), filters=[_strip],
                             render_kw={"autocomplete": "organization", "maxlength": MAX_PARLIAMENT})
    accessibility_needs = TextAreaField(_l("Accessibility needs (optional)"),
                                        render_kw={"maxlength": MAX_ACCESSIBILITY, "rows": 3})
    language = SelectField(_l("Language of your emails and pages"), validate_choice=False)

    def __init__(self, registration, lang, *args, **kwargs):
        from eventhub.i18n import LANGUAGES

        if "formdata" in kwargs and kwargs["formdata"] is None:
            kwargs.setdefault("obj", registration)
        super().__init__(*args, **kwargs)
        self.registration = registration
        self.lang = lang
        self.honorific.choices = select_choices(HONORIFICS.items())
        self.country.choices = country_select_choices(
            lang, _l("Choose the registrant's country") if self.by_organiser else None)
        self.language.choices = select_choices((code, language_name(code, code)) for code in LANGUAGES)
        self.cleaned: dict | None = None

    #: True on the console's form: messages then speak about the registrant, not to them.
    by_organiser = False

    def validate(self, extra_validators=None) -> bool:
        from .validation import DETAIL_FIELDS, clean_details

        if not super().validate(extra_validators):
            return False
        raw = {key: self[key].data for key in DETAIL_FIELDS}
        self.cleaned, errors = clean_details(self.registration, raw, self.registration.language,
                                             by_organiser=self.by_organiser)
        for key, messages in errors.items():
            self[key].errors = list(self[key].errors or []) + [str(m) for m in messages]
        return not errors and self.cleaned is not None


class EmailChangeForm(SendLinkForm):
    """A new email address for the registration (manage page): confirmed from its mailbox."""

    email = EmailField(_l("New email address"), filters=[_strip],
                       render_kw={"autocomplete": "email", "maxlength": MAX_EMAIL,
                                  "inputmode": "email", "dir": "ltr"})

    def __init__(self, registration, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration = registration

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.address == self.registration.email:
            self.email.errors = [str(_l("This is already your email address."))]
            return False
        return True
