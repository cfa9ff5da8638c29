import click
from flask.cli import AppGroup

from eventhub.extensions import db

jobs_cli = AppGroup("jobs", help="Background jobs.")


@jobs_cli.command("drain")
def drain_command():
    """Run every due job, then exit."""
    from eventhub.jobs import drain

    count = drain()
    click.echo(f"Ran {count} job(s).")


@jobs_cli.command("run")
@click.option("--workers", default=2, show_default=True)
def run_command(workers):
    """Run the job consumer (blocks)."""
    from eventhub.jobs import huey, recover_abandoned

    recovered = recover_abandoned()
    if recovered:
        click.echo(f"Queued again {len(recovered)} job(s) left unfinished by a stopped consumer.")
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                         check_worker_health=True).run()


@jobs_cli.command("failures")
@click.option("--all", "show_all", is_flag=True, help="Include resolved failures.")
def failures_command(show_all):
    """List jobs that failed, with their last error."""
    from eventhub.jobs.models import JobFailure

    query = db.select(JobFailure).order_by(JobFailure.last_failed_at.desc())
    if not show_all:
        query = query.filter_by(resolved=False)
    rows = db.session.execute(query).scalars().all()
    if not rows:
        click.echo("No failed jobs.")
    for row in rows:
        state = "resolved" if row.resolved else ("gave up" if row.given_up else f"{row.retries_left} retries left")
        click.echo(f"{row.last_failed_at:%Y-%m-%d %H:%M:%S}Z  {row.task_name}({row.arguments})  "
                   f"attempts={row.attempts}  {state}  {row.last_error}")


commands = [jobs_cli]
