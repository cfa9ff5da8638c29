from __future__ import annotations

import datetime as dt
import enum

from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db, login_manager


class Role(str, enum.Enum):
    ADMIN = "admin"  # everything, including audit logs and accounts
    ORGANISER = "organiser"  # events, sessions, registrations, invitations, exports
    STAFF = "staff"  # parliamentary inputs only


class User(UserMixin, db.Model):
    """A member of the IPU secretariat who signs in to the console."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    #: Werkzeug scrypt hash.
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(16), default=Role.STAFF.value)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: True: the role applies only to the events of the account's team
    #: (``EventMembership``); False: to every event. Admins are never limited.
    events_limited: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Raised by ``accounts.services.end_sessions()`` (sign-out, password, role, team or
    #: activation change): every session cookie carries the value it was issued with
    #: (in ``get_id()``), and one with an older value is refused on its next request.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user", cascade="all, delete-orphan")  # noqa: F821

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What the session cookie stores (Flask-Login): the id and the session generation."""
        return f"{self.id}:{self.session_generation or 0}"

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def has_role(self, *roles: str) -> bool:
        """Admins can do everything; otherwise the role must be listed."""
        return self.role == Role.ADMIN.value or self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


@login_manager.user_loader
def load_user(session_user_id: str):
    """The signed-in user, checked on every request: a deactivated account, a session of
    an older generation (``end_sessions``) or a session idle or open for too long
    (``eventhub.accounts.sessions``) is signed out."""
    from eventhub.accounts.sessions import session_is_current

    user_id, _, generation = (session_user_id or "").partition(":")
    try:
        user_id, generation = int(user_id), int(generation)
    except (TypeError, ValueError):
        return None  # a cookie from before session generations: sign in again
    if not 0 < user_id < 2**63:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or (user.session_generation or 0) != generation:
        return None
    return user if session_is_current() else None
