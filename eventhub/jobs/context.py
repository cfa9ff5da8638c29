"""Which application jobs run in (outside a request, the one ``jobs.init_app`` saw), and
which job this thread is running now. Imported by every module of ``eventhub.jobs``;
imports none of them (one direction of dependency)."""
from __future__ import annotations

import contextvars

from flask import Flask, current_app, has_app_context

_configured_app: Flask | None = None

#: The huey task being run in this thread (set by ``LeasingHuey._execute``).
current_task: contextvars.ContextVar = contextvars.ContextVar("eventhub_current_job", default=None)


def configure(app: Flask) -> None:
    global _configured_app
    _configured_app = app


def app() -> Flask:
    if has_app_context():
        return current_app._get_current_object()
    if _configured_app is None:
        raise RuntimeError("jobs.init_app() was never called: create the app first")
    return _configured_app
