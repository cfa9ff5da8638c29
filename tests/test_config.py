from eventhub import create_app


def test_secret_key_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTHUB_SECRET_KEY", raising=False)
    config = {"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": ""}
    first = create_app(dict(config)).config["SECRET_KEY"]
    second = create_app(dict(config)).config["SECRET_KEY"]
    assert first and first == second
    assert len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_overrides_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTHUB_SMTP_PORT", "2525")
    monkeypatch.setenv("EVENTHUB_MAIL_FROM", "Secretariat <s@ipu.example>")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SMTP_PORT"] == 2525
    assert app.config["MAIL_FROM"] == "Secretariat <s@ipu.example>"


def test_embedded_default_is_sqlite_in_instance_with_wal(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTHUB_DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'eventhub.sqlite3'}"
    from eventhub.extensions import db

    with app.app_context():
        mode = db.session.execute(db.text("PRAGMA journal_mode")).scalar()
    assert mode == "wal"
