"""Sign-in throttling: growing delays per (typed address, client) and per client,
never a lock on the account itself.

A lock on the account (the previous design) let anyone keep its owner out with five
wrong passwords an hour. Here the failures are counted per key:

- ``account``: the address typed plus the client's IP address. An attacker guessing one
  account from one address waits longer and longer; the owner, from another address,
  is not affected.
- ``client``: the client's IP address whatever address is typed (one client trying many
  accounts). It allows more failures before it waits, as an office behind one address
  may share it.

After ``free`` failures each further one doubles the wait (``base`` seconds, at most
``ceiling``); an attempt during the wait is not checked and not counted. A key that has
not failed for ``LOGIN_THROTTLE_RESET_HOURS`` starts again from zero.

Counting happens **before** the password is checked, in its own short transaction: a
conditional UPDATE (``not_before <= now``) decides, so parallel attempts from several
workers cannot all slip past one wait (rows locked on PostgreSQL, one writer on SQLite);
the hash check then runs outside any transaction. A success resets the ``account`` key
and gives back the attempt it counted on the ``client`` key.

The rows live in the database, so every worker and every instance shares them, on the
embedded SQLite default as on PostgreSQL. Keys are typed addresses whether or not an
account exists, so waiting reveals nothing about which addresses have one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from eventhub.extensions import db

from .models.sign_in_throttle import EPOCH, SignInThrottle

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Policy:
    kind: str
    free: int
    base: float
    ceiling: float


def policies() -> tuple[Policy, Policy]:
    config = current_app.config
    return (
        Policy("account", int(config.get("LOGIN_FREE_FAILURES", 5)),
               float(config.get("LOGIN_DELAY_SECONDS", 2)), float(config.get("LOGIN_DELAY_MAX_SECONDS", 900))),
        Policy("client", int(config.get("LOGIN_CLIENT_FREE_FAILURES", 30)),
               float(config.get("LOGIN_DELAY_SECONDS", 2)), float(config.get("LOGIN_DELAY_MAX_SECONDS", 900))),
    )


def delay_seconds(failures: int, policy: Policy) -> float:
    """How long a key waits after its ``failures``-th failure."""
    if failures <= policy.free:
        return 0.0
    return min(policy.base * 2 ** (failures - policy.free - 1), policy.ceiling)


def _key_hash(policy: Policy, email: str, client: str) -> str:
    key = f"client {client}" if policy.kind == "client" else f"account {email} {client}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _insert_missing(values: dict) -> None:
    table = SignInThrottle.__table__
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    db.session.execute(insert(table).values(**values).on_conflict_do_nothing(index_elements=["key_hash"]))


def claim_attempt(email: str, client: str, now: dt.datetime) -> float:
    """Count one attempt on every key; 0 if it may be checked, else the seconds to wait.
    Commits (its own short transaction)."""
    table = SignInThrottle.__table__
    reset_before = now - dt.timedelta(hours=float(current_app.config.get("LOGIN_THROTTLE_RESET_HOURS", 24)))
    wait = 0.0
    try:
        for policy in policies():
            key_hash = _key_hash(policy, email, client)
            _insert_missing(dict(key_hash=key_hash, email=email[:320] if policy.kind == "account" else "",
                                 client=client[:64], failures=0, not_before=EPOCH, last_failure_at=now))
            counted = db.session.execute(
                sa.update(table)
                .where(table.c.key_hash == key_hash, table.c.not_before <= now)
                .values(failures=sa.case((table.c.last_failure_at < reset_before, 1),
                                         else_=table.c.failures + 1),
                        last_failure_at=now)
            ).rowcount
            if counted:
                failures = db.session.execute(
                    sa.select(table.c.failures).where(table.c.key_hash == key_hash)).scalar_one()
                delay = delay_seconds(failures, policy)
                if delay:
                    db.session.execute(sa.update(table).where(table.c.key_hash == key_hash)
                                       .values(not_before=now + dt.timedelta(seconds=delay)))
                if failures == policy.free + 1:
                    log.warning("Repeated failed sign-ins (%s key, client %s): now delayed", policy.kind, client)
            else:
                not_before = db.session.execute(
                    sa.select(table.c.not_before).where(table.c.key_hash == key_hash)).scalar_one()
                wait = max(wait, (not_before - now).total_seconds())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return wait


def attempt_succeeded(email: str, client: str) -> None:
    """Reset the account key and give back the client key's count (caller commits)."""
    table = SignInThrottle.__table__
    account, client_policy = policies()
    db.session.execute(sa.update(table).where(table.c.key_hash == _key_hash(account, email, client))
                       .values(failures=0, not_before=EPOCH))
    db.session.execute(sa.update(table).where(table.c.key_hash == _key_hash(client_policy, email, client),
                                              table.c.failures > 0)
                       .values(failures=table.c.failures - 1))


def repeated_failures(limit: int = 50) -> list[SignInThrottle]:
    """Keys that failed more than their free allowance (the audit page), newest first."""
    account, client_policy = policies()
    return list(db.session.execute(
        db.select(SignInThrottle)
        .where(sa.or_(sa.and_(SignInThrottle.email != "", SignInThrottle.failures > account.free),
                      sa.and_(SignInThrottle.email == "", SignInThrottle.failures > client_policy.free)))
        .order_by(SignInThrottle.last_failure_at.desc()).limit(limit)).scalars())


def purge(now: dt.datetime) -> int:
    """Forget keys that have not failed for twice the reset period."""
    hours = float(current_app.config.get("LOGIN_THROTTLE_RESET_HOURS", 24))
    table = SignInThrottle.__table__
    deleted = db.session.execute(sa.delete(table).where(
        table.c.last_failure_at < now - dt.timedelta(hours=2 * hours))).rowcount
    db.session.commit()
    return deleted
