"""Languages: URL prefix, locale selection, text direction, localised data fields."""
from __future__ import annotations

from babel import Locale
from urllib.parse import urlencode

from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import get_locale
from werkzeug.routing import BaseConverter

from .extensions import babel

#: The four languages of the IPU's consultations, in switcher order.
LANGUAGES = ("en", "fr", "es", "ar")
LANGUAGE_ORDER = {code: position for position, code in enumerate(LANGUAGES)}
#: Each language named in itself, for the switcher and the listening-language choice.
LANGUAGE_AUTONYMS = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}


class LanguageConverter(BaseConverter):
    """Matches only the supported language codes, so /de/... is a plain 404."""

    regex = "(?:" + "|".join(LANGUAGES) + ")"


def current_language() -> str:
    if has_request_context():
        lang = getattr(g, "lang", None)
        if lang:
            return lang
    locale = get_locale()
    return locale.language if locale and locale.language in LANGUAGES else "en"


def text_direction(lang: str | None = None) -> str:
    return Locale.parse(lang or current_language()).text_direction


def localized(values: dict | None, lang: str | None = None) -> str:
    """Pick the text for ``lang`` from a {"en":..., "fr":...} mapping, English as fallback."""
    if not values:
        return ""
    lang = lang or current_language()
    return values.get(lang) or values.get("en") or next(iter(values.values()), "")


def best_language() -> str:
    """The visitor's language from Accept-Language, for redirects from bare URLs."""
    return request.accept_languages.best_match(LANGUAGES) or current_app.config["DEFAULT_LANGUAGE"]


def language_name(code: str, in_lang: str | None = None) -> str:
    """A language's name in the page language ("anglais" on a French page)."""
    try:
        name = Locale.parse(in_lang or current_language()).languages.get(code)
    except (ValueError, TypeError):
        name = None
    return name or LANGUAGE_AUTONYMS.get(code, code)


def language_switch_url(code: str) -> str | None:
    """The current page in language ``code``, with the query string kept (a chosen
    time zone...). The query is re-encoded as a query, never passed to ``url_for`` as
    arguments: ``?lang=`` or ``?_external=`` must not change the link. None when the
    page has no language prefix."""
    endpoint = request.endpoint
    if not endpoint or request.view_args is None:
        return None
    if not current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        return None
    path = url_for(endpoint, **{**request.view_args, "lang": code})
    query = urlencode(list(request.args.items(multi=True)), safe="/")
    return f"{path}?{query}" if query else path


def format_list(items, lang: str | None = None) -> str:
    """"English, French and Arabic" in the page language (Arabic uses its own
    conjunction and comma, which a Latin ", " join gets wrong)."""
    from babel.lists import format_list as babel_format_list

    items = [str(item) for item in items]
    return babel_format_list(items, locale=lang or current_language()) if items else ""


def list_separator(lang: str | None = None) -> str:
    """", " or the Arabic comma "، ", between a date and a time range."""
    return "، " if (lang or current_language()) == "ar" else ", "


def select_locale() -> str:
    if has_request_context():
        lang = getattr(g, "lang", None)
        if lang:
            return lang
        return best_language()
    return current_app.config["DEFAULT_LANGUAGE"]


def select_timezone() -> str | None:
    # An IANA *name* (flask-babel calls pytz's normalize() on what we return).
    if has_request_context():
        return getattr(g, "visitor_timezone", None)
    return None


def init_app(app: Flask) -> None:
    app.url_map.converters["lang"] = LanguageConverter
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)

    @app.url_value_preprocessor
    def pull_language(endpoint, values):
        if values and "lang" in values:
            g.lang = values.pop("lang")

    @app.url_defaults
    def add_language(endpoint, values):
        if "lang" in values or not endpoint:
            return
        if app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = getattr(g, "lang", None) or current_language()

    app.add_template_filter(language_name, "language_name")
    app.add_template_filter(format_list, "format_list")
    # A global, not a context variable: imported macros (macros/times.html) see it too.
    app.add_template_global(list_separator, "list_separator")

    @app.context_processor
    def language_context():
        lang = current_language()
        return {
            "current_lang": lang,
            "text_dir": text_direction(lang),
            "LANGUAGES": LANGUAGES,
            "LANGUAGE_AUTONYMS": LANGUAGE_AUTONYMS,
            "language_name": language_name,
            "language_switch_url": language_switch_url,
            "localized": localized,
        }
