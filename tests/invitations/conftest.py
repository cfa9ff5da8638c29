"""Helpers for the invitations tests."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest


def run_all_jobs(max_rounds: int = 30, max_tasks: int = 50_000) -> int:
    """Run every job, including ones scheduled later and every retry, as if time
    passed: each round looks a day further ahead (huey's retry ETAs are relative to
    the time a task ran, so each round's retries fall into the next round)."""
    from eventhub.jobs import huey

    executed = 0
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    for round_number in range(1, max_rounds + 1):
        horizon = now + dt.timedelta(days=round_number)
        ran_this_round = 0
        while executed < max_tasks:
            for due in huey.read_schedule(horizon):
                huey.enqueue(due)
            task = huey.dequeue()
            if task is None:
                break
            huey.execute(task, timestamp=horizon)
            executed += 1
            ran_this_round += 1
        if ran_this_round == 0 and huey.scheduled_count() == 0 and huey.pending_count() == 0:
            break
    return executed


def run_jobs_due_within(seconds: float) -> int:
    """Run the jobs due within ``seconds`` from now (no retries beyond that)."""
    from eventhub.jobs import huey

    horizon = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(seconds=seconds)
    executed = 0
    while True:
        for due in huey.read_schedule(horizon):
            huey.enqueue(due)
        task = huey.dequeue()
        if task is None:
            return executed
        huey.execute(task, timestamp=horizon)
        executed += 1


def csv_bytes(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


#: One invitee per language, headers in English.
FOUR_LANGUAGES = [
    ["name", "email", "parliament", "country", "language", "timezone"],
    ["Hon. Jane Wanjiru", "jane.wanjiru@parliament.go.ke", "National Assembly of Kenya", "KE", "en", "Africa/Nairobi"],
    ["Hélène Dubois", "helene.dubois@assemblee.fr", "Assemblée nationale", "France", "français", ""],
    ["María Pérez", "maria.perez@congreso.es", "Congreso de los Diputados", "España", "Español", "Europe/Madrid"],
    ["أحمد المنصوري", "ahmed@parliament.ma", "مجلس النواب", "المغرب", "العربية", "Asia/Manila"],
]


@pytest.fixture
def four_language_list(demo_event):
    """The demo event with four invitees imported, one in each language."""
    from eventhub.invitations.importing import import_invitees

    report = import_invitees(demo_event, csv_bytes(FOUR_LANGUAGES), "invitees.csv")
    assert report.ok and report.imported == 4, report.as_text()
    return demo_event
