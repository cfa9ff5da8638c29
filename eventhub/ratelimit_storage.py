"""Rate-limit counters in a SQLite file that every worker on the host shares.

Flask-Limiter's embedded default, ``memory://``, counts per process: with gunicorn's
several workers each had its own budget (2 workers let 20 of 30 sign-in attempts
through a "10 per minute" limit). Without Redis, ``RATELIMIT_STORAGE_URI`` defaults to
``sqlitefile:///<instance>/ratelimits.sqlite3`` instead: one small table of fixed-window
counters, updated in a single ``INSERT ... ON CONFLICT`` statement (atomic across
processes; WAL keeps readers unblocked). Several hosts need Redis (``REDIS_URL``).

Only the fixed-window strategy (Flask-Limiter's default) is supported.
"""
from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from urllib.parse import urlsplit

from limits.storage import Storage


class SQLiteFileStorage(Storage):
    STORAGE_SCHEME = ["sqlitefile"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        path = urlsplit(uri or "").path
        if not path or path == "/":
            raise ValueError("sqlitefile:// needs a file path: sqlitefile:////abs/path/ratelimits.sqlite3")
        self.path = path
        self._local = threading.local()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        with self._connection() as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS counters "
                               "(key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)")
        # gunicorn preloads the app and then forks its workers: SQLite forbids using a
        # connection opened before fork() in the child, so none is kept open from here.
        self._local.connection.close()
        self._local.connection = None

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None or getattr(self._local, "pid", None) != os.getpid():
            # (a connection made in another process, before a fork, is left alone: never
            # used, never closed here — closing it could release that process's locks)
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
            self._local.pid = os.getpid()
        return connection

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        if random.random() < 0.01:  # expired windows are removed now and then
            self._connection().execute("DELETE FROM counters WHERE expires <= ?", (now,))
        row = self._connection().execute(
            "INSERT INTO counters (key, count, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET "
            "count = CASE WHEN expires <= ? THEN excluded.count ELSE count + excluded.count END, "
            "expires = CASE WHEN expires <= ? THEN excluded.expires ELSE expires END "
            "RETURNING count",
            (key, amount, now + expiry, now, now)).fetchone()
        return int(row[0])

    def get(self, key: str) -> int:
        row = self._connection().execute(
            "SELECT count FROM counters WHERE key = ? AND expires > ?", (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._connection().execute(
            "SELECT expires FROM counters WHERE key = ? AND expires > ?", (key, time.time())).fetchone()
        return float(row[0]) if row else time.time()

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1")
            return True
        except sqlite3.Error:
            return False

    def reset(self) -> int | None:
        return self._connection().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM counters WHERE key = ?", (key,))
