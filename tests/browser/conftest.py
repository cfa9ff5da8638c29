"""Browser fixtures: Debian's Chromium driven by Playwright for Python.

``playwright install`` is never used (it downloads a browser build); we launch the
system's ``/usr/bin/chromium`` (``.ci/run`` installs it when missing). Without it the
browser tests are skipped with a reason, except under CI, where they fail.

- ``browser``: one Chromium for the whole test session.
- ``new_page(timezone_id=..., locale=..., viewport=...)``: a fresh context (own
  cookies) and page; every page records console errors and CSP violations, which
  ``page_problems(page)`` returns.
- ``site``: the live server with the demo event; ``site.url(page, lang)``.
- ``sign_in(page, user)``: puts a signed Flask session cookie for ``user`` in the
  page's context (console pages), without depending on the login form's markup.
- ``screenshot(page, name)``: full-page PNG under ``tests/artifacts/screens/``.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.pages import page_url

CHROMIUM = os.environ.get("EVENTHUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
#: Browser locale for each page language (Accept-Language and Intl follow it).
BROWSER_LOCALES = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ar": "ar-EG"}


def _chromium_missing_reason() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium; .ci/run does it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


#: The one Playwright and Chromium of the test session. A test module outside tests/browser
#: that imports these fixtures gets its own copy of the ``browser`` fixture; a second
#: ``sync_playwright()`` in the same process fails ("Sync API inside the asyncio loop"), so
#: every copy shares this one, closed by the copy that started it.
_SHARED: dict = {}


@pytest.fixture(scope="session")
def browser(request):
    reason = _chromium_missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    if "browser" not in _SHARED:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _SHARED["playwright"] = playwright
        _SHARED["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def close():
            _SHARED.pop("browser").close()
            _SHARED.pop("playwright").stop()

        request.addfinalizer(close)
    return _SHARED["browser"]


def _watch(page):
    """Collect what a person would not see but must not happen: script errors,
    failed requests, and anything the Content-Security-Policy blocked."""
    page.problems = []

    def on_console(message):
        if message.type == "error":
            page.problems.append(f"console: {message.text} at {message.location.get('url')}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))

    def on_request_failed(request):
        # ERR_ABORTED: the page navigated away (a click, the time-zone reload) while
        # a resource was loading; not a fault.
        if "ERR_ABORTED" not in (request.failure or ""):
            page.problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("requestfailed", on_request_failed)
    return page


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(timezone_id="Europe/Zurich", locale="en-GB", viewport=None, **options):
        context = browser.new_context(
            timezone_id=timezone_id, locale=locale, viewport=viewport or DESKTOP, **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return _watch(context.new_page())

    yield make
    for context in contexts:
        context.close()


def page_problems(page) -> list[str]:
    return list(page.problems)


class Site:
    def __init__(self, app, server, event):
        self.app, self.server, self.event = app, server, event
        self.base = server.url
        self._values = {}

    def values(self, page) -> dict:
        """URL values of ``page``, made once per test (a manage token stays the same)."""
        if page.name not in self._values:
            # Tests run inside the app fixture's context: same session as the event.
            self._values[page.name] = page.url_values(self.event)
        return self._values[page.name]

    def path(self, page, lang) -> str:
        return page_url(self.app, page, lang, self.values(page))

    def url(self, page, lang) -> str:
        return self.base + self.path(page, lang)


@pytest.fixture
def site(app, demo_event, live_server):
    return Site(app, live_server, demo_event)


@pytest.fixture
def sign_in(app):
    """Sign ``user`` in for a browser context by giving it Flask's session cookie, with
    the identifier "strong" session protection expects (address + user agent)."""
    from urllib.parse import urlparse

    def sign(page, user, base_url):
        with app.test_request_context(environ_base={
            "REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": page.evaluate("navigator.userAgent"),
        }):
            identifier = app.login_manager._session_identifier_generator()
            # "<id>:<session generation>" (User.get_id) and the sign-in and last-use times
            # the idle and absolute limits check, as tests/helpers.sign_in gives them:
            # without them the console sends the browser to the login page.
            user_id = app.extensions["sqlalchemy"].session.merge(user).get_id()
        import time

        now = int(time.time())
        serializer = app.session_interface.get_signing_serializer(app)
        cookie = serializer.dumps({"_user_id": user_id, "_fresh": True, "_id": identifier,
                                   "_signed_in_at": now, "_seen_at": now})
        page.context.add_cookies([{
            "name": app.config.get("SESSION_COOKIE_NAME", "session"), "value": cookie,
            "domain": urlparse(base_url).hostname, "path": "/", "httpOnly": True, "sameSite": "Lax",
        }])
        return page

    return sign


@pytest.fixture
def screenshot():
    def take(page, name: str) -> Path:
        path = ARTIFACTS / "screens" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
