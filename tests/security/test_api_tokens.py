"""Bearer tokens: "last used" is kept, but not rewritten on every request (one row
updated by every request of a client serialised them on PostgreSQL)."""
from __future__ import annotations

import datetime as dt

import pytest

from eventhub.db_types import utcnow
from eventhub.extensions import db


@pytest.fixture
def protected(app):
    from eventhub.security import token_required

    @token_required("organiser")
    def whoami():
        return "ok"

    app.add_url_rule("/api/v1/_test/whoami", "test_whoami", whoami)
    return "/api/v1/_test/whoami"


def last_used(token_hash):
    from eventhub.accounts.models import ApiToken

    db.session.remove()
    return db.session.execute(db.select(ApiToken.last_used_at).filter_by(token_hash=token_hash)).scalar_one()


def test_last_used_is_recorded_at_most_once_a_minute(client, api_token, protected):
    from eventhub.security import hash_token

    token = api_token("organiser")
    headers = {"Authorization": f"Bearer {token}"}
    assert last_used(hash_token(token)) is None

    assert client.get(protected, headers=headers).status_code == 200
    first = last_used(hash_token(token))
    assert first is not None and utcnow() - first < dt.timedelta(seconds=30)

    assert client.get(protected, headers=headers).status_code == 200
    assert last_used(hash_token(token)) == first  # not rewritten within the minute

    from eventhub.accounts.models import ApiToken

    row = db.session.execute(db.select(ApiToken).filter_by(token_hash=hash_token(token))).scalar_one()
    row.last_used_at = first - dt.timedelta(minutes=5)
    db.session.commit()
    assert client.get(protected, headers=headers).status_code == 200
    assert last_used(hash_token(token)) > first
