"""Staff accounts: creation, roles, passwords, sign-in throttling and API tokens.

The command line (``flask users ...``, ``flask tokens ...``), the console's account
pages and the sign-in view all call these functions; they raise ``AccountError`` with
a translated message when the input is refused.
"""
from __future__ import annotations

import datetime as dt
import functools

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from eventhub.db_types import utcnow
from eventhub.extensions import db
from eventhub.i18n import ngettext
from eventhub.security import hash_token, new_token

from .models import ApiToken, Role, User

ROLES = tuple(role.value for role in Role)
#: Shorter passwords are refused whatever their strength score.
MIN_PASSWORD_LENGTH = 12
#: zxcvbn score (0-4) a password must reach: 3 = "safely unguessable" for online attacks.
MIN_PASSWORD_SCORE = 3
@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to check against when the email is unknown, so that an unknown account and
    a wrong password take the same time to refuse. Made on first use: an scrypt hash costs
    a third of a second, which every process start (CLI commands, workers) paid."""
    return generate_password_hash("not a real password", method="scrypt")


class AccountError(ValueError):
    """Refused input; ``str(error)`` is a sentence for the person who typed it."""


def normalise_email(email: str) -> str:
    """Staff addresses compare case-insensitively: store and look up lower-cased."""
    from email_validator import EmailNotValidError, validate_email  # its regexes: not at start-up

    try:
        return validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise AccountError(_("“%(email)s” is not a valid email address.", email=email)) from exc


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(_("Unknown role “%(role)s”: choose admin, organiser or staff.", role=role))
    return role


def check_password_strength(password: str, email: str = "") -> None:
    """Refuse short and guessable passwords, with a sentence that says why."""
    from zxcvbn import zxcvbn

    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(ngettext("The password is too short: use at least %(num)s character.",
                                    "The password is too short: use at least %(num)s characters.",
                                    MIN_PASSWORD_LENGTH))
    if len(password) > 256:
        raise AccountError(_("The password is too long: use at most 256 characters."))
    email = (email or "").lower()
    local_part = email.partition("@")[0]
    if email and (email in password.lower() or (len(local_part) >= 4 and local_part in password.lower())):
        raise AccountError(_("The password must not contain the email address."))
    hints = [email] + [part for part in email.replace("@", " ").replace(".", " ").split() if part]
    result = zxcvbn(password[:100], user_inputs=hints + ["eventhub", "ipu", "parliament"])
    if result["score"] < MIN_PASSWORD_SCORE:
        raise AccountError(_("The password is too easy to guess. Use a longer phrase of several "
                             "unrelated words, without your name or email address."))


def get_user_by_email(email: str) -> User | None:
    try:
        email = normalise_email(email)
    except AccountError:
        return None
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()


def require_user(email: str) -> User:
    user = get_user_by_email(email)
    if user is None:
        raise AccountError(_("No account with the email address %(email)s.", email=email))
    return user


def create_user(email: str, role: str, password: str, events=None, actor: str = "cli",
                via: str = "cli") -> User:
    """A new account. ``events`` (slugs): limit its role to those events' teams; None or
    empty: the role applies to every event."""
    from . import teams

    email = normalise_email(email)
    check_role(role)
    if db.session.execute(db.select(User.id).filter_by(email=email)).first() is not None:
        raise AccountError(_("An account with the email address %(email)s already exists.", email=email))
    team = teams.check_team(role, events)
    check_password_strength(password, email)
    user = User(email=email, role=role, active=True, events_limited=bool(team))
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    for event in team:
        teams.add_to_team(user, event, added_by=actor, via=via)
    db.session.commit()
    return user


def add_to_team(user: User, event, added_by: str = "creator", via: str = "console"):
    """Put ``user`` on ``event``'s team, in the caller's transaction (it commits). The
    event-creation operation calls this for the creator. See ``eventhub.accounts.teams``."""
    from .teams import add_to_team as add

    return add(user, event, added_by=added_by, via=via)


def end_sessions(user: User, *, commit: bool = True) -> None:
    """End every console session of ``user`` on every device: each is refused on its
    next request and the person signs in again. Call it for any change to what a user
    may do (role, team, activation) or to how they prove who they are (password).

    The increment is done by the database (``generation + 1``), so two concurrent calls
    both count. ``commit=False`` leaves it in the caller's transaction, to be committed
    with the change that causes it."""
    user.session_generation = User.session_generation + 1
    if commit:
        db.session.commit()


def set_password(user: User, password: str) -> None:
    check_password_strength(password, user.email)
    user.set_password(password)
    end_sessions(user, commit=False)
    db.session.commit()


def _active_admins(excluding: User | None = None) -> int:
    query = db.select(db.func.count(User.id)).filter_by(role=Role.ADMIN.value, active=True)
    if excluding is not None:
        query = query.where(User.id != excluding.id)
    return db.session.execute(query).scalar_one()


def set_role(user: User, role: str) -> None:
    check_role(role)
    if user.role == Role.ADMIN.value and role != Role.ADMIN.value and user.active \
            and _active_admins(excluding=user) == 0:
        raise AccountError(_("This is the last active administrator: appoint another one first."))
    if user.role != role:
        user.role = role
        end_sessions(user, commit=False)
    if role == Role.ADMIN.value:
        user.events_limited = False  # administrators see every event
    db.session.commit()


def set_active(user: User, active: bool) -> None:
    if not active and user.role == Role.ADMIN.value and _active_admins(excluding=user) == 0:
        raise AccountError(_("This is the last active administrator: appoint another one first."))
    if user.active != active:
        end_sessions(user, commit=False)
    user.active = active
    db.session.commit()


def list_users() -> list[User]:
    return list(db.session.execute(db.select(User).order_by(User.email)).scalars())


# --- Sign-in ------------------------------------------------------------------------

class SignInThrottled(Exception):
    """Too many recent failures from this client (for this address, or in all):
    ``retry_after`` seconds to wait. The password was not checked."""

    def __init__(self, retry_after: float):
        super().__init__(retry_after)
        self.retry_after = retry_after


def _client_address() -> str:
    from flask import has_request_context, request

    return (request.remote_addr or "unknown") if has_request_context() else "local"


def authenticate(email: str, password: str, now: dt.datetime | None = None,
                 client: str | None = None) -> User | None:
    """The active user with this email and password, or None; ``SignInThrottled``
    while this client must wait (``eventhub.accounts.throttling``).

    Unknown account, wrong password, deactivated account, and a throttled attempt all
    do the same work, one scrypt check (against a dummy hash when there is no account
    or the attempt is not checked), so timing tells nothing about which addresses have
    an account. No account is ever locked: an attacker slows down only their own tries.
    """
    from . import throttling

    now = now or utcnow()
    client = client or _client_address()
    typed = (email or "").strip().lower()[:320]
    user = get_user_by_email(email)
    wait = throttling.claim_attempt(typed, client, now)
    if wait > 0:
        check_password_hash(_dummy_hash(), password or "")
        raise SignInThrottled(wait)
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not user.check_password(password or "") or not user.active:
        return None
    throttling.attempt_succeeded(typed, client)
    user.last_login_at = now
    db.session.commit()
    return user


# --- API tokens ---------------------------------------------------------------------

def create_token(user: User, label: str = "") -> tuple[ApiToken, str]:
    """A new bearer token; the plain value is returned once and only its hash is stored."""
    if not user.active:
        raise AccountError(_("The account %(email)s is deactivated.", email=user.email))
    token = new_token()
    api_token = ApiToken(user=user, token_hash=hash_token(token), label=(label or "")[:120])
    db.session.add(api_token)
    db.session.commit()
    return api_token, token


def revoke_token(token_id: int) -> ApiToken:
    api_token = db.session.get(ApiToken, token_id)
    if api_token is None:
        raise AccountError(_("No API token with the number %(number)d.", number=token_id))
    if api_token.revoked_at is None:
        api_token.revoked_at = utcnow()
        db.session.commit()
    return api_token


def find_token(value: str) -> ApiToken | None:
    """The token row for a plain token value (for revoking a token one holds)."""
    return db.session.execute(
        db.select(ApiToken).filter_by(token_hash=hash_token(value.strip()))
    ).scalar_one_or_none()
