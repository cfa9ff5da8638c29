"""A person who changes their email address (issue 15) is registered on Zoom again with
the new one, and the old registrant is cancelled (FakeZoom over real HTTP): Zoom cannot
change a registrant's address, and the join link it checks belongs to the address."""
from __future__ import annotations

from eventhub.registration.operations import confirm_email_change
from tests.zoom.conftest import WEBINAR_ID, fresh, place_of

OLD, NEW = "nadia@parliament.dz", "nadia.benali@senat.dz"


def by_email(fake_zoom) -> dict:
    return {(r["email"], r["status"]) for r in fake_zoom.registrants_of(WEBINAR_ID)}


def test_new_address_gets_its_own_registrant_and_join_link(api_event, people, run_jobs, zoom_api, smtp_server):
    nadia = people.register(api_event, email=OLD, given_name="Nadia", family_name="Benali")
    other = people.register(api_event, email="jean@assemblee.fr", given_name="Jean", family_name="Dupont")
    run_jobs()
    old_place = fresh(place_of(nadia, 2))
    old_link, old_id = old_place.zoom_join_url, old_place.zoom_registrant_id
    assert old_link and old_id
    smtp_server.envelopes.clear()

    assert confirm_email_change(nadia, NEW)
    run_jobs()

    assert by_email(zoom_api) == {(OLD, "cancelled"), (NEW, "approved"), ("jean@assemblee.fr", "approved")}
    place = fresh(place_of(nadia, 2))
    assert place.zoom_state == "synced" and place.zoom_registrant_id not in (None, old_id)
    assert place.zoom_join_url and place.zoom_join_url != old_link
    assert fresh(place_of(other, 2)).zoom_state == "synced"  # the other person is untouched
    # The new join link goes to the new address, never to the old one.
    to_new = [m for m in smtp_server.messages if m["To"] == NEW]
    assert any(place.zoom_join_url in m.get_body(("plain",)).get_content() for m in to_new)
    for message in smtp_server.messages:
        if message["To"] == OLD:
            assert place.zoom_join_url not in message.get_body(("plain",)).get_content()


def test_link_mode_and_unsynced_places_send_nothing_to_zoom(demo_event, people, run_jobs):
    from eventhub.extensions import db
    from eventhub.zoom.operations import detach_from_address

    person = people.register(demo_event, email=OLD, given_name="Nadia", family_name="Benali")
    run_jobs()
    db.session.refresh(person)
    assert detach_from_address(person) == []
