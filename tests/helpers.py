"""Small helpers shared by tests (fixtures live in conftest.py)."""


def sign_in(client, user):
    """Sign ``user`` in on ``client`` without the login form, as Flask-Login would."""
    app = client.application
    with app.test_request_context(environ_base=client.environ_base):
        # "strong" session protection drops a session whose identifier (address + user
        # agent) is missing or different: give it the client's own.
        identifier = app.login_manager._session_identifier_generator()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
        session["_id"] = identifier
    return client
