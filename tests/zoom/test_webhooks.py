"""Zoom webhook signature verification and endpoint URL validation."""

from __future__ import annotations

import json

import pytest

from eventhub.zoom.webhooks import sign, url_validation_response, verify_signature

SECRET = "whsec"
NOW = 1711133607
BODY = b'{"event":"x"}'
# Computed independently: printf 'v0:1711133607:{"event":"x"}' | openssl dgst -sha256 -hmac whsec
KNOWN_SIGNATURE = "v0=61c260b552ddfdbaf92f804eabc68331b51ebd4360e5028a4d82954263e03fa9"


def test_sign_matches_an_independently_computed_signature():
    assert sign(SECRET, NOW, BODY) == KNOWN_SIGNATURE
    assert sign(SECRET, str(NOW), BODY.decode()) == KNOWN_SIGNATURE


def test_good_signature_is_accepted():
    assert verify_signature(SECRET, str(NOW), KNOWN_SIGNATURE, BODY, now=NOW)


def test_real_shaped_event_round_trip():
    body = json.dumps({
        "event": "webinar.registration_created",
        "event_ts": NOW * 1000,
        "payload": {"account_id": "acc", "object": {
            "id": "84759841045", "topic": "Consultation",
            "registrant": {"id": "abc", "email": "amina@example.org", "first_name": "أمينة"}}},
    }, ensure_ascii=False).encode("utf-8")
    assert verify_signature(SECRET, str(NOW), sign(SECRET, NOW, body), body, now=NOW + 10)


def test_uppercase_hex_and_surrounding_spaces_are_tolerated():
    shouty = "v0=" + KNOWN_SIGNATURE[3:].upper()
    assert verify_signature(SECRET, f" {NOW} ", f" {shouty} ", BODY, now=NOW)


@pytest.mark.parametrize("secret, body", [
    ("other-secret", BODY),          # wrong secret
    (SECRET, b'{"event":"y"}'),      # tampered body
    (SECRET, BODY + b" "),           # even whitespace counts: the raw bytes are signed
])
def test_bad_signature_is_rejected(secret, body):
    assert not verify_signature(secret, str(NOW), KNOWN_SIGNATURE, body, now=NOW)


def test_signature_for_another_timestamp_is_rejected():
    assert not verify_signature(SECRET, str(NOW + 1), KNOWN_SIGNATURE, BODY, now=NOW)


@pytest.mark.parametrize("now, accepted", [
    (NOW + 300, True),    # exactly at the tolerance
    (NOW + 301, False),   # stale: a replay
    (NOW - 300, True),
    (NOW - 301, False),   # from the future: clock skew or forgery
])
def test_timestamp_tolerance(now, accepted):
    assert verify_signature(SECRET, str(NOW), KNOWN_SIGNATURE, BODY, now=now) is accepted


def test_tolerance_is_configurable():
    assert not verify_signature(SECRET, str(NOW), KNOWN_SIGNATURE, BODY, now=NOW + 61, tolerance=60)


def test_default_now_is_the_current_time():
    # NOW is in 2024: far outside five minutes of the real clock.
    assert not verify_signature(SECRET, str(NOW), KNOWN_SIGNATURE, BODY)
    import time
    fresh = int(time.time())
    assert verify_signature(SECRET, str(fresh), sign(SECRET, fresh, BODY), BODY)


@pytest.mark.parametrize("timestamp, signature", [
    (None, KNOWN_SIGNATURE),
    (str(NOW), None),
    ("", KNOWN_SIGNATURE),
    (str(NOW), ""),
    ("17111336O7", KNOWN_SIGNATURE),               # letter O, not zero
    (f"{NOW}.5", KNOWN_SIGNATURE),
    ("-1711133607", KNOWN_SIGNATURE),
    ("١٧١١١٣٣٦٠٧", KNOWN_SIGNATURE),                # Arabic-Indic digits
    (f"{NOW}\n", KNOWN_SIGNATURE + "\nx"),
    ("9" * 40, KNOWN_SIGNATURE),                    # absurd number
    (str(NOW), KNOWN_SIGNATURE[3:]),                # no version prefix
    (str(NOW), "v1=" + KNOWN_SIGNATURE[3:]),        # unknown version
    (str(NOW), KNOWN_SIGNATURE[:-1]),               # truncated
    (str(NOW), KNOWN_SIGNATURE + "00"),             # too long
    (str(NOW), "v0=" + "z" * 64),                   # not hex
    (str(NOW), "v0=" + "é" * 64),                   # not ASCII
    (str(NOW), KNOWN_SIGNATURE + "," + KNOWN_SIGNATURE),
])
def test_malformed_headers_are_rejected(timestamp, signature):
    assert verify_signature(SECRET, timestamp, signature, BODY, now=NOW) is False


def test_empty_secret_is_a_configuration_error():
    with pytest.raises(ValueError):
        verify_signature("", str(NOW), KNOWN_SIGNATURE, BODY, now=NOW)
    with pytest.raises(ValueError):
        url_validation_response("", "token")


def test_url_validation_response():
    # printf 'token' | openssl dgst -sha256 -hmac secret
    assert url_validation_response("secret", "token") == {
        "plainToken": "token",
        "encryptedToken": "e941110e3d2bfe82621f0e3e1434730d7305d106c5f68c87165d0b27a4611a4a",
    }


@pytest.mark.parametrize("plain_token", ["", None, 123])
def test_url_validation_rejects_missing_token(plain_token):
    with pytest.raises(ValueError):
        url_validation_response("secret", plain_token)
