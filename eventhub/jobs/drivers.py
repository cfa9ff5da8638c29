"""Import huey without its database drivers.

``huey.storage`` imports ``redis`` and ``psycopg`` at module level to offer every storage
class; together they are a large part of the application's start-up (``flask --help``,
every CLI command, every worker boot) although only one storage is ever used, and
PostgreSQL's ``psycopg`` only by huey's own PostgreSQL storage, which eventhub never uses.

``import_huey()`` imports huey with both drivers hidden, then puts stand-ins in the names
``huey.storage`` bound to ``redis``: the first time a Redis storage is built (any code:
``RedisStorage(...)`` from huey itself), the stand-in imports ``redis`` and puts the real
classes back, so Redis storage works exactly as before; a process on SQLite never imports
it. Modules already imported (SQLAlchemy's PostgreSQL dialect loaded first) are left alone.
"""
from __future__ import annotations

import sys

_HIDDEN = ("redis", "psycopg")


class _NotLoaded(Exception):
    """Placeholder for redis' exception classes until redis is imported: nothing can raise
    it, and no Redis call can happen before a storage (which loads redis) exists."""


class _RedisStandIn:
    """Stands for ``redis.Redis`` / ``redis.ConnectionPool`` in ``huey.storage``."""

    def __init__(self, name: str):
        self._name = name

    def _real(self):
        return getattr(bind_redis(), self._name)

    def __call__(self, *args, **kwargs):
        return self._real()(*args, **kwargs)

    def __getattr__(self, attr):
        return getattr(self._real(), attr)


def bind_redis():
    """Import redis and give ``huey.storage`` its real classes (idempotent)."""
    import huey.storage as storage
    import redis
    import redis.exceptions

    storage.Redis = redis.Redis
    storage.ConnectionPool = redis.ConnectionPool
    storage.ConnectionError = redis.exceptions.ConnectionError
    storage.TimeoutError = redis.exceptions.TimeoutError
    if isinstance(storage.RedisStorage.redis_client, _RedisStandIn):
        storage.RedisStorage.redis_client = redis.Redis
    from . import outbox

    outbox.expect_redis_errors(redis.exceptions)
    return redis


def import_huey() -> None:
    if "huey.storage" in sys.modules:
        if "redis" in sys.modules:
            bind_redis()
        return
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # makes ``import name`` raise ImportError
    try:
        import huey.storage as storage
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    if storage.Redis is None:  # redis was hidden (not missing: that is checked on use)
        storage.Redis = _RedisStandIn("Redis")
        storage.ConnectionPool = _RedisStandIn("ConnectionPool")
        storage.ConnectionError = storage.TimeoutError = _NotLoaded
        storage.RedisStorage.redis_client = _RedisStandIn("Redis")
    else:
        bind_redis()
    if storage.psycopg is None:
        import importlib.util

        if importlib.util.find_spec("psycopg") is not None:
            storage.psycopg = _LazyModule("psycopg")


class _LazyModule:
    """``psycopg`` for huey's PostgreSQL storage (unused by eventhub), imported on use."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr):
        import importlib

        return getattr(importlib.import_module(self._name), attr)
