"""Access log without secrets or personal data, for gunicorn (``gunicorn.conf.py``).

Personal links carry their token in the path (``/en/r/<token>``), and query strings can
carry anything (an email typed into a search box). The request log therefore shows:
the path with token-like segments replaced by ``[token]``, no query string, the
referrer reduced the same way, and no request or response header other than the
user agent.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from gunicorn.glogging import Logger

#: A path segment that may be a secret: long, from the token alphabet (URL-safe base64,
#: hex, itsdangerous' dots)...
TOKEN_LIKE = re.compile(r"^[A-Za-z0-9_.~-]{24,}$")
#: ...unless it has the shape of an event slug: lower-case words joined by hyphens.
SLUG_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")
MASK = "[token]"
#: Request headers that may appear in the access log format as %({name}i)s.
SAFE_REQUEST_HEADERS = {"user-agent", "x-request-id"}


def mask_path(path: str | None) -> str:
    """``/en/r/Zx3...`` -> ``/en/r/[token]``; slugs, numbers and file names stay."""
    if not path:
        return "-"
    segments = path.split("/")
    return "/".join(
        MASK if TOKEN_LIKE.match(segment) and not SLUG_SHAPE.match(segment) else segment
        for segment in segments
    )


def mask_url(url: str | None) -> str:
    """A referrer without query, fragment or token: ``https://host/en/r/[token]``."""
    if not url or url == "-":
        return "-"
    parts = urlsplit(url)
    if not parts.scheme:
        return mask_path(parts.path)
    return f"{parts.scheme}://{parts.netloc}{mask_path(parts.path)}"


class AccessLogger(Logger):
    """gunicorn's logger with the access-log atoms above masked."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = mask_path(environ.get("PATH_INFO"))
        safe = {key: value for key, value in atoms.items() if not key.startswith("{")}
        safe.update({
            "U": path,
            "q": "",
            "r": f"{atoms.get('m')} {path} {atoms.get('H')}",
            "f": mask_url(environ.get("HTTP_REFERER")),
        })
        for header in SAFE_REQUEST_HEADERS:
            key = "{%s}i" % header
            if key in atoms:
                safe[key] = atoms[key]
        return safe
