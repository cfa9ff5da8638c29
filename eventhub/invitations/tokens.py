"""Personal invitation links.

The token in ``/<lang>/i/<token>`` is derived from a random per-invitee nonce with
the application's secret key (HMAC-SHA256, 256 bits). Only the nonce and the token's
SHA-256 are stored: a leaked database alone yields no working link, yet a resend can
rebuild the same link without keeping it anywhere. Rotating SECRET_KEY invalidates
every invitation link already sent (documented in docs/notes/issue-6.md).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from flask import current_app

from eventhub.security import hash_token


def new_nonce() -> str:
    return secrets.token_hex(16)


def token_for_nonce(nonce: str, secret_key: str | None = None) -> str:
    key = (secret_key or current_app.config["SECRET_KEY"]).encode("utf-8")
    digest = hmac.new(key, b"eventhub-invitation:" + nonce.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_token_pair(secret_key: str | None = None) -> tuple[str, str]:
    """(nonce, token_hash) for a new invitee."""
    nonce = new_nonce()
    return nonce, hash_token(token_for_nonce(nonce, secret_key))


def invitation_token(invitee) -> str:
    return token_for_nonce(invitee.token_nonce)
