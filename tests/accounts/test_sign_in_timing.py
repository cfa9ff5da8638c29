"""Refusing a sign-in takes the same time whatever the reason, so that timing does not
tell which addresses have an account, nor which are being throttled: an unknown
address, a wrong password and a throttled attempt each do one scrypt check."""
from __future__ import annotations

import datetime as dt
import statistics
import time

import pytest

from eventhub.accounts import services

PASSWORD = "correct horse battery staple"
ROUNDS = 15


def _timed(call) -> float:
    start = time.perf_counter()
    try:
        call()
    except services.SignInThrottled:
        pass
    return time.perf_counter() - start


@pytest.mark.slow
def test_unknown_address_wrong_password_and_throttled_take_the_same_time(app, make_user):
    user = make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    now = dt.datetime.now(dt.timezone.utc)
    for _ in range(6):  # this client now waits before its next attempt on this address
        try:
            services.authenticate(user.email, "wrong wrong wrong", now=now, client="198.51.100.1")
        except services.SignInThrottled:
            pass
    with pytest.raises(services.SignInThrottled):
        services.authenticate(user.email, "wrong wrong wrong", now=now, client="198.51.100.1")

    samples = {"unknown": [], "wrong": [], "throttled": []}
    for number in range(ROUNDS):  # interleaved, so that load on the machine hits all three alike
        client = f"203.0.113.{number + 1}"
        samples["unknown"].append(_timed(
            lambda: services.authenticate(f"nobody{number}@ipu.example", "wrong wrong wrong", now=now, client=client)))
        samples["wrong"].append(_timed(
            lambda: services.authenticate(user.email, "wrong wrong wrong", now=now, client=client)))
        samples["throttled"].append(_timed(
            lambda: services.authenticate(user.email, "wrong wrong wrong", now=now, client="198.51.100.1")))
    medians = {kind: statistics.median(values) for kind, values in samples.items()}
    slowest, fastest = max(medians.values()), min(medians.values())
    print({kind: round(value * 1000, 1) for kind, value in medians.items()})
    assert slowest <= fastest * 1.2, {kind: f"{value * 1000:.1f} ms" for kind, value in medians.items()}
