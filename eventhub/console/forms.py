"""Console forms: event settings, session editing, notification and small actions."""
from __future__ import annotations

import datetime as dt

import pytz
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TimeField,
    URLField,
)
from wtforms.validators import AnyOf, DataRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from eventhub.events.operations import WEBINAR_ID, normalise_webinar_id
from eventhub.events.services import is_zoom_registration_url
from eventhub.form_choices import choice  # noqa: F401 (re-exported)
from eventhub.i18n import LANGUAGES, current_language, language_name, lazy_ngettext
from eventhub.timezones import is_valid_timezone, zone_select_choices, zone_text_with_id
from eventhub.validators import Length


# ``choice`` is imported here by other domains too (accounts).


class TimeNotInZone(ValueError):
    """A wall-clock time that does not exist (spring forward) or exists twice (fall back)."""


def reference_instant(day: dt.date, time: dt.time, zone_name: str) -> dt.datetime:
    """A date and time on the organiser's wall clock in ``zone_name``, as aware UTC."""
    zone = pytz.timezone(zone_name)
    try:
        local = zone.localize(dt.datetime.combine(day, time), is_dst=None)
    except (pytz.NonExistentTimeError, pytz.AmbiguousTimeError) as exc:
        raise TimeNotInZone(str(exc)) from exc
    return local.astimezone(dt.timezone.utc)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SessionForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date as YYYY-MM-DD."))])
    starts = TimeField(_l("Start time"), validators=[DataRequired(_l("Enter the start time as HH:MM."))])
    ends = TimeField(_l("End time"), validators=[DataRequired(_l("Enter the end time as HH:MM."))])
    #: Sessions may cross midnight in the reference zone: the end then falls on a later date.
    end_day = DateField(_l("End date"), validators=[Optional()],
                        description=_l("Only when the session ends on a later date (after midnight)."))
    floor_language = SelectField(_l("Floor language"))
    interpretation_languages = MultiCheckboxField(
        _l("Interpretation channels"),
        description=_l("Leave all unticked when the session has no interpretation."),
    )
    zoom_registration_url = URLField(
        _l("Zoom registration link"),
        description=_l("The webinar's registration link, e.g. https://us06web.zoom.us/webinar/register/WN_…"),
        validators=[Optional(), Length(max=300)],
    )
    zoom_webinar_id = StringField(
        _l("Zoom webinar ID"),
        description=_l("Digits only; spaces are allowed (812 3456 7890). Leave empty to use the link only."),
        validators=[Optional(), Length(max=40)],
    )
    capacity = IntegerField(
        _l("Capacity"),
        description=_l("Maximum confirmed places; beyond it people join the waiting list. Empty: no limit."),
        validators=[Optional(), NumberRange(min=1, max=100000, message=_l("Enter a number from 1 to 100,000."))],
    )

    def __init__(self, *args, reference_zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.reference_zone = reference_zone
        self.floor_language.choices = [choice(code, language_name(code)) for code in LANGUAGES]
        self.interpretation_languages.choices = [choice(code, language_name(code)) for code in LANGUAGES]
        #: Set by validate(): the instants the organiser typed, in UTC.
        self.starts_at: dt.datetime | None = None
        self.ends_at: dt.datetime | None = None

    @classmethod
    def for_session(cls, session, **kwargs):
        zone = pytz.timezone(session.event.reference_timezone)
        start = session.starts_at.astimezone(zone)
        end = session.ends_at.astimezone(zone)
        return cls(
            reference_zone=session.event.reference_timezone,
            data={
                "day": start.date(), "starts": start.time().replace(second=0, microsecond=0),
                "end_day": end.date() if end.date() != start.date() else None,
                "ends": end.time().replace(second=0, microsecond=0),
                "floor_language": session.floor_language,
                "interpretation_languages": list(session.interpretation_languages or []),
                "zoom_registration_url": session.zoom_registration_url,
                "zoom_webinar_id": session.zoom_webinar_id or "",
                "capacity": session.capacity,
            },
            **kwargs,
        )

    def validate_zoom_registration_url(self, field):
        if field.data and not is_zoom_registration_url(field.data):
            raise ValidationError(_("This is not a Zoom webinar registration link. It must look like "
                                    "https://us06web.zoom.us/webinar/register/WN_ followed by 22 letters, "
                                    "digits, - or _."))

    def validate_zoom_webinar_id(self, field):
        webinar_id = normalise_webinar_id(field.data)
        if webinar_id is not None and not WEBINAR_ID.match(webinar_id):
            raise ValidationError(_("A Zoom webinar ID has 9 to 12 digits (spaces are allowed)."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.day.data and self.starts.data and self.ends.data:
            try:
                self.starts_at = reference_instant(self.day.data, self.starts.data, self.reference_zone)
            except TimeNotInZone:
                self.starts.errors.append(_("This time does not exist or occurs twice in %(zone)s "
                                          "(clock change). Choose another time.",
                                          zone=zone_text_with_id(self.reference_zone, current_language())))
                valid = False
            try:
                self.ends_at = reference_instant(self.end_day.data or self.day.data, self.ends.data,
                                                 self.reference_zone)
            except TimeNotInZone:
                self.ends.errors.append(_("This time does not exist or occurs twice in %(zone)s "
                                          "(clock change). Choose another time.",
                                          zone=zone_text_with_id(self.reference_zone, current_language())))
                valid = False
            if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
                self.ends.errors.append(_("The session must end after it starts."))
                valid = False
        return valid

    def changes(self) -> dict:
        """The validated form as keyword arguments for ``update_session``."""
        return {
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "floor_language": self.floor_language.data,
            "interpretation_languages": list(self.interpretation_languages.data or []),
            "zoom_registration_url": (self.zoom_registration_url.data or "").strip(),
            "zoom_webinar_id": normalise_webinar_id(self.zoom_webinar_id.data),
            "capacity": self.capacity.data,
        }


class EventForm(FlaskForm):
    registration_open = BooleanField(_l("Registration is open"))
    reference_timezone = SelectField(
        _l("Reference time zone"),
        description=_l("The zone in which session times are entered and stated first."),
        render_kw={"data-zone-search": _l("Search the time zones")},
    )
    compilation_addressee = StringField(
        _l("Addressee of the inputs compilation"),
        description=_l("Printed on the cover, e.g. the Chair of the Ad Hoc Committee; can be changed for each compilation."),
        filters=[lambda value: " ".join((value or "").split())],
        validators=[Length(max=300, message=lazy_ngettext("This field can have at most %(num)s character.",
                                                            "This field can have at most %(num)s characters.", 300))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reference_timezone.choices = zone_select_choices(
            current_language(), self.reference_timezone.data, with_id=True)

    def validate_reference_timezone(self, field):
        if not is_valid_timezone(field.data):
            raise ValidationError(_("Choose a time zone from the list."))


class NotifyForm(FlaskForm):
    """Sent after a session moved: the previous times, so the email can state both."""

    kind = HiddenField(validators=[DataRequired()])
    previous_starts_at = HiddenField()
    previous_ends_at = HiddenField()

    def validate_kind(self, field):
        if field.data not in ("moved", "cancelled"):
            raise ValidationError(_("Unknown notification."))


class ActionForm(FlaskForm):
    """A button that posts (cancel, restore, anonymise...): only the CSRF token."""


class AttendanceForm(FlaskForm):
    session = IntegerField(validators=[DataRequired()])
    attended = StringField(validators=[AnyOf(("yes", "no", "unknown"))])


class PlaceForm(FlaskForm):
    """Cancel or restore one place (session number) or, without a number, all of them."""

    session = IntegerField(validators=[Optional()])


def late_registration_form_class(event):
    """The public registration form as an organiser fills it in for someone else (a late
    registration): the same fields and rules (``clean_registration``), plus the person's
    correspondence language, with labels that speak of "the person"."""
    from eventhub.registration.forms import RegistrationForm, registration_form_class
    from eventhub.widgets import LongSelect

    base = registration_form_class(event)

    class LateRegistrationForm(base):
        language = SelectField(_l("Correspondence language (emails and personal page)"), validate_choice=False)
        timezone = SelectField(_l("The person's time zone"), validate_choice=False, widget=LongSelect(),
                               render_kw={"data-zone-search": _l("Search the time zones")})
        consent = BooleanField(_l("The person agreed to the processing of their personal data as described "
                                  "in the privacy notice."))

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.language.choices = [(code, language_name(code, self.lang)) for code in LANGUAGES]
            if not self.is_submitted():
                self.language.data = self.lang

        def raw_values(self) -> dict:
            values = RegistrationForm.raw_values(self)
            values["language"] = self.language.data or self.lang
            return values

    return LateRegistrationForm


def registrant_details_form(registration, lang, **kwargs):
    """The registrant's details as organisers correct them (the manage page's fields and
    rules, labelled for staff)."""
    from eventhub.registration.forms import DetailsForm

    class RegistrantDetailsForm(DetailsForm):
        by_organiser = True
        language = SelectField(_l("Language of emails and pages"), validate_choice=False)

    return RegistrantDetailsForm(registration, lang, **kwargs)
