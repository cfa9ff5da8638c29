"""Forms: the public submission form (also used to validate API input), the email step
and the review console's small forms."""
from __future__ import annotations

import functools

from babel import Locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Email, InputRequired, ValidationError

from eventhub.form_choices import select_choices
from eventhub.i18n import LANGUAGES, lazy_ngettext
from eventhub.person_text import strip_reordering
from eventhub.validators import Length

from .countries import COUNTRY_CODES, country_choices
from .models import Attribution, InputStatus
from .models.input import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from .models.note import NOTE_MAX_LENGTH



def _person_text(value):
    """Bidi controls removed (eventhub.person_text): they reorder a name on display."""
    return strip_reordering(value) if isinstance(value, str) else value

class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


@functools.cache
def iso_639_1_codes() -> frozenset[str]:
    return frozenset(code for code in Locale.parse("en").languages if len(code) == 2 and code.isalpha())


def text_language_choices(lang: str) -> dict[str, list[tuple[str, str]]]:
    """The four languages of the consultation first, then every other ISO 639-1 language."""
    names = Locale.parse(lang).languages
    from .folding import fold

    others = sorted(
        ((code, names.get(code, code)) for code in iso_639_1_codes() if code not in LANGUAGES),
        key=lambda pair: (fold(pair[1]), pair[0]),
    )
    return {
        str(_l("Languages of the consultation")): [(code, names.get(code, code)) for code in LANGUAGES],
        str(_l("Other languages")): others,
    }


def status_label(status: str):
    return {
        InputStatus.RECEIVED.value: _l("Received"),
        InputStatus.IN_REVIEW.value: _l("In review"),
        InputStatus.INCLUDED.value: _l("Included"),
        InputStatus.NOT_INCLUDED.value: _l("Not included"),
    }.get(status, status)


class InputForm(FlaskForm):
    """What an author fills in. ``author_name`` is removed when the author is a registrant."""

    objectives = MultiCheckboxField(
        _l("Objectives your input addresses"), coerce=int,
        validators=[DataRequired(message=_l("Please choose at least one objective."))],
    )
    title = StringField(_l("Title"), validators=[
        InputRequired(message=_l("Please give your input a title.")),
        Length(max=TITLE_MAX_LENGTH, message=lazy_ngettext("The title can have at most %(num)s character.",
                                                "The title can have at most %(num)s characters.", TITLE_MAX_LENGTH)),
    ])
    text = TextAreaField(_l("Text of your input"), validators=[
        InputRequired(message=_l("Please write the text of your input.")),
        Length(max=TEXT_MAX_LENGTH, message=lazy_ngettext("The text can have at most %(num)s character.",
                                                "The text can have at most %(num)s characters.", TEXT_MAX_LENGTH)),
    ])
    language = SelectField(_l("Language of the text"), validators=[
        InputRequired(message=_l("Please choose the language of the text.")),
    ], validate_choice=False)
    country = SelectField(_l("Country"), validators=[
        InputRequired(message=_l("Please choose a country.")),
    ], validate_choice=False)
    parliament = StringField(_l("Parliament or chamber"), filters=[_person_text], validators=[
        InputRequired(message=_l("Please name your parliament or chamber.")),
        Length(max=200, message=lazy_ngettext("This field can have at most %(num)s character.",
                                                "This field can have at most %(num)s characters.", 200)),
    ])
    author_name = StringField(_l("Your name"), filters=[_person_text], validators=[
        InputRequired(message=_l("Please give your name.")),
        Length(max=200, message=lazy_ngettext("This field can have at most %(num)s character.",
                                                "This field can have at most %(num)s characters.", 200)),
    ])
    chamber = StringField(_l("Chamber (optional)"), filters=[_person_text], validators=[
        Length(max=200, message=lazy_ngettext("This field can have at most %(num)s character.",
                                                "This field can have at most %(num)s characters.", 200)),
    ], description=_l("For a parliament with two chambers, e.g. the Senate or the House of Representatives."))
    author_function = StringField(_l("Your function (optional)"), filters=[_person_text], validators=[
        Length(max=200, message=lazy_ngettext("This field can have at most %(num)s character.",
                                                "This field can have at most %(num)s characters.", 200)),
    ], description=_l("For example Member of Parliament, Speaker, Chair of a committee."))
    attribution = RadioField(
        _l("In the compilation sent to the Committee"),
        choices=select_choices([
            (Attribution.NAMED.value, _l("Show my name and parliament")),
            (Attribution.ANONYMOUS.value, _l("Show my input as anonymous")),
        ]),
        default=Attribution.NAMED.value,
        validators=[InputRequired(message=_l("Please choose how your input is attributed."))],
    )
    attachments = MultipleFileField(_l("Attachments (optional)"))
    remove_attachments = MultiCheckboxField(_l("Remove these attachments"), coerce=int, choices=[])

    def setup(self, event, lang: str, *, ask_name: bool = True, existing_attachments=()) -> "InputForm":
        """Choices depend on the event and the page language."""
        self.objectives.choices = select_choices(
            (objective.number, f"{objective.number}. {objective.label(lang)}") for objective in event.objectives
        )
        self.language.choices = select_choices(text_language_choices(lang))
        self.country.choices = select_choices([("", _l("Choose a country"))] + country_choices(lang))
        if not ask_name:
            del self.author_name
        self.remove_attachments.choices = select_choices((a.id, a.original_filename) for a in existing_attachments)
        return self

    def validate_text(self, field):
        if field.data is not None and not field.data.strip():
            raise ValidationError(_l("Please write the text of your input."))

    def validate_title(self, field):
        if field.data is not None and not field.data.strip():
            raise ValidationError(_l("Please give your input a title."))

    # Choices are checked here, with our own messages, instead of WTForms' generic one.
    def validate_country(self, field):
        if field.data not in COUNTRY_CODES:
            raise ValidationError(_l("Please choose a country."))

    def validate_language(self, field):
        if field.data not in iso_639_1_codes():
            raise ValidationError(_l("Please choose the language of the text."))


class EmailForm(FlaskForm):
    email = StringField(_l("Your email address"), validators=[
        InputRequired(message=_l("Please enter your email address.")),
        Email(message=_l("Please enter a valid email address."), granular_message=False),
        Length(max=320, message=lazy_ngettext("This field can have at most %(num)s character.",
                                                "This field can have at most %(num)s characters.", 320)),
    ])


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=select_choices((s.value, status_label(s.value)) for s in InputStatus))


class ReviewDetailsForm(FlaskForm):
    working_title_en = StringField(_l("English working title"), validators=[
        Length(max=TITLE_MAX_LENGTH, message=lazy_ngettext("The title can have at most %(num)s character.",
                                                "The title can have at most %(num)s characters.", TITLE_MAX_LENGTH)),
    ])
    tags = StringField(_l("Tags (separated by commas)"), validators=[
        Length(max=1000, message=lazy_ngettext("This field can have at most %(num)s character.",
                                                "This field can have at most %(num)s characters.", 1000)),
    ])
    parliament_en = StringField(_l("Name of the parliament in English"), filters=[_person_text], validators=[
        Length(max=200, message=lazy_ngettext("This field can have at most %(num)s character.",
                                                "This field can have at most %(num)s characters.", 200)),
    ])
    parliament_fr = StringField(_l("Name of the parliament in French"), filters=[_person_text], validators=[
        Length(max=200, message=lazy_ngettext("This field can have at most %(num)s character.",
                                                "This field can have at most %(num)s characters.", 200)),
    ])
    parliament_es = StringField(_l("Name of the parliament in Spanish"), filters=[_person_text], validators=[
        Length(max=200, message=lazy_ngettext("This field can have at most %(num)s character.",
                                                "This field can have at most %(num)s characters.", 200)),
    ])
    parliament_ar = StringField(_l("Name of the parliament in Arabic"), filters=[_person_text], validators=[
        Length(max=200, message=lazy_ngettext("This field can have at most %(num)s character.",
                                                "This field can have at most %(num)s characters.", 200)),
    ])

    def parliament_translations(self) -> dict[str, str]:
        return {lang: getattr(self, f"parliament_{lang}").data or "" for lang in ("en", "fr", "es", "ar")}


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Internal note"), validators=[
        InputRequired(message=_l("Please write the note.")),
        Length(max=NOTE_MAX_LENGTH, message=lazy_ngettext("The note can have at most %(num)s character.",
                                                "The note can have at most %(num)s characters.", NOTE_MAX_LENGTH)),
    ])
