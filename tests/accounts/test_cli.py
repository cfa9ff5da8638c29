"""flask users ... and flask tokens ..., through the real command line runner."""
from __future__ import annotations

import pytest

from eventhub.accounts.models import ApiToken, User
from eventhub.extensions import db
from eventhub.security import hash_token

STRONG = "lantern orchard velvet harbour"


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args, password=None, input=None):
        env = {"EVENTHUB_PASSWORD": password} if password is not None else {"EVENTHUB_PASSWORD": ""}
        return runner.invoke(args=list(args), env=env, input=input)

    return invoke


def get_user(email):
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()


def test_create_user_with_password_from_environment(cli):
    result = cli("users", "create", "Organiser@IPU.example", "--role", "organiser", password=STRONG)
    assert result.exit_code == 0, result.output
    user = get_user("organiser@ipu.example")
    assert user.role == "organiser" and user.active
    assert user.password_hash.startswith("scrypt:")
    assert STRONG not in user.password_hash
    assert user.check_password(STRONG)


def test_create_user_prompts_twice_when_no_environment_password(cli):
    result = cli("users", "create", "staff@ipu.example", "--role", "staff", input=f"{STRONG}\n{STRONG}\n")
    assert result.exit_code == 0, result.output
    assert STRONG not in result.output  # hidden input
    assert get_user("staff@ipu.example").check_password(STRONG)


def test_prompt_confirmation_mismatch_asks_again(cli):
    result = cli("users", "create", "staff@ipu.example", "--role", "staff",
                 input=f"{STRONG}\nsomething else entirely\n{STRONG}\n{STRONG}\n")
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output.lower() or "match" in result.output.lower()
    assert get_user("staff@ipu.example").check_password(STRONG)


@pytest.mark.parametrize("password, fragment", [
    ("short1!", "too short"),
    ("password1234", "too easy to guess"),
    ("aaaaaaaaaaaaaaaa", "too easy to guess"),
    ("organiser@ipu.example", "must not contain the email address"),
    ("Organiser-velvet-harbour", "must not contain the email address"),
])
def test_weak_passwords_are_refused_with_a_reason(cli, password, fragment):
    result = cli("users", "create", "organiser@ipu.example", "--role", "organiser", password=password)
    assert result.exit_code != 0
    assert fragment in result.output
    assert get_user("organiser@ipu.example") is None


def test_unknown_role_and_bad_email_are_refused(cli):
    assert cli("users", "create", "x@ipu.example", "--role", "superuser", password=STRONG).exit_code != 0
    result = cli("users", "create", "not-an-email", "--role", "staff", password=STRONG)
    assert result.exit_code != 0 and "not a valid email address" in result.output
    assert db.session.execute(db.select(db.func.count(User.id))).scalar_one() == 0


def test_duplicate_account_is_refused(cli):
    assert cli("users", "create", "a@ipu.example", "--role", "staff", password=STRONG).exit_code == 0
    result = cli("users", "create", "A@ipu.example", "--role", "admin", password=STRONG)
    assert result.exit_code != 0 and "already exists" in result.output
    assert get_user("a@ipu.example").role == "staff"


def test_list_set_role_and_deactivate(cli):
    cli("users", "create", "admin@ipu.example", "--role", "admin", password=STRONG)
    cli("users", "create", "b@ipu.example", "--role", "staff", password=STRONG)
    listing = cli("users", "list").output
    assert "admin@ipu.example\tadmin\tactive" in listing and "b@ipu.example\tstaff" in listing

    assert cli("users", "set-role", "b@ipu.example", "organiser").exit_code == 0
    assert get_user("b@ipu.example").role == "organiser"

    assert cli("users", "deactivate", "b@ipu.example").exit_code == 0
    assert get_user("b@ipu.example").active is False
    assert "b@ipu.example\torganiser\tdeactivated" in cli("users", "list").output

    missing = cli("users", "deactivate", "nobody@ipu.example")
    assert missing.exit_code != 0 and "No account" in missing.output


def test_last_admin_can_be_neither_demoted_nor_deactivated(cli):
    cli("users", "create", "admin@ipu.example", "--role", "admin", password=STRONG)
    demote = cli("users", "set-role", "admin@ipu.example", "staff")
    assert demote.exit_code != 0 and "last active administrator" in demote.output
    assert cli("users", "deactivate", "admin@ipu.example").exit_code != 0
    assert get_user("admin@ipu.example").role == "admin" and get_user("admin@ipu.example").active


def test_token_is_printed_once_stored_hashed_and_works_until_revoked(cli, client, demo_event):
    cli("users", "create", "organiser@ipu.example", "--role", "organiser", password=STRONG)
    result = cli("tokens", "create", "organiser@ipu.example", "--label", "sync")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert len(token) >= 40
    stored = db.session.execute(db.select(ApiToken)).scalar_one()
    assert stored.token_hash == hash_token(token) and stored.label == "sync"
    assert token not in stored.token_hash

    url = f"/api/v1/events/{demo_event.slug}/registrations.csv"
    headers = {"Authorization": f"Bearer {token}"}
    ok = client.get(url, headers=headers)
    ok.get_data()
    assert ok.status_code == 200

    listing = cli("tokens", "list", "organiser@ipu.example").output
    assert f"{stored.id}\torganiser@ipu.example\tsync\tactive" in listing
    assert token not in listing

    assert cli("tokens", "revoke", str(stored.id)).exit_code == 0
    assert client.get(url, headers=headers).status_code == 401


def test_revoke_by_token_value_and_deactivated_user_tokens_stop_working(cli, client, demo_event):
    cli("users", "create", "organiser@ipu.example", "--role", "organiser", password=STRONG)
    first = cli("tokens", "create", "organiser@ipu.example").stdout.strip().splitlines()[-1]
    second = cli("tokens", "create", "organiser@ipu.example").stdout.strip().splitlines()[-1]
    assert cli("tokens", "revoke", first).exit_code == 0
    url = f"/api/v1/events/{demo_event.slug}/registrations.csv"
    assert client.get(url, headers={"Authorization": f"Bearer {first}"}).status_code == 401
    cli("users", "deactivate", "organiser@ipu.example")
    assert client.get(url, headers={"Authorization": f"Bearer {second}"}).status_code == 401
    assert cli("tokens", "revoke", "999").exit_code != 0
