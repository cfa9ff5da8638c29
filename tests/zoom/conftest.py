"""Fixtures for the Zoom layer tests: a running FakeZoom and a deterministic clock."""

from __future__ import annotations

import threading

import pytest

from eventhub.zoom.client import ZoomClient
from tests.zoom.fake_zoom import FakeZoom

WEBINAR_ID = "84759841045"


class FakeClock:
    """Monotonic clock that only moves when ``sleep`` is called (or ``advance``).

    Injected into ZoomClient as both ``clock`` and ``sleep`` so backoff and rate
    limiting are checked by the delays they ask for, not by waiting for them.
    """

    def __init__(self, start: float = 1000.0):
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


@pytest.fixture
def fake_zoom():
    """A started FakeZoom with one auto-approving webinar, WEBINAR_ID."""
    with FakeZoom() as server:
        server.add_webinar(WEBINAR_ID, topic="Consultation on water and climate")
        yield server


@pytest.fixture
def fake_clock():
    return FakeClock()


@pytest.fixture
def make_client(fake_zoom, fake_clock):
    """Build ZoomClients aimed at ``fake_zoom`` that never really sleep.

    Timeouts are short so a broken test fails fast rather than hanging.
    """
    clients = []

    def build(**overrides) -> ZoomClient:
        options = dict(clock=fake_clock, sleep=fake_clock.sleep, timeout=(2, 5))
        options.update(overrides)
        client = ZoomClient(**fake_zoom.client_kwargs(**options))
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()
