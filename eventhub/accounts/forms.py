"""Sign-in and account forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired, Length

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
