"""The administrators' team screens: an account's events (every event or only some), an
event's team (add a member, take one off); each change is in the audit log and ends the
account's sign-in sessions; limited accounts then see only their events."""
from __future__ import annotations

import pytest

from eventhub.accounts import teams
from eventhub.accounts.models import User
from eventhub.audit.models import AuditEntry
from eventhub.extensions import db
from tests.helpers import sign_in
from tests.security.test_event_scope import make_other_event


def row_of(page, email):
    return page.split(f'<th scope="row"><span dir="ltr">{email}', 1)[1].split("</tr>", 1)[0]


def checked(page, value):
    import lxml.html

    return bool(lxml.html.fromstring(page).xpath(f'//input[@value="{value}"][@checked]'))


def reload(user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def entries(action="team_changed"):
    db.session.expire_all()
    return list(db.session.execute(db.select(AuditEntry).filter_by(action=action)
                                   .order_by(AuditEntry.id)).scalars())


@pytest.fixture
def admin_client(app, make_user):
    client = app.test_client()
    sign_in(client, make_user("admin@ipu.example", role="admin"))
    return client


def test_accounts_page_lists_roles_and_events(app, admin_client, make_user, demo_event):
    make_user("everywhere@ipu.example", role="organiser")
    limited = make_user("limited@ipu.example", role="staff")
    teams.set_events(limited, [demo_event.slug], actor="test")
    page = admin_client.get("/console/accounts?lang=en").get_data(as_text=True)
    row = row_of(page, "limited@ipu.example")
    assert demo_event.slug in row and f"/console/accounts/{limited.id}/events" in row
    everywhere_row = row_of(page, "everywhere@ipu.example")
    assert "Every event" in everywhere_row and demo_event.slug not in everywhere_row
    admin_row = row_of(page, "admin@ipu.example")
    assert "Every event (administrator)" in admin_row and "/events" not in admin_row


def test_admin_limits_an_account_to_events_and_back(app, admin_client, make_user, demo_event):
    other = make_other_event(demo_event)
    organiser = make_user("org@ipu.example", role="organiser")
    organiser_client = app.test_client()
    sign_in(organiser_client, organiser)
    assert organiser_client.get(f"/console/e/{other.slug}/").status_code == 200

    page = admin_client.get(f"/console/accounts/{organiser.id}/events?lang=en").get_data(as_text=True)
    assert checked(page, "all") and not checked(page, "limited") and not checked(page, demo_event.slug)
    response = admin_client.post(f"/console/accounts/{organiser.id}/events",
                                 data={"scope": "limited", "events": [demo_event.slug]})
    assert response.status_code == 302
    user = reload(organiser)
    assert teams.is_limited(user) and [e.slug for e in teams.team_events(user)] == [demo_event.slug]
    page = admin_client.get(f"/console/accounts/{organiser.id}/events?lang=en").get_data(as_text=True)
    assert checked(page, "limited") and checked(page, demo_event.slug) and not checked(page, other.slug)
    # Signed out everywhere: the old session no longer opens the console.
    assert organiser_client.get("/console/").status_code == 302
    sign_in(organiser_client, user)
    assert organiser_client.get(f"/console/e/{other.slug}/").status_code == 404
    assert organiser_client.get(f"/console/e/{demo_event.slug}/").status_code == 200
    entry = entries()[-1]
    assert entry.actor == "admin@ipu.example" and entry.via == "console"
    assert entry.target == "org@ipu.example" and entry.changes == {"events": [None, [demo_event.slug]]}

    admin_client.post(f"/console/accounts/{organiser.id}/events", data={"scope": "all"})
    user = reload(organiser)
    assert not teams.is_limited(user)
    assert entries()[-1].changes == {"events": [[demo_event.slug], None]}


def test_unknown_event_and_admin_accounts_are_refused(app, admin_client, make_user, demo_event):
    staff = make_user("staff@ipu.example", role="staff")
    page = admin_client.post(f"/console/accounts/{staff.id}/events?lang=en",
                             data={"scope": "limited", "events": ["no-such-event"]})
    assert page.status_code == 200 and "Choose among the events listed." in page.get_data(as_text=True)
    assert not teams.is_limited(reload(staff)) and not entries()
    admin = make_user("admin2@ipu.example", role="admin")
    page = admin_client.post(f"/console/accounts/{admin.id}/events?lang=en",
                             data={"scope": "limited", "events": [demo_event.slug]})
    assert "an administrator cannot be limited" in page.get_data(as_text=True)
    assert not reload(admin).events_limited
    assert admin_client.get("/console/accounts/999999/events").status_code == 404


def test_admin_adds_and_removes_a_team_member(app, admin_client, make_user, demo_event):
    other = make_other_event(demo_event)
    staff = make_user("staff@ipu.example", role="staff")
    teams.set_events(staff, [demo_event.slug], actor="test")
    staff = reload(staff)
    staff_client = app.test_client()
    sign_in(staff_client, staff)
    assert staff_client.get(f"/console/events/{other.slug}/inputs").status_code == 404

    page = admin_client.get(f"/console/e/{other.slug}/team?lang=en").get_data(as_text=True)
    assert "Nobody is on this event" in page and f'value="{staff.id}"' in page
    response = admin_client.post(f"/console/e/{other.slug}/team", data={"user": str(staff.id)})
    assert response.status_code == 302
    staff = reload(staff)
    assert {e.slug for e in teams.team_events(staff)} == {demo_event.slug, other.slug}
    assert staff_client.get("/console/").status_code == 302  # signed out everywhere
    sign_in(staff_client, staff)
    assert staff_client.get(f"/console/events/{other.slug}/inputs").status_code == 200
    page = admin_client.get(f"/console/e/{other.slug}/team?lang=en").get_data(as_text=True)
    assert "staff@ipu.example" in page and "Only its teams" in page
    assert entries()[-1].changes == {"events": [[demo_event.slug], sorted([demo_event.slug, other.slug])]}

    admin_client.post(f"/console/e/{other.slug}/team/{staff.id}/remove")
    staff = reload(staff)
    assert [e.slug for e in teams.team_events(staff)] == [demo_event.slug]
    sign_in(staff_client, staff)
    assert staff_client.get(f"/console/events/{other.slug}/inputs").status_code == 404


def test_a_global_account_on_a_team_keeps_every_event(app, admin_client, make_user, demo_event):
    organiser = make_user("org@ipu.example", role="organiser")
    admin_client.post(f"/console/e/{demo_event.slug}/team", data={"user": str(organiser.id)})
    user = reload(organiser)
    assert not teams.is_limited(user) and [e.slug for e in teams.team_events(user)] == [demo_event.slug]
    entry = entries()[-1]
    assert entry.event_id == demo_event.id and entry.changes == {"team": [False, True]}
    assert user.session_generation == 1
    admin_client.post(f"/console/e/{demo_event.slug}/team/{organiser.id}/remove")
    assert teams.team_events(reload(organiser)) == []
    assert entries()[-1].changes == {"team": [True, False]}


def test_admins_cannot_be_added_and_unknown_accounts_are_refused(app, admin_client, make_user, demo_event):
    admin = make_user("admin2@ipu.example", role="admin")
    page = admin_client.post(f"/console/e/{demo_event.slug}/team?lang=en", data={"user": str(admin.id)})
    assert page.status_code == 200 and not teams.team_events(reload(admin))
    page = admin_client.post(f"/console/e/{demo_event.slug}/team?lang=en", data={"user": "999999"})
    assert page.status_code == 200 and not entries()
    assert admin_client.get("/console/e/no-such-event/team").status_code == 404


def test_team_pages_are_for_admins_only(app, client, make_user, login_as, demo_event):
    organiser = make_user("org@ipu.example", role="organiser")
    login_as(organiser)
    assert client.get(f"/console/e/{demo_event.slug}/team").status_code == 403
    assert client.get(f"/console/accounts/{organiser.id}/events").status_code == 403
    assert client.post(f"/console/e/{demo_event.slug}/team", data={"user": str(organiser.id)}).status_code == 403


def test_team_changes_are_on_the_audit_page(app, admin_client, make_user, demo_event):
    staff = make_user("staff@ipu.example", role="staff")
    admin_client.post(f"/console/e/{demo_event.slug}/team", data={"user": str(staff.id)})
    page = admin_client.get("/console/audit?lang=en").get_data(as_text=True)
    changes = page.split('id="changes-heading"', 1)[1].split('id="exports-heading"', 1)[0]
    assert "Team changed" in changes and "staff@ipu.example" in changes and demo_event.slug in changes
    french = admin_client.get("/console/audit?lang=fr").get_data(as_text=True)
    assert "Team changed" not in french
