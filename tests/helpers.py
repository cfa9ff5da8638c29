"""Small helpers shared by tests (fixtures live in conftest.py)."""


def sign_in(client, user):
    """Sign ``user`` in on ``client`` without the login form, as Flask-Login would."""
    app = client.application
    with app.test_request_context(environ_base=client.environ_base):
        # "strong" session protection drops a session whose identifier (address + user
        # agent) is missing or different: give it the client's own.
        identifier = app.login_manager._session_identifier_generator()
        # What the cookie stores: "<id>:<session generation>" (User.get_id), and the
        # sign-in and last-use times that the idle and absolute limits are checked on.
        user_id = app.extensions["sqlalchemy"].session.merge(user).get_id()
    import time

    now = int(time.time())
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
        session["_id"] = identifier
        session["_signed_in_at"] = now
        session["_seen_at"] = now
    return client
