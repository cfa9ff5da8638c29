"""Default configuration. Every key can be overridden by an environment variable
prefixed ``EVENTHUB_`` (``EVENTHUB_DATABASE_URL``, ``EVENTHUB_SECRET_KEY``...);
values are parsed as JSON when they parse, so ``EVENTHUB_SMTP_PORT=587`` is an int.
"""

#: SQLAlchemy URL; empty means the embedded SQLite file ``instance/eventhub.sqlite3``.
DATABASE_URL = ""
#: Signing key for sessions, CSRF and tokens; empty means generate once into ``instance/``.
SECRET_KEY = ""
#: Redis for huey and rate limits in production; empty means embedded SQLite/in-memory.
REDIS_URL = ""

#: Languages offered on every screen, in the order of the language switcher.
LANGUAGES = ["en", "fr", "es", "ar"]
DEFAULT_LANGUAGE = "en"

#: Base URL used in emails and calendar files (links must work outside a request).
PUBLIC_BASE_URL = "http://127.0.0.1:5000"
#: Host part of calendar UIDs; must never change once invitations went out.
CALENDAR_UID_DOMAIN = "eventhub.ipu.example"

#: Mail: without SMTP_HOST, messages are written as .eml files under instance/outbox/.
SMTP_HOST = ""
SMTP_PORT = 25
SMTP_USER = ""
SMTP_PASSWORD = ""
SMTP_STARTTLS = False
SMTP_TIMEOUT = 20
#: A job worker keeps its SMTP connection open this many seconds after a message and sends
#: the next one on it (checked with NOOP first): a batch of invitations or notices does not
#: pay a connection, greeting, TLS and sign-in per message. 0 = one connection per message.
SMTP_REUSE_SECONDS = 30
MAIL_FROM = "IPU Events <events@ipu.example>"

#: Background jobs: run inline (tests) or through the consumer.
JOBS_IMMEDIATE = False
#: A running job's lease is renewed every third of this; a lease not renewed for this
#: long belongs to a consumer on another host that went away, and its job runs again.
#: Longer than any job takes (SMTP and Zoom calls time out well within it).
JOBS_LEASE_SECONDS = 300

#: Zoom Server-to-Server OAuth; API mode only when all of these are set.
ZOOM_ACCOUNT_ID = ""
ZOOM_CLIENT_ID = ""
ZOOM_CLIENT_SECRET = ""
ZOOM_WEBHOOK_SECRET = ""
ZOOM_API_BASE = "https://api.zoom.us/v2"
ZOOM_OAUTH_URL = "https://zoom.us/oauth/token"
#: Client-side ceiling on Zoom API calls per second for this process, kept below the
#: account's "Light" limit (about 30/s on Pro) so other tools sharing the account still fit.
ZOOM_MAX_REQUESTS_PER_SECOND = 25
#: (connect, read) timeouts in seconds for each Zoom call.
ZOOM_TIMEOUT = [5, 20]
#: Retries inside one job for 5xx, timeouts and per-second 429s (the job itself is
#: then retried by the queue with backoff).
ZOOM_MAX_RETRIES = 5
#: First backoff step in seconds (doubles each retry, with jitter).
ZOOM_BACKOFF_BASE = 0.5
#: Email each person their personal join link once the Zoom registrant exists (API mode).
ZOOM_JOIN_LINK_EMAIL = True
#: Time zone of the Zoom account: the portal's attendee report writes times in it. Empty:
#: each import works it out from the report's Actual Start Time and the session's start
#: (the console upload and `flask zoom import-report --timezone` can name it too).
ZOOM_ACCOUNT_TIMEZONE = ""
#: The Zoom account's plan, for Zoom's per-category rate limits: "pro" or "business"
#: (Business, Education, Enterprise, Partner). https://developers.zoom.us/docs/api/rate-limits/
ZOOM_ACCOUNT_PLAN = "pro"

#: Anonymous public pages (event page, event API, calendar files) are kept rendered for at
#: most this many seconds per (page, language, zone, event version); an edit shows at once
#: (the version is read from the database on each request), time alone changes a page (a
#: registration opening at an instant) within this delay. 0 turns the cache off.
PAGE_CACHE_SECONDS = 30
#: Rendered pages kept per worker (least recently used go first).
PAGE_CACHE_ENTRIES = 512
#: Personal pages (manage page, confirmation) kept rendered per worker, each under its link
#: and the version of everything it shows (read from the database on each request), for at
#: most PAGE_CACHE_SECONDS (0 turns this cache off too). A manage page is about 60 kB.
PERSONAL_PAGE_CACHE_ENTRIES = 256

#: Rate limits (Flask-Limiter syntax).
RATELIMIT_REGISTRATION = "20 per minute"
RATELIMIT_API = "300 per minute"
#: "Send me my link": requests per client address, and emails per address typed (over
#: the latter the page answers the same and sends nothing).
RATELIMIT_SEND_LINK = "10 per hour"
RATELIMIT_SEND_LINK_ADDRESS = "3 per hour"
#: Seconds a change to a person's places or details waits before it is emailed, so
#: that several changes made together go out as one message.
CHANGE_EMAIL_DELAY = 120
#: Console sign-in attempts per IP address (POST /console/login).
RATELIMIT_LOGIN = "10 per minute"

#: Console sign-in throttling (eventhub/accounts/throttling.py), never an account lock:
#: failures allowed per (typed address, client address) before each further attempt
#: waits LOGIN_DELAY_SECONDS, doubling, at most LOGIN_DELAY_MAX_SECONDS...
LOGIN_FREE_FAILURES = 5
#: ...and per client address whatever the address typed (offices share one address).
LOGIN_CLIENT_FREE_FAILURES = 30
LOGIN_DELAY_SECONDS = 2
LOGIN_DELAY_MAX_SECONDS = 900
#: A key that has not failed for this long starts again from zero.
LOGIN_THROTTLE_RESET_HOURS = 24

#: Cookies: set SESSION_COOKIE_SECURE=true behind TLS (docs/deploy.md).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
#: The console's sign-in cookie is a browser-session cookie (not "remember me"), so
#: Flask-Login's "strong" session protection applies: a session presented from another
#: address or browser is dropped.

#: Console sessions end after this many minutes without a request...
SESSION_IDLE_MINUTES = 30
#: ...and this many hours after signing in, whatever the activity.
SESSION_MAX_HOURS = 12
#: Flask's own ceiling for a session cookie (kept equal to SESSION_MAX_HOURS).
PERMANENT_SESSION_LIFETIME = 12 * 3600

#: Trust X-Forwarded-* from this many proxies (0 = not behind a proxy).
PROXY_COUNT = 0

WTF_CSRF_TIME_LIMIT = None
MAX_CONTENT_LENGTH = 16 * 1024 * 1024

#: Invitation emails per minute (all events together); 0 means no limit.
INVITATIONS_PER_MINUTE = 60
#: Invitations delivered by one job ("send all"), over one SMTP connection; fewer when
#: INVITATIONS_PER_MINUTE would space them more than a second apart in all (at 60 a
#: minute each job is one invitation).
INVITATIONS_BATCH_SIZE = 50

#: Session notices: recipients claimed and their emails written per transaction.
NOTICE_BATCH_SIZE = 50
#: Seconds to wait between two such batches (0: none). A relay that accepts only so many
#: messages a minute is then fed a long notice gradually rather than all at once.
NOTICE_BATCH_PAUSE = 0

#: JSON request bodies (every JSON endpoint): larger gives 413, nested deeper gives 400.
MAX_JSON_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 32
