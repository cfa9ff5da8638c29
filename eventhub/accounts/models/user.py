from __future__ import annotations

import datetime as dt
import enum

from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String
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
    #: Consecutive failed sign-ins; reset on success. Drives throttling.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user", cascade="all, delete-orphan")  # noqa: F821

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def has_role(self, *roles: str) -> bool:
        """Admins can do everything; otherwise the role must be listed."""
        return self.role == Role.ADMIN.value or self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


@login_manager.user_loader
def load_user(user_id: str):
    """The signed-in user; a deactivated account is signed out on its next request."""
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
    return user if user is not None and user.active else None
