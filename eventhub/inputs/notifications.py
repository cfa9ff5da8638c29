"""Emails of the inputs domain, in the author's language."""
from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eventhub.jobs.tasks import queue_email
from eventhub.mail import OutgoingEmail, build_message

from .links import deadline_text, email_confirmation_token, public_url


def send_email_confirmation(event, email: str, lang: str) -> None:
    """A link that proves the address and opens the submission form (valid 48 hours)."""
    queue_email(build_message(email_confirmation(event, email, lang)))


def email_confirmation(event, email: str, lang: str) -> OutgoingEmail:
    token = email_confirmation_token(event, email)
    link = public_url("inputs.new_input", lang=lang, slug=event.slug, c=token)
    with force_locale(lang):
        context = {"event": event, "link": link, "lang": lang}
        message = OutgoingEmail(
            to=email,
            subject=_("Confirm your email address to send an input: %(title)s",
                      title=event.text("title", lang)),
            text=render_template("email/inputs/confirm_email.txt", **context),
            html=render_template("email/inputs/confirm_email.html", **context),
            language=lang,
        )
    return message


def send_receipt(input_, edit_token: str | None) -> None:
    """Acknowledge an input, with the link to edit it until the deadline."""
    queue_email(build_message(receipt(input_, edit_token)))


def receipt(input_, edit_token: str | None) -> OutgoingEmail:
    lang = input_.author_language or "en"
    event = input_.event
    edit_link = (
        public_url("inputs.edit_input", lang=lang, slug=event.slug, token=edit_token)
        if edit_token else None
    )
    with force_locale(lang):
        context = {
            "event": event, "input": input_, "edit_link": edit_link, "lang": lang,
            "deadline": deadline_text(event, lang),
        }
        message = OutgoingEmail(
            to=input_.author_email,
            subject=_("We have received your input: %(title)s", title=input_.title),
            text=render_template("email/inputs/receipt.txt", **context),
            html=render_template("email/inputs/receipt.html", **context),
            language=lang,
        )
    return message
