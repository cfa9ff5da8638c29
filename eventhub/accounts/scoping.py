"""The one check that keeps an account limited to its events' teams out of other events.

Registered for every request of the app (``before_app_request`` in ``blueprint.py``): when
a console or API URL names an event through its ``slug`` view argument and the signed-in
account (console) or the bearer token's account (API) is limited to other events, the
answer is 404, exactly as for an event that does not exist, so that slugs are not
revealed. Routes need nothing of their own: a new console or API route under a ``<slug>``
is covered the moment it exists. Lists of events go through
``eventhub.accounts.teams.scope_to_user`` instead.
"""
from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from . import teams

CONSOLE_PREFIX = "/console/"
API_PREFIX = "/api/"


def request_user():
    """Whom the request acts for: the console's signed-in account, or the API token's."""
    if request.path.startswith(CONSOLE_PREFIX):
        return current_user if current_user.is_authenticated else None
    if request.path.startswith(API_PREFIX):
        from eventhub.security import api_user_from_request

        return api_user_from_request()
    return None


def enforce_event_scope():
    slug = (request.view_args or {}).get("slug")
    if slug is None:
        return None
    if not request.path.startswith((CONSOLE_PREFIX, API_PREFIX)):
        return None
    user = request_user()
    if user is not None and not teams.may_open_slug(user, slug):
        abort(404)
    return None
