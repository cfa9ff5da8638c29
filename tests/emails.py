"""Every kind of email the product sends, rendered for tests.

Cross-cutting tests (``tests/browser/test_email_widths.py``, ``tests/test_email_registry.py``)
render each kind in the four languages; a new kind needs one function here::

    @email_kind("change")
    def change(world, lang):
        registration = world.registration(lang)
        return build_change(registration, ...)   # -> eventhub.mail.OutgoingEmail

``world`` (an ``EmailWorld``) is the demo event with helpers that make the people an
email is about, with long names, long addresses and long links, so that a layout that
does not wrap shows. The builder runs inside the test's app context; it returns the
``OutgoingEmail`` (HTML part required). ``tests/test_email_registry.py`` fails when a
template under ``templates/email/`` (other than ``_*.html`` pieces) is rendered by no
registered kind.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

LANGUAGES = ("en", "fr", "es", "ar")
#: A narrow phone; no email may be wider than this in Chromium.
PHONE_WIDTH = 360

#: Names and links longer than any real one, without spaces to break at.
LONG_FAMILY_NAME = "Wolfeschlegelsteinhausenbergerdorff-Ngobeni"
LONG_JOIN_URL = ("https://us06web.zoom.us/w/81234567890?tk=" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z" * 4
                 + "&uuid=WN_dMEN_hv2QGO5vUyrHFry0g")


@dataclass
class EmailKind:
    name: str
    build: Callable  # (world, lang) -> OutgoingEmail


EMAIL_KINDS: list[EmailKind] = []


def email_kind(name: str):
    """Register a builder ``(world, lang) -> OutgoingEmail`` under ``name``."""
    def register(build):
        if any(kind.name == name for kind in EMAIL_KINDS):
            raise ValueError(f"email kind {name!r} registered twice")
        EMAIL_KINDS.append(EmailKind(name, build))
        return build

    return register


class EmailWorld:
    """The demo event and the people emails are about (made on demand, one per language)."""

    def __init__(self, event):
        self.event = event
        self._registrations = {}

    def registration(self, lang: str, sessions=(1, 2)):
        """A registrant in ``lang`` for ``sessions`` (long names, a long personal join link
        on the first session), and their manage token: ``(registration, token)``."""
        key = (lang, tuple(sessions))
        if key not in self._registrations:
            from eventhub.extensions import db
            from eventhub.registration import operations
            from eventhub.registration.validation import clean_registration

            raw = {
                "honorific": "hon", "given_name": "Maria-Fernanda Alejandra",
                "family_name": LONG_FAMILY_NAME,
                "email": f"maria.fernanda.{lang}.{len(self._registrations)}@parliament-of-a-long-name.example",
                "country": "ES", "parliament": "Congreso de los Diputados", "role": "member",
                "sessions": list(sessions), "listening_language": {
                    str(n): lang if lang in self.session(n).listening_languages else self.session(n).floor_language
                    for n in sessions},
                "timezone": "Asia/Manila", "consent": True, "language": lang,
            }
            data, errors = clean_registration(self.event, raw, default_language=lang)
            assert not errors, errors
            result = operations.register(self.event, data)
            places = sorted(result.registration.sessions, key=lambda p: p.session.number)
            places[0].zoom_join_url = LONG_JOIN_URL
            db.session.commit()
            self._registrations[key] = (result.registration, result.manage_token)
        return self._registrations[key]

    def place(self, lang: str, number: int = 1):
        registration, _ = self.registration(lang)
        return next(p for p in registration.sessions if p.session.number == number)

    def session(self, number: int = 1):
        return self.event.session_by_number(number)


# --- registration ------------------------------------------------------------------------------

@email_kind("registration-confirmation")
def _confirmation(world, lang):
    from eventhub.registration.notifications import build_confirmation

    return build_confirmation(*world.registration(lang))


@email_kind("registration-manage-link")
def _manage_link(world, lang):
    from eventhub.registration.notifications import build_manage_link

    return build_manage_link(*world.registration(lang), reason="duplicate")


@email_kind("waiting-list-promotion")
def _promotion(world, lang):
    from eventhub.registration.notifications import build_promotion

    return build_promotion(world.place(lang, 1))


@email_kind("registration-changed")
def _changed(world, lang):
    """A language change and a cancelled place, as one email (issue 15)."""
    from eventhub.extensions import db
    from eventhub.registration import operations
    from eventhub.registration.notifications import build_change
    from eventhub.registration.tasks import pending_changes

    registration, _ = world.registration(lang, sessions=(1, 2))
    second = world.place(lang, 2)
    other = next(code for code in second.session.listening_languages if code != second.listening_language)
    operations.change_listening_language(second, other, actor="registrant")
    operations.remove_session(registration, world.session(1), actor="registrant")
    db.session.refresh(registration)
    return build_change(registration, pending_changes(registration))


@email_kind("email-change-confirm")
def _email_change_confirm(world, lang):
    """To a new address: the link that makes it the registration's (issue 15)."""
    from eventhub.registration.notifications import build_email_change_confirmation

    registration, _ = world.registration(lang)
    return build_email_change_confirmation(
        registration, f"maria.fernanda.new.address.{lang}@another-parliament-with-a-long-name.example")


@email_kind("email-change-notice")
def _email_change_notice(world, lang):
    """To the previous address: the address was changed (issue 15)."""
    from eventhub.registration.notifications import build_email_change_notice

    registration, _ = world.registration(lang)
    return build_email_change_notice(registration, "previous.address@parliament-of-a-long-name.example")


@email_kind("zoom-join-link")
def _join_link(world, lang):
    from eventhub.zoom.notifications import join_link_email

    return join_link_email(world.place(lang, 1))


@email_kind("zoom-delayed")
def _zoom_delayed(world, lang):
    import datetime as dt

    from eventhub.zoom.notifications import delay_notice_email

    return delay_notice_email(world.place(lang, 1), dt.datetime(2026, 12, 4, 0, 1, tzinfo=dt.timezone.utc))


# --- organisers' notices ------------------------------------------------------------------------

@email_kind("session-moved")
def _session_moved(world, lang):
    from eventhub.console.notifications import session_notice

    session = world.session(1)
    registration, _ = world.registration(lang)
    return session_notice(registration, session, "moved", session.starts_at - dt.timedelta(days=1),
                          session.ends_at - dt.timedelta(days=1))


@email_kind("session-cancelled")
def _session_cancelled(world, lang):
    from eventhub.console.notifications import session_notice

    registration, _ = world.registration(lang)
    return session_notice(registration, world.session(2), "cancelled")


# --- invitations and reminders ------------------------------------------------------------------

@email_kind("invitation")
def _invitation(world, lang):
    from eventhub.invitations.notifications import (InvitationLinks, decline_url,
                                                    invitation_url, render_invitation)

    token = "t" * 43
    return render_invitation(world.event, lang, InvitationLinks(invitation_url(lang, token),
                                                                decline_url(lang, token)),
                             name=f"Hon. Maria-Fernanda {LONG_FAMILY_NAME}", local_zone="America/Bogota")


@email_kind("invitation-test")
def _invitation_test(world, lang):
    from eventhub.invitations.notifications import InvitationLinks, event_url, render_invitation

    return render_invitation(world.event, lang, InvitationLinks(event_url(world.event, lang), None), test=True)


@email_kind("reminder-24h")
def _reminder_day(world, lang):
    from eventhub.invitations.notifications import render_reminder

    return render_reminder(world.place(lang, 1), "24h")


@email_kind("reminder-1h")
def _reminder_hour(world, lang):
    from eventhub.invitations.notifications import render_reminder

    return render_reminder(world.place(lang, 2), "1h")


# --- written inputs -------------------------------------------------------------------------------

@email_kind("inputs-email-verification")
def _inputs_verification(world, lang):
    from eventhub.inputs.notifications import email_confirmation

    return email_confirmation(world.event, f"author.{lang}@parliament-of-a-long-name.example", lang)


@email_kind("inputs-receipt")
def _inputs_receipt(world, lang):
    from eventhub.inputs.notifications import receipt
    from eventhub.inputs.operations import InputData, create_input

    event = world.event
    data = InputData(
        objectives=list(event.objectives[:2]),
        title="Cybersecurity-capacity-building-for-parliamentary-administrations-" + lang,
        text="Text of the input.", language=lang, country="FR", parliament="Assemblée nationale",
        author_name=f"Maria-Fernanda {LONG_FAMILY_NAME}",
        author_email=f"author.{lang}@parliament-of-a-long-name.example", attribution="named",
        author_language=lang,
    )
    input_, token = create_input(event, data, enforce_deadline=False)
    return receipt(input_, token)


def render_all(event, kinds=None, languages=LANGUAGES):
    """Yield ``(kind, lang, OutgoingEmail)`` for every registered kind and language."""
    from flask import current_app

    world = EmailWorld(event)
    for kind in kinds or EMAIL_KINDS:
        for lang in languages:
            # Some emails are sent from a request (url_for), others from jobs: a request
            # context serves both.
            with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
                email = kind.build(world, lang)
            yield kind, lang, email
