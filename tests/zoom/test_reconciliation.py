"""Reconciliation: who is registered here, who on Zoom, and the actions to bring them
together, from the function, the command and the console page."""
from __future__ import annotations

import re

import pytest

from eventhub.extensions import db
from eventhub.registration.models import Registration, RegistrationChange
from eventhub.zoom.reconciliation import reconcile
from tests.zoom.conftest import WEBINAR_ID, fresh, place_of


@pytest.fixture
def planted(api_event, people, run_jobs, zoom_api):
    """Eight people in agreement, one only on Zoom (plus many on later pages), one only
    here, one with a stale registrant id, one cancelled here but still on Zoom."""
    agreed = [people.register(api_event, email=f"agreed{n}@parl.example") for n in range(8)]
    stale = people.register(api_event, email="stale@parl.example", given_name="Stale")
    gone = people.register(api_event, email="gone@parl.example", given_name="Gone")
    run_jobs()
    # Zoom-side: 650 people who registered through Zoom's own form (three pages of 300),
    # and one pending approval.
    zoom_api.seed_registrants(WEBINAR_ID, 650, email_pattern="zoomonly{n}@parl.example")
    zoom_api.seed_registrants(WEBINAR_ID, 1, status="pending", email_pattern="waiting.approval@parl.example")
    # Here-side: a place whose sync never happened, a stale id, a cancellation Zoom missed.
    only_here = people.register(api_event, email="onlyhere@parl.example", given_name="Only", send=False)
    place = fresh(place_of(stale, 2))
    place.zoom_registrant_id = "not-the-real-id"
    fresh(place_of(gone, 2)).status = "cancelled"
    db.session.commit()
    return {"agreed": agreed, "stale": stale, "gone": gone, "only_here": only_here}


def test_reconcile_finds_the_planted_differences_across_every_page(api_event, planted, zoom_api):
    result = reconcile(api_event.session_by_number(2))
    assert len(result.matched) == 8
    assert len(result.only_on_zoom) == 651
    assert {row.email for row in result.only_on_zoom} >= {"zoomonly0@parl.example", "zoomonly649@parl.example",
                                                          "waiting.approval@parl.example"}
    assert [row.email for row in result.only_here] == ["onlyhere@parl.example"]
    differing = {row.email: row.differences for row in result.differing}
    assert differing == {"stale@parl.example": ("registrant_id",), "gone@parl.example": ("cancelled_here",)}
    listings = [r for r in zoom_api.api_requests() if r.method == "GET"]
    assert len(listings) == 4  # approved: 3 pages of 300; pending: 1


def test_a_language_changed_here_shows_as_a_difference(api_event, people, run_jobs, zoom_api):
    registration = people.register(api_event, {2: "fr"})
    run_jobs()
    people.change(fresh(place_of(registration, 2)), "language_changed", listening_language="ar")
    result = reconcile(api_event.session_by_number(2))
    assert [row.differences for row in result.differing] == [("listening_language",)]


def test_command_prints_the_lists_with_counts(app, api_event, planted):
    output = app.test_cli_runner().invoke(args=["zoom", "sync", "--event", api_event.slug]).output
    assert "Session 2 (webinar 84759841045):" in output
    assert "matched: 8" in output
    assert "only on Zoom: 651" in output
    assert "only here: 1" in output and "Only Haddad <onlyhere@parl.example>" in output
    assert "differing: 2" in output and "Stale Haddad <stale@parl.example>: registrant_id" in output


def test_command_push_and_import_bring_both_sides_together(app, api_event, planted, run_jobs, zoom_api):
    runner = app.test_cli_runner()
    output = runner.invoke(args=["zoom", "sync", "--event", api_event.slug, "--push", "--import"]).output
    assert "queued the registration of 1 person(s)" in output and "imported 651 registration(s)" in output
    run_jobs()
    result = reconcile(api_event.session_by_number(2))
    assert result.only_here == [] and result.only_on_zoom == []
    assert len(result.matched) == 8 + 1 + 651

    imported = db.session.execute(db.select(Registration).filter_by(email="zoomonly7@parl.example")).scalar_one()
    place = place_of(imported, 2)
    registrant = next(r for r in zoom_api.registrants_of(WEBINAR_ID) if r["email"] == "zoomonly7@parl.example")
    assert imported.given_name == "Person7"
    assert (place.zoom_state, place.zoom_registrant_id, place.zoom_join_url) == (
        "synced", registrant["id"], registrant["join_url"])
    assert place.status == "confirmed" and place.listening_language == "en"
    [history] = imported.changes
    assert (history.actor, history.action) == ("zoom", "imported_from_zoom")
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 8 + 2 + 651 + 1  # nobody added twice


def test_command_without_api_mode_says_so(app, demo_event):
    output = app.test_cli_runner().invoke(args=["zoom", "sync", "--event", demo_event.slug]).output
    assert "No session of this event is in Zoom API mode" in output


def test_unknown_event_is_an_error(app):
    result = app.test_cli_runner().invoke(args=["zoom", "sync", "--event", "nope"])
    assert result.exit_code != 0 and "No event with slug 'nope'" in result.output


# ------------------------------------------------------------------ console page --

def test_console_requires_sign_in(client, api_event):
    assert client.get(f"/console/events/{api_event.slug}/zoom").status_code in (302, 401)
    assert client.post(f"/console/events/{api_event.slug}/zoom/sessions/2/push", data={"all": "1"}).status_code \
        in (302, 401)


def test_console_refuses_staff(client, api_event, make_user, login_as):
    login_as(make_user("staff@ipu.example", role="staff"))
    assert client.get(f"/console/events/{api_event.slug}/zoom").status_code == 403


def test_console_shows_states_differences_and_actions(client, api_event, planted, make_user, login_as):
    login_as(make_user())
    page = client.get(f"/console/events/{api_event.slug}/zoom").get_data(as_text=True)
    assert "651 people only on Zoom" in page
    assert "1 person only here" in page
    assert "2 people on both sides with differences" in page
    assert "Cancelled here, but still registered on Zoom." in page
    assert "onlyhere@parl.example" in page and "zoomonly649@parl.example" in page
    assert "Link mode" in page  # session 1


def test_console_row_actions_import_and_push(client, api_event, planted, make_user, login_as, run_jobs, zoom_api):
    login_as(make_user())
    registrant = next(r for r in zoom_api.registrants_of(WEBINAR_ID) if r["email"] == "zoomonly3@parl.example")
    response = client.post(f"/console/events/{api_event.slug}/zoom/sessions/2/import",
                           data={"registrant_id": registrant["id"]})
    assert response.status_code == 303
    imported = db.session.execute(db.select(Registration).filter_by(email="zoomonly3@parl.example")).scalar_one()
    assert place_of(imported, 2).zoom_registrant_id == registrant["id"]

    only_here = place_of(planted["only_here"], 2)
    client.post(f"/console/events/{api_event.slug}/zoom/sessions/2/push", data={"place_id": only_here.id})
    gone = place_of(planted["gone"], 2)
    client.post(f"/console/events/{api_event.slug}/zoom/sessions/2/push", data={"place_id": gone.id})
    stale = place_of(planted["stale"], 2)
    client.post(f"/console/events/{api_event.slug}/zoom/sessions/2/push", data={"place_id": stale.id})
    run_jobs()
    assert fresh(only_here).zoom_state == "synced"
    assert next(r for r in zoom_api.registrants_of(WEBINAR_ID)
                if r["email"] == "gone@parl.example")["status"] == "cancelled"
    stale_on_zoom = next(r for r in zoom_api.registrants_of(WEBINAR_ID) if r["email"] == "stale@parl.example")
    assert fresh(stale).zoom_registrant_id == stale_on_zoom["id"]
    result = reconcile(api_event.session_by_number(2))
    assert result.only_here == [] and result.differing == []


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_console_actions_need_the_csrf_token(client, api_event, planted, make_user, login_as):
    login_as(make_user())
    only_here = place_of(planted["only_here"], 2)
    refused = client.post(f"/console/events/{api_event.slug}/zoom/sessions/2/push", data={"place_id": only_here.id})
    assert refused.status_code == 400
    page = client.get(f"/console/events/{api_event.slug}/zoom").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    accepted = client.post(f"/console/events/{api_event.slug}/zoom/sessions/2/push",
                           data={"place_id": only_here.id, "csrf_token": token})
    assert accepted.status_code == 303


def test_console_in_french_and_arabic(client, api_event, planted, make_user, login_as):
    login_as(make_user())
    french = client.get(f"/console/events/{api_event.slug}/zoom?lang=fr").get_data(as_text=True)
    assert '<html lang="fr"' in french
    assert "Séance 2" in french and "Comparaison avec Zoom" in french
    assert "Only on Zoom" not in french and "Send to Zoom" not in french
    arabic = client.get(f"/console/events/{api_event.slug}/zoom?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in arabic and '<span dir="ltr">onlyhere@parl.example</span>' in arabic
    assert "Comparison with Zoom" not in arabic


def test_console_says_when_zoom_cannot_be_reached(client, api_event, make_user, login_as, zoom_api):
    login_as(make_user())
    zoom_api.fail_next(10, status=503)
    page = client.get(f"/console/events/{api_event.slug}/zoom").get_data(as_text=True)
    assert "Zoom could not be reached" in page


def test_history_shows_import_by_zoom(api_event, planted, app):
    app.test_cli_runner().invoke(args=["zoom", "sync", "--event", api_event.slug, "--import"])
    actors = set(db.session.execute(db.select(RegistrationChange.actor)).scalars())
    assert actors == {"zoom"}
