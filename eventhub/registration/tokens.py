"""The personal manage link's token: derived from a per-registration salt and the secret
key, stored only as a hash. Because it can be recomputed, jobs (and the job outbox in
the database) carry the registration's id, never the token."""
from __future__ import annotations

from eventhub.security import derived_token, hash_token, new_token, tokens_equal

MANAGE_LINK = "manage-link"


def new_manage_token(registration) -> str:
    registration.manage_token_salt = new_token()
    token = derived_token(MANAGE_LINK, registration.manage_token_salt)
    registration.manage_token_hash = hash_token(token)
    return token


def current_manage_token(registration) -> str | None:
    """The link the person already has, recomputed; None when it cannot be (made before
    salts existed, secret key changed, or erased)."""
    if not registration.manage_token_salt or not registration.manage_token_hash:
        return None
    token = derived_token(MANAGE_LINK, registration.manage_token_salt)
    return token if tokens_equal(hash_token(token), registration.manage_token_hash) else None


# --- a new email address, confirmed from its mailbox -------------------------------------------

EMAIL_CHANGE = "email-change"
#: How long the link sent to a new address works (seconds; EMAIL_CHANGE_MAX_AGE).
EMAIL_CHANGE_MAX_AGE = 48 * 3600


def _email_change_serializer():
    from flask import current_app
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=EMAIL_CHANGE)


def _address_digest(address: str) -> str:
    return hash_token(f"{EMAIL_CHANGE}:{(address or '').casefold()}")[:24]


def email_change_token(registration, new_address: str) -> str:
    """Signed and dated: which registration, which new address, and (as a digest) the
    address it replaces, so that the link stops working once the address has changed."""
    return _email_change_serializer().dumps(
        {"r": registration.id, "to": new_address, "from": _address_digest(registration.email)})


def read_email_change_token(token: str, registration_lookup):
    """``(registration, new address)`` for a valid, unexpired link whose registration
    still has the address it was sent from; ``(registration, address)`` also when that
    change is already done (a second click); else None."""
    from flask import current_app
    from itsdangerous import BadData

    max_age = int(current_app.config.get("EMAIL_CHANGE_MAX_AGE", EMAIL_CHANGE_MAX_AGE))
    try:
        data = _email_change_serializer().loads(token, max_age=max_age)
    except (BadData, UnicodeError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("r"), int) or not isinstance(data.get("to"), str):
        return None
    registration = registration_lookup(data["r"])
    if registration is None or registration.anonymised_at is not None:
        return None
    if registration.email == data["to"]:
        return registration, data["to"]
    if not tokens_equal(_address_digest(registration.email), str(data.get("from") or "")):
        return None
    return registration, data["to"]
