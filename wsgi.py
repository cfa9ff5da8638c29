"""WSGI entry point: ``gunicorn wsgi:app`` or ``flask --app wsgi ...``.

Importing the application and creating it allocate some 100,000 long-lived objects
(modules, classes, SQLAlchemy tables and mappers, URL rules), for which the cyclic garbage
collector would run ~260 times, full passes included (~0.09 s of the start-up's CPU;
issue 20). Collection is off while the app is built; the objects are then moved out of the
collector's sight (``gc.freeze``), so later full passes in a worker or a CLI command do not
walk them again. Reference counting frees garbage as usual meanwhile.

Under Flask's command line (``flask --app wsgi ...``, which sets FLASK_RUN_FROM_CLI before
it imports this file) the domains are built on first use (``eventhub.DeferredApp``): when
the command runs, not to list the commands; gunicorn's workers get the whole app here,
before they fork.
"""
import gc
import os

_collecting = gc.isenabled()
gc.disable()
try:
    from eventhub import create_app

    app = create_app(deferred=os.environ.get("FLASK_RUN_FROM_CLI") == "true")
finally:
    if _collecting:
        gc.enable()
gc.freeze()
