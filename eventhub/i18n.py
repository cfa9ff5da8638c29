"""Languages: URL prefix, locale selection, text direction, localised data fields."""
from __future__ import annotations

import weakref
from babel import Locale
from urllib.parse import urlencode

from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import get_locale
from flask_babel.speaklater import LazyString
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


class LocalNumber(int):
    """A count that prints with the digit grouping of the current locale (Babel's
    ``format_decimal``: « 20 000 » fr, « 20.000 » es, « 20,000 » en and ar, Latin digits).
    Arithmetic, comparisons, plural rules and ``%d`` see the plain int."""

    __slots__ = ()

    def __str__(self) -> str:
        from flask_babel import format_decimal

        return format_decimal(int(self))


#: Translation variables that hold counts (``{% trans count=... %}``, ``_("…%(count)s", count=n)``).
COUNT_VARIABLES = frozenset({"count", "num", "total", "confirmed", "waitlisted", "attended", "absent",
                             "removed", "registered", "invited", "sent", "skipped", "limit", "max",
                             "capacity", "people", "cancelled"})


def local_numbers(variables: dict) -> dict:
    """``variables`` with every int count wrapped in ``LocalNumber`` (bools and other keys untouched)."""
    return {key: LocalNumber(value) if key in COUNT_VARIABLES and type(value) is int else value
            for key, value in variables.items()}


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Babel's ``ngettext`` with the count printed in the locale's grouping
    (« %(num)s invitations were queued » -> « 20 000 invitations… »): use it in Python code."""
    from flask_babel import ngettext as babel_ngettext

    if type(num) is int:
        num = LocalNumber(num)
    return babel_ngettext(singular, plural, num, **local_numbers(variables))


def lazy_ngettext(singular: str, plural: str, num: int, **variables):
    """``ngettext`` evaluated when the text is shown (module-level messages, form
    validators: ``Length(max=200, message=lazy_ngettext("… at most %(num)s character.",
    "… at most %(num)s characters.", 200))``)."""
    return LazyPlural(ngettext, singular, plural, num, **variables)


class LazyPlural(LazyString):
    """A lazy ``ngettext``: already formatted with its count when shown, so
    ``eventhub.validators.Length`` does not format it again."""


def number(value) -> str:
    """Template filter ``|number``: a count with the locale's grouping."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return str(LocalNumber(value))


#: Template texts without variables, per catalog (``gettext`` below); a catalog that goes
#: away takes its texts with it.
_template_texts: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _group_counts_in_templates(app: Flask) -> None:
    """Counts passed to ``_()``/``{% trans %}`` in templates print grouped per locale."""
    from flask_babel import get_translations
    from jinja2 import pass_context

    env = app.jinja_env
    plain_gettext, plain_ngettext = env.globals["gettext"], env.globals["ngettext"]

    @pass_context
    def gettext(__context, __string, **variables):
        if variables or not __context.eval_ctx.autoescape:
            return plain_gettext(__context, __string, **local_numbers(variables))
        # A text without variables is the same markup every time for a catalog: kept per
        # catalog (``_()`` is called ~80 times per manage page; issue 20).
        translations = get_translations()
        try:
            texts = _template_texts[translations]
        except KeyError:
            texts = _template_texts.setdefault(translations, {})
        except TypeError:  # a catalog that cannot be weakly referenced: not kept
            return plain_gettext(__context, __string)
        text = texts.get(__string)
        if text is None:
            text = texts[__string] = plain_gettext(__context, __string)
        return text

    @pass_context
    def ngettext(__context, __singular, __plural, __num, **variables):
        if type(__num) is int:
            __num = LocalNumber(__num)
        return plain_ngettext(__context, __singular, __plural, __num, **local_numbers(variables))

    env.globals.update(gettext=gettext, ngettext=ngettext)


def path_language() -> str | None:
    """The language prefix of the requested path, also when no route matched: the 404 of
    /fr/nope and the 405 of a wrong method under /ar/... are in that language."""
    if not has_request_context():
        return None
    first = request.path.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES else None


def current_language() -> str:
    if has_request_context():
        lang = getattr(g, "lang", None) or path_language()
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


#: The comma between a date and a time ("6 December 2022, 07:00"): Arabic writes "،".
_COMMAS = {"ar": "، "}


def list_comma(lang: str | None = None) -> str:
    return _COMMAS.get(lang or current_language(), ", ")


def zone_name(zone: str | None, lang: str | None = None) -> str:
    """Template filter: an IANA zone as people know it in the page language."""
    from .timezones import zone_display_name

    return zone_display_name(zone, lang or current_language()) if zone else ""


def zone_name_with_id(zone: str | None, lang: str | None = None):
    """Template filter for the console: the CLDR name with the IANA ID beside it,
    « Zurich (heure d’Europe centrale) · Europe/Zurich », the ID isolated left to right."""
    from markupsafe import Markup, escape

    if not zone:
        return ""
    name = zone_name(zone, lang)
    if name == zone:
        return Markup('<bdi dir="ltr">%s</bdi>') % zone
    return Markup('%s · <bdi dir="ltr">%s</bdi>') % (escape(name), zone)


def moment(instant, zone: str = "UTC", seconds: bool = False) -> str:
    """Template filter ``|moment``: a date and time in the page's language (Babel; 24-hour
    clock in fr/es/ar), read in ``zone`` (UTC for the console's records)."""
    from .timezones import format_moment

    import datetime as dt

    if not instant:
        return ""
    if isinstance(instant, str):  # an ISO stamp kept in a record, « 2026-12-04T00:01:00Z »
        instant = dt.datetime.fromisoformat(instant.replace("Z", "+00:00"))
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.timezone.utc)
    return format_moment(instant, zone, current_language(), seconds=seconds)


def select_locale() -> str:
    if has_request_context():
        lang = getattr(g, "lang", None) or path_language()
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
    from .calendar_names import install as install_ipu_arabic_months

    install_ipu_arabic_months()  # « كانون الأول/ديسمبر » in every Arabic date
    _group_counts_in_templates(app)

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

    @app.after_request
    def french_typography(response):
        """No-break spaces of French typography in every French page (eventhub.typography)."""
        if (response.mimetype == "text/html" and not response.direct_passthrough
                and not response.is_streamed and current_language() == "fr"):
            from .typography import french_html

            response.set_data(french_html(response.get_data(as_text=True)))
        return response

    app.add_template_filter(language_name, "language_name")
    app.add_template_filter(format_list, "format_list")
    app.add_template_filter(zone_name, "zone_name")
    app.add_template_filter(zone_name_with_id, "zone_name_with_id")
    app.add_template_filter(moment, "moment")
    app.add_template_filter(number, "number")
    # A global, not a context variable: macros imported without context use it too.
    app.add_template_global(list_comma, "list_comma")

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
