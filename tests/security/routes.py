"""Every URL rule of the app, classified as public, console or API.

A rule that fits none of the classes fails ``test_every_route_is_classified``: a new
route must be placed here deliberately. Console pages that anonymous visitors may open
(the login page, ...) are listed in ``CONSOLE_OPEN_ENDPOINTS``; public API endpoints in
``PUBLIC_API_RULES``.
"""
from __future__ import annotations

import uuid

from werkzeug.routing import IntegerConverter, Rule

from tests.pages import route_map_app

#: Public rules outside /<lang>/...
PUBLIC_RULES = {
    "/",
    "/e/<slug>/",
    "/healthz",
    "/zoom/webhook",
}
#: API rules anyone may call without a token.
PUBLIC_API_RULES = {
    "/api/v1/events/<slug>",
    "/api/v1/openapi.json",
}
#: Console endpoints open to anonymous visitors (signing in, and only that).
CONSOLE_OPEN_ENDPOINTS = {
    "accounts.login",
}
#: Console endpoints any signed-in account may use whatever its role (signing out, ...).
CONSOLE_ANY_SIGNED_IN_ENDPOINTS = {
    "accounts.logout",
}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def classify(rule: Rule) -> str | None:
    path = rule.rule
    if rule.endpoint == "static" or path.startswith("/static/"):
        return "public"
    if path.startswith("/<lang:lang>/") or path in PUBLIC_RULES:
        return "public"
    if path in PUBLIC_API_RULES:
        return "public-api"
    if path == "/console" or path.startswith("/console/"):
        return "console-open" if rule.endpoint in CONSOLE_OPEN_ENDPOINTS else "console"
    if path.startswith("/api/v1/"):
        return "api"
    return None


def all_rules() -> list[Rule]:
    return sorted(route_map_app().url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint))


def rules_of(kind: str) -> list[Rule]:
    return [rule for rule in all_rules() if classify(rule) == kind]


def methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def placeholder_values(rule: Rule, **given) -> dict:
    """A plausible value for each URL argument, by converter (``given`` wins)."""
    values = {}
    for argument, converter in rule._converters.items():
        name = type(converter).__name__
        if isinstance(converter, IntegerConverter):
            values[argument] = 1
        elif name == "UUIDConverter":
            values[argument] = uuid.UUID(int=1)
        elif name == "LanguageConverter":
            values[argument] = "en"
        elif name == "AnyConverter":
            values[argument] = next(iter(converter.items)) if hasattr(converter, "items") else "x"
        else:
            values[argument] = "placeholder"
    values.update({key: value for key, value in given.items() if key in rule.arguments})
    return values


def build_path(app, rule: Rule, method: str = "GET", **given) -> str:
    adapter = app.url_map.bind("localhost")
    return adapter.build(rule.endpoint, placeholder_values(rule, **given), method=method)
