"""Zoom's rate limits, kept by every eventhub process together.

Zoom counts requests per *account* (every app and every process on it share the
budget) and per *category*: each endpoint carries a "Rate Limit Label" (Light, Medium,
Heavy or Resource-intensive) whose per-second figure depends on the account's plan;
Heavy and Resource-intensive calls also share a daily total
(https://developers.zoom.us/docs/api/rate-limits/). Some calls have limits of their
own: the same registrant can be added to one webinar only 3 times a day, the day
ending at 00:00 GMT.

Answers say which limit applies (``X-RateLimit-Category``, ``X-RateLimit-Type``: QPS or
Daily-limit, ``X-RateLimit-Limit``, ``X-RateLimit-Remaining``, ``Retry-After``), but a
429 may come without them (the per-registrant daily limit is recognised from its code
and message; see ``client._is_daily_limit``).

This module holds the numbers and the shared counters. A :class:`Store` keeps, per
key, the next free request slot (requests of one category are spaced evenly, the way
Zoom counts per second), a "blocked until" instant (a Retry-After or a spent daily
quota) and plain counters (adds of one registrant today). Three stores:

* :class:`MemoryStore`: one process (tests, ``JOBS_IMMEDIATE``);
* :class:`SqliteStore`: a table in the job queue's SQLite file, shared by every process
  of the host (the default, like the queue itself);
* :class:`RedisStore`: the job queue's Redis (production, several hosts).

Nothing here depends on Flask.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping

LIGHT = "light"
MEDIUM = "medium"
HEAVY = "heavy"
RESOURCE_INTENSIVE = "resource-intensive"
CATEGORIES = (LIGHT, MEDIUM, HEAVY, RESOURCE_INTENSIVE)

#: Requests per second by plan and category; Resource-intensive is per minute on Zoom
#: (10/min Pro, 20/min Business+). https://developers.zoom.us/docs/api/rate-limits/
#: ("Rate limits by account type"). "business" stands for Business, Education,
#: Enterprise and Partner accounts.
PLAN_RATES: dict[str, dict[str, float]] = {
    "pro": {LIGHT: 30, MEDIUM: 20, HEAVY: 10, RESOURCE_INTENSIVE: 10 / 60},
    "business": {LIGHT: 80, MEDIUM: 60, HEAVY: 40, RESOURCE_INTENSIVE: 20 / 60},
}
#: Heavy and Resource-intensive requests together, per day (same page).
PLAN_DAILY_HEAVY: dict[str, int] = {"pro": 30_000, "business": 60_000}
#: "Add a webinar registrant": the same registrant at most 3 times a day per webinar
#: (https://developers.zoom.us/docs/api/rate-limits/, "Meeting/Webinar registrant"
#: limits; reset at 00:00 GMT as the 429's message says).
REGISTRANT_ADDS_PER_DAY = 3

#: Rate Limit Label of each endpoint eventhub calls, as Zoom's API reference gives it
#: (https://developers.zoom.us/docs/api/meetings/ — each operation's "Rate Limit Label").
_ENDPOINT_CATEGORIES: list[tuple[str, re.Pattern, str]] = [
    ("POST", re.compile(r"/webinars/[^/]+/registrants"), LIGHT),
    ("POST", re.compile(r"/webinars/[^/]+/batch_registrants"), HEAVY),
    ("GET", re.compile(r"/webinars/[^/]+/registrants"), MEDIUM),
    ("PUT", re.compile(r"/webinars/[^/]+/registrants/status"), MEDIUM),
    ("DELETE", re.compile(r"/webinars/[^/]+/registrants/[^/]+"), LIGHT),
    ("GET", re.compile(r"/webinars/[^/]+/registrants/questions"), LIGHT),
    ("PATCH", re.compile(r"/webinars/[^/]+/registrants/questions"), LIGHT),
    ("GET", re.compile(r"/webinars/[^/]+"), LIGHT),
    ("GET", re.compile(r"/report/webinars/[^/]+/participants"), HEAVY),
    ("GET", re.compile(r"/past_webinars/[^/]+/instances"), MEDIUM),
    ("GET", re.compile(r"/past_webinars/[^/]+/participants"), MEDIUM),
    ("GET", re.compile(r"/past_webinars/[^/]+/absentees"), MEDIUM),
]


def category_of(method: str, path: str) -> str:
    """The rate-limit category of ``method path`` (path after ``/v2``); Light if unknown."""
    for route_method, pattern, category in _ENDPOINT_CATEGORIES:
        if route_method == method.upper() and pattern.fullmatch(path):
            return category
    return LIGHT


def normalise_category(text: str | None) -> str | None:
    """``X-RateLimit-Category`` ("Light", "Resource-intensive"...) as one of CATEGORIES."""
    value = (text or "").strip().lower().replace("_", "-").replace(" ", "-")
    return value if value in CATEGORIES else None


def next_gmt_midnight(now: dt.datetime) -> dt.datetime:
    now = now.astimezone(dt.timezone.utc)
    return dt.datetime(now.year, now.month, now.day, tzinfo=dt.timezone.utc) + dt.timedelta(days=1)


# --------------------------------------------------------------------------- stores --

class Store:
    """Shared counters. ``now`` is wall-clock seconds (``time.time()``) so that every
    process agrees; tests may pass another clock."""

    def reserve(self, key: str, interval: float, now: float) -> float:
        """Take the next free slot of ``key`` (slots ``interval`` apart, never before a
        ``block`` of the same key); return the seconds to wait for it."""
        raise NotImplementedError

    def block(self, key: str, until: float) -> None:
        """No slot of ``key`` before ``until`` (keeps the later of two blocks)."""
        raise NotImplementedError

    def incr(self, key: str, ttl: float, now: float) -> int:
        """Add one to a counter that lives ``ttl`` seconds from its first use; return it."""
        raise NotImplementedError

    def get(self, key: str, now: float) -> int:
        raise NotImplementedError

    def clear(self) -> None:
        """Forget everything (tests)."""
        raise NotImplementedError


class MemoryStore(Store):
    def __init__(self):
        self._lock = threading.Lock()
        self._slots: dict[str, float] = {}
        self._blocks: dict[str, float] = {}
        self._counters: dict[str, tuple[int, float]] = {}

    def reserve(self, key, interval, now):
        with self._lock:
            slot = max(self._slots.get(key, 0.0), self._blocks.get(key, 0.0), now)
            self._slots[key] = slot + interval
            return slot - now

    def block(self, key, until):
        with self._lock:
            self._blocks[key] = max(self._blocks.get(key, 0.0), until)

    def incr(self, key, ttl, now):
        with self._lock:
            count, expires = self._counters.get(key, (0, now + ttl))
            if expires <= now:
                count, expires = 0, now + ttl
            self._counters[key] = (count + 1, expires)
            return count + 1

    def get(self, key, now):
        with self._lock:
            count, expires = self._counters.get(key, (0, 0.0))
            return count if expires > now else 0

    def clear(self):
        with self._lock:
            self._slots.clear()
            self._blocks.clear()
            self._counters.clear()


class SqliteStore(Store):
    """A ``zoom_limits`` table in an SQLite file (the job queue's): every process on
    the host sees the same slots. Each operation is one ``BEGIN IMMEDIATE`` transaction."""

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()
        with self._transaction() as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS zoom_limits "
                               "(key TEXT PRIMARY KEY, value REAL NOT NULL, expires REAL NOT NULL)")

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            self._local.connection = connection
        return connection

    class _Tx:
        def __init__(self, connection):
            self.connection = connection

        def __enter__(self):
            self.connection.execute("BEGIN IMMEDIATE")
            return self.connection

        def __exit__(self, exc_type, *_):
            self.connection.execute("ROLLBACK" if exc_type else "COMMIT")

    def _transaction(self):
        return self._Tx(self._connection())

    @staticmethod
    def _read(connection, key, now, default=0.0):
        row = connection.execute("SELECT value, expires FROM zoom_limits WHERE key = ?", (key,)).fetchone()
        return float(row[0]) if row and row[1] > now else default

    @staticmethod
    def _write(connection, key, value, expires):
        connection.execute("INSERT INTO zoom_limits (key, value, expires) VALUES (?, ?, ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires",
                           (key, value, expires))

    def reserve(self, key, interval, now):
        with self._transaction() as connection:
            slot = max(self._read(connection, f"slot:{key}", now), self._read(connection, f"block:{key}", now), now)
            self._write(connection, f"slot:{key}", slot + interval, slot + interval + 3600)
            return slot - now

    def block(self, key, until):
        now = time.time()
        with self._transaction() as connection:
            until = max(until, self._read(connection, f"block:{key}", now))
            self._write(connection, f"block:{key}", until, until + 60)

    def incr(self, key, ttl, now):
        with self._transaction() as connection:
            row = connection.execute("SELECT value, expires FROM zoom_limits WHERE key = ?",
                                     (f"count:{key}",)).fetchone()
            if row and row[1] > now:
                count, expires = int(row[0]) + 1, row[1]
            else:
                count, expires = 1, now + ttl
            self._write(connection, f"count:{key}", count, expires)
            if count == 1 and hash(key) % 50 == 0:  # expired rows go now and then
                connection.execute("DELETE FROM zoom_limits WHERE expires <= ?", (now,))
            return count

    def get(self, key, now):
        with self._transaction() as connection:
            return int(self._read(connection, f"count:{key}", now))

    def clear(self):
        with self._transaction() as connection:
            connection.execute("DELETE FROM zoom_limits")


_RESERVE_SCRIPT = """
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local slot = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(redis.call('GET', KEYS[2]) or '0'), now)
redis.call('SET', KEYS[1], string.format('%.6f', slot + interval), 'EX', 3600)
return string.format('%.6f', slot - now)
"""
_BLOCK_SCRIPT = """
local blocked = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if blocked > current then redis.call('SET', KEYS[1], string.format('%.6f', blocked), 'EXAT', math.ceil(blocked) + 60) end
return 1
"""


class RedisStore(Store):
    """The same in Redis (one Lua script per reservation: atomic across hosts)."""

    def __init__(self, url: str, prefix: str = "eventhub:zoom-limits:"):
        import redis

        self._redis = redis.Redis.from_url(url)
        self._prefix = prefix
        self._reserve = self._redis.register_script(_RESERVE_SCRIPT)
        self._block = self._redis.register_script(_BLOCK_SCRIPT)

    def reserve(self, key, interval, now):
        keys = [f"{self._prefix}slot:{key}", f"{self._prefix}block:{key}"]
        return float(self._reserve(keys=keys, args=[f"{now:.6f}", f"{interval:.9f}"]))

    def block(self, key, until):
        self._block(keys=[f"{self._prefix}block:{key}"], args=[f"{until:.6f}"])

    def incr(self, key, ttl, now):
        name = f"{self._prefix}count:{key}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, max(1, int(ttl)), nx=True)
        count, _ = pipe.execute()
        return int(count)

    def get(self, key, now):
        value = self._redis.get(f"{self._prefix}count:{key}")
        return int(value) if value else 0

    def clear(self):
        names = list(self._redis.scan_iter(match=f"{self._prefix}*", count=500))
        if names:
            self._redis.delete(*names)


# ------------------------------------------------------------------------- limiter --

class AccountLimiter:
    """Spaces one Zoom account's requests per category across every process sharing
    ``store``, and remembers what Zoom's answers said about the limits.

    ``plan`` is "pro" or "business"; ``ceiling`` caps every category's rate (leave
    room for other tools on the account); ``clock`` is wall-clock seconds.
    """

    def __init__(self, store: Store, account: str, *, plan: str = "pro", ceiling: float | None = None,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep):
        if plan not in PLAN_RATES:
            raise ValueError(f"unknown Zoom plan {plan!r}; one of {sorted(PLAN_RATES)}")
        if ceiling is not None and ceiling <= 0:
            raise ValueError("rate must be positive")
        self.store = store
        self.account = hashlib.sha256(account.encode()).hexdigest()[:16]
        self.plan = plan
        self.ceiling = ceiling
        self._clock = clock
        self._sleep = sleep
        self._declared: dict[str, float] = {}

    def rate(self, category: str) -> float:
        """Requests per second this limiter allows for ``category``."""
        rate = PLAN_RATES[self.plan].get(category, PLAN_RATES[self.plan][LIGHT])
        if category in self._declared:
            rate = min(rate, self._declared[category])
        if self.ceiling is not None and category != RESOURCE_INTENSIVE:
            rate = min(rate, self.ceiling)
        return rate

    def _key(self, category: str) -> str:
        return f"{self.account}:{category}"

    def acquire(self, category: str = LIGHT) -> float:
        """Wait for the category's next slot; return the seconds waited."""
        wait = self.store.reserve(self._key(category), 1.0 / self.rate(category), self._clock())
        if wait > 0:
            self._sleep(wait)
        return max(0.0, wait)

    def block(self, category: str, seconds: float) -> None:
        """Zoom said to wait (Retry-After): no process sends in ``category`` before then."""
        self.store.block(self._key(category), self._clock() + max(0.0, seconds))

    def observe(self, category: str, headers: Mapping[str, str], utcnow: dt.datetime | None = None) -> None:
        """Read ``X-RateLimit-Limit`` of a QPS answer (Zoom's figure for this account
        wins when it is lower than the plan's)."""
        limit_type = (headers.get("X-RateLimit-Type") or "").strip().lower()
        category = normalise_category(headers.get("X-RateLimit-Category")) or category
        try:
            limit = float(headers.get("X-RateLimit-Limit") or 0)
        except ValueError:
            limit = 0
        if limit > 0 and limit_type == "qps":
            self._declared[category] = limit
        try:
            remaining = int(headers.get("X-RateLimit-Remaining") or -1)
        except ValueError:
            remaining = -1
        if remaining == 0 and limit_type.startswith("daily"):
            utcnow = utcnow or dt.datetime.now(dt.timezone.utc)
            self.block(category, (next_gmt_midnight(utcnow) - utcnow).total_seconds())

    # ------------------------------------------------------------ registrants --

    def _registrant_key(self, webinar_id: str, email: str, day: dt.date) -> str:
        # Hashed: no email address in the store.
        digest = hashlib.sha256(f"{webinar_id}:{email.strip().casefold()}".encode()).hexdigest()[:24]
        return f"{self.account}:adds:{day.isoformat()}:{digest}"

    def registrant_adds(self, webinar_id: str, email: str, now: dt.datetime) -> int:
        """How many adds of this registrant to this webinar left eventhub this GMT day."""
        day = now.astimezone(dt.timezone.utc).date()
        return self.store.get(self._registrant_key(webinar_id, email, day), now.timestamp())

    def count_registrant_add(self, webinar_id: str, email: str, now: dt.datetime) -> int:
        """Count one add about to be sent; returns the count including it."""
        day = now.astimezone(dt.timezone.utc).date()
        ttl = (next_gmt_midnight(now) - now).total_seconds() + 3600
        return self.store.incr(self._registrant_key(webinar_id, email, day), ttl, now.timestamp())

    def spend_registrant_adds(self, webinar_id: str, email: str, now: dt.datetime) -> None:
        """Zoom said this registrant's adds are spent today: remember it for every process."""
        while self.count_registrant_add(webinar_id, email, now) < REGISTRANT_ADDS_PER_DAY:
            pass


def store_for(config: Mapping, instance_path: str) -> Store:
    """The store next to the job queue: Redis when ``REDIS_URL`` is set, memory for
    ``JOBS_IMMEDIATE``, else the queue's SQLite file."""
    import os

    if config.get("JOBS_IMMEDIATE"):
        return MemoryStore()
    if config.get("REDIS_URL"):
        return RedisStore(config["REDIS_URL"], prefix=f"{config.get('JOBS_QUEUE_NAME', 'eventhub')}:zoom-limits:")
    path = config.get("JOBS_SQLITE_PATH") or os.path.join(instance_path, "jobs.sqlite3")
    return SqliteStore(path)
