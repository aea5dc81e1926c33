"""Login, logout, throttling, invitations and password reset."""
import re
from datetime import timedelta

from sqlalchemy import select

from lms.auth import services
from lms.auth.models import AccountToken, LoginAttempt, User
from lms.extensions import db
from lms.timeutil import utcnow

from .factories import DEFAULT_PASSWORD, make_organisation, make_user


def _link(mail: str) -> str:
    match = re.search(r"http://lms\.test(/\S+)", mail)
    assert match, mail
    return match.group(1)


def test_login_and_logout(client, login):
    user = make_user("learner")
    response = login(user)
    assert response.headers["Location"].endswith("/")
    assert client.get("/dashboard").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 302  # back to the login page


def test_wrong_password_keeps_email_and_explains(client):
    user = make_user("learner")
    response = client.post("/login", data={"email": user.email, "password": "wrong password!"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "e-mailadressen eller adgangskoden er ikke korrekt" in page.lower()
    assert f'value="{user.email}"' in page


def test_email_is_case_insensitive(client):
    user = make_user("learner", email="Anna@Example.org".lower())
    response = client.post("/login", data={"email": "  ANNA@example.org ", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert user.email == "anna@example.org"


def test_session_is_renewed_at_login(client, login):
    user = make_user("learner")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    login(user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == f"{user.id}:0"


def test_logout_clears_session(client, login):
    login(make_user("learner"))
    client.post("/logout")
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_throttled_per_account_with_clear_message(client, app):
    user = make_user("learner")
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        client.post("/login", data={"email": user.email, "password": "wrong password!"})
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 422
    assert "for mange mislykkede forsøg" in response.get_data(as_text=True).lower()


def test_throttle_lifts_after_the_window(app):
    user = make_user("learner")
    then = utcnow() - timedelta(minutes=app.config["LOGIN_WINDOW_MINUTES"] + 1)
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        db.session.add(LoginAttempt(email=user.email, address="10.0.0.1", at=then, succeeded=False))
    db.session.commit()
    assert services.authenticate(user.email, DEFAULT_PASSWORD, "10.0.0.1").user == user


def test_throttled_per_address_across_accounts(app):
    users = [make_user("learner") for _ in range(3)]
    limit = app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    for i in range(limit):  # a password spray: many addresses, one try each
        services.authenticate(f"guess{i}@example.org", "nope-nope-nope", "192.0.2.7")
    result = services.authenticate(users[0].email, DEFAULT_PASSWORD, "192.0.2.7")
    assert result.user is None and result.locked_minutes > 0
    assert services.authenticate(users[0].email, DEFAULT_PASSWORD, "192.0.2.8").user == users[0]


def test_inactive_account_cannot_log_in(app):
    user = make_user("learner")
    user.active = False
    db.session.commit()
    assert services.authenticate(user.email, DEFAULT_PASSWORD, "x").user is None


def test_invitation_flow(client, login, outbox):
    coordinator = make_user("coordinator")
    organisation = make_organisation("Rudersdal Kommune")
    login(coordinator)
    response = client.post("/admin/people", data={
        "name": "Nina Ny", "email": "nina@example.org", "roles": ["learner"],
        "organisation_id": organisation.id, "track": "volunteer", "locale": "da"})
    assert response.status_code == 302
    client.post("/logout")
    mails = outbox()
    assert len(mails) == 1 and "nina@example.org" in mails[0]
    link = _link(mails[0])
    assert "Nina Ny" in client.get(link).get_data(as_text=True)
    response = client.post(link, data={"password": "kort", "confirm": "kort"})
    assert response.status_code == 422 and "mindst 10 tegn" in response.get_data(as_text=True)
    response = client.post(link, data={"password": "en lang sætning", "confirm": "en lang sætning"})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200  # logged in as Nina
    client.post("/logout")
    assert client.get(link).status_code == 410  # single use
    nina = db.session.scalar(select(User).where(User.email == "nina@example.org"))
    assert nina.track == "volunteer" and nina.organisation_id == organisation.id and nina.roles == {"learner"}


def test_invitation_expires_after_seven_days(app, client):
    user = make_user("learner", password=None)
    raw = services.issue_token(user, services.INVITE, now=utcnow() - timedelta(days=7, minutes=1))
    db.session.commit()
    assert client.get(f"/invitation/{raw}").status_code == 410
    fresh = services.issue_token(user, services.INVITE, now=utcnow() - timedelta(days=6, hours=23))
    db.session.commit()
    assert client.get(f"/invitation/{fresh}").status_code == 200


def test_new_invitation_voids_the_old_link(app, client):
    user = make_user("learner", password=None)
    first = services.issue_token(user, services.INVITE)
    second = services.issue_token(user, services.INVITE)
    db.session.commit()
    assert client.get(f"/invitation/{first}").status_code == 410
    assert client.get(f"/invitation/{second}").status_code == 200


def test_reset_token_cannot_be_used_as_invitation(app, client):
    user = make_user("learner")
    raw = services.issue_token(user, services.RESET)
    db.session.commit()
    assert client.get(f"/invitation/{raw}").status_code == 410


def test_password_reset_flow_ends_other_sessions(app, client, outbox, login):
    user = make_user("learner")
    other_browser = app.test_client()
    other_browser.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert other_browser.get("/dashboard").status_code == 200
    response = client.post("/password/forgot", data={"email": user.email})
    assert response.status_code == 200
    link = _link(outbox()[-1])
    response = client.post(link, data={"password": "helt ny adgangskode", "confirm": "helt ny adgangskode"})
    assert response.status_code == 302
    assert other_browser.get("/dashboard").status_code == 302  # the old session is over
    client.post("/logout")
    assert client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD}).status_code == 422
    login(user, "helt ny adgangskode")
    assert client.get(link).status_code == 410


def test_reset_for_unknown_address_sends_nothing_and_says_the_same(client, outbox):
    response = client.post("/password/forgot", data={"email": "nobody@example.org"})
    assert response.status_code == 200 and "nobody@example.org" in response.get_data(as_text=True)
    assert outbox() == []


def test_only_token_hashes_are_stored(app):
    user = make_user("learner")
    raw = services.issue_token(user, services.RESET)
    db.session.commit()
    stored = db.session.scalar(select(AccountToken.token_hash))
    assert raw not in stored and len(stored) == 64


def test_passwords_are_hashed_slowly(client, outbox):
    user = make_user("learner", password=None)
    raw = services.issue_token(user, services.INVITE)
    db.session.commit()
    client.post(f"/invitation/{raw}", data={"password": "en lang sætning", "confirm": "en lang sætning"})
    db.session.expire_all()
    stored = db.session.get(User, user.id).password_hash
    assert stored.startswith("scrypt:") and "en lang sætning" not in stored


def test_open_redirect_is_refused(client):
    user = make_user("learner")
    response = client.post("/login?next=https://evil.example/", data={"email": user.email,
                                                                      "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] in ("/", "http://lms.test/")


def test_common_passwords_are_refused(app, client):
    user = make_user("learner", password=None)
    raw = services.issue_token(user, services.INVITE)
    db.session.commit()
    for weak in ("password123", "Kodeord123", "aaaaaaaaaaaa", "abababababab"):
        response = client.post(f"/invitation/{raw}", data={"password": weak, "confirm": weak})
        assert response.status_code == 422, weak
        assert "mest brugte" in response.get_data(as_text=True)
    assert client.post(f"/invitation/{raw}", data={"password": "tre grønne æbler", "confirm": "tre grønne æbler"}
                       ).status_code == 302
