"""Reacting to other domains: a registration marks the matching invitee registered, in
the registration's own transaction."""
from flask import has_request_context, session

from eventhub.signals import registration_creating


@registration_creating.connect
def mark_invitee_registered(app, registration=None, **extra):
    from .operations import mark_registered

    if registration is None:
        return
    invitation_id = None
    if has_request_context():
        invitation_id = session.get("invitation_id")
    mark_registered(registration, invitation_id=invitation_id)
