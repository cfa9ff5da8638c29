"""The registrations list (search, filters, pages) and actions on one registration."""
from __future__ import annotations

import pytest

from eventhub.console import operations
from eventhub.extensions import db
from eventhub.registration.models import Registration, RegistrationChange
from eventhub.signals import session_registration_changed

from .helpers import make_registration

LIST = "/console/e/safe-cyberspace-2022/registrations"


def detail_url(registration):
    return f"{LIST}/{registration.id}"


@pytest.fixture
def announced(app):
    received = []

    def receiver(sender, session_registration, action, previous):
        received.append((session_registration.session.number, action, previous))

    session_registration_changed.connect(receiver, weak=False)
    yield received
    session_registration_changed.disconnect(receiver)


@pytest.fixture
def people(demo_event):
    return {
        "amina": make_registration(demo_event, given_name="Amina", family_name="Diallo",
                                   email="amina@assemblee.sn", parliament="Assemblée nationale du Sénégal",
                                   country="SN", places=((2, "fr", "confirmed"),)),
        "omar": make_registration(demo_event, given_name="عمر", family_name="الخطيب", email="omar@parliament.jo",
                                  parliament="مجلس الأعيان", country="JO", role="staff",
                                  places=((1, "en", "confirmed"), (2, "ar", "waitlisted"))),
        "lucia": make_registration(demo_event, given_name="Lucía", family_name="Pérez", email="lucia@senado.mx",
                                   parliament="Senado de la República", country="MX", role="other",
                                   places=((2, "es", "cancelled"),)),
    }


def names_on(page: str, people) -> set[str]:
    return {key for key, person in people.items() if f"{LIST}/{person.id}\"" in page}


@pytest.mark.parametrize("query, expected", [
    ("", {"amina", "omar", "lucia"}),
    ("q=diallo", {"amina"}),
    ("q=AMINA+diallo", {"amina"}),
    ("q=الخطيب", {"omar"}),
    ("q=senado.mx", {"lucia"}),
    ("q=Sénégal", {"amina"}),
    ("q=100%25", set()),
    ("session=1", {"omar"}),
    ("status=waitlisted", {"omar"}),
    ("status=cancelled&session=2", {"lucia"}),
    ("country=sn", {"amina"}),
    ("role=staff", {"omar"}),
    ("language=es", {"lucia"}),
    ("language=ar&status=confirmed", set()),
])
def test_search_and_filters(signed_in_organiser, people, query, expected):
    page = signed_in_organiser.get(f"{LIST}?{query}").get_data(as_text=True)
    assert names_on(page, people) == expected


def test_unknown_filter_values_are_reported(signed_in_organiser, people):
    page = signed_in_organiser.get(f"{LIST}?status=lost&language=de&session=x&country=France&lang=en").get_data(
        as_text=True)
    assert "Unknown status “lost”." in page and "Unknown language “de”." in page
    assert "There is no session x in this event." in page
    assert "A country is given by its two-letter ISO code" in page
    assert names_on(page, people) == {"amina", "omar", "lucia"}  # bad filters are not applied


def test_pages_of_fifty(demo_event, signed_in_organiser):
    for n in range(55):
        make_registration(demo_event, family_name=f"Person{n:03d}", places=((1, "en", "confirmed"),))
    first = signed_in_organiser.get(f"{LIST}?lang=en").get_data(as_text=True)
    second = signed_in_organiser.get(f"{LIST}?page=2&lang=en").get_data(as_text=True)
    assert "55 registrations match." in first and "Page 1 of 2" in first
    assert first.count('<th scope="row"><a href=') == 50 and second.count('<th scope="row"><a href=') == 5
    assert 'page=2' in first


def test_detail_shows_the_person_places_and_history(signed_in_organiser, people):
    page = signed_in_organiser.get(detail_url(people["omar"]) + "?lang=en").get_data(as_text=True)
    assert "عمر الخطيب" in page and 'dir="auto"' in page
    assert "omar@parliament.jo" in page and "Parliamentary staff" in page and "Jordan" in page
    assert "Waiting list" in page and "Registration received" in page and "The registrant" in page


def test_detail_of_another_events_registration_is_404(signed_in_organiser, people):
    assert signed_in_organiser.get(f"{LIST}/99999").status_code == 404


def test_cancel_one_place_records_history_and_announces(signed_in_organiser, people, announced):
    omar = people["omar"]
    response = signed_in_organiser.post(detail_url(omar) + "/cancel", data={"session": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    places = {p.session.number: p.status for p in db.session.get(Registration, omar.id).sessions}
    assert places == {1: "cancelled", 2: "waitlisted"}
    change = db.session.execute(db.select(RegistrationChange).filter_by(action="cancelled")).scalar_one()
    assert change.actor == "organiser@ipu.example" and change.details["session"] == 1
    assert announced == [(1, "cancelled", {"status": "confirmed"})]


def test_cancel_whole_registration_then_restore(signed_in_organiser, people, announced):
    amina = people["amina"]
    signed_in_organiser.post(detail_url(amina) + "/cancel")
    db.session.expire_all()
    assert [p.status for p in db.session.get(Registration, amina.id).sessions] == ["cancelled"]
    signed_in_organiser.post(detail_url(amina) + "/restore", data={"session": "2"})
    db.session.expire_all()
    assert [p.status for p in db.session.get(Registration, amina.id).sessions] == ["confirmed"]
    # Omar, waiting in session 2 (no capacity limit), got the place Amina freed.
    assert [a for _, a, _ in announced] == ["cancelled", "promoted", "restored"]
    history = [c.action for c in db.session.get(Registration, amina.id).changes]
    assert history == ["created", "cancelled", "restored"]


def test_restore_into_a_full_session_goes_to_the_waiting_list(demo_event, signed_in_organiser, people):
    demo_event.session_by_number(2).capacity = 1  # Amina holds the only confirmed place
    db.session.commit()
    lucia = people["lucia"]
    response = signed_in_organiser.post(detail_url(lucia) + "/restore?lang=en", data={"session": "2"},
                                        follow_redirects=True)
    assert "restored on the waiting list" in response.get_data(as_text=True)
    db.session.expire_all()
    place = db.session.get(Registration, lucia.id).sessions[0]
    assert place.status == "waitlisted" and place.waitlisted_at is not None


def test_restore_in_a_cancelled_session_is_refused(demo_event, people, organiser):
    demo_event.session_by_number(2).status = "cancelled"
    db.session.commit()
    with pytest.raises(operations.RegistrationActionError):
        operations.restore_place(people["lucia"].sessions[0], organiser.email)


def test_mark_attendance_by_hand(signed_in_organiser, people):
    amina = people["amina"]
    signed_in_organiser.post(detail_url(amina) + "/attendance", data={"session": "2", "attended": "yes"})
    db.session.expire_all()
    place = db.session.get(Registration, amina.id).sessions[0]
    assert place.attended is True
    change = db.session.execute(db.select(RegistrationChange).filter_by(action="attendance_set")).scalar_one()
    assert change.details == {"session": 2, "attended": True, "previous": None, "by": "organiser"}
    signed_in_organiser.post(detail_url(amina) + "/attendance", data={"session": "2", "attended": "unknown"})
    db.session.expire_all()
    assert db.session.get(Registration, amina.id).sessions[0].attended is None
    assert signed_in_organiser.post(detail_url(amina) + "/attendance",
                                    data={"session": "1", "attended": "yes"}).status_code == 404


def test_list_page_in_french_is_translated(signed_in_organiser, people):
    page = signed_in_organiser.get(f"{LIST}?lang=fr").get_data(as_text=True)
    assert "Inscriptions" in page and "Liste d’attente" in page
    assert "Waiting list" not in page and "Registrations" not in page


def test_honorific_is_shown_as_its_label_in_the_console_language(demo_event, signed_in_organiser):
    person = make_registration(demo_event, given_name="Amina", family_name="Haddad",
                               email="amina.haddad@parliament.example", honorific="hon")
    page = signed_in_organiser.get(detail_url(person) + "?lang=fr").get_data(as_text=True)
    assert "L’hon. Amina Haddad" in page
    assert "hon Amina Haddad" not in page


def test_zoom_bookkeeping_in_the_history_is_labelled_in_the_console_language(signed_in_organiser, people):
    omar = people["omar"]
    for action in ("zoom_cancelled", "zoom_answer_outdated", "imported_from_zoom", "link_sent"):
        db.session.add(RegistrationChange(registration=omar, actor="zoom", action=action, details={"session": 2}))
    db.session.commit()
    page = signed_in_organiser.get(detail_url(omar) + "?lang=fr").get_data(as_text=True)
    history = page[page.index('class="history"'):]
    for label in ("Annulée sur Zoom", "Zoom indique encore la langue d’écoute précédente",
                  "Importée de Zoom", "Lien personnel envoyé par courrier électronique"):
        assert label in history, label
    assert "zoom_" not in history and "link_sent" not in history


def test_cancelling_a_confirmed_place_gives_it_to_the_first_person_waiting(signed_in_organiser, people,
                                                                           demo_event, run_jobs, smtp_server):
    session = demo_event.session_by_number(2)
    session.capacity = 1  # full: Amina has the place, Omar waits
    db.session.commit()
    response = signed_in_organiser.post(detail_url(people["amina"]) + "/cancel", data={"session": "2"})
    assert response.status_code == 302
    db.session.expire_all()
    omar = db.session.get(Registration, people["omar"].id)
    assert {p.session.number: p.status for p in omar.sessions} == {1: "confirmed", 2: "confirmed"}
    assert [c.action for c in omar.changes if c.action == "promoted"] == ["promoted"]
    run_jobs()
    assert [m["To"] for m in smtp_server.messages].count("omar@parliament.jo") == 1


@pytest.mark.parametrize("before, after, omar_status", [
    (1, 2, "confirmed"), (1, None, "confirmed"), (2, 1, "waitlisted"),
])
def test_raising_a_capacity_fills_the_new_places_from_the_waiting_list(people, demo_event, before, after,
                                                                       omar_status):
    from eventhub.events.operations import update_session

    session = demo_event.session_by_number(2)
    session.capacity = before
    db.session.commit()
    update_session(session, capacity=after)
    db.session.expire_all()
    places = {p.session.number: p.status for p in db.session.get(Registration, people["omar"].id).sessions}
    assert places[2] == omar_status


def test_pages_follow_the_name_order_by_keyset_and_visit_everyone_once(signed_in_organiser, demo_event):
    import re

    people = [make_registration(demo_event, given_name=f"Given{i:03d}", family_name=f"Family{i % 7}",
                                email=f"paging{i}@parliament.example", places=((1, "en", "confirmed"),))
              for i in range(120)]
    expected = sorted(people, key=lambda r: (r.family_name, r.given_name, r.id))
    seen, url = [], LIST
    pages = 0
    while url:
        page = signed_in_organiser.get(url).get_data(as_text=True)
        pages += 1
        ids = [int(i) for i in re.findall(rf'href="{LIST}/(\d+)"', page)]
        seen.extend(ids)
        following = re.search(r'href="([^"]+)" rel="next"', page)
        url = following.group(1).replace("&amp;", "&") if following else None
        if url:
            assert "after=" in url  # continues from the last row shown, not by counting
    assert pages == 3 and "Page 3 of 3" in page
    assert seen == [r.id for r in expected]
    previous = re.search(r'href="([^"]+)" rel="prev"', page).group(1).replace("&amp;", "&")
    assert "before=" in previous
    back = signed_in_organiser.get(previous).get_data(as_text=True)
    assert [int(i) for i in re.findall(rf'href="{LIST}/(\d+)"', back)] == [r.id for r in expected[50:100]]
    assert "Page 2 of 3" in back
    # A bare page number (a kept link) still gives that page.
    third = signed_in_organiser.get(f"{LIST}?page=3").get_data(as_text=True)
    assert [int(i) for i in re.findall(rf'href="{LIST}/(\d+)"', third)] == [r.id for r in expected[100:]]


def test_search_finds_word_beginnings_through_the_index_and_follows_edits(signed_in_organiser, people):
    from eventhub.registration.models import RegistrationSearchTerm

    assert names_on(signed_in_organiser.get(f"{LIST}?q=dial").get_data(as_text=True), people) == {"amina"}
    assert names_on(signed_in_organiser.get(f"{LIST}?q=PEREZ").get_data(as_text=True), people) == {"lucia"}
    terms = set(db.session.execute(db.select(RegistrationSearchTerm.term).where(
        RegistrationSearchTerm.registration_id == people["lucia"].id)).scalars())
    assert {"lucia", "perez", "senado", "mx", "republica"} <= terms
    people["lucia"].family_name = "Pérez-Ortega"
    db.session.commit()
    assert names_on(signed_in_organiser.get(f"{LIST}?q=ortega").get_data(as_text=True), people) == {"lucia"}
    assert names_on(signed_in_organiser.get(f"{LIST}?q=%25").get_data(as_text=True), people) == set()


def test_search_with_three_or_more_words(signed_in_organiser, people):
    response = signed_in_organiser.get(f"{LIST}?q=Amina+Diallo+Senegal")
    assert response.status_code == 200
    assert names_on(response.get_data(as_text=True), people) == {"amina"}
    assert names_on(signed_in_organiser.get(f"{LIST}?q=Amina+Diallo+Senado+mx").get_data(as_text=True),
                    people) == set()
