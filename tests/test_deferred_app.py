"""The command line's app (``create_app(deferred=True)``, what wsgi.py builds under
``flask --app wsgi ...``) builds its domains on first use (issue 20): once built it must be
the app the workers serve, rule for rule and hook for hook, and every way in (a request,
``url_for``, a template, a command) must find it whole."""
from __future__ import annotations

import click
import pytest
from flask import render_template_string

from eventhub import DeferredApp, create_app


@pytest.fixture
def deferred(app):
    """A deferred app on the test database (the eager ``app`` fixture made the schema)."""
    config = {key: app.config[key] for key in (
        "TESTING", "SECRET_KEY", "DATABASE_URL", "INSTANCE_PATH", "WTF_CSRF_ENABLED", "RATELIMIT_ENABLED",
        "JOBS_QUEUE_NAME", "JOBS_SQLITE_PATH", "PUBLIC_BASE_URL", "SMTP_HOST", "MAIL_FROM")}
    if app.config.get("REDIS_URL"):
        config["REDIS_URL"] = app.config["REDIS_URL"]
    application = create_app(config, deferred=True)
    assert isinstance(application, DeferredApp)
    assert application.__dict__["_deferred_parts"], "nothing deferred"
    return application


def _rules(application):
    return sorted((rule.rule, rule.endpoint, tuple(sorted(rule.methods or ())), rule.host or "")
                  for rule in application.url_map.iter_rules())


def _hooks(application):
    """What blueprints and init functions register on the app, by name."""
    def names(functions):
        return sorted(f"{f.__module__}.{f.__qualname__}" for f in functions)

    return {
        "views": sorted(application.view_functions),
        "before": {key: names(value) for key, value in application.before_request_funcs.items()},
        "after": {key: names(value) for key, value in application.after_request_funcs.items()},
        "teardown": {key: names(value) for key, value in application.teardown_request_funcs.items()},
        "errors": {key: {code: sorted(map(str, handlers)) for code, handlers in value.items()}
                   for key, value in application.error_handler_spec.items()},
        "context": {key: names(value) for key, value in application.template_context_processors.items()},
        "globals": sorted(application.jinja_env.globals),
        "filters": sorted(application.jinja_env.filters),
        "blueprints": sorted(application.blueprints),
        "commands": sorted(application.cli.commands),
        "config": sorted(application.config),
    }


def test_the_url_map_and_hooks_are_the_workers_once_a_request_came(app, deferred):
    response = deferred.test_client().get("/en/")
    eager_response = app.test_client().get("/en/")
    assert response.status_code == eager_response.status_code
    assert _rules(deferred) == _rules(app)
    assert len(_rules(app)) > 100
    assert _hooks(deferred) == _hooks(app)
    assert not deferred.__dict__["_deferred_parts"]


def test_the_views_looked_at_outside_a_request_are_all_there(app, deferred):
    """As invitations/notifications.py and calendars/services.py do from a job or a command."""
    with deferred.app_context():
        assert deferred.__dict__["_deferred_parts"]  # an app context alone builds nothing
        assert "registration.register" in deferred.view_functions
        rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == "registration.register")
        values = {argument: "en" if argument == "lang" else "safe-cyberspace-2022" for argument in rule.arguments}
        assert deferred.url_map.bind("localhost").build("registration.register", values) == \
            app.url_map.bind("localhost").build("registration.register", values)
    assert _rules(deferred) == _rules(app)


def test_a_template_finds_the_blueprints_filters_and_globals(app, deferred):
    """A command's email uses filters and globals that blueprints register (``honorific``,
    ``visitor_instant``...): loading a template builds the web part first."""
    with deferred.app_context():
        template = deferred.jinja_env.get_template("registration/_fields.html")
        assert template is not None
        assert "honorific" in deferred.jinja_env.filters
        assert render_template_string("{{ 'x'|honorific }}") == app.jinja_env.from_string(
            "{{ 'x'|honorific }}").render()


def test_a_command_builds_the_data_part_before_it_runs(deferred):
    seen = {}

    @deferred.cli.command("probe-deferred")
    def probe():
        seen["parts"] = [name for name, _ in deferred.__dict__["_deferred_parts"]]

    result = deferred.test_cli_runner().invoke(args=["probe-deferred"])
    assert result.exit_code == 0, result.output
    # The models, receivers and tasks are loaded; the web part waits for a request or a URL.
    assert seen["parts"] == ["web"]
    help_result = deferred.test_cli_runner().invoke(args=["export", "--help"])
    assert help_result.exit_code == 0 and "registrations" in help_result.output
    assert isinstance(deferred.cli.commands["export"], click.Group)


def test_an_export_from_the_deferred_app_is_the_eager_apps(app, deferred, demo_event):
    from tests.console.helpers import make_registration

    make_registration(demo_event, given_name="فاطمة", family_name="<b>&</b>", places=((2, "ar", "confirmed"),))
    from eventhub.extensions import db

    db.session.commit()
    outputs = []
    for application in (app, deferred):
        result = application.test_cli_runner().invoke(args=[
            "export", "registrations", "--event", demo_event.slug, "--lang", "ar", "-o", "-"])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout_bytes)
    assert outputs[0] == outputs[1]
    assert "فاطمة".encode() in outputs[0] and b"<b>&amp;</b>" not in outputs[0]


def test_threads_asking_at_once_wait_for_the_whole_url_map(app, deferred):
    """The job consumer runs jobs in several threads: one that asked for the URL map while
    another was registering the blueprints found the parts list already emptied and built
    a link from half a map (``BuildError: events.event_page`` in invitation jobs)."""
    import threading
    import time

    expected = _rules(app)
    parts = deferred.__dict__["_deferred_parts"]
    slow = []
    for name, build in list(parts):
        def slowly(build=build, name=name):
            if name == "web":
                slow.append(True)
                time.sleep(0.3)  # a second thread arrives in the middle of the registration
            build()
        parts[parts.index((name, build))] = (name, slowly)
    seen, failures = [], []

    def ask():
        try:
            with deferred.app_context():
                seen.append(_rules(deferred))
        except Exception as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    threads[0].start()
    time.sleep(0.1)
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert slow and not failures
    assert seen == [expected] * 3
