"""Per-event teams over every console and API route (the classifier in routes.py lists
them): an organiser or staff account limited to one event gets 404, as for an event that
does not exist, on every route of any other event, through the console or with its API
token; on its own event it gets exactly what an account with the same role for every
event gets."""
from __future__ import annotations

import uuid

import pytest

from eventhub.accounts import teams
from eventhub.accounts.models import ApiToken
from eventhub.extensions import db
from eventhub.security import hash_token, new_token

from .routes import build_path, methods, rules_of

OTHER_SLUG = "other-consultation-2027"


def slug_rule_params(*kinds):
    params = [
        pytest.param(rule, method, id=f"{method} {rule.rule}")
        for kind in kinds for rule in rules_of(kind) if "slug" in rule.arguments
        for method in methods(rule)
    ]
    return params or [pytest.param(None, None, marks=pytest.mark.skip(reason="no event route"))]


def make_other_event(demo_event):
    """A second event with the demo's sessions (numbers 1 and 2), as a copy would be."""
    from eventhub.events.models import Event, EventSession

    other = Event(slug=OTHER_SLUG, reference_timezone=demo_event.reference_timezone,
                  organiser=dict(demo_event.organiser), title={lang: f"Other {text}" for lang, text in
                                                               demo_event.title.items()},
                  subtitle=dict(demo_event.subtitle), summary=dict(demo_event.summary),
                  format_note=dict(demo_event.format_note), registration_open=True)
    for session in demo_event.sessions:
        other.sessions.append(EventSession(
            number=session.number, starts_at=session.starts_at, ends_at=session.ends_at,
            region=dict(session.region), floor_language=session.floor_language,
            interpretation_languages=list(session.interpretation_languages)))
    db.session.add(other)
    db.session.commit()
    return other


@pytest.fixture
def two_events(demo_event):
    return demo_event, make_other_event(demo_event)


def limited_user(make_user, role, event, email=None):
    user = make_user(email or f"{role}-{uuid.uuid4().hex[:6]}@ipu.example", role=role)
    teams.set_events(user, [event.slug], actor="test", via="cli")
    return user


def token_for(user) -> str:
    token = new_token()
    db.session.add(ApiToken(user=user, token_hash=hash_token(token), label="test"))
    db.session.commit()
    return token


def send(client, app, rule, method, slug, token=None):
    path = build_path(app, rule, method, slug=slug)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.open(path, method=method, headers=headers,
                           json={} if method in {"POST", "PUT", "PATCH"} else None)
    response.get_data()  # a streamed export is read to its end before the next request
    response.close()
    return response


@pytest.mark.parametrize("role", ["organiser", "staff"])
@pytest.mark.parametrize("rule, method", slug_rule_params("console"))
def test_console_route_of_another_event_is_not_found(app, client, two_events, make_user, login_as,
                                                     role, rule, method):
    own, other = two_events
    login_as(limited_user(make_user, role, own))
    response = send(client, app, rule, method, other.slug)
    assert response.status_code == 404, f"{method} {rule.rule} answered {response.status_code}"


@pytest.mark.parametrize("role", ["organiser", "staff"])
@pytest.mark.parametrize("rule, method", slug_rule_params("api", "public-api"))
def test_api_route_of_another_event_is_not_found_with_a_limited_token(app, client, two_events, make_user,
                                                                      role, rule, method):
    own, other = two_events
    token = token_for(limited_user(make_user, role, own))
    response = send(client, app, rule, method, other.slug, token=token)
    assert response.status_code == 404, f"{method} {rule.rule} answered {response.status_code}"
    assert response.is_json


def test_the_other_event_is_really_there(app, client, two_events, make_user, login_as):
    """The 404s above are the scope's doing: an organiser for every event opens the other
    event's pages, and so does one on its team."""
    own, other = two_events
    login_as(make_user("everywhere@ipu.example", role="organiser"))
    assert client.get(f"/console/e/{other.slug}/").status_code == 200
    member = limited_user(make_user, "organiser", other)
    login_as(member)
    assert client.get(f"/console/e/{other.slug}/").status_code == 200
    assert client.get(f"/console/e/{own.slug}/").status_code == 404


@pytest.mark.parametrize("rule, method", slug_rule_params("console"))
def test_console_route_of_the_own_event_answers_as_for_a_global_account(app, two_events, make_user,
                                                                         rule, method):
    own, _other = two_events
    scoped, global_ = app.test_client(), app.test_client()
    from tests.helpers import sign_in

    sign_in(scoped, limited_user(make_user, "organiser", own))
    sign_in(global_, make_user("global-organiser@ipu.example", role="organiser"))
    first = send(scoped, app, rule, method, own.slug)
    second = send(global_, app, rule, method, own.slug)
    if method == "GET":
        assert first.status_code == second.status_code, (
            f"{method} {rule.rule}: {first.status_code} limited, {second.status_code} for every event")
    else:  # the first call may have changed what the second finds
        assert first.status_code != 404 or second.status_code == 404


@pytest.mark.parametrize("rule, method", slug_rule_params("api", "public-api"))
def test_api_route_of_the_own_event_answers_as_for_a_global_token(app, client, two_events, make_user,
                                                                   rule, method):
    own, _other = two_events
    scoped = token_for(limited_user(make_user, "organiser", own))
    global_ = token_for(make_user("global-organiser@ipu.example", role="organiser"))
    first = send(client, app, rule, method, own.slug, token=scoped)
    second = send(client, app, rule, method, own.slug, token=global_)
    if method == "GET":
        assert first.status_code == second.status_code, (
            f"{method} {rule.rule}: {first.status_code} limited, {second.status_code} for every event")
    else:
        assert first.status_code != 404 or second.status_code == 404


def test_event_list_shows_only_the_team_events(app, client, two_events, make_user, login_as):
    own, other = two_events
    login_as(limited_user(make_user, "staff", own))
    page = client.get("/console/").get_data(as_text=True)
    assert own.slug in page and other.slug not in page
    assert f"/console/events/{own.slug}/inputs" in page  # staff reach their inputs queue


def test_limited_account_with_no_event_sees_none(app, client, two_events, make_user, login_as):
    own, other = two_events
    user = make_user("nobody-yet@ipu.example", role="organiser")
    teams.set_events(user, [], actor="test", via="cli")
    login_as(user)
    page = client.get("/console/").get_data(as_text=True)
    assert own.slug not in page and other.slug not in page
    assert client.get(f"/console/e/{own.slug}/").status_code == 404


def test_admins_are_never_limited(app, two_events, make_user):
    from eventhub.accounts.services import AccountError

    admin = make_user("admin@ipu.example", role="admin")
    with pytest.raises(AccountError):
        teams.set_events(admin, [two_events[0].slug])
    assert not teams.is_limited(admin)


def test_creator_of_an_event_is_on_its_team(app, two_events, make_user):
    from eventhub.accounts.services import add_to_team

    own, other = two_events
    user = limited_user(make_user, "organiser", own)
    add_to_team(user, other)
    db.session.commit()
    assert teams.may_open_event(user, other.id) and teams.may_open_event(user, own.id)
    add_to_team(user, other)  # twice is once
    db.session.commit()
    assert [event.slug for event in teams.team_events(user)] == [own.slug, other.slug]


def test_export_log_is_filtered_through_the_scope(app, two_events, make_user):
    from eventhub.exports.models import ExportRecord

    own, other = two_events
    for event in (own, other, None):
        db.session.add(ExportRecord(actor="x@ipu.example", via="console", event=event, kind="registrations",
                                    file_format="csv", filters={}))
    db.session.commit()
    user = limited_user(make_user, "organiser", own)
    rows = db.session.execute(teams.scope_to_user(db.select(ExportRecord), user,
                                                  ExportRecord.event_id)).scalars().all()
    assert [row.event_id for row in rows] == [own.id]


#: URL arguments that name a row of one event (a registration, an input...).
ROW_ARGUMENTS = {"registration_id", "place_id", "input_id", "attachment_id", "document_id",
                 "paragraph_id", "invitee_id"}


def row_rule_params():
    params = [
        pytest.param(rule, method, id=f"{method} {rule.rule}")
        for kind in ("console", "api") for rule in rules_of(kind)
        if "slug" in rule.arguments and set(rule.arguments) & ROW_ARGUMENTS
        for method in methods(rule)
    ]
    return params or [pytest.param(None, None, marks=pytest.mark.skip(reason="no row route"))]


def test_every_route_naming_an_event_row_names_its_event_too(app):
    """A console or API URL with a registration, input, text... id also has the event's
    slug, so that the scope hook sees which event it is about."""
    for kind in ("console", "api", "public-api"):
        for rule in rules_of(kind):
            if set(rule.arguments) & ROW_ARGUMENTS:
                assert "slug" in rule.arguments, rule.rule


@pytest.mark.parametrize("rule, method", row_rule_params())
def test_a_row_of_another_event_is_not_found_under_the_own_slug(app, client, two_events, make_user,
                                                                 login_as, rule, method):
    """An account limited to its event cannot reach another event's registration, input,
    attachment, text, paragraph or invitee by putting that row's id under its own slug."""
    from tests.console.test_menu import fill_event

    own, other = two_events
    own_ids, other_ids = fill_event(own), fill_event(other)
    roles = getattr(app.view_functions[rule.endpoint], "required_roles", None) or ("organiser",)
    user = limited_user(make_user, "organiser" if "organiser" in roles else "staff", own)
    token = None
    if rule.rule.startswith("/api/"):
        token = token_for(user)
    else:
        login_as(user)
    fixed = {"text_lang": "en", "language": "en", "number": 1}

    def call(ids):
        path = build_path(app, rule, method, slug=own.slug, **fixed, **ids)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.open(path, method=method, headers=headers,
                               json={} if token and method in {"POST", "PUT", "PATCH"} else None)
        response.get_data()
        response.close()
        return response.status_code

    if method == "GET":
        assert call(own_ids) not in (404,), f"{rule.rule} with the own event's rows is not found"
    assert call(other_ids) == 404, f"{method} {rule.rule} with another event's row"


def test_a_limited_organiser_s_clone_is_on_its_team_and_no_one_else_s(app, client, two_events, make_user,
                                                                     login_as):
    """The creator of an event (here a clone made with a limited account's token) is on its
    team: the token and the console open it; another limited account does not."""
    own, other = two_events
    member = limited_user(make_user, "organiser", own)
    token = token_for(member)
    response = client.post(f"/api/v1/events/{own.slug}/clone", headers={"Authorization": f"Bearer {token}"},
                           json={"slug": "clone-by-member", "first_day": "2031-12-06"})
    assert response.status_code == 201, response.get_json()
    assert client.get("/api/v1/events/clone-by-member", headers={"Authorization": f"Bearer {token}"}
                      ).status_code == 200
    assert "clone-by-member" in {event.slug for event in teams.team_events(member)}
    outsider = token_for(limited_user(make_user, "organiser", other))
    assert client.get("/api/v1/events/clone-by-member", headers={"Authorization": f"Bearer {outsider}"}
                      ).status_code == 404
    assert client.post(f"/api/v1/events/{own.slug}/clone", headers={"Authorization": f"Bearer {outsider}"},
                       json={"slug": "clone-by-outsider", "first_day": "2031-12-06"}).status_code == 404
