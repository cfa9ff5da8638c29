"""The floor for the web benches: a bare Flask app served by the same gunicorn settings.

- ``/hello``: the least a Flask response costs (public pages, API, .ics are compared to it);
- ``POST /insert``: one INSERT into a SQLite (WAL, synchronous=NORMAL, as eventhub's embedded
  database) or PostgreSQL table, committed: what storing a registration cannot go below.
"""
from __future__ import annotations

import os
import sqlite3
import threading

from flask import Flask, jsonify, request

app = Flask(__name__)
DATABASE_URL = os.environ.get("EVENTHUB_DATABASE_URL", "")
_local = threading.local()


def connection():
    if getattr(_local, "connection", None) is None:
        if DATABASE_URL.startswith("sqlite:///"):
            path = os.path.join(os.environ["EVENTHUB_INSTANCE_PATH"], "floor.sqlite3")
            conn = sqlite3.connect(path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("CREATE TABLE IF NOT EXISTS floor_rows (id INTEGER PRIMARY KEY, email TEXT UNIQUE, body TEXT)")
            _local.placeholder = "?"
        else:
            import psycopg

            url = DATABASE_URL.replace("postgresql+psycopg://", "postgresql://")
            conn = psycopg.connect(url, autocommit=True)
            conn.execute("CREATE TABLE IF NOT EXISTS floor_rows (id SERIAL PRIMARY KEY, email TEXT UNIQUE, body TEXT)")
            _local.placeholder = "%s"
        _local.connection = conn
    return _local.connection


@app.route("/hello")
def hello():
    return "Hello"


@app.route("/insert", methods=["POST"])
def insert():
    payload = request.get_json(silent=True) or request.form.to_dict()
    conn = connection()
    mark = _local.placeholder
    conn.execute(f"INSERT INTO floor_rows (email, body) VALUES ({mark}, {mark})",
                 (payload.get("email", ""), repr(payload)))
    return jsonify(stored=True), 201
