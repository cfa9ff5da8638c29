"""`flask zoom check`: the session's webinar compared with the session, as Zoom describes
webinars (settings.approval_type, start_time, duration, language_interpretation) and
their registration questions; `--set-up` adds eventhub's questions."""
from __future__ import annotations

from eventhub.extensions import db
from eventhub.zoom import checks, services
from tests.zoom.conftest import WEBINAR_ID


def configure(api_event, fake_zoom, *, start=None, duration=None, languages=("FR", "ES", "Arabic")):
    session = api_event.session_by_number(2)
    minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
    fake_zoom.add_webinar(WEBINAR_ID, topic="Consultation", start_time=start or session.starts_at.strftime(
        "%Y-%m-%dT%H:%M:%SZ"), duration=duration or minutes, interpretation_languages=languages)
    return session


def test_a_well_configured_webinar_passes_once_set_up(app, api_event, zoom_api):
    session = configure(api_event, zoom_api)
    session.interpretation_languages = ["en", "fr", "es", "ar"]
    db.session.commit()
    result = {c.code: c for c in checks.check_session(session)}
    assert all(c.ok for code, c in result.items() if code != "our_questions"), result
    assert not result["our_questions"].ok
    runner = app.test_cli_runner()
    output = runner.invoke(args=["zoom", "check", "--event", api_event.slug, "--set-up"])
    assert "questions added: Listening language, Interpretation channel" in output.output
    assert output.exit_code == 0, output.output
    custom = zoom_api.webinar_questions(WEBINAR_ID)["custom_questions"]
    assert [q["title"] for q in custom] == [services.LISTENING_LANGUAGE_QUESTION,
                                            services.INTERPRETATION_CHANNEL_QUESTION]
    patches = [r for r in zoom_api.api_requests() if r.method == "PATCH"]
    assert len(patches) == 1 and patches[0].path == f"/v2/webinars/{WEBINAR_ID}/registrants/questions"
    again = runner.invoke(args=["zoom", "check", "--event", api_event.slug, "--set-up"])
    assert "questions added: none needed" in again.output and again.exit_code == 0


def test_a_badly_configured_webinar_is_reported_before_any_registration(app, api_event, zoom_api):
    session = configure(api_event, zoom_api, start="2022-12-06T16:30:00Z", duration=30, languages=("FR",))
    session.interpretation_languages = ["en", "fr", "ar"]
    db.session.commit()
    zoom_api.set_questions(WEBINAR_ID, questions=[{"field_name": "phone", "required": True}],
                           custom_questions=[{"title": "Favourite colour", "type": "short", "required": True}])
    output = app.test_cli_runner().invoke(args=["zoom", "check", "--event", api_event.slug])
    assert output.exit_code == 1
    text = output.output
    assert "[FAIL] Starts at Dec 6, 2022, 4:30\u202fPM UTC; the session starts at" in text
    assert "[FAIL] Duration on Zoom: 30 min" in text
    assert "[FAIL] No interpreter for Arabic." in text
    assert "[FAIL] Required questions eventhub cannot answer (every registration would fail): phone, " \
           "Favourite colour." in text
    assert not [r for r in zoom_api.api_requests() if r.method == "POST"]


import pytest  # noqa: E402

SETUP_TEXT = {
    "en": ("Zoom set-up of session 2", "Correct", "To correct", "No interpreter for Arabic."),
    "fr": ("Configuration Zoom de la séance 2", "Correct", "À corriger",
           "Aucun interprète pour les langues suivantes\u00a0: arabe."),
    "es": ("Configuración de Zoom de la sesión 2", "Correcto", "Por corregir",
           "No hay intérprete para los idiomas siguientes: árabe."),
    "ar": ("إعداد Zoom للجلسة 2", "سليم", "يلزم التصحيح", "لا يوجد مترجم فوري للغات التالية: العربية."),
}


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_the_set_up_page_in_four_languages(client, api_event, zoom_api, make_user, login_as, lang):
    title, correct, to_correct, no_interpreter = SETUP_TEXT[lang]
    session = configure(api_event, zoom_api, languages=("FR",))
    session.interpretation_languages = ["en", "fr", "ar"]
    db.session.commit()
    login_as(make_user())
    overview = client.get(f"/console/events/{api_event.slug}/zoom?lang={lang}").get_data(as_text=True)
    assert f"/console/events/{api_event.slug}/zoom/sessions/2/setup" in overview
    page = client.get(f"/console/events/{api_event.slug}/zoom/sessions/2/setup?lang={lang}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'lang="{lang}"' in text and title in text and correct in text and to_correct in text
    assert no_interpreter in text  # badly configured: Arabic has no interpreter
    # Set up the questions from the page; the check then passes.
    response = client.post(f"/console/events/{api_event.slug}/zoom/sessions/2/setup/questions?lang={lang}")
    assert response.status_code == 303
    custom = zoom_api.webinar_questions(WEBINAR_ID)["custom_questions"]
    assert {q["title"] for q in custom} == {services.LISTENING_LANGUAGE_QUESTION,
                                            services.INTERPRETATION_CHANNEL_QUESTION}
    result = {c.code: c.ok for c in checks.check_session(session)}
    assert result["our_questions"] and not result["interpretation"]


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_the_set_up_page_of_a_correct_webinar_has_nothing_to_correct(client, api_event, zoom_api, make_user,
                                                                     login_as, lang):
    session = configure(api_event, zoom_api)
    session.interpretation_languages = ["en", "fr", "es", "ar"]
    db.session.commit()
    zoom_api.set_questions(WEBINAR_ID, custom_questions=[
        {"title": services.LISTENING_LANGUAGE_QUESTION, "type": "single", "required": False},
        {"title": services.INTERPRETATION_CHANNEL_QUESTION, "type": "single", "required": False}])
    login_as(make_user())
    title, correct, to_correct, _ = SETUP_TEXT[lang]
    text = client.get(f"/console/events/{api_event.slug}/zoom/sessions/2/setup?lang={lang}").get_data(as_text=True)
    assert f'lang="{lang}"' in text and title in text and correct in text and to_correct not in text
    if lang == "en":
        assert "Interpretation is enabled for French, Spanish, and Arabic." in text
    link_mode = client.get(f"/console/events/{api_event.slug}/zoom/sessions/1/setup")
    assert link_mode.status_code == 404


# -- The registration link: only webinar.updated deliveries carry it --------------------
# (WebinarUpdatedEvent.payload.object.registration_url in @zoom/rivet; GET /webinars/{id}
# has none, so the stand-in's GET answer has none either.)

import datetime as dt  # noqa: E402
import html  # noqa: E402
import re  # noqa: E402

from eventhub.timezones import format_moment  # noqa: E402
from tests.zoom.conftest import SECOND_WEBINAR_ID, fresh  # noqa: E402
from tests.zoom.test_webhook_endpoint import post_event  # noqa: E402

OTHER_LINK = "https://us06web.zoom.us/webinar/register/WN_someOtherWebinar000"
#: 2030-01-15 09:30 UTC, in Zoom's event_ts (milliseconds).
DELIVERED_AT = dt.datetime(2030, 1, 15, 9, 30, tzinfo=dt.timezone.utc)
DELIVERED_TS = int(DELIVERED_AT.timestamp() * 1000)


def link_check(session):
    return {c.code: c for c in checks.check_session(fresh(session))}["registration_link"]


def deliver_update(client, zoom_api, webinar_id=WEBINAR_ID, **options):
    body = zoom_api.update_webinar(webinar_id, agenda="Revised agenda", event_ts=DELIVERED_TS, **options)
    response = post_event(client, body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["status"]


def test_the_link_from_a_webinar_updated_delivery_agrees_with_the_session(app, client, api_event, zoom_api):
    session = configure(api_event, zoom_api)
    session.zoom_registration_url = zoom_api.registration_url_of(WEBINAR_ID) + "?from=ipu"
    db.session.commit()
    assert "registration_url" not in services.get_client().get_webinar(WEBINAR_ID)  # as the contract says
    assert link_check(session).detail.endswith("by hand.")
    assert deliver_update(client, zoom_api) == "applied"
    session = fresh(session)
    assert (session.zoom_registration_url_seen, session.zoom_registration_url_seen_at,
            session.zoom_registration_url_seen_for) == (zoom_api.registration_url_of(WEBINAR_ID), DELIVERED_AT,
                                                        WEBINAR_ID)
    check = link_check(session)
    assert check.ok
    assert check.detail == ("The session's registration link is the webinar's, as Zoom gave it on "
                            f"{format_moment(DELIVERED_AT, 'UTC', 'en')} UTC.")
    output = app.test_cli_runner().invoke(args=["zoom", "check", "--event", api_event.slug])
    assert "[ok] The session's registration link is the webinar's, as Zoom gave it on Jan 15, 2030" \
           in output.output, output.output
    # An older delivery arriving late does not replace what a newer one gave.
    late = zoom_api.update_webinar(WEBINAR_ID, agenda="Older", event_ts=DELIVERED_TS - 60_000)
    late["payload"]["object"]["registration_url"] = OTHER_LINK
    post_event(client, late)
    assert fresh(session).zoom_registration_url_seen == zoom_api.registration_url_of(WEBINAR_ID)


def test_a_link_that_is_not_the_webinars_fails_naming_both(app, client, api_event, zoom_api):
    session = configure(api_event, zoom_api)
    session.zoom_registration_url = OTHER_LINK
    db.session.commit()
    deliver_update(client, zoom_api)
    check = link_check(session)
    assert not check.ok
    assert check.detail == (f"The session's registration link ({OTHER_LINK}) is not the webinar's: on "
                            f"{format_moment(DELIVERED_AT, 'UTC', 'en')} UTC Zoom gave "
                            f"{zoom_api.registration_url_of(WEBINAR_ID)}.")
    output = app.test_cli_runner().invoke(args=["zoom", "check", "--event", api_event.slug])
    assert output.exit_code == 1 and f"[FAIL] The session's registration link ({OTHER_LINK})" in output.output


def test_a_link_never_seen_is_checked_by_hand(client, api_event, zoom_api):
    session = configure(api_event, zoom_api)
    # A delivery without registration_url (optional in WebinarUpdatedEvent) leaves nothing to compare.
    assert deliver_update(client, zoom_api, with_registration_url=False) == "ignored"
    check = link_check(session)
    assert check.ok and check.detail == ("Zoom does not give the webinar's registration link; "
                                         "check the session's link by hand.")
    assert fresh(session).zoom_registration_url_seen is None


def test_a_link_for_another_webinar_is_not_taken_for_the_session(client, api_event, zoom_api):
    session = configure(api_event, zoom_api)
    zoom_api.add_webinar(SECOND_WEBINAR_ID, topic="Another consultation")
    session.zoom_registration_url = zoom_api.registration_url_of(SECOND_WEBINAR_ID)
    db.session.commit()
    # A delivery about a webinar no session uses: nothing kept, the check stays by hand.
    assert deliver_update(client, zoom_api, SECOND_WEBINAR_ID) == "unknown_webinar"
    assert fresh(session).zoom_registration_url_seen is None
    assert link_check(session).detail.endswith("by hand.")
    # Seen for the session's webinar, then the session moves to another webinar: the link
    # kept was for the old ID, so it is not compared any more.
    deliver_update(client, zoom_api)
    assert not link_check(session).ok
    session = fresh(session)
    session.zoom_webinar_id = SECOND_WEBINAR_ID
    db.session.commit()
    moved = link_check(session)
    assert moved.ok and moved.detail.endswith("by hand.")


LINK_TEXT = {
    "en": ("The session's registration link is the webinar's, as Zoom gave it on",
           "The session's registration link ({url}) is not the webinar's: on",
           "people are sent to Zoom one by one with their answers"),
    "fr": ("Le lien d’inscription de la séance est celui du webinaire, tel que Zoom l’a donné le",
           "Le lien d’inscription de la séance ({url}) n’est pas celui du webinaire\u00a0: le",
           "transmises à Zoom une par une, avec leurs réponses"),
    "es": ("El enlace de inscripción de la sesión es el del seminario web, tal como Zoom lo dio el",
           "El enlace de inscripción de la sesión ({url}) no es el del seminario web: el",
           "se transmiten a Zoom una por una, con sus respuestas"),
    "ar": ("رابط التسجيل في الجلسة هو رابط الندوة الإلكترونية، كما أعطاه Zoom في",
           "رابط التسجيل في الجلسة ({url}) ليس رابط الندوة الإلكترونية: ففي",
           "يُحال المسجَّلون إلى Zoom واحداً تلو الآخر مع إجاباتهم"),
}


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_the_set_up_page_compares_the_link_in_four_languages(client, api_event, zoom_api, make_user, login_as,
                                                             lang):
    agree, disagree, one_by_one = LINK_TEXT[lang]
    session = configure(api_event, zoom_api)
    session.zoom_registration_url = zoom_api.registration_url_of(WEBINAR_ID)
    db.session.commit()
    deliver_update(client, zoom_api)
    login_as(make_user())
    url = f"/console/events/{api_event.slug}/zoom/sessions/2/setup?lang={lang}"
    text = html.unescape(client.get(url).get_data(as_text=True))
    assert agree in text and format_moment(DELIVERED_AT, "UTC", lang) in text
    assert one_by_one in text  # how people are sent, with or without eventhub's questions
    session = fresh(session)
    session.zoom_registration_url = OTHER_LINK
    db.session.commit()
    body = client.get(url).get_data(as_text=True)
    assert f'<bdi dir="ltr" class="link-text">{OTHER_LINK}</bdi>' in body  # reads left to right in Arabic too
    text = html.unescape(re.sub(r"<[^>]+>", "", body))
    assert disagree.format(url=OTHER_LINK) in text and zoom_api.registration_url_of(WEBINAR_ID) in text
    assert SETUP_TEXT[lang][2] in text  # "To correct"
