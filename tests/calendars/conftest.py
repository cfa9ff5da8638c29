import pytest

from eventhub.extensions import db
from eventhub.security import hash_token

from .ics import PERSONAL_JOIN_URL


@pytest.fixture
def make_registration(demo_event):
    """A registrant with places in the demo sessions: make_registration({1: dict(...)}) -> (registration, token)."""
    from eventhub.registration.models import Registration, SessionRegistration

    def make(places: dict[int, dict], email="member@parliament.example", token=None):
        token = token or f"token-{email}"
        registration = Registration(
            event=demo_event, email=email, given_name="Amina", family_name="Diallo",
            manage_token_hash=hash_token(token), manage_token_salt=f"salt-{email}",
        )
        for number, values in places.items():
            session = demo_event.session_by_number(number)
            registration.sessions.append(SessionRegistration(session=session, **values))
        db.session.add(registration)
        db.session.commit()
        return registration, token

    return make


@pytest.fixture
def registrant_with_join_link(make_registration):
    """Confirmed in session 2 with a personal Zoom join link, and in session 1 without one."""
    return make_registration({
        1: dict(status="confirmed"),
        2: dict(status="confirmed", zoom_state="synced", zoom_join_url=PERSONAL_JOIN_URL),
    })


class CalDAVServer:
    """A real Radicale CalDAV server on loopback (in-process WSGI, files in a temp dir)."""

    def __init__(self, base: str, user: str = "eventhub"):
        import base64

        self.base, self.user = base, user
        self._auth = "Basic " + base64.b64encode(f"{user}:x".encode()).decode()
        self._count = 0

    def request(self, method: str, path: str, data: bytes | None = None,
                content_type: str | None = None) -> tuple[int, bytes]:
        import urllib.error
        import urllib.request

        headers = {"Authorization": self._auth}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def new_calendar(self) -> str:
        self._count += 1
        path = f"/{self.user}/calendar-{self._count}/"
        status, body = self.request("MKCALENDAR", path)
        assert status == 201, (status, body)
        return path

    def put(self, calendar: str, data: bytes, name: str | None = None) -> None:
        """Store ``data``: as one object ``name`` (one UID, as clients store an
        imported entry), or as the calendar's whole content (several UIDs)."""
        status, body = self.request("PUT", calendar + (name or ""), data, "text/calendar; charset=utf-8")
        assert status in (201, 204), (status, body)

    def get(self, calendar: str) -> bytes:
        status, body = self.request("GET", calendar)
        assert status == 200, (status, body)
        return body


@pytest.fixture(scope="session")
def caldav_server(tmp_path_factory):
    radicale = pytest.importorskip("radicale", reason="Radicale is not installed (pip install radicale)")
    import threading

    import radicale.config
    from werkzeug.serving import make_server

    configuration = radicale.config.load([])
    configuration.update({
        "auth": {"type": "none"},
        "rights": {"type": "owner_only"},
        "storage": {"filesystem_folder": str(tmp_path_factory.mktemp("radicale"))},
        "web": {"type": "none"},
        "logging": {"level": "warning", "mask_passwords": "True"},
    }, "tests", privileged=True)
    server = make_server("127.0.0.1", 0, radicale.Application(configuration), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield CalDAVServer(f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
