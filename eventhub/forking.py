"""What a process forked from one that built the app must not share with it.

gunicorn preloads the app in its master and forks the workers from it (gunicorn.conf.py):
a worker then starts in milliseconds instead of importing and building everything again
(~1 s of CPU), so recycling a worker after ``max_requests`` no longer shows as a latency
spike (issue 20's p99), and the workers share the master's memory pages (``gc.freeze`` in
wsgi.py keeps them unwritten). A database connection must not cross a fork: SQLite forbids
using it in the child, and a PostgreSQL socket read by two processes mixes their answers.
Building the app opens none (tests/test_forking.py checks it), and in the child each app's
connection pools are forgotten at once, without closing the parent's connections
(SQLAlchemy's ``dispose(close=False)``, the documented way for a forked child), should some
code open one before the fork.
"""
from __future__ import annotations

import os
import weakref

_apps: "weakref.WeakSet" = weakref.WeakSet()


def track(app) -> None:
    """Forget ``app``'s pooled connections in any process forked from this one."""
    _apps.add(app)


def _forget_connections_in_child() -> None:
    from .extensions import db

    for app in list(_apps):
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_connections_in_child)
