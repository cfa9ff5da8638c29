"""Job leases: a job whose consumer died while running it runs again (once), a job
still being run by a live consumer is left alone, and finished jobs leave nothing
behind in the queue's store. The real-process version (SIGKILL, SIGTERM) is in
tests/faults/test_consumer.py."""
from __future__ import annotations

import subprocess
import time

import pytest

from eventhub import jobs
from eventhub.jobs import leases

#: What the test jobs did, in order (the jobs run in this process).
RUNS: list[str] = []


@jobs.task(retries=3, retry_delay=60)
def note_run(marker: str) -> str:
    RUNS.append(marker)
    return f"ran {marker}"


@jobs.task(retries=0)
def note_run_once(marker: str) -> None:
    RUNS.append(marker)


@jobs.task(retries=2, retry_delay=60)
def fail_first_time(marker: str) -> None:
    RUNS.append(marker)
    if RUNS.count(marker) == 1:
        raise RuntimeError("first attempt fails")


@pytest.fixture(autouse=True)
def clean_runs():
    RUNS.clear()
    yield
    RUNS.clear()


@pytest.fixture
def dead_pid() -> int:
    """The PID of a process that has exited."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def dead_consumer(pid: int) -> leases.Identity:
    return leases.Identity(leases.identity().host, pid, "consumer-that-died")


def failures():
    from eventhub.extensions import db
    from eventhub.jobs.models import JobFailure

    db.session.remove()
    return db.session.execute(db.select(JobFailure)).scalars().all()


def test_a_job_left_running_by_a_dead_consumer_runs_again_once(app, dead_pid, run_jobs):
    # The consumer took the job off the queue, leased it, and was killed.
    task = note_run.s("invitation 17")
    leases.take(jobs.huey, task, who=dead_consumer(dead_pid))
    assert jobs.pending_count() == 0

    assert run_jobs() == 1
    assert RUNS == ["invitation 17"]
    assert run_jobs() == 0 and RUNS == ["invitation 17"]
    assert leases.all_leases(jobs.huey) == []
    # Visible to organisers, and marked resolved since the second run succeeded.
    [failure] = failures()
    assert failure.task_name.endswith("note_run")
    assert "stopped before it finished" in failure.last_error
    assert failure.resolved
    assert failure.retries_left == 2  # the crash used one of its three retries


def test_a_job_of_a_live_consumer_is_left_alone(app, run_jobs):
    parent = subprocess.Popen(["sleep", "30"])
    try:
        alive = leases.Identity(leases.identity().host, parent.pid, "another-consumer")
        leases.take(jobs.huey, note_run.s("being sent"), who=alive)
        assert run_jobs() == 0
        assert RUNS == []
        assert [lease.task_name for lease in leases.all_leases(jobs.huey)] == [note_run.name]
    finally:
        parent.kill()
        parent.wait()
    # Its consumer is gone now: the next consumer or drain takes the job over.
    assert run_jobs() == 1 and RUNS == ["being sent"]


def test_a_job_on_another_host_is_recovered_only_after_its_lease_expires(app):
    elsewhere = leases.Identity("worker-2.ipu.example", 4242, "consumer-on-worker-2")
    taken = time.time()
    leases.take(jobs.huey, note_run.s("zoom sync"), who=elsewhere, now=taken)

    assert leases.recover_abandoned(jobs.huey, now=taken + 299, timeout=300) == []
    assert jobs.huey.pending_count() == 0
    assert leases.recover_abandoned(jobs.huey, now=taken + 301, timeout=300) == [note_run.name]
    assert jobs.huey.pending_count() == 1


def test_a_running_job_renews_its_lease_so_other_hosts_wait(app):
    taken = time.time()
    task = note_run.s("long job")
    leases.take(jobs.huey, task, now=taken)  # held by this process, which is alive
    other_host = leases.Identity("worker-2.ipu.example", 4242, "consumer-on-worker-2")
    try:
        assert leases.renew_held(jobs.huey, now=taken + 250) == 1
        assert leases.recover_abandoned(jobs.huey, now=taken + 400, who=other_host, timeout=300) == []
        assert leases.recover_abandoned(jobs.huey, now=taken + 551, who=other_host, timeout=300) == [note_run.name]
    finally:
        leases.release(jobs.huey, task)


def test_two_consumers_recovering_at_once_queue_the_job_once(app, dead_pid):
    leases.take(jobs.huey, note_run.s("reminder"), who=dead_consumer(dead_pid))
    first = leases.recover_abandoned(jobs.huey)
    second = leases.recover_abandoned(jobs.huey, who=leases.Identity("worker-2", 1, "other"), timeout=0)
    assert first == [note_run.name] and second == []
    assert jobs.huey.pending_count() == 1


def test_a_job_with_no_retries_left_is_recorded_not_run_again(app, dead_pid, run_jobs):
    leases.take(jobs.huey, note_run_once.s("crashes its consumer"), who=dead_consumer(dead_pid))
    assert run_jobs() == 0
    assert RUNS == []
    [failure] = failures()
    assert "no retries left" in failure.last_error and failure.given_up


def test_a_finished_job_leaves_no_lease_nor_result(app, run_jobs):
    for number in range(5):
        note_run(f"message {number}")
    assert run_jobs() == 5
    assert leases.all_leases(jobs.huey) == []
    # huey's result store used to keep every job's return value forever.
    assert jobs.huey.storage.result_store_size() == 0


def test_a_job_waiting_for_its_retry_holds_no_lease(app, run_jobs):
    fail_first_time("flaky")
    assert run_jobs() == 1
    assert RUNS == ["flaky"]
    assert leases.all_leases(jobs.huey) == []
    assert jobs.huey.scheduled_count() == 1  # the retry, kept by huey's schedule


def test_a_job_interrupted_by_a_fast_shutdown_keeps_its_lease(app):
    task = note_run.s("interrupted")
    leases.take(jobs.huey, task)
    leases.mark_interrupted(task)  # what huey signals for a job still running at shutdown
    leases.release(jobs.huey, task)
    assert [lease.task_id for lease in leases.all_leases(jobs.huey)] == [task.id]
