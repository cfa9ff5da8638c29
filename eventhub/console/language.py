"""Language of console pages.

Console URLs carry no language prefix (they are bookmarked and shared between staff
who read different languages). ``?lang=xx`` on any console URL switches and is
remembered in the ``console_lang`` cookie; without either, Accept-Language decides.
"""
from __future__ import annotations

from flask import Flask, current_app, g, request, url_for

from eventhub.i18n import LANGUAGES, best_language

COOKIE = "console_lang"
PREFIX = "/console"


def is_console_request() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def reset_request_state() -> None:
    """Forget what a previous request left in ``g``: the signed-in user, Flask-Babel's
    cached locale, a language taken from another URL. In production ``g`` is new for every
    request anyway; under the test client an outer app context carries ``g`` over from one
    request to the next, which would skip session protection and keep a stale language."""
    g.pop("_login_user", None)
    g.pop("_flask_babel", None)
    rule = request.url_rule
    if rule is None or "lang" not in rule.arguments:
        g.pop("lang", None)


def choose_console_language() -> None:
    """Set ``g.lang`` for console requests (before any text is translated)."""
    if not is_console_request():
        return
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        g.lang = asked
        g.remember_console_lang = asked
        return
    remembered = request.cookies.get(COOKIE)
    g.lang = remembered if remembered in LANGUAGES else best_language()


def remember_console_language(response):
    chosen = getattr(g, "remember_console_lang", None)
    if chosen:
        response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, path=PREFIX,
                            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


def switch_language_url(code: str) -> str:
    """The current console page in another language (other query arguments kept)."""
    values = {key: items for key, items in request.args.lists() if key != "lang"}
    if request.endpoint and request.view_args is not None:
        values.update(request.view_args)
        values["lang"] = code
        return url_for(request.endpoint, **values)
    return url_for("console.index", lang=code)


def init_app(app: Flask) -> None:
    hooks = app.before_request_funcs.setdefault(None, [])
    hooks[0:0] = [reset_request_state, choose_console_language]
    app.after_request(remember_console_language)
    app.jinja_env.globals["console_language_url"] = switch_language_url
