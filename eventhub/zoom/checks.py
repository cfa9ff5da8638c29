"""Is a session's Zoom webinar set up the way eventhub needs it? (``flask zoom check``)

Reads the webinar (``GET /webinars/{id}``: WebinarsGetWebinarResponse in @zoom/rivet)
and its registration questions (``GET /webinars/{id}/registrants/questions``:
WebinarsListRegistrationQuestionsResponse) and compares them with the session: the
session's registration link against the one Zoom last gave in a ``webinar.updated``
delivery (``registration_link_checks``), registration enabled and its approval type, start time and duration, interpretation
enabled for the session's interpretation languages (Zoom's interpreter list; Arabic is a
custom language on Zoom), eventhub's two registration questions present, and no
required question eventhub cannot answer (such a question makes every add fail).

``set_up_questions`` adds eventhub's questions to the webinar
(``PATCH /webinars/{id}/registrants/questions``), keeping the webinar's own.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from flask_babel import gettext as _

from eventhub.i18n import current_language, format_list, language_name
from eventhub.timezones import format_moment

from . import services
from .client import ZoomError

#: Zoom's approval_type: 0 automatic, 1 manual, 2 no registration required.
APPROVAL_TYPES = {0: "automatically approved", 1: "manually approved", 2: "no registration required"}
#: Standard registration fields eventhub fills (services.registrant_fields).
ANSWERED_FIELDS = {"email", "first_name", "last_name", "org", "job_title", "country"}
#: What Zoom's interpreter entries say for each interpretation language: a country-style
#: code for Zoom's built-in languages, the name for a custom one (Arabic).
ZOOM_LANGUAGE_CODES = {"en": {"US", "EN", "ENGLISH"}, "fr": {"FR", "FRENCH"}, "es": {"ES", "SPANISH"},
                       "ar": {"AR", "ARABIC"}}
START_TOLERANCE = dt.timedelta(minutes=1)
#: What one entry of a batch registration carries: WebinarsPerformBatchRegistrationRequestBody
#: in @zoom/rivet (``registrants`` of ``email``, ``first_name``, ``last_name``). No other
#: standard field and no custom question can travel in a batch.
BATCH_FIELDS = {"email", "first_name", "last_name"}
#: Zoom's batch registration is for scheduled webinars only ("The webinar should be type 5,
#: a scheduled webinar. Other types of webinars are not supported by this API": Perform
#: batch registration, Webinars API reference).
BATCH_WEBINAR_TYPES = {5}


@dataclasses.dataclass(frozen=True)
class FormNeeds:
    """What a webinar's registration form requires of each registrant.

    ``unanswerable``: required questions eventhub cannot answer (every add would be
    refused); ``single_add_only``: required questions eventhub answers, but only in a
    single add (a batch entry cannot carry them); ``last_name``: the last name is required;
    ``ours``: eventhub's own questions (listening language, interpretation channel) on the
    form, required or optional.
    """

    unanswerable: tuple[str, ...] = ()
    single_add_only: tuple[str, ...] = ()
    last_name: bool = False
    ours: tuple[str, ...] = ()

    @property
    def batch_allowed(self) -> bool:
        """Whether people may go to Zoom in batches without losing an answer Zoom asks for.

        A batch entry carries only email, first and last name
        (WebinarsPerformBatchRegistrationRequestBody in @zoom/rivet), and no endpoint sets a
        registrant's answers afterwards (WebinarsUpdateRegistrantsStatusRequestBody only
        approves, denies or cancels). So when the form has any of eventhub's questions,
        even optional ones, or requires another answer eventhub gives, everyone is added
        one by one with the answers (``POST /webinars/{id}/registrants``: Light category,
        spaced by ``limits.AccountLimiter``, and Zoom's 3 adds per registrant per day
        counted by ``limits``); batches only when the form asks for none of them."""
        return not (self.unanswerable or self.single_add_only or self.ours)



def _utc(instant: dt.datetime) -> str:
    """« 6 déc. 2022, 06:00 »: Babel's date and clock in the console's language, read in UTC."""
    return format_moment(instant, "UTC", current_language())

def form_needs(questions: dict) -> FormNeeds:
    """Read ``GET /webinars/{id}/registrants/questions`` (WebinarsListRegistrationQuestions-
    Response: ``questions`` of ``field_name``/``required``, ``custom_questions`` of
    ``title``/``required``) for what registering someone requires."""
    ours = {title.casefold() for title in (services.LISTENING_LANGUAGE_QUESTION,
                                           services.INTERPRETATION_CHANNEL_QUESTION)}
    unanswerable, single_only, last_name, on_form = [], [], False, []
    for question in questions.get("questions") or []:
        if not isinstance(question, dict) or not question.get("required"):
            continue
        name = str(question.get("field_name") or "")
        if name == "last_name":
            last_name = True
        elif name in BATCH_FIELDS:
            continue
        elif name in ANSWERED_FIELDS:
            single_only.append(name)
        else:
            unanswerable.append(name)
    for question in questions.get("custom_questions") or []:
        if not isinstance(question, dict):
            continue
        title = str(question.get("title") or "").strip()
        if title.casefold() in ours:
            on_form.append(title)
        if not question.get("required"):
            continue
        (single_only if title.casefold() in ours else unanswerable).append(title)
    return FormNeeds(tuple(unanswerable), tuple(single_only), last_name, tuple(on_form))


@dataclasses.dataclass
class Check:
    code: str
    ok: bool
    detail: str


def _instant(value) -> dt.datetime | None:
    try:
        instant = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    return instant if instant.tzinfo else instant.replace(tzinfo=dt.timezone.utc)


def _object(value) -> dict:
    """A JSON object from Zoom's answer, or {} when it is missing or of another type."""
    return value if isinstance(value, dict) else {}


def _interpreter_languages(webinar: dict) -> set[str]:
    interpretation = _object(_object(webinar.get("settings")).get("language_interpretation"))
    found = set()
    interpreters = interpretation.get("interpreters")
    for interpreter in interpreters if isinstance(interpreters, list) else []:
        if isinstance(interpreter, dict):
            for part in str(interpreter.get("languages") or "").split(","):
                found.add(part.strip().upper())
    return found


def _link_key(url: str) -> str:
    """The part of a registration link that names the webinar's registration page
    (``WN_...``): hosts differ (zoom.us, us06web.zoom.us) and a query or trailing slash
    does not change the page."""
    return url.split("#", 1)[0].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def registration_link_checks(session) -> list[Check]:
    """The session's registration link against the one Zoom last gave for its webinar.

    Zoom's contract gives a webinar's registration link in one place only: the
    ``webinar.updated`` webhook (WebinarUpdatedEvent.payload.object.registration_url in
    @zoom/rivet ``meetings/meetings.d.ts``, generated from Zoom's OpenAPI; checked at
    rivet-javascript 7309ea3). WebinarsGetWebinarResponse has join_url and start_url but no
    registration_url; WebinarCreatedEvent, WebinarsAddWebinarRegistrantResponse and
    WebinarsPerformBatchRegistrationResponse have none either. So the link is the one a
    delivery left on the session (``changes.note_registration_url``), used only while it
    was for the session's current webinar ID; never seen: check by hand."""
    if not session.zoom_registration_url:
        return []
    seen = session.zoom_registration_url_seen
    if not seen or session.zoom_registration_url_seen_for != session.zoom_webinar_id \
            or session.zoom_registration_url_seen_at is None:
        return [Check("registration_link", True, _("Zoom does not give the webinar's registration "
                                                   "link; check the session's link by hand."))]
    when = _utc(session.zoom_registration_url_seen_at)
    if _link_key(session.zoom_registration_url) == _link_key(seen):
        return [Check("registration_link", True, _(
            "The session's registration link is the webinar's, as Zoom gave it on %(seen)s UTC.", seen=when))]
    return [Check("registration_link", False, _(
        "The session's registration link (%(session_url)s) is not the webinar's: on %(seen)s UTC Zoom gave "
        "%(zoom_url)s.", session_url=session.zoom_registration_url, seen=when, zoom_url=seen))]


def check_session(session) -> list[Check]:
    """Every check for one session in API mode; Zoom errors become a failed check."""
    client = services.get_client()
    webinar_id = session.zoom_webinar_id
    try:
        webinar = client.get_webinar(webinar_id)
    except ZoomError as error:
        return [Check("webinar", False, _("Zoom could not read webinar %(webinar)s: %(message)s", webinar=webinar_id,
                                            message=error.message))]
    checks = [Check("webinar", True, _("Webinar %(webinar)s: %(topic)s", webinar=webinar_id,
                                         topic=webinar.get("topic") or "?"))]
    settings = _object(webinar.get("settings"))  # a malformed answer must not break the page

    checks.extend(registration_link_checks(session))

    approval = settings.get("approval_type")
    checks.append(Check("registration", approval in (0, 1), {
        0: _("Registration is required; registrants are approved automatically."),
        1: _("Registration is required; registrants are approved by hand."),
        2: _("The webinar does not require registration: eventhub cannot register anyone on it."),
    }.get(approval) or _("Unknown registration setting: %(value)s.", value=approval)))

    start = _instant(webinar.get("start_time"))
    if start is None:
        checks.append(Check("start", False, _("Zoom gives no start time.")))
    else:
        ok = abs(start - session.starts_at) <= START_TOLERANCE
        checks.append(Check("start", ok, _("Starts at %(start)s UTC, like the session.",
                                           start=_utc(start)) if ok else
                            _("Starts at %(start)s UTC; the session starts at %(session)s UTC.",
                              start=_utc(start), session=_utc(session.starts_at))))
    try:
        duration = int(webinar.get("duration"))
    except (TypeError, ValueError):
        duration = None
    wanted = int((session.ends_at - session.starts_at).total_seconds() // 60)
    checks.append(Check("duration", duration is not None and duration >= wanted,
                        _("Duration on Zoom: %(zoom)s min; the session: %(session)s min.",
                          zoom=duration if duration is not None else "?", session=wanted)))

    languages = [lang for lang in (session.interpretation_languages or []) if lang != session.floor_language]
    if languages:
        interpretation = _object(settings.get("language_interpretation"))
        on_zoom = _interpreter_languages(webinar)
        missing = [lang for lang in languages if not (ZOOM_LANGUAGE_CODES.get(lang, {lang.upper()}) & on_zoom)]
        ok = bool(interpretation.get("enable")) and not missing
        # Languages by name in the console's language ("arabe", not "ar"), listed as the
        # language lists them ("anglais, français et arabe").
        def named(codes):
            return format_list([language_name(code) for code in codes])

        checks.append(Check("interpretation", ok, _("Interpretation is enabled for %(languages)s.",
                                                    languages=named(languages)) if ok else
                            (_("Interpretation is not enabled on the webinar.") if not interpretation.get("enable")
                             else _("No interpreter for %(languages)s.", languages=named(missing)))))

    try:
        questions = client.get_registration_questions(webinar_id)
    except ZoomError as error:
        checks.append(Check("questions", False, _("The registration questions could not be read: %(message)s",
                                                  message=error.message)))
        return checks
    titles = {str(q.get("title") or "").strip().casefold() for q in questions.get("custom_questions") or []
              if isinstance(q, dict)}
    ours = [services.LISTENING_LANGUAGE_QUESTION, services.INTERPRETATION_CHANNEL_QUESTION]
    absent = [title for title in ours if title.casefold() not in titles]
    checks.append(Check("our_questions", not absent, _("eventhub's registration questions are on the form.")
                        if not absent else _("Missing registration questions: %(titles)s.",
                                             titles=", ".join(absent))))
    unanswerable = list(form_needs(questions).unanswerable)
    checks.append(Check("required_questions", not unanswerable,
                        _("No required question that eventhub cannot answer.") if not unanswerable else
                        _("Required questions eventhub cannot answer (every registration would fail): "
                          "%(questions)s.", questions=", ".join(unanswerable))))
    return checks


def set_up_questions(session) -> list[str]:
    """Add eventhub's registration questions to the webinar when missing; returns the
    titles added. The webinar's other questions are kept as they are."""
    client = services.get_client()
    current = client.get_registration_questions(session.zoom_webinar_id)
    custom = [q for q in current.get("custom_questions") or [] if isinstance(q, dict)]
    titles = {str(q.get("title") or "").strip().casefold() for q in custom}
    names = [services.listening_language_answer(lang) for lang in session.listening_languages]
    channels = [services.FLOOR_CHANNEL] + [services.listening_language_answer(lang)
                                           for lang in session.listening_languages
                                           if lang != session.floor_language]
    added = []
    for title, answers in ((services.LISTENING_LANGUAGE_QUESTION, names),
                           (services.INTERPRETATION_CHANNEL_QUESTION, channels)):
        if title.casefold() not in titles:
            custom.append({"title": title, "type": "single", "required": False, "answers": answers})
            added.append(title)
    if added:
        client.update_registration_questions(session.zoom_webinar_id,
                                             {"questions": current.get("questions") or [],
                                              "custom_questions": custom})
    return added
