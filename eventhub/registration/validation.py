"""One set of rules for a registration, used by the web form and the organiser API.

``clean_registration(event, raw)`` takes the raw values (strings, lists, as typed or
sent) and returns ``(data, errors)``: a ``RegistrationData`` when everything is
valid, and otherwise a dict ``{field: [localised messages]}``. Messages are lazy
strings, rendered in the language of the request (the page's language).
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field

import pytz
from babel import Locale
from flask_babel import lazy_gettext as _l

from eventhub.collation import sort_key as _sort_key
from eventhub.i18n import LANGUAGES, format_list, language_name, lazy_ngettext
from eventhub.person_text import strip_reordering
from eventhub.timezones import is_valid_timezone

#: Lengths match the columns of Registration.
MAX_NAME = 120
MAX_EMAIL = 320
MAX_PARLIAMENT = 200
MAX_ACCESSIBILITY = 1000

#: Honorifics offered before a name, in the order of the list. The code is stored.
HONORIFICS = {
    "": _l("(none)"),
    "hon": _l("Hon."),
    "he": _l("H.E."),
    "mr": _l("Mr"),
    "ms": _l("Ms"),
    "mx": _l("Mx"),
    "dr": _l("Dr"),
    "prof": _l("Prof."),
    "senator": _l("Senator"),
}

ROLES = {
    "member": _l("Member of parliament"),
    "staff": _l("Parliamentary staff"),
    "other": _l("Other"),
}

#: Field names shared by the form and the API (the API's JSON keys).
FIELDS = (
    "honorific", "given_name", "family_name", "email", "country", "parliament", "role",
    "sessions", "listening_language", "timezone", "accessibility_needs", "consent", "language",
)


@dataclass
class RegistrationData:
    """A registration that passed every rule: what ``operations.register`` stores."""

    given_name: str
    family_name: str
    email: str
    country: str
    parliament: str
    role: str
    timezone: str
    language: str
    #: Session number -> listening language, in session order.
    sessions: dict[int, str] = field(default_factory=dict)
    honorific: str = ""
    accessibility_needs: str = ""
    consent: bool = True


# --- lists offered to the person ---------------------------------------------------------

def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (the IANA tz database's own copy of the standard)."""
    return frozenset(pytz.country_names)


@functools.cache
def country_choices(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name in ``lang``) for every ISO 3166 country, sorted by the localised name."""
    names = Locale.parse(lang).territories
    codes = country_codes()
    pairs = [(code, names.get(code, code)) for code in codes if len(code) == 2]
    return tuple(sorted(pairs, key=lambda pair: _sort_key(pair[1])))


def country_name(code: str, lang: str) -> str:
    return Locale.parse(lang).territories.get(code, code) if code else ""


def honorific_label(code: str) -> str:
    return str(HONORIFICS.get(code, code)) if code else ""


def role_label(code: str) -> str:
    return str(ROLES.get(code, code))


def offered_sessions(event) -> list:
    """Sessions a person can register for: every session that is not cancelled."""
    return [s for s in event.sessions if not s.is_cancelled]


# --- field rules ---------------------------------------------------------------------------

def has_control_characters(text: str, allow_newlines: bool = False) -> bool:
    allowed = {"\n", "\r", "\t"} if allow_newlines else set()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return strip_reordering(value).strip()


def _clean_name(value, errors, key, empty_message, max_length=MAX_NAME, required=True):
    text = _text(value)
    if not text:
        if required:
            errors.setdefault(key, []).append(empty_message)
        return ""
    if len(text) > max_length:
        errors.setdefault(key, []).append(
            lazy_ngettext("This is too long: please use at most %(num)s character.",
                          "This is too long: please use at most %(num)s characters.", max_length))
    if has_control_characters(text):
        errors.setdefault(key, []).append(
            _l("Please remove tabs, line breaks and other control characters."))
    return text


def normalise_email(value) -> str:
    """The normalised address (domain lower-cased, IDNA), or raise ValueError."""
    text = _text(value)
    if not text or len(text) > MAX_EMAIL or has_control_characters(text):
        raise ValueError(text)
    from email_validator import EmailNotValidError, validate_email  # its regexes: not at start-up

    try:
        # email-validator keeps the local part's case; mail systems do not, and neither
        # may the identity of a registrant (Ana@ and ana@ are one person).
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from exc


def _session_numbers(raw) -> tuple[list[int], list[str]]:
    """Session numbers from a list of strings/ints; returns (numbers, unparseable)."""
    if raw is None or raw == "":
        return [], []
    if isinstance(raw, (str, int)):
        raw = [raw]
    numbers, bad = [], []
    if not isinstance(raw, (list, tuple)):
        return [], [str(raw)[:20]]
    for item in raw:
        try:
            if isinstance(item, bool):
                raise ValueError
            number = int(str(item).strip())
        except (TypeError, ValueError):
            bad.append(str(item)[:20])
            continue
        if number not in numbers:
            numbers.append(number)
    return numbers, bad


def _consented(value) -> bool:
    if isinstance(value, bool):
        return value
    return _text(value).lower() in {"y", "yes", "true", "on", "1"}


def clean_registration(event, raw: dict, default_language: str = "en", *, check_sessions: bool = True):
    """Check every field of a registration. ``raw`` keys are ``FIELDS``;
    ``listening_language`` is a dict {session number (int or str): code} or one code
    for every session. Returns (RegistrationData or None, errors). ``check_sessions=False``
    (corrections of details) leaves the sessions out."""
    errors: dict[str, list] = {}

    honorific = _text(raw.get("honorific"))
    if honorific not in HONORIFICS:
        errors.setdefault("honorific", []).append(_l("Please choose a title from the list."))
        honorific = ""

    given_name = _clean_name(raw.get("given_name"), errors, "given_name",
                             _l("Please enter your given name."))
    family_name = _clean_name(raw.get("family_name"), errors, "family_name",
                              _l("Please enter your family name."))

    email = ""
    if not _text(raw.get("email")):
        errors.setdefault("email", []).append(_l("Please enter your email address."))
    elif len(_text(raw.get("email"))) > MAX_EMAIL:
        errors.setdefault("email", []).append(
            lazy_ngettext("This is too long: please use at most %(num)s character.",
                          "This is too long: please use at most %(num)s characters.", MAX_EMAIL))
    else:
        try:
            email = normalise_email(raw.get("email"))
        except ValueError:
            errors.setdefault("email", []).append(
                _l("Please enter a valid email address, for example name@parliament.org."))

    country = _text(raw.get("country")).upper()
    if not country:
        errors.setdefault("country", []).append(_l("Please choose your country."))
    elif country not in country_codes():
        errors.setdefault("country", []).append(_l("Please choose a country from the list."))

    parliament = _clean_name(raw.get("parliament"), errors, "parliament",
                             _l("Please enter your parliament, chamber or organisation."),
                             max_length=MAX_PARLIAMENT)

    role = _text(raw.get("role"))
    if not role:
        errors.setdefault("role", []).append(_l("Please choose your role."))
    elif role not in ROLES:
        errors.setdefault("role", []).append(_l("Please choose a role from the list."))

    language = _text(raw.get("language")) or default_language
    if language not in LANGUAGES:
        errors.setdefault("language", []).append(_l("Please choose a language from the list."))
        language = default_language

    sessions = _clean_sessions(event, raw.get("sessions"), raw.get("listening_language"),
                               language, errors) if check_sessions else {}

    zone = _text(raw.get("timezone"))
    if not zone:
        errors.setdefault("timezone", []).append(_l("Please choose your time zone."))
    elif not is_valid_timezone(zone):
        errors.setdefault("timezone", []).append(_l("Please choose a time zone from the list."))

    accessibility = raw.get("accessibility_needs")
    accessibility = "" if accessibility is None else str(accessibility).strip()
    if len(accessibility) > MAX_ACCESSIBILITY:
        errors.setdefault("accessibility_needs", []).append(
            lazy_ngettext("This is too long: please use at most %(num)s character.",
                          "This is too long: please use at most %(num)s characters.", MAX_ACCESSIBILITY))
    elif has_control_characters(accessibility, allow_newlines=True):
        errors.setdefault("accessibility_needs", []).append(
            _l("Please remove tabs, line breaks and other control characters."))

    if not _consented(raw.get("consent")):
        errors.setdefault("consent", []).append(
            _l("Please agree to the privacy notice: we cannot register you without it."))

    if errors:
        return None, errors
    return RegistrationData(
        honorific=honorific, given_name=given_name, family_name=family_name, email=email,
        country=country, parliament=parliament, role=role, timezone=zone, language=language,
        sessions=sessions, accessibility_needs=accessibility.replace("\r\n", "\n"), consent=True,
    ), {}


def default_listening_language(session, language: str) -> str:
    """The channel to preselect: the person's language when the session offers it,
    otherwise the language spoken on the floor."""
    return language if language in session.listening_languages else session.floor_language


def listening_language_error(session):
    return _l("Session %(number)s is offered in: %(languages)s. Please choose one of these.",
              number=session.number,
              languages=format_list(language_name(code) for code in session.listening_languages))


def _clean_sessions(event, raw_sessions, raw_languages, language, errors) -> dict[int, str]:
    numbers, unparseable = _session_numbers(raw_sessions)
    offered = {s.number: s for s in offered_sessions(event)}
    chosen: dict[int, str] = {}
    if unparseable:
        errors.setdefault("sessions", []).append(_l("Please choose sessions from the list."))
    if not numbers and not unparseable:
        errors.setdefault("sessions", []).append(_l("Please choose at least one session."))
    for number in numbers:
        session = offered.get(number)
        if session is None:
            cancelled = event.session_by_number(number)
            if cancelled is not None:
                message = _l("Session %(number)s has been cancelled.", number=number)
            else:
                message = _l("There is no session %(number)s in this event.", number=number)
            errors.setdefault("sessions", []).append(message)
            continue
        chosen[number] = ""

    if isinstance(raw_languages, dict):
        per_session = {str(k).strip(): v for k, v in raw_languages.items()}
        # With the sessions themselves wrong, a language for a session is not news.
        unknown = [] if "sessions" in errors else [
            k for k in per_session if not k.isdecimal() or int(k) not in chosen]
        for key in unknown:
            errors.setdefault("listening_language", []).append(
                _l("A listening language was given for session %(number)s, which is not chosen.",
                   number=key[:20]))
    elif raw_languages is None or isinstance(raw_languages, str):
        per_session = None
    else:
        errors.setdefault("listening_language", []).append(
            _l("Please choose a language from the list."))
        per_session = {}

    for number in list(chosen):
        session = offered[number]
        if per_session is None:
            asked = _text(raw_languages)
        else:
            asked = _text(per_session.get(str(number)))
        if not asked:
            asked = default_listening_language(session, language)
        if asked not in session.listening_languages:
            errors.setdefault(f"listening_language:{number}", []).append(
                listening_language_error(session))
            continue
        chosen[number] = asked
    return chosen


# --- likely typos in email domains ----------------------------------------------------------------

#: Mailbox providers people often mistype, with the endings each really has. A domain
#: is only ever *suggested*: the person keeps what they typed if they want.
COMMON_MAIL_DOMAINS: dict[str, tuple[str, ...]] = {
    "gmail": ("com",), "googlemail": ("com",),
    "hotmail": ("com", "fr", "es", "co.uk", "it", "de", "be"),
    "outlook": ("com", "fr", "es", "de", "it"), "live": ("com", "fr", "co.uk"),
    "yahoo": ("com", "fr", "es", "co.uk", "de", "it", "com.mx", "com.ar"),
    "icloud": ("com",), "aol": ("com",), "mail": ("com", "ru"), "msn": ("com",),
    "orange": ("fr",), "wanadoo": ("fr",), "laposte": ("net",), "free": ("fr",),
    "gmx": ("de", "net", "com", "fr"), "web": ("de",), "protonmail": ("com",),
    "proton": ("me",), "yandex": ("ru", "com"), "qq": ("com",),
}


def _edit_distance(a: str, b: str) -> int:
    """Damerau–Levenshtein (optimal string alignment): 'gmial' is one step from 'gmail'."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def suggest_email(address: str) -> str | None:
    """``amina@gmial.com`` → ``amina@gmail.com``; None when nothing looks mistyped
    (any domain that is not near a common provider's is left alone)."""
    local, _, domain = (address or "").rpartition("@")
    if not local or "." not in domain:
        return None
    suggested = _suggest_domain(domain)
    return f"{local}@{suggested}" if suggested else None


@functools.lru_cache(maxsize=1024)
def _suggest_domain(domain: str) -> str | None:
    """The domain part of ``suggest_email``: a parliament's few domains come back with
    every registration, and comparing each with every common provider's (some twenty edit
    distances) was some 7 % of a form POST's Python work (issue 20)."""
    name, _, ending = domain.partition(".")
    if name in COMMON_MAIL_DOMAINS:
        endings = COMMON_MAIL_DOMAINS[name]
        if ending in endings:
            return None
        near = [e for e in endings if _edit_distance(ending, e) == 1]
        return f"{name}.{near[0]}" if len(near) == 1 else None
    candidates = []
    for known, endings in COMMON_MAIL_DOMAINS.items():
        limit = 1 if len(known) <= 5 else 2
        distance = _edit_distance(name, known)
        if distance <= limit:
            for e in endings:
                if e == ending or _edit_distance(ending, e) == 1 and distance == 1 and len(ending) >= 3:
                    candidates.append((distance + (e != ending), f"{known}.{e}"))
    if not candidates:
        return None
    candidates.sort()
    best = [c for c in candidates if c[0] == candidates[0][0]]
    return best[0][1] if len(best) == 1 else None


# --- corrections of one's own details (manage page, console) -------------------------------------

#: What a person (or an organiser for them) may correct after registering; the time
#: zone has its own form, the email address its own confirmed change.
DETAIL_FIELDS = ("honorific", "given_name", "family_name", "parliament", "country",
                 "accessibility_needs", "language")


#: What an organiser is told when a required detail is left empty in the console: the
#: registration form's messages speak to the person ("your given name"), which reads
#: wrong to the secretariat correcting someone else's record.
ORGANISER_EMPTY_MESSAGES = {
    "given_name": _l("Please enter the registrant's given name."),
    "family_name": _l("Please enter the registrant's family name."),
    "parliament": _l("Please enter the registrant's parliament, chamber or organisation."),
    "country": _l("Please choose the registrant's country."),
}


def clean_details(registration, raw: dict, default_language: str = "en", *, by_organiser: bool = False):
    """The same rules as registering, for ``DETAIL_FIELDS`` only (also once registration
    has closed: the sessions are not checked). Returns ({field: clean value} or None,
    errors). ``by_organiser`` words the messages for an empty field about the registrant
    rather than to them (the console's correction form)."""
    placeholder = {  # valid values for what is not being corrected (not stored)
        "email": "placeholder@example.org", "role": registration.role or "member",
        "timezone": registration.timezone or "UTC", "consent": True,
    }
    values = {**placeholder, **{key: raw.get(key) for key in DETAIL_FIELDS}}
    data, errors = clean_registration(registration.event, values, default_language, check_sessions=False)
    errors = {key: messages for key, messages in errors.items() if key in DETAIL_FIELDS}
    if by_organiser:
        for key, message in ORGANISER_EMPTY_MESSAGES.items():
            if key in errors and not _text(raw.get(key)):
                errors[key] = [message]
    if errors or data is None:
        return None, errors
    return {key: getattr(data, key) for key in DETAIL_FIELDS}, {}
