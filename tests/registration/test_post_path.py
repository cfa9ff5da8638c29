"""The registration POST's work (issue 20): fewer statements and less Python per POST,
with the same stored rows, answers and suggestions as before."""
from __future__ import annotations

import pytest
from sqlalchemy import event as sa_event

from eventhub.extensions import db
from eventhub.invitations.models import Invitee
from eventhub.registration import search
from eventhub.registration.models import Registration, RegistrationChange
from eventhub.registration.validation import COMMON_MAIL_DOMAINS, _edit_distance, suggest_email

from .conftest import api_payload, form_data, register_url

API_URL = "/api/v1/events/safe-cyberspace-2022/registrations"


def statements_during(call) -> list[str]:
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.split()))

    sa_event.listen(db.engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", record)
    return statements


def test_form_post_statements(client, demo_event):
    """Registering through the form: the event and its sessions, then one flush for the
    registration (no look-up first: the unique index answers; a new one has no search terms
    to delete) and one for its place, history and email, with the invitee's UPDATE between
    them; 11 before."""
    def post():
        response = client.post(register_url(), data=form_data(email="statements@assemblee.example"))
        assert response.status_code == 302 and "/confirmation" in response.headers["Location"]

    statements = statements_during(post)
    assert not [s for s in statements if s.startswith("DELETE FROM registration_search_terms")]
    assert len(statements) <= 9, statements


def test_api_post_statements(client, demo_event, api_token):
    """Through the API: the organiser's audit entry reads the places made in memory, not
    with a SELECT; 16 before (besides the token's)."""
    auth = {"Authorization": f"Bearer {api_token('organiser')}"}

    def post():
        response = client.post(API_URL, json=api_payload(email="statements@riksdag.example"), headers=auth)
        assert response.status_code == 201, response.get_json()

    # The token's checks (and its last use, written at most once a while) are not counted.
    statements = [s for s in statements_during(post) if "api_tokens" not in s and "FROM users" not in s]
    assert not [s for s in statements if s.startswith("DELETE FROM registration_search_terms")]
    inside = statements[:next(i for i, s in enumerate(statements) if s.startswith("INSERT INTO audit_entries"))]
    assert not [s for s in inside if s.startswith("SELECT session_registrations")], inside
    assert len(statements) <= 13, statements


AWKWARD = [
    dict(given_name="<b>Amina</b> & Co", family_name="Diallo \"Jr\"", parliament="Assemblée <nationale>"),
    dict(given_name="محمد", family_name="العلي", parliament="مجلس النواب"),
    dict(given_name="Ólafur", family_name="Ragnar Grímsson", parliament="Alþingi"),
]


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
@pytest.mark.parametrize("fields", AWKWARD)
def test_form_registration_is_stored_whole(client, demo_event, lang, fields):
    """Stored rows after the trimmed path: the person, their place, the history entry, the
    search terms of a new registration, the invitee marked registered, in one commit."""
    email = f"awkward-{lang}-{len(fields['given_name'])}@parliament.example"
    from eventhub.invitations.operations import InviteeData, create_invitee

    create_invitee(demo_event, InviteeData(name="x y", email=email, language=lang))
    response = client.post(register_url(lang), data=form_data(email=email, **fields))
    assert response.status_code == 302 and "/confirmation" in response.headers["Location"]
    db.session.expire_all()
    registration = db.session.execute(db.select(Registration).filter_by(email=email)).scalar_one()
    for key, value in fields.items():
        assert getattr(registration, key) == value
    assert registration.language == lang
    assert [(p.session.number, p.listening_language, p.status) for p in registration.sessions] == [
        (2, "fr", "confirmed")]
    assert [c.action for c in db.session.execute(
        db.select(RegistrationChange).filter_by(registration_id=registration.id)).scalars()] == ["created"]
    terms = set(db.session.execute(db.select(search.RegistrationSearchTerm.term)
                                   .filter_by(registration_id=registration.id)).scalars())
    assert terms == search.registration_terms(registration)
    found = db.session.execute(search.matching_ids(demo_event.id, fields["family_name"])).scalars().all()
    assert registration.id in found
    invitee = db.session.execute(db.select(Invitee).filter_by(email=email)).scalar_one()
    assert (invitee.status, invitee.registration_id) == ("registered", registration.id)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_duplicate_form_post_changes_nothing_but_sends_the_link(client, demo_event, lang, run_jobs):
    """Without the look-up before the INSERT, a duplicate is the unique index's refusal,
    rolled back: the same answer as before (check your email), the same single registration,
    its link sent again."""
    data = form_data(email="twice@assemblee.example")
    assert client.post(register_url(lang), data=data).status_code == 302
    run_jobs()
    again = client.post(register_url(lang), data=dict(data, given_name="Other <b>"))
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/{lang}/e/safe-cyberspace-2022/register/check-email")
    db.session.expire_all()
    rows = db.session.execute(db.select(Registration).filter_by(email="twice@assemblee.example")).scalars().all()
    assert [r.given_name for r in rows] == ["Amina"]
    actions = [c.action for c in db.session.execute(
        db.select(RegistrationChange).filter_by(registration_id=rows[0].id).order_by(RegistrationChange.id)).scalars()]
    assert actions == ["created", "link_sent"]


def test_edited_registration_terms_are_still_rewritten(client, demo_event, register_person):
    """Only a registration inserted by the flush skips the DELETE: an edited one's old terms go."""
    result = register_person(email="rename@congreso.example")
    registration = result.registration
    registration.family_name = "Zyxwv"
    db.session.commit()
    terms = set(db.session.execute(db.select(search.RegistrationSearchTerm.term)
                                   .filter_by(registration_id=registration.id)).scalars())
    assert "zyxwv" in terms and "lopez" not in terms


def test_api_audit_entry_lists_the_sessions(client, demo_event, api_token):
    from eventhub.audit.models import AuditEntry

    auth = {"Authorization": f"Bearer {api_token('organiser')}"}
    response = client.post(API_URL, json=api_payload(email="audit@riksdag.example", sessions=[1, 2],
                                                     listening_language={"2": "ar"}), headers=auth)
    assert response.status_code == 201
    entry = db.session.execute(db.select(AuditEntry).filter_by(target="audit@riksdag.example")).scalar_one()
    assert entry.changes["sessions"][1] == [1, 2]
    assert [s["number"] for s in response.get_json()["sessions"]] == [1, 2]


def test_form_class_follows_the_sessions(app, demo_event):
    """The form classes are kept per set of session numbers read from the event, so a
    session added or cancelled changes the form at once (on every instance)."""
    from eventhub.registration.forms import registration_form_class

    before = registration_form_class(demo_event)
    assert registration_form_class(demo_event) is before
    assert {"language_1", "language_2"} <= {name for name in dir(before) if name.startswith("language_")}
    session = demo_event.session_by_number(1)
    session.status = "cancelled"
    db.session.flush()
    after = registration_form_class(demo_event)
    assert after is not before
    assert not hasattr(after, "language_1") and hasattr(after, "language_2")
    db.session.rollback()


def _former_suggest_email(address: str) -> str | None:
    """``suggest_email`` before its domain part was kept (the reference)."""
    local, _, domain = (address or "").rpartition("@")
    if not local or "." not in domain:
        return None
    name, _, ending = domain.partition(".")
    if name in COMMON_MAIL_DOMAINS:
        endings = COMMON_MAIL_DOMAINS[name]
        if ending in endings:
            return None
        near = [e for e in endings if _edit_distance(ending, e) == 1]
        return f"{local}@{name}.{near[0]}" if len(near) == 1 else None
    candidates = []
    for known, endings in COMMON_MAIL_DOMAINS.items():
        limit = 1 if len(known) <= 5 else 2
        distance = _edit_distance(name, known)
        if distance <= limit:
            for e in endings:
                if e == ending or _edit_distance(ending, e) == 1 and distance == 1 and len(ending) >= 3:
                    candidates.append((distance + (e != ending), f"{local}@{known}.{e}"))
    if not candidates:
        return None
    candidates.sort()
    best = [c for c in candidates if c[0] == candidates[0][0]]
    return best[0][1] if len(best) == 1 else None


def test_suggestions_are_the_former_ones():
    locals_ = ["amina", "a.b+c", "محمد", "<x>&y", "z@z"]
    domains = ["gmial.com", "gmail.con", "gmail.com", "hotmal.fr", "yaho.com", "outlok.com",
               "parliament.example", "assemblee-nationale.fr", "gmai.co", "gmail", "", ".", "a.b.c",
               "ymail.com", "hotmail.co.uk", "hotmial.co.uk", "gnail.com", "مجلس.عرب", "ｇｍａｉｌ.com"]
    for name, endings in COMMON_MAIL_DOMAINS.items():
        for ending in endings:
            domains += [f"{name}.{ending}", f"{name[1:]}.{ending}", f"{name}x.{ending}",
                        f"{name[::-1]}.{ending}", f"{name}.{ending[:-1]}", f"{name}.{ending}x"]
    for local in locals_:
        for domain in domains:
            for address in (f"{local}@{domain}", domain, f"@{domain}"):
                # twice: the second answer comes from the kept domain
                assert suggest_email(address) == _former_suggest_email(address), address
                assert suggest_email(address) == _former_suggest_email(address), address
