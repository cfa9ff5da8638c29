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
    assert "[FAIL] No interpreter for ar." in text
    assert "[FAIL] Required questions eventhub cannot answer (every registration would fail): phone, " \
           "Favourite colour." in text
    assert not [r for r in zoom_api.api_requests() if r.method == "POST"]


import pytest  # noqa: E402

SETUP_TEXT = {
    "en": ("Zoom set-up of session 2", "Correct", "To correct", "No interpreter for ar."),
    "fr": ("Configuration Zoom de la séance 2", "Correct", "À corriger", "Aucun interprète pour les langues"),
    "es": ("Configuración de Zoom de la sesión 2", "Correcto", "Por corregir", "No hay intérprete"),
    "ar": ("إعداد Zoom للجلسة 2", "سليم", "يلزم التصحيح", "لا يوجد مترجم فوري"),
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
        assert "Interpretation is enabled for fr, es, ar." in text
    link_mode = client.get(f"/console/events/{api_event.slug}/zoom/sessions/1/setup")
    assert link_mode.status_code == 404
