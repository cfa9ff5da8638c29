"""Console forms for reference texts (CSRF-protected through Flask-WTF)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, Optional, Regexp, ValidationError

from eventhub.i18n import lazy_ngettext
from eventhub.validators import Length

from .operations import MAX_TITLE_LENGTH

try:  # WTForms 3.3+ wants choice objects (tuples are deprecated)
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - older WTForms

    def SelectChoice(value, label):  # noqa: N802
        return (value, label)

#: File name endings accepted for import (content is checked too: UTF-8 text).
ALLOWED_SUFFIXES = (".txt", ".text", ".md", ".markdown")


class ImportForm(FlaskForm):
    file = FileField(
        _l("Text or Markdown file"),
        validators=[FileRequired(message=_l("Please choose a file to import."))],
        description=_l("Plain text (.txt) or Markdown (.md) in UTF-8, in English, Arabic or both."),
    )
    kind = SelectField(
        _l("Which text is it?"),
        choices=[SelectChoice("draft", _l("Draft")), SelectChoice("adopted", _l("Adopted text"))],
        validators=[DataRequired(message=_l("Please choose whether the document is the draft or the adopted text."))],
        validate_choice=False,  # checked below with a localised message
    )
    title = StringField(
        _l("Title"),
        validators=[
            Optional(),
            Length(max=MAX_TITLE_LENGTH, message=lazy_ngettext(
                "Please keep the title under %(num)s character.",
                "Please keep the title under %(num)s characters.", MAX_TITLE_LENGTH)),
        ],
        description=_l("Leave empty to use the title printed in the file."),
    )

    def validate_kind(self, field):
        if field.data not in ("draft", "adopted"):
            raise ValidationError(_l("Please choose whether the document is the draft or the adopted text."))

    def validate_file(self, field):
        filename = (getattr(field.data, "filename", "") or "").lower()
        if filename and not filename.endswith(ALLOWED_SUFFIXES):
            raise ValidationError(_l("Please choose a plain text (.txt) or Markdown (.md) file."))


class PublishForm(FlaskForm):
    published = HiddenField(validators=[AnyOf(["0", "1"], message=_l("Invalid request."))])


class LinkInputForm(FlaskForm):
    input_id = StringField(
        _l("Input number"),
        validators=[
            DataRequired(message=_l("Please enter the number of the input to link.")),
            Regexp(r"^\s*#?\d{1,9}\s*$", message=_l("Please enter the input's number, e.g. 42.")),
        ],
    )

    @property
    def input_number(self) -> int:
        return int(self.input_id.data.strip().lstrip("#"))


class UnlinkForm(FlaskForm):
    """Only the CSRF token: the input and paragraph are in the URL."""
