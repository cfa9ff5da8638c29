"""flask users create --event / users set-events: accounts limited to events' teams."""
from __future__ import annotations

import pytest

from eventhub.accounts import teams
from eventhub.accounts.models import User
from eventhub.extensions import db
from tests.security.test_event_scope import OTHER_SLUG, make_other_event

STRONG = "lantern orchard velvet harbour"


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=list(args), env={"EVENTHUB_PASSWORD": STRONG})

    return invoke


def get_user(email):
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one()


def test_create_with_events_limits_the_role_to_them(cli, demo_event):
    make_other_event(demo_event)
    result = cli("users", "create", "team@ipu.example", "--role", "organiser",
                 "--event", demo_event.slug, "--event", OTHER_SLUG)
    assert result.exit_code == 0, result.output
    assert f"events: {demo_event.slug}, {OTHER_SLUG}" in result.output
    user = get_user("team@ipu.example")
    assert teams.is_limited(user)
    assert [e.slug for e in teams.team_events(user)] == [demo_event.slug, OTHER_SLUG]
    assert f"events: {demo_event.slug}, {OTHER_SLUG}" in cli("users", "list").output


def test_create_without_events_is_for_every_event(cli, demo_event):
    result = cli("users", "create", "all@ipu.example", "--role", "staff")
    assert result.exit_code == 0 and "every event" in result.output
    assert not teams.is_limited(get_user("all@ipu.example"))


def test_unknown_event_and_limited_admin_are_refused_and_nothing_is_created(cli, demo_event):
    result = cli("users", "create", "x@ipu.example", "--role", "organiser", "--event", "no-such-event")
    assert result.exit_code != 0 and "no-such-event" in result.output
    result = cli("users", "create", "y@ipu.example", "--role", "admin", "--event", demo_event.slug)
    assert result.exit_code != 0 and "Administrators" in result.output
    assert db.session.execute(db.select(User)).scalars().all() == []


def test_set_events_changes_the_team_and_back_to_every_event(cli, demo_event):
    other = make_other_event(demo_event)
    assert cli("users", "create", "m@ipu.example", "--role", "staff").exit_code == 0
    result = cli("users", "set-events", "m@ipu.example", OTHER_SLUG)
    assert result.exit_code == 0, result.output
    user = get_user("m@ipu.example")
    assert teams.is_limited(user) and not teams.may_open_event(user, demo_event.id)
    assert teams.may_open_event(user, other.id)
    assert "unchanged" in cli("users", "set-events", "m@ipu.example", OTHER_SLUG).output
    result = cli("users", "set-events", "m@ipu.example", "--all-events")
    assert result.exit_code == 0 and "every event" in result.output
    db.session.expire_all()
    assert not teams.is_limited(get_user("m@ipu.example"))
    assert cli("users", "set-events", "m@ipu.example", "--all-events", OTHER_SLUG).exit_code != 0
