"""Choices in the form WTForms 3.4 accepts: SelectChoice objects, optgroups kept."""
from __future__ import annotations

import warnings

from eventhub.form_choices import SelectChoice, select_choices


def test_pairs_and_optgroup_dicts_become_select_choices():
    assert SelectChoice is not None  # WTForms >= 3.3 (pyproject)
    pairs = select_choices([("en", "English"), ("fr", "Français")])
    assert [(c.value, c.label, c.optgroup) for c in pairs] == [("en", "English", None), ("fr", "Français", None)]
    grouped = select_choices({"Official": [("ar", "العربية")], "Other": [("de", "Deutsch")]})
    assert [(c.value, c.optgroup) for c in grouped] == [("ar", "Official"), ("de", "Other")]
    kept = SelectChoice("x", "X")
    assert select_choices([kept]) == [kept]


def test_forms_build_their_choices_without_the_deprecated_tuples(app, demo_event):
    """Every form with choices, built as the pages build them, warns about nothing."""
    from eventhub.accounts.forms import EventsForm, TeamMemberForm
    from eventhub.console.forms import SessionForm
    from eventhub.inputs.forms import InputForm
    from eventhub.invitations.forms import InviteeForm, MappingForm, TestSendForm
    from eventhub.registration.forms import registration_form_class

    with app.test_request_context("/en/"), warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        registration_form_class(demo_event)(demo_event, "en", "Europe/Zurich", formdata=None)
        from eventhub.registration.forms import DetailsForm, SendLinkForm
        from eventhub.registration.operations import registration_by_token
        from tests.pages import registration_token_values

        DetailsForm(registration_by_token(registration_token_values(demo_event)["token"]), "en", formdata=None)
        SendLinkForm(formdata=None)
        InputForm(formdata=None).setup(demo_event, "fr")
        InviteeForm(formdata=None)
        TestSendForm(formdata=None)
        MappingForm.for_headers(["Name", "Mail"])
        EventsForm(formdata=None, event_choices=[("a", "a")])
        TeamMemberForm(formdata=None, user_choices=[("1", "x@example.org")])
        SessionForm(formdata=None, reference_zone="Europe/Zurich")
