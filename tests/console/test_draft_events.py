"""A draft is prepared in the console before it is published: its console pages open for
its organisers while the public still gets 404."""
from __future__ import annotations

import pytest

from tests.security.test_event_scope import OTHER_SLUG, make_other_event


@pytest.mark.parametrize("path", ["/console/events/{slug}/invitations", "/console/events/{slug}/zoom"])
def test_console_pages_of_a_draft_open_for_its_organisers(app, client, demo_event, make_user, login_as, path):
    draft = make_other_event(demo_event)
    assert draft.is_draft
    login_as(make_user("draft-organiser@ipu.example", role="organiser"))
    assert client.get(path.format(slug=OTHER_SLUG)).status_code == 200
    anonymous = app.test_client()
    assert anonymous.get(f"/en/e/{OTHER_SLUG}/").status_code == 404
    assert anonymous.get(f"/en/e/{OTHER_SLUG}/calendar.ics").status_code == 404
