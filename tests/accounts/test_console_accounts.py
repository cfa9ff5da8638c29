"""The administrators' account page."""
from eventhub.accounts.models import User
from eventhub.extensions import db

STRONG = "lantern orchard velvet harbour"


def get(email):
    db.session.expire_all()
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()


def test_admin_creates_changes_and_deactivates_accounts(make_user, login_as):
    admin = make_user("admin@ipu.example", role="admin")
    client = login_as(admin)
    response = client.post("/console/accounts", data={"email": "New@ipu.example", "role": "staff", "password": STRONG})
    assert response.status_code == 302
    user = get("new@ipu.example")
    assert user.role == "staff" and user.check_password(STRONG)

    client.post(f"/console/accounts/{user.id}/role", data={"role": "organiser"})
    assert get("new@ipu.example").role == "organiser"
    client.post(f"/console/accounts/{user.id}/role", data={"role": "emperor"})
    assert get("new@ipu.example").role == "organiser"

    client.post(f"/console/accounts/{user.id}/active", data={"active": "0"})
    assert get("new@ipu.example").active is False
    client.post(f"/console/accounts/{user.id}/active", data={"active": "1"})
    assert get("new@ipu.example").active is True


def test_weak_password_is_refused_on_the_page(make_user, login_as):
    client = login_as(make_user("admin@ipu.example", role="admin"))
    page = client.post("/console/accounts?lang=en", data={"email": "new@ipu.example", "role": "staff",
                                                          "password": "password123"})
    assert page.status_code == 200
    assert "The password is too short" in page.get_data(as_text=True)
    assert get("new@ipu.example") is None


def test_admin_cannot_lock_themselves_out(make_user, login_as):
    admin = make_user("admin@ipu.example", role="admin")
    client = login_as(admin)
    response = client.post(f"/console/accounts/{admin.id}/active?lang=en", data={"active": "0"},
                           follow_redirects=True)
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    client.post(f"/console/accounts/{admin.id}/role", data={"role": "staff"})
    assert get("admin@ipu.example").role == "admin" and get("admin@ipu.example").active
