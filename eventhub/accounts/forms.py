"""Sign-in and account forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from eventhub.form_choices import select_choices

from .models import Role


def role_choices():
    from eventhub.console.forms import choice

    return [
        choice(Role.ORGANISER.value, _l("Organiser: events, registrations and exports")),
        choice(Role.STAFF.value, _l("Staff: parliamentary inputs only")),
        choice(Role.ADMIN.value, _l("Administrator: everything, including accounts and the audit log")),
    ]


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter your email address.")),
                                                        Length(max=320)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")),
                                                         Length(max=256)])


class CreateUserForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter an email address.")),
                                                        Length(max=320)])
    role = SelectField(_l("Access role"))
    password = PasswordField(_l("Initial password"),
                             description=_l("At least 12 characters; a phrase of several unrelated words is best."),
                             validators=[DataRequired(_l("Enter a password.")), Length(max=256)])


    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class RoleForm(FlaskForm):
    role = SelectField(_l("Access role"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class EventsForm(FlaskForm):
    """Which events an organiser or staff account acts on (the admin's page of an account)."""

    scope = RadioField(_l("Events this account acts on"), validators=[
        DataRequired(_l("Choose every event or only some events."))])
    events = SelectMultipleField(_l("Only these events"), coerce=str, validate_choice=False,
                                 widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())

    def __init__(self, *args, event_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        from eventhub.console.forms import choice

        self.scope.choices = [
            choice("all", _l("Every event, including events created later")),
            choice("limited", _l("Only the events ticked below (404 for any other event)")),
        ]
        self.events.choices = select_choices(event_choices)
        self._event_values = {value for value, _label in event_choices}

    def validate_events(self, field):
        known = self._event_values
        if any(value not in known for value in field.data or []):
            raise ValidationError(_l("Choose among the events listed."))


class TeamMemberForm(FlaskForm):
    """Add an organiser or staff account to an event's team."""

    user = SelectField(_l("Account"), validators=[DataRequired(_l("Choose an account."))])

    def __init__(self, *args, user_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user.choices = select_choices(user_choices)
